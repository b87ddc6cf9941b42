/* Error codes shared by the sahel C core: negative numbers, with a message for each. */
#ifndef SAHEL_ERROR_H
#define SAHEL_ERROR_H

enum {
    SAHEL_OK = 0,
    SAHEL_ERR_NOMEM = -1,   /* an allocation failed */
    SAHEL_ERR_INVALID = -2, /* an argument is out of its range (a width other than 1, 2, 4, ...) */
    SAHEL_ERR_ICU = -3,     /* ICU reported a failure */
    SAHEL_ERR_EMPTY = -4,   /* an alias or word normalizes to nothing */
    SAHEL_ERR_OVERFLOW = -5 /* a size does not fit */
};

/* A static English sentence for an error code (never NULL). */
const char *sahel_strerror(int code);

#endif
