"""sahel: Arabic news coverage of Sahel geopolitics.

Normalization and entity matching run in a C core; corpus loading and analysis are Python
(pandas, networkx). Heavy modules load on first use, so `import sahel` stays quick.
"""

from importlib import import_module

from sahel.text.normalize import Normalizer, OffsetMap, normalize

__version__ = "0.1.0"

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


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'sahel' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value
    return value
