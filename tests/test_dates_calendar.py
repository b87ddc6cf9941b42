"""The core's Hijri conversion (ICU islamic-umalqura) against hijridate's Umm al-Qura tables,
on every day the tables cover (1 Muharram 1343 to the end of 1500 AH)."""

import datetime as dt
from pathlib import Path

import pytest

from sahel.text.calendar import gregorian_to_hijri, hijri_month_length, hijri_to_gregorian

hijridate = pytest.importorskip(
    "hijridate", reason="hijridate is a dev dependency: pip install -e .[dev]"
)


def _compare(first_year, last_year):
    """Days of years first..last AH where the core and hijridate disagree, and the days compared."""
    differences, days = [], 0
    for year in range(first_year, last_year + 1):
        for month in range(1, 13):
            theirs_length = hijridate.Hijri(year, month, 1).month_length()
            for day in range(1, max(hijri_month_length(year, month), theirs_length) + 1):
                days += 1
                try:
                    ours = hijri_to_gregorian(year, month, day)
                except ValueError:
                    ours = None
                try:
                    theirs = dt.date(*hijridate.Hijri(year, month, day).to_gregorian().datetuple())
                except ValueError:
                    theirs = None
                if ours != theirs:
                    differences.append((year, month, day, ours, theirs))
    return differences, days


def test_every_day_1420_to_1450_matches_hijridate():
    # The years of the computed Umm al-Qura calendar in use since 1420 AH (1999) and of every
    # newspaper archive: the two tables agree on every day, both ways.
    differences, days = _compare(1420, 1450)
    assert days > 10_900
    assert differences == []
    for year in range(1420, 1451):
        for month in (1, 9, 12):
            d = hijri_to_gregorian(year, month, 1)
            assert gregorian_to_hijri(d) == (year, month, 1)


DOCS = Path(__file__).resolve().parents[1] / "docs/dates.md"


def _listed_shifts():
    """(year, month) -> days ICU's first day of the month lies after hijridate's, as listed in
    docs/dates.md between the icu-hijridate markers ("1343 1:+1 8:-1" per line)."""
    text = DOCS.read_text(encoding="utf-8")
    block = text.split("<!-- icu-hijridate:start -->")[1].split("<!-- icu-hijridate:end -->")[0]
    shifts = {}
    for line in block.splitlines():
        fields = line.split()
        if not fields or not fields[0].isdigit():
            continue
        for item in fields[1:]:
            month, shift = item.split(":")
            shifts[(int(fields[0]), int(month))] = int(shift)
    return shifts


def _first_days():
    """(year, month) -> (ICU's first day, hijridate's first day), 1343-1500 AH."""
    return {
        (y, m): (
            hijri_to_gregorian(y, m, 1),
            dt.date(*hijridate.Hijri(y, m, 1).to_gregorian().datetuple()),
        )
        for y in range(1343, 1501)
        for m in range(1, 13)
    }


def test_month_starts_1343_to_1500_differ_exactly_as_listed():
    # Every month whose first day differs between ICU's Umm al-Qura table and hijridate's is
    # listed in docs/dates.md with its shift: a change in either table shows here.
    found = {
        key: (ours - theirs).days for key, (ours, theirs) in _first_days().items() if ours != theirs
    }
    assert found == _listed_shifts()
    assert not {y for y, _ in found} & set(range(1420, 1451))


def test_every_day_1343_to_1500_differs_only_by_its_months_listed_shift():
    # Within a month every day is shifted as its first day is, save the days that exist in one
    # table only (day 30 of a month one of them makes 29 days long, day 31 of hijridate's few
    # 31-day months): so the month list above accounts for every differing day.
    shifts = _listed_shifts()
    differences, days = _compare(1343, 1500)
    assert days == 56_405
    assert len(differences) == 22_472
    for year, month, day, ours, theirs in differences:
        if ours is None or theirs is None:
            lengths = {
                hijri_month_length(year, month),
                hijridate.Hijri(year, month, 1).month_length(),
            }
            assert day > min(lengths)
        else:
            assert (ours - theirs).days == shifts[(year, month)]


def test_known_days():
    # The pair printed in a Gulf newspaper: 12 Dhu al-Qa'da 1436 = 27 August 2015.
    assert hijri_to_gregorian(1436, 11, 12) == dt.date(2015, 8, 27)
    assert gregorian_to_hijri(dt.date(2015, 8, 27)) == (1436, 11, 12)
    # 1 Muharram 1 AH: 16 July 622 Julian = 19 July 622 proleptic Gregorian.
    assert hijri_to_gregorian(1, 1, 1) == dt.date(622, 7, 19)


@pytest.mark.parametrize(
    "args", [(1436, 13, 1), (1436, 0, 1), (1436, 1, 31), (0, 1, 1), (10**6, 1, 1), (2**40, 1, 1)]
)
def test_days_that_do_not_exist(args):
    with pytest.raises(ValueError):
        hijri_to_gregorian(*args)


def test_day_30_of_a_29_day_month():
    short = next(
        (y, m) for y in range(1440, 1450) for m in range(1, 13) if hijri_month_length(y, m) == 29
    )
    with pytest.raises(ValueError, match="no such day"):
        hijri_to_gregorian(*short, 30)


def test_the_same_days_both_ways():
    # The first and last days accepted go both ways; the day past either end is refused by the
    # core in both directions (9666-4-3 AH would be 10000-1-1, which no Python date holds).
    assert gregorian_to_hijri(dt.date(622, 7, 19)) == (1, 1, 1)
    assert gregorian_to_hijri(dt.date(9999, 12, 31)) == (9666, 4, 2)
    assert hijri_to_gregorian(9666, 4, 2) == dt.date(9999, 12, 31)
    for args in [(9666, 4, 3), (9666, 12, 1)]:
        with pytest.raises(ValueError, match="no such day"):
            hijri_to_gregorian(*args)
    with pytest.raises(ValueError, match="no such day"):
        gregorian_to_hijri(dt.date(622, 7, 18))


def test_bad_types():
    with pytest.raises(TypeError):
        hijri_to_gregorian("1436", 1, 1)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        gregorian_to_hijri("2015-08-27")  # type: ignore[arg-type]
