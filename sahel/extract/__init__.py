"""Extraction layer: dates and actor–event–actor records, built on the text layer (words,
lexicons, the gazetteer) and on the corpus's documents and sentences."""
