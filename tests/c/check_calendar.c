/* Check suite for the Hijri (Umm al-Qura) <-> Gregorian conversion (sahel_calendar.h). */
#include <check.h>
#include <stdlib.h>

#include "sahel_calendar.h"

START_TEST(test_known_days)
{
    int32_t y = 0, m = 0, d = 0;
    ck_assert_int_eq(sahel_hijri_to_gregorian(1436, 11, 12, &y, &m, &d), SAHEL_OK);
    ck_assert_int_eq(y, 2015);
    ck_assert_int_eq(m, 8);
    ck_assert_int_eq(d, 27);
    ck_assert_int_eq(sahel_gregorian_to_hijri(2015, 8, 27, &y, &m, &d), SAHEL_OK);
    ck_assert_int_eq(y, 1436);
    ck_assert_int_eq(m, 11);
    ck_assert_int_eq(d, 12);
    /* 1 Muharram 1 AH: 19 July 622 in the proleptic Gregorian calendar. */
    ck_assert_int_eq(sahel_hijri_to_gregorian(1, 1, 1, &y, &m, &d), SAHEL_OK);
    ck_assert_int_eq(y, 622);
    ck_assert_int_eq(m, 7);
    ck_assert_int_eq(d, 19);
}
END_TEST

/* Every day of 1420-1460 AH goes to a Gregorian day and back, and consecutive Hijri days are
 * consecutive Gregorian days. */
START_TEST(test_round_trip)
{
    int32_t py = 0, pm = 0, pd = 0;
    int first = 1;
    for (int32_t hy = 1420; hy <= 1460; hy++)
        for (int32_t hm = 1; hm <= 12; hm++) {
            int32_t length = 0;
            ck_assert_int_eq(sahel_hijri_month_length(hy, hm, &length), SAHEL_OK);
            ck_assert(length == 29 || length == 30);
            for (int32_t hd = 1; hd <= length; hd++) {
                int32_t gy, gm, gd, by, bm, bd;
                ck_assert_int_eq(sahel_hijri_to_gregorian(hy, hm, hd, &gy, &gm, &gd), SAHEL_OK);
                ck_assert_int_eq(sahel_gregorian_to_hijri(gy, gm, gd, &by, &bm, &bd), SAHEL_OK);
                ck_assert(by == hy && bm == hm && bd == hd);
                if (!first) {
                    /* the next day of (py, pm, pd) */
                    int nd = pd + 1, nm = pm, ny = py;
                    static const int len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
                    int ml =
                        len[pm - 1] + (pm == 2 && ((py % 4 == 0 && py % 100) || py % 400 == 0));
                    if (nd > ml) nd = 1, nm++;
                    if (nm > 12) nm = 1, ny++;
                    ck_assert(gy == ny && gm == nm && gd == nd);
                }
                py = gy, pm = gm, pd = gd, first = 0;
            }
            int32_t y, m, d;
            if (length == 29)
                ck_assert_int_eq(sahel_hijri_to_gregorian(hy, hm, 30, &y, &m, &d),
                                 SAHEL_ERR_INVALID);
        }
}
END_TEST

START_TEST(test_invalid_arguments)
{
    int32_t y = -7, m = -7, d = -7;
    const int32_t bad[][3] = {{1436, 0, 1},  {1436, 13, 1}, {1436, 1, 0},      {1436, 1, 31},
                              {0, 1, 1},     {-5, 1, 1},    {INT32_MAX, 1, 1}, {INT32_MIN, 1, 1},
                              {1436, -1, 5}, {9667, 1, 1}};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_int_eq(sahel_hijri_to_gregorian(bad[i][0], bad[i][1], bad[i][2], &y, &m, &d),
                         SAHEL_ERR_INVALID);
    ck_assert(y == -7 && m == -7 && d == -7); /* outputs untouched on failure */
    ck_assert_int_eq(sahel_gregorian_to_hijri(2015, 2, 29, &y, &m, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_gregorian_to_hijri(10000, 1, 1, &y, &m, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_gregorian_to_hijri(INT32_MIN, 1, 1, &y, &m, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_hijri_to_gregorian(1436, 1, 1, NULL, &m, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_gregorian_to_hijri(2015, 1, 1, &y, NULL, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_hijri_month_length(1436, 13, &y), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_hijri_month_length(1436, 1, NULL), SAHEL_ERR_INVALID);
    /* the ends of the accepted ranges work */
    ck_assert_int_eq(sahel_gregorian_to_hijri(623, 1, 1, &y, &m, &d), SAHEL_OK);
}
END_TEST

/* The days accepted are the same both ways, 1-1-1 AH (622-7-19) to 9666-4-2 AH (9999-12-31),
 * so every accepted day goes back (fuzz_calendar found 9666-5-1 AH accepted as 10000-1-28,
 * which the reverse refused). */
START_TEST(test_range_ends)
{
    int32_t y = -7, m = -7, d = -7;
    ck_assert_int_eq(sahel_hijri_to_gregorian(9666, 4, 2, &y, &m, &d), SAHEL_OK);
    ck_assert(y == 9999 && m == 12 && d == 31);
    ck_assert_int_eq(sahel_gregorian_to_hijri(9999, 12, 31, &y, &m, &d), SAHEL_OK);
    ck_assert(y == 9666 && m == 4 && d == 2);
    ck_assert_int_eq(sahel_gregorian_to_hijri(622, 7, 19, &y, &m, &d), SAHEL_OK);
    ck_assert(y == 1 && m == 1 && d == 1);
    y = m = d = -7;
    ck_assert_int_eq(sahel_hijri_to_gregorian(9666, 4, 3, &y, &m, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_hijri_to_gregorian(9666, 12, 1, &y, &m, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_gregorian_to_hijri(622, 7, 18, &y, &m, &d), SAHEL_ERR_INVALID);
    ck_assert_int_eq(sahel_gregorian_to_hijri(622, 1, 1, &y, &m, &d), SAHEL_ERR_INVALID);
    ck_assert(y == -7 && m == -7 && d == -7);
    int32_t days = 0;
    ck_assert_int_eq(sahel_hijri_month_length(9666, 12, &days), SAHEL_OK); /* the calendar's */
    ck_assert(days == 29 || days == 30);
}
END_TEST

int
main(void)
{
    Suite *s = suite_create("calendar");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_known_days);
    tcase_add_test(tc, test_round_trip);
    tcase_add_test(tc, test_invalid_arguments);
    tcase_add_test(tc, test_range_ends);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
