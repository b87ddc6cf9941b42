/* sahel._core: the CPython binding of the sahel C core, and the only file that
 * includes Python.h. It reads a str in its own PEP 393 width, releases the GIL
 * on long inputs, builds result objects and turns SAHEL_ERR_* codes into
 * exceptions. Nothing else. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <string.h>

#include "sahel_calendar.h"
#include "sahel_lexicon.h"
#include "sahel_matcher.h"
#include "sahel_normalize.h"
#include "sahel_words.h"

/* Inputs shorter than this keep the GIL: releasing it costs more than it saves. */
#define RELEASE_GIL_FROM 4096

static PyObject *
raise_status(int status)
{
    if (status == SAHEL_ERR_NOMEM) return PyErr_NoMemory();
    if (status == SAHEL_ERR_INVALID || status == SAHEL_ERR_EMPTY) {
        PyErr_Format(PyExc_ValueError, "sahel core: %s", sahel_strerror(status));
        return NULL;
    }
    PyErr_Format(PyExc_RuntimeError, "sahel core: %s (code %d)", sahel_strerror(status), status);
    return NULL;
}

static int
check_nargs(const char *name, Py_ssize_t nargs, Py_ssize_t expected)
{
    if (nargs == expected) return 0;
    PyErr_Format(PyExc_TypeError, "%s() takes %zd positional arguments (%zd given)", name, expected,
                 nargs);
    return -1;
}

static int
check_str(PyObject *obj, const char *what)
{
    if (PyUnicode_Check(obj)) return 0;
    if (PyBytes_Check(obj) || PyByteArray_Check(obj))
        PyErr_Format(PyExc_TypeError,
                     "%s must be str, not %.100s: decode it first (text.decode('utf-8'))", what,
                     Py_TYPE(obj)->tp_name);
    else PyErr_Format(PyExc_TypeError, "%s must be str, not %.100s", what, Py_TYPE(obj)->tp_name);
    return -1;
}

/* The items of a sequence held by strong references for as long as the caller keeps the result:
 * a list is copied into a tuple, since another thread (or an __index__ we call) may replace its
 * items while we read them, the GIL released or not; a tuple is immutable and returned as is. */
static PyObject *
strong_items(PyObject *obj, const char *message)
{
    if (PyList_Check(obj)) return PyList_AsTuple(obj);
    return PySequence_Fast(obj, message);
}

/* An unsigned flag word with no bit outside `allowed`; `what` names it in the error. */
static int
parse_flag_bits(PyObject *obj, unsigned long allowed, const char *what, unsigned *flags)
{
    unsigned long value = PyLong_AsUnsignedLong(obj);
    if (value == (unsigned long)-1 && PyErr_Occurred()) return -1;
    if (value & ~allowed) {
        PyErr_Format(PyExc_ValueError, "unknown %s bits in %lu", what, value);
        return -1;
    }
    *flags = (unsigned)value;
    return 0;
}

static int
parse_options(PyObject *obj, unsigned *options)
{
    unsigned long value = PyLong_AsUnsignedLong(obj);
    if (value == (unsigned long)-1 && PyErr_Occurred()) return -1;
    if (value & ~(unsigned long)SAHEL_NORM_ALL_OPTIONS) {
        PyErr_SetString(PyExc_ValueError, "unknown normalization option bits");
        return -1;
    }
    *options = (unsigned)value;
    return 0;
}

/* A new str from core output; the core never raises a code point above the input's width,
 * but the result may fit a narrower one (PyUnicode_New needs the exact maximum). */
static PyObject *
str_from_output(const sahel_normalized *out)
{
    PyObject *result = PyUnicode_New((Py_ssize_t)out->len, out->maxchar);
    if (result == NULL) return NULL;
    int kind = PyUnicode_KIND(result);
    void *dst = PyUnicode_DATA(result);
    if (kind == out->kind) {
        memcpy(dst, out->data, out->len * (size_t)kind);
        return result;
    }
    for (size_t i = 0; i < out->len; i++) {
        Py_UCS4 ch = out->kind == 1   ? ((const Py_UCS1 *)out->data)[i]
                     : out->kind == 2 ? ((const Py_UCS2 *)out->data)[i]
                                      : ((const Py_UCS4 *)out->data)[i];
        PyUnicode_WRITE(kind, dst, (Py_ssize_t)i, ch);
    }
    return result;
}

static int
run_normalize(PyObject *text, unsigned options, int want_offsets, sahel_normalized *out)
{
    if (PyUnicode_READY(text) < 0) return -1;
    const void *data = PyUnicode_DATA(text); /* borrowed: text is immutable and we hold it */
    int kind = PyUnicode_KIND(text);
    size_t len = (size_t)PyUnicode_GET_LENGTH(text);
    int status;
    if (len >= RELEASE_GIL_FROM) {
        Py_BEGIN_ALLOW_THREADS
        status = sahel_normalize(data, kind, len, options, kind, want_offsets, out);
        Py_END_ALLOW_THREADS
    }
    else {
        status = sahel_normalize(data, kind, len, options, kind, want_offsets, out);
    }
    if (status != SAHEL_OK) {
        raise_status(status);
        return -1;
    }
    return 0;
}

static PyObject *
normalize_one(PyObject *text, unsigned options)
{
    sahel_normalized out = {0};
    if (run_normalize(text, options, 0, &out) < 0) return NULL;
    if (!out.changed) return Py_NewRef(text);
    PyObject *result = str_from_output(&out);
    sahel_normalized_free(&out);
    return result;
}

PyDoc_STRVAR(normalize_doc,
             "normalize(text, options, /)\n--\n\n"
             "Normalize text with SAHEL_NORM_* option bits; the same object when nothing changes.");

static PyObject *
core_normalize(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    unsigned options;
    if (check_nargs("normalize", nargs, 2) < 0) return NULL;
    if (check_str(args[0], "text") < 0 || parse_options(args[1], &options) < 0) return NULL;
    return normalize_one(args[0], options);
}

static PyObject *
bytes_of(const void *data, size_t count, size_t size)
{
    if (count == 0) return PyBytes_FromStringAndSize(NULL, 0);
    return PyBytes_FromStringAndSize((const char *)data, (Py_ssize_t)(count * size));
}

