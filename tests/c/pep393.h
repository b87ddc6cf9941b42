/* Reading code points stored 1, 2 or 4 bytes wide (PEP 393 kinds), for the tests and fuzzers. */
#ifndef SAHEL_TEST_PEP393_H
#define SAHEL_TEST_PEP393_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t
cp_at(const void *data, int kind, size_t k)
{
    if (kind == 1) return ((const uint8_t *)data)[k];
    if (kind == 2) return ((const uint16_t *)data)[k];
    return ((const uint32_t *)data)[k];
}

#endif
