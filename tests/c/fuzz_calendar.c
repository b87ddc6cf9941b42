/* Fuzz target for the Hijri <-> Gregorian conversion (sahel_calendar.h): arbitrary and extreme
 * int32 years, months and days (the range limits and one either side of them, 0, INT32_MIN,
 * INT32_MAX, any 32 bits) and NULL outputs. Every call answers SAHEL_OK or SAHEL_ERR_INVALID,
 * never crashes, and leaves its outputs untouched on failure. Where it must hold:
 * - a Hijri day accepted exists (day <= its month's length) and gives a real Gregorian day
 *   inside the days accepted, which goes back to the same Hijri day;
 * - a Hijri day refused, with year and month in range and day 1-30, is past its month's end
 *   or past the last day accepted;
 * - the Hijri day after an accepted one (same month) is the Gregorian day after;
 * - a real Gregorian day in the days accepted is accepted, and its Hijri day goes back to it;
 * - a month length is 29 or 30 for every month in range, refused outside.
 * Replay and libFuzzer use: see fuzz_main.h. */
#include "fuzz_main.h"
#include "sahel_calendar.h"

#define UNSET (-77)
#define MAX_CALLS 16

/* Days since 1970-01-01 of a proleptic Gregorian date (the civil-days formula, written here so
 * that the harness does not share the core's arithmetic). */
static int64_t
days_of(int64_t y, int64_t m, int64_t d)
{
    static const int64_t before[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};
    int64_t leaps_before = (y - 1) / 4 - (y - 1) / 100 + (y - 1) / 400;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    int64_t days = (y - 1) * 365 + leaps_before + before[m - 1] + (m > 2 && leap) + d - 1;
    return days - 719162; /* days from 0001-01-01 to 1970-01-01 */
}

/* The first and last days accepted (sahel_calendar.h). */
#define FIRST_DAY days_of(622, 7, 19)
#define LAST_DAY days_of(9999, 12, 31)

static int
real_gregorian(int64_t y, int64_t m, int64_t d)
{
    static const int length[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1) return 0;
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return d <= length[m - 1] + (m == 2 && leap);
}

/* An int32 from the fuzzer: in the usual range, near a limit, an extreme or any 32 bits. */
static int32_t
fuzz_value(fuzz_reader *r, int32_t lo, int32_t hi)
{
    static const int32_t extremes[] = {
        0,  -1, 1,  INT32_MIN, INT32_MAX, INT32_MIN + 1, INT32_MAX - 1, 13,
        29, 30, 31, 32,        366,       10000,         65536};
    uint8_t mode = fuzz_byte(r);
    uint32_t bits = (uint32_t)fuzz_byte(r) | (uint32_t)fuzz_byte(r) << 8;
    switch (mode % 8) {
    case 0:
    case 1:
    case 2:
    case 3:
        return lo + (int32_t)(bits % (uint32_t)(hi - lo + 1));
    case 4:
        return lo + (int32_t)(bits % 5) - 2;
    case 5:
        return hi + (int32_t)(bits % 5) - 2;
    case 6:
        return extremes[bits % (sizeof(extremes) / sizeof(extremes[0]))];
    default:
        bits |= (uint32_t)fuzz_byte(r) << 16 | (uint32_t)fuzz_byte(r) << 24;
        return (int32_t)bits;
    }
}

static int
hijri_in_range(int32_t y, int32_t m)
{
    return y >= SAHEL_HIJRI_YEAR_MIN && y <= SAHEL_HIJRI_YEAR_MAX && m >= 1 && m <= 12;
}