PyDoc_STRVAR(normalize_with_offsets_doc, "normalize_with_offsets(text, options, /)\n--\n\n"
                                         "Return (normalized, norm_checkpoints, orig_checkpoints); "
                                         "checkpoints are native size_t bytes.");

static PyObject *
core_normalize_with_offsets(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    unsigned options;
    PyObject *text = NULL, *norm = NULL, *orig = NULL, *result = NULL;
    sahel_normalized out = {0};
    if (check_nargs("normalize_with_offsets", nargs, 2) < 0) return NULL;
    if (check_str(args[0], "text") < 0 || parse_options(args[1], &options) < 0) return NULL;
    if (run_normalize(args[0], options, 1, &out) < 0) return NULL;
    text = out.changed ? str_from_output(&out) : Py_NewRef(args[0]);
    if (text == NULL) goto bail;
    norm = bytes_of(out.offsets.norm, out.offsets.count, sizeof(size_t));
    if (norm == NULL) goto bail;
    orig = bytes_of(out.offsets.orig, out.offsets.count, sizeof(size_t));
    if (orig == NULL) goto bail;
    result = PyTuple_Pack(3, text, norm, orig);
bail:
    sahel_normalized_free(&out);
    Py_XDECREF(text);
    Py_XDECREF(norm);
    Py_XDECREF(orig);
    return result;
}

PyDoc_STRVAR(normalize_many_doc, "normalize_many(texts, options, /)\n--\n\n"
                                 "Normalize every str of a sequence; returns a list.");

static PyObject *
core_normalize_many(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    unsigned options;
    if (check_nargs("normalize_many", nargs, 2) < 0) return NULL;
    if (parse_options(args[1], &options) < 0) return NULL;
    PyObject *seq = strong_items(args[0], "texts must be a sequence of str");
    if (seq == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject *result = PyList_New(n);
    if (result == NULL) goto error;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i); /* seq holds it */
        if (i > 0 && PyErr_CheckSignals() < 0) goto error;
        if (!PyUnicode_Check(item)) {
            PyErr_Format(PyExc_TypeError, "texts[%zd] must be str, not %.100s", i,
                         Py_TYPE(item)->tp_name);
            goto error;
        }
        PyObject *normalized = normalize_one(item, options);
        if (normalized == NULL) goto error;
        PyList_SET_ITEM(result, i, normalized);
    }
    Py_DECREF(seq);
    return result;
error:
    Py_DECREF(seq);
    Py_XDECREF(result);
    return NULL;
}

/* ---- Matcher ---------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    sahel_matcher *matcher;
} MatcherObject;

typedef struct {
    PyTypeObject *matcher_type;
    PyTypeObject *lexicon_type;
} core_state;

static core_state *
get_state(PyObject *module)
{
    return (core_state *)PyModule_GetState(module);
}

/* Sets the exception for a builder status about `text`; returns 0 for SAHEL_OK, else -1. */
static int
builder_status(int status, PyObject *text, const char *what)
{
    if (status == SAHEL_OK) return 0;
    if (status == SAHEL_ERR_EMPTY)
        PyErr_Format(PyExc_ValueError, "%s %R normalizes to no word", what, text);
    else raise_status(status);
    return -1;
}

/* Passes a str to the builder as a fresh UCS-4 copy. */
static int
add_text(sahel_matcher_builder *b, PyObject *text, const char *what, int32_t value, int side,
         unsigned flags_or_effect, int is_rule)
{
    if (check_str(text, what) < 0) return -1;
    Py_UCS4 *cps = PyUnicode_AsUCS4Copy(text);
    if (cps == NULL) return -1;
    size_t len = (size_t)PyUnicode_GET_LENGTH(text);
    int status = is_rule ? sahel_builder_add_context(b, value, side, cps, len, (int)flags_or_effect)
                         : sahel_builder_add_alias(b, cps, len, value, flags_or_effect);
    PyMem_Free(cps);
    return builder_status(status, text, what);
}

#define ALIAS_ALL_FLAGS \
    (SAHEL_ALIAS_ARTICLE_OPTIONAL | SAHEL_ALIAS_NO_PROCLITICS | SAHEL_ALIAS_AMBIGUOUS)

static int
add_alias_item(sahel_matcher_builder *b, PyObject *item)
{
    PyObject *text, *flags_obj; /* borrowed from item, a tuple the caller holds */
    int value;
    unsigned flags;
    if (!PyArg_ParseTuple(item, "OiO", &text, &value, &flags_obj)) return -1;
    if (parse_flag_bits(flags_obj, ALIAS_ALL_FLAGS, "alias flag", &flags) < 0) return -1;
    return add_text(b, text, "alias", value, 0, flags, 0);
}

static int
add_rule_item(sahel_matcher_builder *b, PyObject *item)
{
    PyObject *word; /* borrowed from item */
    int value, side, effect;
    if (!PyArg_ParseTuple(item, "iiOi", &value, &side, &word, &effect)) return -1;
    return add_text(b, word, "context word", value, side, (unsigned)effect, 1);
}

static int
add_default_item(sahel_matcher_builder *b, PyObject *item)
{
    int value, effect;
    if (!PyArg_ParseTuple(item, "ii", &value, &effect)) return -1;
    return builder_status(sahel_builder_set_default(b, value, effect), item, "default");
}

/* Calls add_one on every tuple of `items`; `shape` names the tuple in error messages. */
static int
add_each(sahel_matcher_builder *b, PyObject *items, const char *name, const char *shape,
         int (*add_one)(sahel_matcher_builder *, PyObject *))
{
    PyObject *seq =
        strong_items(items, "the matcher's aliases, rules and defaults must be sequences");
    if (seq == NULL) return -1;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *item = PySequence_Fast_GET_ITEM(seq, i); /* seq holds it */
        if (!PyTuple_Check(item)) {
            PyErr_Format(PyExc_TypeError, "%s[%zd] must be a %s tuple", name, i, shape);
            Py_DECREF(seq);
            return -1;
        }
        if (add_one(b, item) < 0) {
            Py_DECREF(seq);
            return -1;
        }
    }
    Py_DECREF(seq);
    return 0;
}

