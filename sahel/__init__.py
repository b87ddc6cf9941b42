"""sahel: Arabic news coverage of Sahel geopolitics.

Normalization and entity matching run in a C core; corpus loading and analysis are Python
(pandas, networkx). Heavy modules load on first use, so `import sahel` stays quick.
"""

from importlib import import_module

from sahel.normalize import Normalizer, OffsetMap, normalize

__version__ = "0.1.0"

_LAZY = {
    "Gazetteer": "sahel.gazetteer",
    "GazetteerError": "sahel.gazetteer",
    "Matcher": "sahel.matcher",
    "Mention": "sahel.matcher",
    "Corpus": "sahel.corpus",
    "LoadError": "sahel.loaders",
    "find_dates": "sahel.dates",
    "dates_table": "sahel.dates",
    "extract_events": "sahel.events",
    "events_table": "sahel.events",
    "find_variants": "sahel.variants",
    "analyze": "sahel.pipeline",
}

__all__ = ["Normalizer", "OffsetMap", "normalize", "__version__", *_LAZY]


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sahel' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
