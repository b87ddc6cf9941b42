/* Hijri (Umm al-Qura) <-> Gregorian through ICU: each call opens its own UCalendar (no shared
 * state, so any thread may call), works in UTC at noon (no daylight saving or midnight edge)
 * and checks every ICU status. Gregorian dates are computed from the Julian day number with
 * the proleptic Gregorian rules, so no second ICU calendar (with its Julian cutover) is used. */
#include "sahel_calendar.h"

#include <unicode/ucal.h>
#include <unicode/utypes.h>

#define MS_PER_DAY 86400000.0
/* Julian day number of 1970-01-01. */
#define JD_UNIX_EPOCH 2440588

static const UChar utc_zone[] = {'U', 'T', 'C', 0};

static UCalendar *
open_umalqura(void)
{
    UErrorCode status = U_ZERO_ERROR;
    UCalendar *cal = ucal_open(utc_zone, 3, "en@calendar=islamic-umalqura", UCAL_DEFAULT, &status);
    if (U_FAILURE(status)) {
        if (cal != NULL) ucal_close(cal);
        return NULL;
    }
    ucal_setAttribute(cal, UCAL_LENIENT, 0);
    return cal;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
static int64_t
days_from_civil(int64_t y, int64_t m, int64_t d)
{
    y -= m <= 2;
    const int64_t era = (y >= 0 ? y : y - 399) / 400;
    const int64_t yoe = y - era * 400;
    const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int32_t *y, int32_t *m, int32_t *d)
{
    z += 719468;
    const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const int64_t doe = z - era * 146097;
    const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int64_t mp = (5 * doy + 2) / 153;
    const int64_t dd = doy - (153 * mp + 2) / 5 + 1;
    const int64_t mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int32_t)(yoe + era * 400 + (mm <= 2));
    *m = (int32_t)mm;
    *d = (int32_t)dd;
}

/* The first and last days accepted (sahel_calendar.h), in days since 1970-01-01. */
#define FIRST_DAY days_from_civil(622, 7, 19)
#define LAST_DAY days_from_civil(9999, 12, 31)

static int
valid_gregorian(int32_t y, int32_t m, int32_t d)
{
    static const int32_t length[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < SAHEL_GREGORIAN_YEAR_MIN || y > SAHEL_GREGORIAN_YEAR_MAX || m < 1 || m > 12 || d < 1)
        return 0;
    int32_t days = length[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) days = 29;
    return d <= days && days_from_civil(y, m, d) >= FIRST_DAY;
}

int
sahel_hijri_to_gregorian(int32_t hy, int32_t hm, int32_t hd, int32_t *gy, int32_t *gm, int32_t *gd)
{
    if (gy == NULL || gm == NULL || gd == NULL) return SAHEL_ERR_INVALID;
    if (hy < SAHEL_HIJRI_YEAR_MIN || hy > SAHEL_HIJRI_YEAR_MAX || hm < 1 || hm > 12 || hd < 1 ||
        hd > 30)
        return SAHEL_ERR_INVALID;
    UCalendar *cal = open_umalqura();
    if (cal == NULL) return SAHEL_ERR_ICU;
    UErrorCode status = U_ZERO_ERROR;
    ucal_clear(cal);
    ucal_setDateTime(cal, hy, hm - 1, hd, 12, 0, 0, &status);
    if (U_FAILURE(status)) {
        ucal_close(cal);
        return SAHEL_ERR_ICU;
    }
    UDate millis = ucal_getMillis(cal, &status);
    ucal_close(cal);
    /* Not lenient: a day that does not exist is an illegal argument, not a rollover. */
    if (status == U_ILLEGAL_ARGUMENT_ERROR) return SAHEL_ERR_INVALID;
    if (U_FAILURE(status)) return SAHEL_ERR_ICU;
    int64_t days = (int64_t)((millis - 12 * 3600000.0) / MS_PER_DAY);
    if ((double)days * MS_PER_DAY > millis) days -= 1; /* floor for days before 1970 */
    /* The last months of 9666 AH fall in 10000 CE, which gregorian_to_hijri refuses. */
    if (days > LAST_DAY) return SAHEL_ERR_INVALID;
    civil_from_days(days, gy, gm, gd);
    return SAHEL_OK;
}

int
sahel_gregorian_to_hijri(int32_t gy, int32_t gm, int32_t gd, int32_t *hy, int32_t *hm, int32_t *hd)
{
    if (hy == NULL || hm == NULL || hd == NULL) return SAHEL_ERR_INVALID;
    if (!valid_gregorian(gy, gm, gd)) return SAHEL_ERR_INVALID;
    UCalendar *cal = open_umalqura();
    if (cal == NULL) return SAHEL_ERR_ICU;
    UErrorCode status = U_ZERO_ERROR;
    UDate millis = (double)days_from_civil(gy, gm, gd) * MS_PER_DAY + 12 * 3600000.0;
    ucal_setMillis(cal, millis, &status);
    int32_t y = ucal_get(cal, UCAL_YEAR, &status);
    int32_t m = ucal_get(cal, UCAL_MONTH, &status);
    int32_t d = ucal_get(cal, UCAL_DATE, &status);
    ucal_close(cal);
    if (U_FAILURE(status)) return SAHEL_ERR_ICU;
    *hy = y;
    *hm = m + 1;
    *hd = d;
    return SAHEL_OK;
}

int
sahel_hijri_month_length(int32_t hy, int32_t hm, int32_t *days)
{
    if (days == NULL || hy < SAHEL_HIJRI_YEAR_MIN || hy > SAHEL_HIJRI_YEAR_MAX || hm < 1 || hm > 12)
        return SAHEL_ERR_INVALID;
    UCalendar *cal = open_umalqura();
    if (cal == NULL) return SAHEL_ERR_ICU;
    UErrorCode status = U_ZERO_ERROR;
    ucal_clear(cal);
    ucal_setDateTime(cal, hy, hm - 1, 1, 12, 0, 0, &status);
    int32_t n = ucal_getLimit(cal, UCAL_DATE, UCAL_ACTUAL_MAXIMUM, &status);
    ucal_close(cal);
    if (U_FAILURE(status)) return SAHEL_ERR_ICU;
    *days = n;
    return SAHEL_OK;
}
