"""sahel: Arabic news coverage of Sahel geopolitics.

Normalization and entity matching run in a C core; corpus loading and analysis are Python
(pandas, networkx). Heavy modules load on first use, so `import sahel` stays quick.
"""

from importlib import import_module
from typing import Any

from sahel.text.normalize import Normalizer, OffsetMap, normalize

# Loaded on first use. Every command of the CLI (`sahel normalize`, `python -m sahel`) imports
# this package first, and `sahel normalize` needs nothing but sahel.text.normalize (5 ms over
# the interpreter's own 20 ms). Measured with `python -X importtime`: the gazetteer adds 30 ms,
# the loaders 17 ms, and everything that imports pandas and pyarrow (matcher, corpus, dates,
# events, variants, pipeline) 0.3 to 0.7 s each.
_LAZY = {
    "Gazetteer": "sahel.text.gazetteer",
    "GazetteerError": "sahel.text.gazetteer",
    "Matcher": "sahel.text.matcher",
    "Mention": "sahel.text.matcher",
    "Corpus": "sahel.corpus.corpus",
    "LoadError": "sahel.corpus.loaders",
    "find_dates": "sahel.extract.dates",
    "dates_table": "sahel.extract.dates",
    "extract_events": "sahel.extract.events",
    "events_table": "sahel.extract.events",
    "find_variants": "sahel.analysis.variants",
    "analyze": "sahel.pipeline",
}

__all__ = ["Normalizer", "OffsetMap", "normalize", "__version__", *_LAZY]


def __getattr__(name: str) -> Any:
    value: Any
    if name == "__version__":
        # The one version is pyproject.toml's, read from the installed metadata; on first use,
        # since importlib.metadata takes 20 ms to import.
        from importlib.metadata import version

        value = version("sahel")
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'sahel' has no attribute {name!r}")
    globals()[name] = value
    return value
