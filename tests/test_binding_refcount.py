"""Reference and memory leaks in every call of the binding, in simplejson's style: each call runs
a first phase (caches, interned strings and free lists settle), is measured, runs a second phase
of the same length, and the test asserts on what the second phase changed: the reference counts
of the arguments and the Python memory traced by tracemalloc. Error paths are included."""

import gc
import pickle
import sys
import tracemalloc
from collections.abc import Callable

import pytest

from sahel import _core

OPTIONS = _core.NORM_PRESET_SEARCH
TEXT = "قال وزير الخارجية التركي إن أنقرة وباماكو ونيامي تتعاون، وقالت مالي: ٢٠٢٤ " * 3
LONG = TEXT * (_core.RELEASE_GIL_FROM // len(TEXT) + 2)  # the GIL-free path
ALIASES = [("تركيا", 1, 0), ("مالي", 2, _core.ALIAS_AMBIGUOUS), ("نيامي", 3, 0)]
RULES = [(2, _core.CONTEXT_BEFORE, "دولة", _core.ACCEPT)]
DEFAULTS = [(2, _core.REJECT)]
ENTRIES = [("وزير الخارجية", 1, 0), ("قال", 2, _core.LEX_PREFIX)]
MATCHER = _core.Matcher(OPTIONS, ALIASES, RULES, DEFAULTS)
LEXICON = _core.Lexicon(OPTIONS, ENTRIES)
PHASE = 300


def _raises(call: Callable[[], object], error: type[BaseException]) -> Callable[[], object]:
    # try/except rather than pytest.raises, whose traceback cycles outlive the call
    def run() -> None:
        try:
            call()
        except error:
            return
        raise AssertionError(f"{error.__name__} not raised")

    return run


CASES: dict[str, tuple[Callable[[], object], tuple]] = {
    "normalize": (lambda: _core.normalize(TEXT, OPTIONS), (TEXT,)),
    "normalize long": (lambda: _core.normalize(LONG, OPTIONS), (LONG,)),
    "normalize bad option": (_raises(lambda: _core.normalize(TEXT, 1 << 40), ValueError), (TEXT,)),
    "normalize_with_offsets": (lambda: _core.normalize_with_offsets(TEXT, OPTIONS), (TEXT,)),
    "normalize_many": (lambda: _core.normalize_many([TEXT, LONG, "abc"], OPTIONS), (TEXT, LONG)),
    "normalize_many bad item": (
        _raises(lambda: _core.normalize_many([TEXT, b"x"], OPTIONS), TypeError),
        (TEXT,),
    ),
    "words": (lambda: _core.words(TEXT, OPTIONS), (TEXT,)),
    "words long": (lambda: _core.words(LONG, OPTIONS), (LONG,)),
    "readings": (lambda: _core.readings("وبالقاهرة"), ()),
    "Matcher": (lambda: _core.Matcher(OPTIONS, ALIASES, RULES, DEFAULTS), (ALIASES[0][0],)),
    "Matcher bad flags": (
        _raises(lambda: _core.Matcher(OPTIONS, [("تركيا", 1, 1 << 33)], [], []), ValueError),
        (),
    ),
    "Matcher empty alias": (
        _raises(lambda: _core.Matcher(OPTIONS, [("،", 1, 0)], [], []), ValueError),
        (),
    ),
    "Matcher.find": (lambda: MATCHER.find(TEXT, 0), (TEXT, MATCHER)),
    "Matcher.find long": (lambda: MATCHER.find(LONG, _core.FIND_KEEP_REJECTED), (LONG, MATCHER)),
    "Matcher.find bad flags": (_raises(lambda: MATCHER.find(TEXT, 1 << 20), ValueError), (TEXT,)),
    "Matcher.find_many": (lambda: MATCHER.find_many([TEXT, LONG], 0), (TEXT, LONG, MATCHER)),
    "Matcher.find_many bad item": (
        _raises(lambda: MATCHER.find_many([TEXT, 3], 0), TypeError),
        (TEXT, MATCHER),
    ),
    "Matcher.stats": (lambda: MATCHER.stats(), (MATCHER,)),
    "Matcher.__sizeof__": (lambda: sys.getsizeof(MATCHER), (MATCHER,)),
    "Lexicon": (lambda: _core.Lexicon(OPTIONS, ENTRIES), (ENTRIES[0][0],)),
    "Lexicon bad flags": (
        _raises(lambda: _core.Lexicon(OPTIONS, [("قال", 1, 1 << 9)]), ValueError),
        (),
    ),
    "Lexicon.find": (lambda: LEXICON.find(TEXT), (TEXT, LEXICON)),
    "Lexicon.find long": (lambda: LEXICON.find(LONG), (LONG, LEXICON)),
    "Lexicon.stats": (lambda: LEXICON.stats(), (LEXICON,)),
    "Lexicon.entries": (lambda: LEXICON.entries, (LEXICON,)),
    "Lexicon.options": (lambda: LEXICON.options, (LEXICON,)),
    "Lexicon.__sizeof__": (lambda: sys.getsizeof(LEXICON), (LEXICON,)),
    "Lexicon pickle": (lambda: pickle.loads(pickle.dumps(LEXICON)), (LEXICON,)),
    "hijri_to_gregorian": (lambda: _core.hijri_to_gregorian(1445, 9, 1), ()),
    "hijri_to_gregorian bad day": (
        _raises(lambda: _core.hijri_to_gregorian(1445, 13, 1), ValueError),
        (),
    ),
    "gregorian_to_hijri": (lambda: _core.gregorian_to_hijri(2024, 3, 11), ()),
    "gregorian_to_hijri bad type": (
        _raises(lambda: _core.gregorian_to_hijri(2024, "3", 11), TypeError),  # type: ignore[arg-type]
        (),
    ),
    "hijri_month_length": (lambda: _core.hijri_month_length(1445, 9), ()),
}


def _phase(call: Callable[[], object]) -> None:
    for _ in range(PHASE):
        call()


@pytest.mark.parametrize("name", sorted(CASES))
def test_no_leak_on_the_second_phase(name: str) -> None:
    call, held = CASES[name]
    tracemalloc.start()
    try:
        _phase(call)
        gc.collect()
        refs = [sys.getrefcount(obj) for obj in held]
        before = tracemalloc.get_traced_memory()[0]
        _phase(call)
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert [sys.getrefcount(obj) for obj in held] == refs
    # one leaked object per call would be at least 16 bytes x PHASE
    assert after - before < 16 * PHASE, f"{name}: {after - before} bytes kept by {PHASE} calls"


def test_every_binding_call_has_a_case() -> None:
    public = {
        name for name in dir(_core) if not name.startswith("_") and callable(getattr(_core, name))
    }
    methods = {
        f"{cls}.{name}"
        for cls in ("Matcher", "Lexicon")
        for name in vars(getattr(_core, cls))
        if not name.startswith("_") or name == "__sizeof__"
    }
    covered = {name.split(" ")[0] for name in CASES}
    assert public | methods <= covered | {"Lexicon pickle"}
