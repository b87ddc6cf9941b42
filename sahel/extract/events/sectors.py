"""The office a country acts through, from the words before its mention: "وزير الاقتصاد
الألماني" is Germany's government, "الجيش النيجري" Niger's military, as event data composes a
country with a sector when the text names an office rather than a person."""

from __future__ import annotations

from sahel.extract.events.tokens import _Actor, _Tokens

# Nouns of an office, read after their proclitics and article; the nearest one before the
# mention, within SECTOR_REACH words of its clause, decides.
SECTORS = {
    **dict.fromkeys(
        "وزير وزيره وزراء وزاره حكومه رئيس رئيسه رئاسه رئاسيه خارجيه الخارجيه سفير سفراء سفاره "
        "مسؤول مسؤولون مسؤولين ناطق متحدث قصر سلطات نظام مجلس".split(),
        "government",
    ),
    **dict.fromkeys(
        "جيش جيوش قوات قوه جنود جندي عسكريون عسكريين ضباط جنرال اركان طائرات مقاتلات بحريه".split(),
        "military",
    ),
    **dict.fromkeys("شرطه امن استخبارات مخابرات".split(), "police"),
    **dict.fromkeys("برلمان نواب الكونغرس كونغرس".split(), "legislature"),
}
SECTOR_REACH = 3
_SECTORED = frozenset({"country", "organization", "alliance"})


def sector_of(actor: _Actor, tokens: _Tokens, covered: frozenset[int] = frozenset()) -> str | None:
    """The sector an office names before a country's mention, None when none is named; the
    words of other mentions (`covered` token indices) end the search."""
    if actor.type not in _SECTORED:
        return None
    clause = tokens.clause(actor.first)
    for k in range(actor.first - 1, max(-1, actor.first - 1 - SECTOR_REACH), -1):
        if tokens.clause(k) != clause or k in covered:
            break
        for form, future in tokens[k].forms:
            if not future and form in SECTORS:
                return SECTORS[form]
    return None
