/* Hijri (Umm al-Qura) <-> Gregorian day conversion through ICU's islamic-umalqura calendar.
 * Months are 1-12 in both calendars; every function returns SAHEL_OK or a SAHEL_ERR_* code
 * and writes its outputs only on success. */
#ifndef SAHEL_CALENDAR_H
#define SAHEL_CALENDAR_H

#include <stdint.h>

#include "sahel_error.h"

/* The days accepted, the same both ways so that every conversion goes back: 1 Muharram 1 AH
 * (19 July 622) to 31 December 9999 (2 Rabi' II 9666 AH), the last day a Python date holds. Far
 * wider than the Umm al-Qura tables (1300-1600 AH), outside which ICU falls back to the
 * arithmetic civil calendar. The years below bound the days; their first and last years are
 * partly outside. */
#define SAHEL_HIJRI_YEAR_MIN 1
#define SAHEL_HIJRI_YEAR_MAX 9666
#define SAHEL_GREGORIAN_YEAR_MIN 622
#define SAHEL_GREGORIAN_YEAR_MAX 9999

/* The Gregorian day of Hijri day (hy, hm, hd). SAHEL_ERR_INVALID when the Hijri day does
 * not exist (day 30 of a 29-day month, month 13) or is outside the days accepted. */
int sahel_hijri_to_gregorian(int32_t hy, int32_t hm, int32_t hd, int32_t *gy, int32_t *gm,
                             int32_t *gd);

/* The Hijri day of Gregorian day (gy, gm, gd); SAHEL_ERR_INVALID for a day that does not
 * exist or is outside the days accepted. */
int sahel_gregorian_to_hijri(int32_t gy, int32_t gm, int32_t gd, int32_t *hy, int32_t *hm,
                             int32_t *hd);

/* The number of days (29 or 30) of Hijri month hm of year hy. */
int sahel_hijri_month_length(int32_t hy, int32_t hm, int32_t *days);

#endif
