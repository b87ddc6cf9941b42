"""The benchmarks' input: article texts from the start of the ANT corpus in ../shared."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared/corpus/ant_multisource.jsonl.gz"


def load_texts(path: Path = CORPUS, megabytes: float = 50) -> tuple[list[str], int]:
    """Non-empty article texts from the start of the corpus, up to `megabytes` of UTF-8;
    returns them and their UTF-8 size."""
    texts, size, limit = [], 0, int(megabytes * 1e6)
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            text = json.loads(line).get("text") or ""
            if not text:
                continue
            encoded = len(text.encode("utf-8"))
            if size + encoded > limit:
                break
            texts.append(text)
            size += encoded
    return texts, size
