"""Which record fields hold a document's id, text, title, source, date and url: the one place for
the field mapping that ``Corpus.load``'s keywords, the partitions and the command's ``--*-field``
options share, and for what a rejection says when the text field is missing."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

#: The mapping's keywords, in the order the command lists its options.
NAMES = ("text", "title", "date", "source", "id", "url")
#: How many field names a rejection lists.
LISTED = 20


@dataclass(frozen=True, slots=True)
class Fields:
    """The record field that holds each part of a document. ``id=None``: a field named "id"
    when there is one; ``title``, ``source``, ``date``, ``url`` None: no such field."""

    text: str = "text"
    title: str | None = "title"
    date: str | None = "date"
    source: str | None = "source"
    id: str | None = None
    url: str | None = "url"

    def __post_init__(self) -> None:
        if not isinstance(self.text, str) or not self.text:
            raise TypeError(f"text must name a field (a non-empty str), not {self.text!r}")
        for name in NAMES[1:]:
            value = getattr(self, name)
            if value is not None and (not isinstance(value, str) or not value):
                raise TypeError(
                    f"{name} must name a field (a non-empty str) or be None, not {value!r}"
                )

    def named(self) -> set[str]:
        """The fields the mapping takes; every other field of a record is metadata."""
        names = {self.text, self.title, self.source, self.date, self.url, self.id or "id"}
        return {n for n in names if n}


_HINT = re.compile(r"; the longest text is in (?P<name>'.*'|\".*\")$")


def missing_text(fields: Fields, values: dict[str, Any]) -> str:
    """The rejection reason of a record without the text field: the fields it has and the one
    holding its longest string (the likely text), which :func:`suggested_text` reads back."""
    found = [str(k) for k in values]
    listed = ", ".join(found[:LISTED]) + (
        f" (+{len(found) - LISTED})" if len(found) > LISTED else ""
    )
    reason = f"no {fields.text!r} field (the text); fields found: {listed or 'none'}"
    # the text is the string of most words (a date or an id is one or two)
    strings = [
        (len(v.split()), len(v), str(k))
        for k, v in values.items()
        if isinstance(v, str) and v.strip()
    ]
    if strings:
        reason += f"; the longest text is in {max(strings)[2]!r}"
    return reason


def suggested_text(reason: str) -> str | None:
    """The field a :func:`missing_text` reason names as the likely text, or None."""
    found = _HINT.search(reason)
    return None if found is None else str(ast.literal_eval(found["name"]))