static PyObject *
matcher_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"options", "aliases", "rules", "defaults", NULL};
    PyObject *options_obj, *aliases, *rules, *defaults;
    unsigned options;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OOOO:Matcher", keywords, &options_obj, &aliases,
                                     &rules, &defaults))
        return NULL;
    if (parse_options(options_obj, &options) < 0) return NULL;
    sahel_matcher_builder *b = sahel_builder_new(options);
    if (b == NULL) return PyErr_NoMemory();
    if (add_each(b, aliases, "aliases", "(text, value, flags)", add_alias_item) < 0 ||
        add_each(b, rules, "rules", "(value, side, word, effect)", add_rule_item) < 0 ||
        add_each(b, defaults, "defaults", "(value, effect)", add_default_item) < 0) {
        sahel_builder_free(b);
        return NULL;
    }
    sahel_matcher *matcher = NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = sahel_builder_finish(b, &matcher); /* frees b */
    Py_END_ALLOW_THREADS
    if (status != SAHEL_OK) return raise_status(status);
    MatcherObject *self = (MatcherObject *)type->tp_alloc(type, 0);
    if (self == NULL) {
        sahel_matcher_free(matcher);
        return NULL;
    }
    self->matcher = matcher;
    return (PyObject *)self;
}

static void
matcher_dealloc(MatcherObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    sahel_matcher_free(self->matcher);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static int
run_find(MatcherObject *self, PyObject *text, unsigned flags, sahel_mentions *out)
{
    if (PyUnicode_READY(text) < 0) return -1;
    const void *data = PyUnicode_DATA(text); /* borrowed: immutable while we hold text */
    int kind = PyUnicode_KIND(text);
    size_t len = (size_t)PyUnicode_GET_LENGTH(text);
    int status;
    if (len >= RELEASE_GIL_FROM) {
        Py_BEGIN_ALLOW_THREADS
        status = sahel_matcher_find(self->matcher, data, kind, len, flags, out);
        Py_END_ALLOW_THREADS
    }
    else {
        status = sahel_matcher_find(self->matcher, data, kind, len, flags, out);
    }
    if (status != SAHEL_OK) {
        raise_status(status);
        return -1;
    }
    return 0;
}

/* (value int32, start, stem, end as size_t, decision uint8) bytes from mentions[from:]. */
static PyObject *
columns_of(const sahel_mentions *m, size_t from)
{
    size_t n = m->count - from;
    PyObject *cols[5] = {
        bytes_of(m->value + from, n, sizeof(int32_t)),
        bytes_of(m->start + from, n, sizeof(size_t)),
        bytes_of(m->stem + from, n, sizeof(size_t)),
        bytes_of(m->end + from, n, sizeof(size_t)),
        bytes_of(m->decision + from, n, sizeof(uint8_t)),
    };
    PyObject *result = NULL;
    if (cols[0] && cols[1] && cols[2] && cols[3] && cols[4])
        result = PyTuple_Pack(5, cols[0], cols[1], cols[2], cols[3], cols[4]);
    for (int i = 0; i < 5; i++) Py_XDECREF(cols[i]);
    return result;
}

static int
parse_find_flags(PyObject *obj, unsigned *flags)
{
    return parse_flag_bits(obj, SAHEL_FIND_OVERLAPPING | SAHEL_FIND_KEEP_REJECTED, "find flag",
                           flags);
}

PyDoc_STRVAR(matcher_find_doc,
             "find($self, text, flags, /)\n--\n\n"
             "Columns (value, start, stem, end, decision) as bytes of int32, size_t x3, uint8.");

static PyObject *
matcher_find(MatcherObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    unsigned flags;
    if (check_nargs("find", nargs, 2) < 0) return NULL;
    if (check_str(args[0], "text") < 0 || parse_find_flags(args[1], &flags) < 0) return NULL;
    sahel_mentions out = {0};
    PyObject *result = NULL;
    if (run_find(self, args[0], flags, &out) == 0) result = columns_of(&out, 0);
    sahel_mentions_free(&out);
    return result;
}

/* Appends the UTF-8 form of text[start:end] to *buf; lone surrogates become U+FFFD. */
static int
append_utf8(PyObject *text, size_t start, size_t end, char **buf, size_t *len, size_t *cap)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    if (end - start > (PY_SSIZE_T_MAX - *len) / 4) {
        PyErr_NoMemory();
        return -1;
    }
    size_t need = *len + (end - start) * 4;
    if (need > *cap) {
        size_t new_cap = *cap ? *cap : 4096;
        while (new_cap < need) new_cap *= 2;
        char *grown = PyMem_Realloc(*buf, new_cap);
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        *buf = grown;
        *cap = new_cap;
    }
    unsigned char *p = (unsigned char *)*buf + *len;
    for (size_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, (Py_ssize_t)i);
        if (ch >= 0xD800 && ch <= 0xDFFF) ch = 0xFFFD;
        if (ch < 0x80) {
            *p++ = (unsigned char)ch;
        }
        else if (ch < 0x800) {
            *p++ = (unsigned char)(0xC0 | (ch >> 6));
            *p++ = (unsigned char)(0x80 | (ch & 0x3F));
        }
        else if (ch < 0x10000) {
            *p++ = (unsigned char)(0xE0 | (ch >> 12));
            *p++ = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
            *p++ = (unsigned char)(0x80 | (ch & 0x3F));
        }
        else {
            *p++ = (unsigned char)(0xF0 | (ch >> 18));
            *p++ = (unsigned char)(0x80 | ((ch >> 12) & 0x3F));
            *p++ = (unsigned char)(0x80 | ((ch >> 6) & 0x3F));
            *p++ = (unsigned char)(0x80 | (ch & 0x3F));
        }
    }
    *len = (size_t)((char *)p - *buf);
    return 0;
}

PyDoc_STRVAR(matcher_find_many_doc, "find_many($self, texts, flags, /)\n--\n\n"
                                    "Columns for a batch: (doc int64, value, start, stem, end, "
                                    "decision, surface_utf8, surface_offsets int64);\n"
                                    "surfaces are concatenated UTF-8 with len(mentions) + 1 "
                                    "offsets, ready for an Arrow string array.");

