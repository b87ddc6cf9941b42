/* UTF-8 literals to code points and back, for the Check suites (not the fuzzers: they use
 * ck_assert). Include after <check.h>. */
#ifndef SAHEL_TEST_UTF8_H
#define SAHEL_TEST_UTF8_H

#include <stdint.h>
#include <string.h>

/* UTF-8 (valid, from the suites' literals) to code points; returns the count. */
static inline size_t
decode(const char *s, uint32_t *out, size_t cap)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t c;
        int extra;
        if (*p < 0x80) c = *p, extra = 0;
        else if (*p < 0xE0) c = *p & 0x1F, extra = 1;
        else if (*p < 0xF0) c = *p & 0x0F, extra = 2;
        else c = *p & 0x07, extra = 3;
        p++;
        while (extra-- > 0) c = c << 6 | (*p++ & 0x3F);
        ck_assert_uint_lt(n, cap);
        out[n++] = c;
    }
    return n;
}

/* Appends code points as UTF-8 to buf (NUL-terminated). */
static inline void
append(char *buf, size_t cap, const uint32_t *cps, size_t n)
{
    size_t len = strlen(buf);
    for (size_t i = 0; i < n; i++) {
        uint32_t c = cps[i];
        unsigned char tmp[4];
        int k;
        if (c < 0x80) tmp[0] = (unsigned char)c, k = 1;
        else if (c < 0x800) tmp[0] = 0xC0 | c >> 6, tmp[1] = 0x80 | (c & 0x3F), k = 2;
        else if (c < 0x10000)
            tmp[0] = 0xE0 | c >> 12, tmp[1] = 0x80 | (c >> 6 & 0x3F), tmp[2] = 0x80 | (c & 0x3F),
            k = 3;
        else
            tmp[0] = 0xF0 | c >> 18, tmp[1] = 0x80 | (c >> 12 & 0x3F),
            tmp[2] = 0x80 | (c >> 6 & 0x3F), tmp[3] = 0x80 | (c & 0x3F), k = 4;
        ck_assert_uint_lt(len + (size_t)k, cap);
        memcpy(buf + len, tmp, (size_t)k);
        len += (size_t)k;
    }
    buf[len] = '\0';
}

#endif
