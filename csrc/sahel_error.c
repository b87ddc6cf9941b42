/* Messages for the SAHEL_ERR_* codes. */
#include "sahel_error.h"

const char *
sahel_strerror(int code)
{
    switch (code) {
    case SAHEL_OK:
        return "no error";
    case SAHEL_ERR_NOMEM:
        return "out of memory";
    case SAHEL_ERR_INVALID:
        return "invalid argument";
    case SAHEL_ERR_ICU:
        return "ICU normalization failed";
    case SAHEL_ERR_EMPTY:
        return "the text normalizes to no word";
    case SAHEL_ERR_OVERFLOW:
        return "size overflow";
    default:
        return "unknown error";
    }
}