static PyObject *
matcher_find_many(MatcherObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    unsigned flags;
    PyObject *seq = NULL, *result = NULL, *docs_b = NULL, *cols = NULL, *surf_b = NULL,
             *offs_b = NULL;
    sahel_mentions out = {0};
    int64_t *docs = NULL, *offsets = NULL;
    char *surface = NULL;
    size_t surface_len = 0, surface_cap = 0, docs_cap = 0;

    if (check_nargs("find_many", nargs, 2) < 0) return NULL;
    if (parse_find_flags(args[1], &flags) < 0) return NULL;
    seq = strong_items(args[0], "texts must be a sequence of str");
    if (seq == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PySequence_Fast_GET_SIZE(seq); i++) {
        PyObject *text = PySequence_Fast_GET_ITEM(seq, i); /* seq holds it */
        if (i > 0 && PyErr_CheckSignals() < 0) goto bail;
        if (!PyUnicode_Check(text)) {
            PyErr_Format(PyExc_TypeError, "texts[%zd] must be str, not %.100s", i,
                         Py_TYPE(text)->tp_name);
            goto bail;
        }
        size_t before = out.count;
        if (run_find(self, text, flags, &out) < 0) goto bail;
        if (out.count > docs_cap) {
            size_t new_cap = docs_cap ? docs_cap : 1024;
            while (new_cap < out.count) new_cap *= 2;
            int64_t *grown_docs = PyMem_Realloc(docs, new_cap * sizeof(int64_t));
            if (grown_docs == NULL) {
                PyErr_NoMemory();
                goto bail;
            }
            docs = grown_docs;
            int64_t *grown_offsets = PyMem_Realloc(offsets, (new_cap + 1) * sizeof(int64_t));
            if (grown_offsets == NULL) {
                PyErr_NoMemory();
                goto bail;
            }
            offsets = grown_offsets;
            docs_cap = new_cap;
        }
        for (size_t k = before; k < out.count; k++) {
            docs[k] = (int64_t)i;
            offsets[k] = (int64_t)surface_len;
            if (append_utf8(text, out.start[k], out.end[k], &surface, &surface_len, &surface_cap) <
                0)
                goto bail;
        }
    }
    if (offsets == NULL) {
        offsets = PyMem_Malloc(sizeof(int64_t));
        if (offsets == NULL) {
            PyErr_NoMemory();
            goto bail;
        }
    }
    offsets[out.count] = (int64_t)surface_len;
    docs_b = bytes_of(docs, out.count, sizeof(int64_t));
    cols = docs_b ? columns_of(&out, 0) : NULL;
    surf_b = cols ? bytes_of(surface, surface_len, 1) : NULL;
    offs_b = surf_b ? bytes_of(offsets, out.count + 1, sizeof(int64_t)) : NULL;
    if (offs_b == NULL) goto bail;
    result = Py_BuildValue("(OOOOOOOO)", docs_b, PyTuple_GET_ITEM(cols, 0),
                           PyTuple_GET_ITEM(cols, 1), PyTuple_GET_ITEM(cols, 2),
                           PyTuple_GET_ITEM(cols, 3), PyTuple_GET_ITEM(cols, 4), surf_b, offs_b);
bail:
    Py_XDECREF(seq);
    Py_XDECREF(docs_b);
    Py_XDECREF(cols);
    Py_XDECREF(surf_b);
    Py_XDECREF(offs_b);
    PyMem_Free(docs);
    PyMem_Free(offsets);
    PyMem_Free(surface);
    sahel_mentions_free(&out);
    return result;
}

static PyObject *
matcher_stats(MatcherObject *self, PyObject *Py_UNUSED(ignored))
{
    sahel_matcher_stats stats;
    sahel_matcher_stats_get(self->matcher, &stats);
    return Py_BuildValue("{snsnsnsn}", "aliases", (Py_ssize_t)stats.aliases, "words",
                         (Py_ssize_t)stats.words, "nodes", (Py_ssize_t)stats.nodes, "bytes",
                         (Py_ssize_t)stats.bytes);
}

static PyObject *
matcher_sizeof(MatcherObject *self, PyObject *Py_UNUSED(ignored))
{
    sahel_matcher_stats stats;
    sahel_matcher_stats_get(self->matcher, &stats);
    return PyLong_FromSize_t(sizeof(MatcherObject) + stats.bytes);
}

