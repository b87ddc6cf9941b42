/* Gazetteer matching: a read-only automaton over normalized words that finds
 * aliases as whole words, through attached proclitics (و ف ب ك ل, their
 * combinations, the article ال, and ل + ال written لل), across any run of
 * separators between the words of a multi-word alias, and reports spans in the
 * ORIGINAL text in code points. No Python here. */
#ifndef SAHEL_MATCHER_H
#define SAHEL_MATCHER_H

#include <stddef.h>
#include <stdint.h>

#include "sahel_error.h"

typedef struct sahel_matcher_builder sahel_matcher_builder;
typedef struct sahel_matcher sahel_matcher;

/* Alias flags. */
enum {
    /* An alias written without ال also matches with it (روسي: الروسي), and one
     * written with ال also matches without it (الكرملين: كرملين). Without this
     * flag the article must be as written (مالي does not match المالي). */
    SAHEL_ALIAS_ARTICLE_OPTIONAL = 1u << 0,
    /* Only the bare word: no proclitics, no article (for Latin abbreviations). */
    SAHEL_ALIAS_NO_PROCLITICS = 1u << 1,
    /* Needs context: decided by the alias's context rules and default. */
    SAHEL_ALIAS_AMBIGUOUS = 1u << 2
};

/* Context rule sides and effects, for ambiguous aliases. */
enum { SAHEL_CONTEXT_BEFORE = 0, SAHEL_CONTEXT_AFTER = 1 };
enum { SAHEL_REJECT = 0, SAHEL_ACCEPT = 1 };

/* How a reported mention was decided. */
enum {
    SAHEL_DECIDED_PLAIN = 0,          /* not ambiguous */
    SAHEL_DECIDED_RULE_ACCEPT = 1,    /* an accept rule fired */
    SAHEL_DECIDED_DEFAULT_ACCEPT = 2, /* no rule fired; the default is accept */
    SAHEL_DECIDED_RULE_REJECT =
        3, /* a reject rule fired (reported only with SAHEL_FIND_KEEP_REJECTED) */
    SAHEL_DECIDED_DEFAULT_REJECT = 4 /* no rule fired; the default is reject (likewise) */
};

/* Find flags. */
enum {
    SAHEL_FIND_OVERLAPPING = 1u << 0,  /* every match, not leftmost-longest non-overlapping */
    SAHEL_FIND_KEEP_REJECTED = 1u << 1 /* also report rejected ambiguous candidates */
};

/* A new builder whose aliases and texts are normalized with `norm_options`
 * (SAHEL_NORM_* bits). NULL when out of memory. */
sahel_matcher_builder *sahel_builder_new(unsigned norm_options);

/* Adds an alias (len UCS-4 code points) reporting `value` (>= 0) with SAHEL_ALIAS_* flags.
 * The same alias may be added with several values; the same alias and value added twice
 * with different flags is reported once, the more permissive entry deciding (a plain entry
 * beats an ambiguous one). Punctuation between an alias's words lets any gap of the text
 * stand there (ميانمار (بورما)); the span stops before a closing bracket. A hamza alef before
 * ل (ألمانيا) is no article: that is decided on the alias as written. Returns SAHEL_OK,
 * SAHEL_ERR_EMPTY when the alias normalizes to no word, or SAHEL_ERR_NOMEM. */
int sahel_builder_add_alias(sahel_matcher_builder *b, const uint32_t *alias, size_t len,
                            int32_t value, unsigned flags);

/* A context rule for the aliases reporting `value`: when the word just before
 * (or after) the match, normalized and with proclitics and article stripped,
 * equals `word`, the candidate is accepted or rejected. Reject rules win over
 * accept rules. On a plain (not ambiguous) alias only reject rules act: a guard
 * that rejects it in a context and leaves it plain elsewhere. Only the article
 * is stripped from `word` itself (its first letter may belong to it: بلد، وزير).
 * Returns SAHEL_ERR_INVALID for a rule of more than one word, SAHEL_ERR_EMPTY
 * for none. */
int sahel_builder_add_context(sahel_matcher_builder *b, int32_t value, int side,
                              const uint32_t *word, size_t len, int effect);

/* What an ambiguous alias reporting `value` becomes when no rule fires
 * (SAHEL_ACCEPT or SAHEL_REJECT; SAHEL_ACCEPT when never set). */
int sahel_builder_set_default(sahel_matcher_builder *b, int32_t value, int effect);

/* Compiles the builder into a read-only matcher and frees the builder, on
 * success and on failure alike. */
int sahel_builder_finish(sahel_matcher_builder *b, sahel_matcher **out);

/* Frees a builder that was not finished. NULL is fine. */
void sahel_builder_free(sahel_matcher_builder *b);

void sahel_matcher_free(sahel_matcher *m);

typedef struct sahel_matcher_stats {
    size_t aliases; /* distinct (alias, value) pairs */
    size_t words;   /* distinct normalized words */
    size_t nodes;   /* automaton states */
    size_t bytes;   /* memory held by the matcher */
} sahel_matcher_stats;

void sahel_matcher_stats_get(const sahel_matcher *m, sahel_matcher_stats *out);

/* Columnar matches, in text order (by start, then longest first). */
typedef struct sahel_mentions {
    size_t count;
    size_t capacity;
    int32_t *value; /* the alias's value */
    size_t
        *start; /* original code-point index of the word's first character (proclitics included) */
    size_t *stem;      /* original index where the alias proper begins, after the proclitics
                        * (in للنيجر the second ل: the article belongs to the stem) */
    size_t *end;       /* original index just past the last word, with its trailing marks and
                        * tatweel (never a following invisible control) */
    uint8_t *decision; /* SAHEL_DECIDED_* */
} sahel_mentions;

/* Finds the aliases in `len` code points at `text`, `kind` bytes wide (1, 2, 4),
 * appending to *out (which must be zeroed or previously used). The matcher is
 * not modified: many threads may share it. */
int sahel_matcher_find(const sahel_matcher *m, const void *text, int kind, size_t len,
                       unsigned find_flags, sahel_mentions *out);

void sahel_mentions_free(sahel_mentions *out);

#endif