static void
check_hijri(fuzz_reader *r, int null_out)
{
    int32_t hy = fuzz_value(r, SAHEL_HIJRI_YEAR_MIN, SAHEL_HIJRI_YEAR_MAX);
    int32_t hm = fuzz_value(r, 1, 12), hd = fuzz_value(r, 1, 30);
    int32_t gy = UNSET, gm = UNSET, gd = UNSET, length = UNSET;
    int rc = sahel_hijri_to_gregorian(hy, hm, hd, null_out ? NULL : &gy, &gm, &gd);
    CHECK(rc == SAHEL_OK || rc == SAHEL_ERR_INVALID, "hijri_to_gregorian(%d, %d, %d): %d", hy, hm,
          hd, rc);
    int lrc = sahel_hijri_month_length(hy, hm, &length);
    CHECK(lrc == (hijri_in_range(hy, hm) ? SAHEL_OK : SAHEL_ERR_INVALID),
          "month_length(%d, %d): %d", hy, hm, lrc);
    CHECK(lrc == SAHEL_OK ? length == 29 || length == 30 : length == UNSET,
          "month_length(%d, %d) = %d", hy, hm, length);
    if (null_out) {
        CHECK(rc == SAHEL_ERR_INVALID, "NULL output accepted");
        CHECK(gm == UNSET && gd == UNSET, "outputs written on failure");
        return;
    }
    if (rc != SAHEL_OK) {
        CHECK(gy == UNSET && gm == UNSET && gd == UNSET, "outputs written on failure");
        CHECK(lrc != SAHEL_OK || hd < 1 || hd > length || (hy == SAHEL_HIJRI_YEAR_MAX && hm >= 4),
              "(%d, %d, %d) refused, month of %d days", hy, hm, hd, length);
        if (lrc == SAHEL_OK && hd >= 1 && hd <= length && hd > 1) {
            /* past the last day: then so is the day before, or the day before is the last */
            int32_t py, pm, pd;
            int prc = sahel_hijri_to_gregorian(hy, hm, hd - 1, &py, &pm, &pd);
            CHECK(prc == SAHEL_ERR_INVALID || days_of(py, pm, pd) == LAST_DAY,
                  "(%d, %d, %d) refused, the day before gives (%d, %d, %d)", hy, hm, hd, py, pm,
                  pd);
        }
        return;
    }
    CHECK(lrc == SAHEL_OK && hd >= 1 && hd <= length,
          "(%d, %d, %d) accepted, month of %d days (rc %d)", hy, hm, hd, length, lrc);
    CHECK(real_gregorian(gy, gm, gd), "(%d, %d, %d) -> (%d, %d, %d)", hy, hm, hd, gy, gm, gd);
    int64_t day = days_of(gy, gm, gd);
    CHECK(day >= FIRST_DAY && day <= LAST_DAY, "(%d, %d, %d) -> (%d, %d, %d)", hy, hm, hd, gy, gm,
          gd);
    int32_t by = UNSET, bm = UNSET, bd = UNSET;
    int brc = sahel_gregorian_to_hijri(gy, gm, gd, &by, &bm, &bd);
    CHECK(brc == SAHEL_OK && by == hy && bm == hm && bd == hd,
          "(%d, %d, %d) -> (%d, %d, %d) -> (%d, %d, %d) rc %d", hy, hm, hd, gy, gm, gd, by, bm, bd,
          brc);
    if (hd < length && day < LAST_DAY) {
        int32_t ny, nm, nd;
        int nrc = sahel_hijri_to_gregorian(hy, hm, hd + 1, &ny, &nm, &nd);
        CHECK(nrc == SAHEL_OK && days_of(ny, nm, nd) == days_of(gy, gm, gd) + 1,
              "(%d, %d, %d) -> (%d, %d, %d) but the next day -> (%d, %d, %d) rc %d", hy, hm, hd, gy,
              gm, gd, ny, nm, nd, nrc);
    }
}

static void
check_gregorian(fuzz_reader *r, int null_out)
{
    int32_t gy = fuzz_value(r, SAHEL_GREGORIAN_YEAR_MIN, SAHEL_GREGORIAN_YEAR_MAX);
    int32_t gm = fuzz_value(r, 1, 12), gd = fuzz_value(r, 1, 31);
    int32_t hy = UNSET, hm = UNSET, hd = UNSET;
    int rc = sahel_gregorian_to_hijri(gy, gm, gd, &hy, null_out ? NULL : &hm, &hd);
    CHECK(rc == SAHEL_OK || rc == SAHEL_ERR_INVALID, "gregorian_to_hijri(%d, %d, %d): %d", gy, gm,
          gd, rc);
    int valid = real_gregorian(gy, gm, gd) && days_of(gy, gm, gd) >= FIRST_DAY &&
                days_of(gy, gm, gd) <= LAST_DAY;
    if (null_out || !valid) {
        CHECK(rc == SAHEL_ERR_INVALID, "(%d, %d, %d) accepted%s", gy, gm, gd,
              null_out ? " with a NULL output" : "");
        CHECK(hy == UNSET && hm == UNSET && hd == UNSET, "outputs written on failure");
        return;
    }
    CHECK(rc == SAHEL_OK, "real day (%d, %d, %d) refused: %d", gy, gm, gd, rc);
    int32_t length = UNSET;
    CHECK(hm >= 1 && hm <= 12 && hd >= 1 && hd <= 30, "(%d, %d, %d) -> (%d, %d, %d)", gy, gm, gd,
          hy, hm, hd);
    CHECK(hijri_in_range(hy, hm), "(%d, %d, %d) -> year %d AH", gy, gm, gd, hy);
    CHECK(sahel_hijri_month_length(hy, hm, &length) == SAHEL_OK && hd <= length,
          "(%d, %d, %d) -> (%d, %d, %d), month of %d days", gy, gm, gd, hy, hm, hd, length);
    int32_t by = UNSET, bm = UNSET, bd = UNSET;
    int brc = sahel_hijri_to_gregorian(hy, hm, hd, &by, &bm, &bd);
    CHECK(brc == SAHEL_OK && by == gy && bm == gm && bd == gd,
          "(%d, %d, %d) -> (%d, %d, %d) -> (%d, %d, %d) rc %d", gy, gm, gd, hy, hm, hd, by, bm, bd,
          brc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = {data, size, 0};
    for (int call = 0; call < MAX_CALLS && r.pos < r.size; call++) {
        uint8_t op = fuzz_byte(&r);
        int null_out = (op & 0x70) == 0x70; /* one call in eight passes a NULL output */
        if (op & 1) check_gregorian(&r, null_out);
        else check_hijri(&r, null_out);
    }
    return 0;
}