static PyMethodDef matcher_methods[] = {
    {"find", (PyCFunction)(void (*)(void))matcher_find, METH_FASTCALL, matcher_find_doc},
    {"find_many", (PyCFunction)(void (*)(void))matcher_find_many, METH_FASTCALL,
     matcher_find_many_doc},
    {"stats", (PyCFunction)matcher_stats, METH_NOARGS, "Sizes of the compiled automaton."},
    {"__sizeof__", (PyCFunction)matcher_sizeof, METH_NOARGS, "Bytes held, the automaton included."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot matcher_slots[] = {
    {Py_tp_new, matcher_new},
    {Py_tp_dealloc, matcher_dealloc},
    {Py_tp_methods, matcher_methods},
    {Py_tp_doc,
     "Matcher(options, aliases, rules, defaults): a compiled, read-only gazetteer automaton."},
    {0, NULL},
};

static PyType_Spec matcher_spec = {
    .name = "sahel._core.Matcher",
    .basicsize = sizeof(MatcherObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = matcher_slots,
};

/* ---- words and readings -------------------------------------------------------- */

/* A new list of Python ints from n values. */
static PyObject *
list_of_sizes(const size_t *values, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (list == NULL) return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = PyLong_FromSize_t(values[i]);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

static PyObject *
list_of_int32(const int32_t *values, size_t n)
{
    PyObject *list = PyList_New((Py_ssize_t)n);
    if (list == NULL) return NULL;
    for (size_t i = 0; i < n; i++) {
        PyObject *item = PyLong_FromLong((long)values[i]);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, (Py_ssize_t)i, item);
    }
    return list;
}

PyDoc_STRVAR(
    words_doc,
    "words(text, options, /)\n--\n\n"
    "The words of text normalized with SAHEL_NORM_* options: (starts, ends, forms, joined).\n"
    "starts and ends are indices into text (an end takes in the marks and tatweel after the "
    "word),\n"
    "forms the normalized words, joined whether only separators stand since the previous word.");

static PyObject *
core_words(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    unsigned options;
    if (check_nargs("words", nargs, 2) < 0) return NULL;
    if (check_str(args[0], "text") < 0 || parse_options(args[1], &options) < 0) return NULL;
    PyObject *text = args[0];
    if (PyUnicode_READY(text) < 0) return NULL;
    const void *data = PyUnicode_DATA(text);
    int kind = PyUnicode_KIND(text);
    size_t len = (size_t)PyUnicode_GET_LENGTH(text);
    sahel_text_words tw = {0};
    int status;
    if (len >= RELEASE_GIL_FROM) {
        Py_INCREF(
            text); /* data is read without the GIL: keep the str alive whatever the caller does */
        Py_BEGIN_ALLOW_THREADS
        status = sahel_text_words_scan(data, kind, len, options, &tw);
        Py_END_ALLOW_THREADS
        Py_DECREF(text);
    }
    else {
        status = sahel_text_words_scan(data, kind, len, options, &tw);
    }
    if (status != SAHEL_OK) return raise_status(status);

    PyObject *starts = NULL, *ends = NULL, *forms = NULL, *joined = NULL, *result = NULL;
    starts = list_of_sizes(tw.start, tw.count);
    if (starts == NULL) goto bail;
    ends = list_of_sizes(tw.end, tw.count);
    if (ends == NULL) goto bail;
    forms = PyList_New((Py_ssize_t)tw.count);
    if (forms == NULL) goto bail;
    joined = PyList_New((Py_ssize_t)tw.count);
    if (joined == NULL) goto bail;
    for (size_t i = 0; i < tw.count; i++) {
        PyObject *form = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, tw.norm + tw.norm_start[i],
                                                   (Py_ssize_t)(tw.norm_end[i] - tw.norm_start[i]));
        if (form == NULL) goto bail;
        PyList_SET_ITEM(forms, (Py_ssize_t)i, form);
        PyList_SET_ITEM(joined, (Py_ssize_t)i, PyBool_FromLong(tw.joined[i]));
    }
    result = PyTuple_Pack(4, starts, ends, forms, joined);
bail:
    sahel_text_words_free(&tw);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    Py_XDECREF(forms);
    Py_XDECREF(joined);
    return result;
}

PyDoc_STRVAR(
    readings_doc,
    "readings(word, /)\n--\n\n"
    "The proclitic readings of one normalized word, as (proclitic_len, stem, has_article) tuples:\n"
    "word[:proclitic_len] the conjunction and preposition, word[proclitic_len:stem] the article,\n"
    "word[stem:] the stem. The unsplit reading (0, 0, False) first, then by increasing stem;\n"
    "an empty word has none.");

static PyObject *
core_readings(PyObject *Py_UNUSED(module), PyObject *word)
{
    if (check_str(word, "word") < 0) return NULL;
    Py_ssize_t len = PyUnicode_GetLength(word);
    if (len < 0) return NULL;
    if (len == 0) return PyTuple_New(0);
    Py_UCS4 *cps = PyUnicode_AsUCS4Copy(word);
    if (cps == NULL) return NULL;
    sahel_reading r[SAHEL_READINGS_MAX];
    size_t nr = sahel_words_readings(cps, (size_t)len, r);
    PyMem_Free(cps);
    PyObject *result = PyTuple_New((Py_ssize_t)nr);
    if (result == NULL) return NULL;
    for (size_t i = 0; i < nr; i++) {
        PyObject *item = Py_BuildValue("(IIO)", (unsigned)r[i].proclitic_len, (unsigned)r[i].stem,
                                       r[i].has_article ? Py_True : Py_False);
        if (item == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyTuple_SET_ITEM(result, (Py_ssize_t)i, item);
    }
    return result;
}

/* ---- Lexicon ----------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    sahel_lexicon *lexicon;
    unsigned options;
    PyObject
        *entries; /* a tuple of (str, int, int) tuples, exact types: what pickling rebuilds from */
} LexiconObject;

#define LEX_ALL_FLAGS (SAHEL_LEX_PREFIX | SAHEL_LEX_NO_PROCLITICS)

/* Checks entries[i] = (phrase, value, flags), adds it, and returns a fresh (str, int, int) tuple of
 * it. */
static PyObject *
add_lexicon_entry(sahel_lexicon_builder *b, PyObject *item, Py_ssize_t i)
{
    if (!PyTuple_Check(item)) {
        PyErr_Format(PyExc_TypeError,
                     "entries[%zd] must be a (phrase, value, flags) tuple, not %.100s", i,
                     Py_TYPE(item)->tp_name);
        return NULL;
    }
    if (PyTuple_GET_SIZE(item) != 3) {
        PyErr_Format(PyExc_TypeError,
                     "entries[%zd] must be a (phrase, value, flags) tuple, not %zd items", i,
                     PyTuple_GET_SIZE(item));
        return NULL;
    }
    PyObject *phrase = PyTuple_GET_ITEM(item, 0); /* borrowed from item */
    if (check_str(phrase, "an entry's phrase") < 0) return NULL;
    long value = PyLong_AsLong(PyTuple_GET_ITEM(item, 1));
    if (value == -1 && PyErr_Occurred()) return NULL;
    if (value < 0 || value > INT32_MAX) {
        PyErr_Format(PyExc_ValueError, "entries[%zd]: value %ld is outside 0..%ld", i, value,
                     (long)INT32_MAX);
        return NULL;
    }
    unsigned long flags = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(item, 2));
    if (flags == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    if (flags & ~(unsigned long)LEX_ALL_FLAGS) {
        PyErr_Format(PyExc_ValueError, "entries[%zd]: unknown lexicon flag bits in %lu", i, flags);
        return NULL;
    }
    Py_UCS4 *cps = PyUnicode_AsUCS4Copy(phrase);
    if (cps == NULL) return NULL;
    int status = sahel_lexicon_builder_add(b, cps, (size_t)PyUnicode_GET_LENGTH(phrase),
                                           (int32_t)value, (unsigned)flags);
    PyMem_Free(cps);
    if (status == SAHEL_ERR_EMPTY) {
        PyErr_Format(PyExc_ValueError, "entry %R normalizes to no word", phrase);
        return NULL;
    }
    if (status == SAHEL_ERR_INVALID) {
        PyErr_Format(PyExc_ValueError,
                     "entry %R has punctuation between its words: a phrase is found only where its "
                     "words are "
                     "separated by spaces",
                     phrase);
        return NULL;
    }
    if (status != SAHEL_OK) return raise_status(status);
    PyObject *text = PyUnicode_FromObject(phrase); /* an exact str, so that entries hold no cycle */
    if (text == NULL) return NULL;
    PyObject *entry = Py_BuildValue("(NlI)", text, value, (unsigned)flags);
    return entry;
}

static PyObject *
lexicon_new(PyTypeObject *type, PyObject *args, PyObject *kwargs)
{
    static char *keywords[] = {"options", "entries", NULL};
    PyObject *options_obj, *entries_obj;
    unsigned options;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO:Lexicon", keywords, &options_obj,
                                     &entries_obj))
        return NULL;
    if (parse_options(options_obj, &options) < 0) return NULL;
    if (PyUnicode_Check(entries_obj) || PyBytes_Check(entries_obj)) {
        PyErr_SetString(
            PyExc_TypeError,
            "entries must be a sequence of (phrase, value, flags) tuples, not a string");
        return NULL;
    }
    PyObject *seq =
        strong_items(entries_obj, "entries must be a sequence of (phrase, value, flags) tuples");
    if (seq == NULL) return NULL;
    PyObject *entries = NULL;
    sahel_lexicon_builder *b = NULL;
    sahel_lexicon *lexicon = NULL;
    int status;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    entries = PyTuple_New(n);
    if (entries == NULL) goto error;
    b = sahel_lexicon_builder_new(options);
    if (b == NULL) {
        PyErr_NoMemory();
        goto error;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *entry =
            add_lexicon_entry(b, PySequence_Fast_GET_ITEM(seq, i), i); /* seq holds the item */
        if (entry == NULL) goto error;
        PyTuple_SET_ITEM(entries, i, entry);
    }
    Py_BEGIN_ALLOW_THREADS
    status = sahel_lexicon_builder_finish(b, &lexicon); /* frees b */
    Py_END_ALLOW_THREADS
    b = NULL;
    if (status != SAHEL_OK) {
        raise_status(status);
        goto error;
    }
    LexiconObject *self = (LexiconObject *)type->tp_alloc(type, 0);
    if (self == NULL) goto error;
    self->lexicon = lexicon;
    self->options = options;
    self->entries = entries;
    Py_DECREF(seq);
    return (PyObject *)self;
error:
    sahel_lexicon_builder_free(b);
    sahel_lexicon_free(lexicon);
    Py_XDECREF(entries);
    Py_DECREF(seq);
    return NULL;
}

