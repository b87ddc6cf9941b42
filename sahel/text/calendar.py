"""Hijri (Umm al-Qura) <-> Gregorian days: a typed wrapper over the C core, which converts
with ICU's islamic-umalqura calendar (csrc/sahel_calendar.c). Months count 1-12."""

from __future__ import annotations

import datetime as dt

from sahel import _core

__all__ = ["gregorian_to_hijri", "hijri_month_length", "hijri_to_gregorian"]


def hijri_to_gregorian(year: int, month: int, day: int) -> dt.date:
    """The Gregorian date of Hijri day `day` of `month` `year` AH; ValueError when that day does
    not exist (day 30 of a 29-day month)."""
    return dt.date(*_core.hijri_to_gregorian(year, month, day))


def gregorian_to_hijri(date: dt.date) -> tuple[int, int, int]:
    """(year, month, day) AH of a Gregorian date."""
    if not isinstance(date, dt.date):
        raise TypeError(f"date must be a datetime.date, not {type(date).__name__}")
    return _core.gregorian_to_hijri(date.year, date.month, date.day)


def hijri_month_length(year: int, month: int) -> int:
    """29 or 30: the days of Hijri `month` of `year` AH."""
    return _core.hijri_month_length(year, month)
