"""Corpus layer: reading files into documents, cleaning boilerplate, sentences, duplicates,
and the mentions table of a corpus. Imports only from the text layer."""