static void
lexicon_dealloc(LexiconObject *self)
{
    PyTypeObject *type = Py_TYPE(self);
    sahel_lexicon_free(self->lexicon);
    Py_XDECREF(self->entries);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

PyDoc_STRVAR(
    lexicon_find_doc,
    "find($self, text, /)\n--\n\n"
    "Every hit as columns (values, starts, stems, bares, ends) of indices into text, by start,\n"
    "longest first, then by stem, bare and value.");

static PyObject *
lexicon_find(LexiconObject *self, PyObject *text)
{
    if (check_str(text, "text") < 0) return NULL;
    if (PyUnicode_READY(text) < 0) return NULL;
    const void *data = PyUnicode_DATA(text);
    int kind = PyUnicode_KIND(text);
    size_t len = (size_t)PyUnicode_GET_LENGTH(text);
    sahel_lexicon_hits hits = {0};
    int status;
    if (len >= RELEASE_GIL_FROM) {
        Py_INCREF(
            text); /* data is read without the GIL: keep the str alive whatever the caller does */
        Py_BEGIN_ALLOW_THREADS
        status = sahel_lexicon_find(self->lexicon, data, kind, len, &hits);
        Py_END_ALLOW_THREADS
        Py_DECREF(text);
    }
    else {
        status = sahel_lexicon_find(self->lexicon, data, kind, len, &hits);
    }
    if (status != SAHEL_OK) {
        sahel_lexicon_hits_free(&hits);
        return raise_status(status);
    }
    PyObject *cols[5] = {
        list_of_int32(hits.value, hits.count), list_of_sizes(hits.start, hits.count),
        list_of_sizes(hits.stem, hits.count),  list_of_sizes(hits.bare, hits.count),
        list_of_sizes(hits.end, hits.count),
    };
    sahel_lexicon_hits_free(&hits);
    PyObject *result = NULL;
    if (cols[0] && cols[1] && cols[2] && cols[3] && cols[4])
        result = PyTuple_Pack(5, cols[0], cols[1], cols[2], cols[3], cols[4]);
    for (int i = 0; i < 5; i++) Py_XDECREF(cols[i]);
    return result;
}

static PyObject *
lexicon_stats(LexiconObject *self, PyObject *Py_UNUSED(ignored))
{
    sahel_lexicon_stats stats;
    sahel_lexicon_stats_get(self->lexicon, &stats);
    return Py_BuildValue("{snsnsnsn}", "entries", (Py_ssize_t)stats.entries, "words",
                         (Py_ssize_t)stats.words, "nodes", (Py_ssize_t)stats.nodes, "bytes",
                         (Py_ssize_t)stats.bytes);
}

static PyObject *
lexicon_sizeof(LexiconObject *self, PyObject *Py_UNUSED(ignored))
{
    sahel_lexicon_stats stats;
    sahel_lexicon_stats_get(self->lexicon, &stats);
    return PyLong_FromSize_t(sizeof(LexiconObject) + stats.bytes);
}

static PyObject *
lexicon_reduce(LexiconObject *self, PyObject *Py_UNUSED(ignored))
{
    /* Rebuilt from its entries: portable across machines and versions. */
    return Py_BuildValue("(O(IO))", (PyObject *)Py_TYPE(self), self->options, self->entries);
}

static PyObject *
lexicon_get_options(LexiconObject *self, void *Py_UNUSED(closure))
{
    return PyLong_FromUnsignedLong(self->options);
}

static PyObject *
lexicon_get_entries(LexiconObject *self, void *Py_UNUSED(closure))
{
    return Py_NewRef(self->entries);
}

static PyGetSetDef lexicon_getset[] = {
    {"options", (getter)lexicon_get_options, NULL, "The SAHEL_NORM_* bits of entries and texts.",
     NULL},
    {"entries", (getter)lexicon_get_entries, NULL,
     "The (phrase, value, flags) tuples it was built from.", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef lexicon_methods[] = {
    {"find", (PyCFunction)lexicon_find, METH_O, lexicon_find_doc},
    {"stats", (PyCFunction)lexicon_stats, METH_NOARGS, "Sizes of the compiled automaton."},
    {"__sizeof__", (PyCFunction)lexicon_sizeof, METH_NOARGS, "Bytes held, the automaton included."},
    {"__reduce__", (PyCFunction)lexicon_reduce, METH_NOARGS,
     "Pickles as the call that builds it again."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot lexicon_slots[] = {
    {Py_tp_new, lexicon_new},
    {Py_tp_dealloc, lexicon_dealloc},
    {Py_tp_methods, lexicon_methods},
    {Py_tp_getset, lexicon_getset},
    {Py_tp_doc,
     "Lexicon(options, entries): a compiled, read-only word list; entries are (phrase, value, "
     "LEX_* flags)."},
    {0, NULL},
};

static PyType_Spec lexicon_spec = {
    .name = "sahel._core.Lexicon",
    .basicsize = sizeof(LexiconObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = lexicon_slots,
};

/* ---- calendar: Hijri (Umm al-Qura) <-> Gregorian ------------------------------ */

static int
parse_ymd(const char *name, PyObject *const *args, Py_ssize_t nargs, int32_t out[3])
{
    if (check_nargs(name, nargs, 3) < 0) return -1;
    for (int i = 0; i < 3; i++) {
        if (!PyLong_Check(args[i])) {
            PyErr_Format(PyExc_TypeError, "%s() takes int year, month, day, not %.100s", name,
                         Py_TYPE(args[i])->tp_name);
            return -1;
        }
        int overflow = 0;
        long value = PyLong_AsLongAndOverflow(args[i], &overflow);
        if (value == -1 && PyErr_Occurred()) return -1;
        if (overflow || value < INT32_MIN || value > INT32_MAX) {
            PyErr_Format(PyExc_ValueError, "%s(): %R is out of range", name, args[i]);
            return -1;
        }
        out[i] = (int32_t)value;
    }
    return 0;
}

static PyObject *
calendar_result(const char *name, int status, const int32_t in[3], const int32_t out[3])
{
    if (status == SAHEL_ERR_INVALID) {
        PyErr_Format(PyExc_ValueError,
                     "%s(): no such day %d-%d-%d (days from 1-1-1 AH = 622-7-19 CE to "
                     "9666-4-2 AH = 9999-12-31 CE)",
                     name, (int)in[0], (int)in[1], (int)in[2]);
        return NULL;
    }
    if (status == SAHEL_ERR_ICU) {
        PyErr_Format(PyExc_RuntimeError, "%s(): ICU's islamic-umalqura calendar failed", name);
        return NULL;
    }
    if (status != SAHEL_OK) return raise_status(status);
    return Py_BuildValue("(iii)", (int)out[0], (int)out[1], (int)out[2]);
}

PyDoc_STRVAR(hijri_to_gregorian_doc,
             "hijri_to_gregorian(year, month, day) -> (year, month, day)\n\n"
             "The Gregorian day of an Umm al-Qura Hijri day (ICU islamic-umalqura); months "
             "1-12. ValueError for a day that does not exist.");

static PyObject *
core_hijri_to_gregorian(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    int32_t in[3], out[3];
    if (parse_ymd("hijri_to_gregorian", args, nargs, in) < 0) return NULL;
    int status = sahel_hijri_to_gregorian(in[0], in[1], in[2], &out[0], &out[1], &out[2]);
    return calendar_result("hijri_to_gregorian", status, in, out);
}

PyDoc_STRVAR(gregorian_to_hijri_doc,
             "gregorian_to_hijri(year, month, day) -> (year, month, day)\n\n"
             "The Umm al-Qura Hijri day of a Gregorian day (ICU islamic-umalqura); months 1-12. "
             "ValueError for a day that does not exist.");

static PyObject *
core_gregorian_to_hijri(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    int32_t in[3], out[3];
    if (parse_ymd("gregorian_to_hijri", args, nargs, in) < 0) return NULL;
    int status = sahel_gregorian_to_hijri(in[0], in[1], in[2], &out[0], &out[1], &out[2]);
    return calendar_result("gregorian_to_hijri", status, in, out);
}

PyDoc_STRVAR(hijri_month_length_doc,
             "hijri_month_length(year, month) -> int\n\n"
             "The number of days (29 or 30) of an Umm al-Qura Hijri month.");

static PyObject *
core_hijri_month_length(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    int32_t in[3];
    PyObject *with_day[3] = {NULL, NULL, NULL};
    if (check_nargs("hijri_month_length", nargs, 2) < 0) return NULL;
    with_day[0] = args[0];
    with_day[1] = args[1];
    with_day[2] = args[1]; /* any int: the day is not read */
    if (parse_ymd("hijri_month_length", with_day, 3, in) < 0) return NULL;
    int year = in[0], month = in[1];
    int32_t days = 0;
    int status = sahel_hijri_month_length(year, month, &days);
    if (status == SAHEL_ERR_INVALID) {
        PyErr_Format(PyExc_ValueError, "hijri_month_length(): no month %d of year %d AH", month,
                     year);
        return NULL;
    }
    if (status != SAHEL_OK) return raise_status(status);
    return PyLong_FromLong(days);
}

/* ---- module ----------------------------------------------------------------- */

static int
add_int(PyObject *module, const char *name, long value)
{
    return PyModule_AddIntConstant(module, name, value);
}

static int
core_exec(PyObject *module)
{
    core_state *state = get_state(module);
    state->matcher_type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &matcher_spec, NULL);
    if (state->matcher_type == NULL) return -1;
    if (PyModule_AddType(module, state->matcher_type) < 0) return -1;
    state->lexicon_type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &lexicon_spec, NULL);
    if (state->lexicon_type == NULL) return -1;
    if (PyModule_AddType(module, state->lexicon_type) < 0) return -1;
    static const struct {
        const char *name;
        long value;
    } constants[] = {
        {"NORM_DIACRITICS", SAHEL_NORM_DIACRITICS},
        {"NORM_EXTENDED_MARKS", SAHEL_NORM_EXTENDED_MARKS},
        {"NORM_TATWEEL", SAHEL_NORM_TATWEEL},
        {"NORM_ALEF", SAHEL_NORM_ALEF},
        {"NORM_ALEF_MAKSURA", SAHEL_NORM_ALEF_MAKSURA},
        {"NORM_TEH_MARBUTA", SAHEL_NORM_TEH_MARBUTA},
        {"NORM_HAMZA_SEATS", SAHEL_NORM_HAMZA_SEATS},
        {"NORM_PERSIAN_LETTERS", SAHEL_NORM_PERSIAN_LETTERS},
        {"NORM_DIGITS", SAHEL_NORM_DIGITS},
        {"NORM_PUNCTUATION", SAHEL_NORM_PUNCTUATION},
        {"NORM_PRESENTATION_FORMS", SAHEL_NORM_PRESENTATION_FORMS},
        {"NORM_INVISIBLE", SAHEL_NORM_INVISIBLE},
        {"NORM_SPACES", SAHEL_NORM_SPACES},
        {"NORM_COLLAPSE_SPACES", SAHEL_NORM_COLLAPSE_SPACES},
        {"NORM_PRESET_SEARCH", SAHEL_NORM_PRESET_SEARCH},
        {"NORM_PRESET_CAMEL", SAHEL_NORM_PRESET_CAMEL},
        {"ALIAS_ARTICLE_OPTIONAL", SAHEL_ALIAS_ARTICLE_OPTIONAL},
        {"ALIAS_NO_PROCLITICS", SAHEL_ALIAS_NO_PROCLITICS},
        {"ALIAS_AMBIGUOUS", SAHEL_ALIAS_AMBIGUOUS},
        {"CONTEXT_BEFORE", SAHEL_CONTEXT_BEFORE},
        {"CONTEXT_AFTER", SAHEL_CONTEXT_AFTER},
        {"REJECT", SAHEL_REJECT},
        {"ACCEPT", SAHEL_ACCEPT},
        {"DECIDED_PLAIN", SAHEL_DECIDED_PLAIN},
        {"DECIDED_RULE_ACCEPT", SAHEL_DECIDED_RULE_ACCEPT},
        {"DECIDED_DEFAULT_ACCEPT", SAHEL_DECIDED_DEFAULT_ACCEPT},
        {"DECIDED_RULE_REJECT", SAHEL_DECIDED_RULE_REJECT},
        {"DECIDED_DEFAULT_REJECT", SAHEL_DECIDED_DEFAULT_REJECT},
        {"FIND_OVERLAPPING", SAHEL_FIND_OVERLAPPING},
        {"FIND_KEEP_REJECTED", SAHEL_FIND_KEEP_REJECTED},
        {"LEX_PREFIX", SAHEL_LEX_PREFIX},
        {"LEX_NO_PROCLITICS", SAHEL_LEX_NO_PROCLITICS},
        {"RELEASE_GIL_FROM", RELEASE_GIL_FROM},
    };
    for (size_t i = 0; i < sizeof(constants) / sizeof(constants[0]); i++)
        if (add_int(module, constants[i].name, constants[i].value) < 0) return -1;
    return 0;
}

static int
core_traverse(PyObject *module, visitproc visit, void *arg)
{
    Py_VISIT(get_state(module)->matcher_type);
    Py_VISIT(get_state(module)->lexicon_type);
    return 0;
}

static int
core_clear(PyObject *module)
{
    Py_CLEAR(get_state(module)->matcher_type);
    Py_CLEAR(get_state(module)->lexicon_type);
    return 0;
}

static void
core_free(void *module)
{
    core_clear((PyObject *)module);
}

static PyMethodDef core_methods[] = {
    {"normalize", (PyCFunction)(void (*)(void))core_normalize, METH_FASTCALL, normalize_doc},
    {"normalize_with_offsets", (PyCFunction)(void (*)(void))core_normalize_with_offsets,
     METH_FASTCALL, normalize_with_offsets_doc},
    {"normalize_many", (PyCFunction)(void (*)(void))core_normalize_many, METH_FASTCALL,
     normalize_many_doc},
    {"words", (PyCFunction)(void (*)(void))core_words, METH_FASTCALL, words_doc},
    {"readings", (PyCFunction)core_readings, METH_O, readings_doc},
    {"hijri_to_gregorian", (PyCFunction)(void (*)(void))core_hijri_to_gregorian, METH_FASTCALL,
     hijri_to_gregorian_doc},
    {"gregorian_to_hijri", (PyCFunction)(void (*)(void))core_gregorian_to_hijri, METH_FASTCALL,
     gregorian_to_hijri_doc},
    {"hijri_month_length", (PyCFunction)(void (*)(void))core_hijri_month_length, METH_FASTCALL,
     hijri_month_length_doc},
    {NULL, NULL, 0, NULL},
};

/* The module keeps no state outside its module object (heap types, module state), so each
 * interpreter may have its own GIL. Matchers and lexicons are immutable once built, the core
 * keeps no global mutable state and reads every batch through a tuple of strong references, so
 * nothing relies on the GIL. */
static PyModuleDef_Slot core_slots[] = {
    {Py_mod_exec, core_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
#ifdef Py_mod_gil
    {Py_mod_gil, Py_MOD_GIL_NOT_USED},
#endif
    {0, NULL},
};

static struct PyModuleDef core_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "sahel._core",
    .m_doc =
        "The sahel C core: Arabic normalization with offsets, words and their proclitic readings, "
        "gazetteer matching and word lexicons.",
    .m_size = sizeof(core_state),
    .m_methods = core_methods,
    .m_slots = core_slots,
    .m_traverse = core_traverse,
    .m_clear = core_clear,
    .m_free = core_free,
};

PyMODINIT_FUNC
PyInit__core(void)
{
    return PyModuleDef_Init(&core_module);
}
