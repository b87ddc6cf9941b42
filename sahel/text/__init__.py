"""Text layer: thin typed wrappers over the C core (normalization, words and lexicons,
the gazetteer and its matcher) and the rule for which actor a mention counts for."""
