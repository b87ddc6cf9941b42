"""The gazetteer: entities (countries, places, people, organizations, armed groups) with their
Arabic aliases, read from TSV files that people can read and edit (format: docs/gazetteer.md)."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache
from importlib import resources
from os import PathLike, fspath
from pathlib import Path
from types import MappingProxyType
from typing import Any

from sahel.text.charclass import ARABIC_LETTER_CLASS

TYPES = (
    "country",
    "territory",
    "region",
    "city",
    "place",
    "facility",
    "person",
    "organization",
    "armed_group",
    "media",
    "mission",
    "alliance",
)
KINDS = ("name", "demonym", "metonym")
ENTITY_COLUMNS = (
    "id",
    "type",
    "label",
    "qid",
    "country",
    "refers_to",
    "aliases",
    "demonyms",
    "roles",
    "lat",
    "lon",
)
AMBIGUITY_COLUMNS = (
    "entity_id",
    "alias",
    "default",
    "accept_before",
    "accept_after",
    "reject_before",
    "reject_after",
    "reject_word",
)
DOCUMENT_RULE_COLUMNS = ("entity_id", "alias", "reassign_to", "when_present", "unless_present")
FRAME_COLUMNS = (
    "entity_id",
    "type",
    "label",
    "qid",
    "country",
    "refers_to",
    "alias",
    "kind",
    "article_optional",
    "no_proclitics",
    "ambiguous",
)

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\Z")
_QID = re.compile(r"Q[1-9][0-9]*\Z")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\Z")
_ARABIC = re.compile(ARABIC_LETTER_CLASS)
# The article, to write it before an alias that lacks it; whether an alias has it is the
# core's reading of its first word as written (ألمانيا and إلينوي begin with a hamza alef,
# which normalization turns into a bare one: that is no article, and must not be stripped).
_ARTICLE = "\u0627\u0644"

Where = tuple[str, int]
# The single-valued fields of an entity record (the lists are aliases, demonyms, roles).
_FIELDS = ("type", "label", "qid", "country", "refers_to", "lat", "lon")


class GazetteerError(ValueError):
    """A gazetteer file is wrong; the message starts with `path:line:`."""


@dataclass(frozen=True, slots=True)
class Role:
    """A dated position: `title` (head_of_state, minister_of_defence, leader, ...) held in the
    entity `of` (an entity id such as "NE"), from `start` to `end` (None while ongoing)."""

    title: str
    of: str | None
    start: date | None
    end: date | None


@dataclass(frozen=True, slots=True)
class Entity:
    """One entity. `aliases` are its names as written (the first is the preferred Arabic one),
    `demonyms` its adjective and people forms, `lat` and `lon` a place's coordinates (WGS84
    degrees, None when not given). `exact_aliases` are those written with a leading
    '=' (the article exactly as written), `bare_aliases` those written with '^' (only the bare
    word: no proclitic, no article)."""

    id: str
    type: str
    label: str
    qid: str | None
    country: str | None
    refers_to: str | None
    roles: tuple[Role, ...]
    aliases: tuple[str, ...]
    demonyms: tuple[str, ...]
    exact_aliases: frozenset[str] = field(default_factory=frozenset)
    bare_aliases: frozenset[str] = field(default_factory=frozenset)
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class AliasEntry:
    """What the matcher compiles: one alias of one entity with its flags."""

    text: str
    entity_id: str
    kind: str
    article_optional: bool
    no_proclitics: bool
    ambiguous: bool


@dataclass(frozen=True, slots=True)
class ContextRule:
    """For an ambiguous or guarded alias: the `word` just before (side "before") or just after (side
    "after") the alias accepts or rejects it; side "word": the alias is rejected where the whole
    written word, proclitics included, is `word` (كلاوس is no ك + لاوس). Reject rules win over
    accept rules."""

    entity_id: str
    alias: str
    side: str
    word: str
    effect: str


@dataclass(frozen=True, slots=True)
class AmbiguityDefault:
    """What an ambiguous alias becomes when no context rule fires ("accept" or "reject")."""

    entity_id: str
    alias: str
    effect: str


@dataclass(frozen=True, slots=True)
class DocumentRule:
    """Mentions of `alias` of `entity_id` go to `reassign_to` in a document that mentions the
    entity `when_present` and not the entity `unless_present` (None: no such condition)."""

    entity_id: str
    alias: str
    reassign_to: str
    when_present: str | None
    unless_present: str | None


# ---- reading files ----------------------------------------------------------------------------


def _fail(where: Where | str, message: str) -> GazetteerError:
    if isinstance(where, tuple):
        return GazetteerError(f"{where[0]}:{where[1]}: {message}")
    return GazetteerError(f"{where}: {message}")


def _source_files(sources: Any) -> list[Any]:
    """The files to read, in order: a folder gives its *.tsv files sorted by name."""
    if isinstance(sources, (str, PathLike)) or hasattr(sources, "iterdir"):
        sources = [sources]
    elif not isinstance(sources, Iterable):
        raise TypeError(
            "gazetteer sources must be a path, a folder or a list of them, "
            f"not {type(sources).__name__}"
        )
    files = []
    for source in sources:
        if isinstance(source, (str, PathLike)):
            source = Path(fspath(source))
        elif not hasattr(source, "iterdir"):
            raise TypeError(f"a gazetteer source must be a path, not {type(source).__name__}")
        if source.is_dir():
            found = sorted(
                (f for f in source.iterdir() if f.name.endswith(".tsv") and f.is_file()),
                key=lambda f: f.name,
            )
            if not found:
                raise _fail(str(source), "the folder holds no .tsv gazetteer file")
            files.extend(found)
        elif source.is_file():
            files.append(source)
        else:
            raise _fail(str(source), "no such file or folder")
    if not files:
        raise ValueError("no gazetteer file given")
    return files


def _lines(source: Any) -> Iterator[tuple[int, str]]:
    """(line number, line) of a UTF-8 file, without blank and '#' comment lines."""
    path = str(source)
    data = source.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _fail(path, f"not UTF-8 (byte {exc.start}): save the file as UTF-8") from None
    text = text.removeprefix("\ufeff")
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        yield number, line


def _split_list(cell: str, where: Where, column: str) -> list[str]:
    if not cell:
        return []
    items = [item.strip() for item in cell.split("|")]
    for item in items:
        if not item:
            what = "alias" if column in ("aliases", "demonyms", "alias") else "item"
            raise _fail(where, f"empty {what} in column {column} (two '|' in a row?)")
    return items


def _parse_date(text: str, where: Where, role: str, *, end: bool) -> date | None:
    if not text:
        return None
    match = _DATE.match(text)
    try:
        if not match:
            raise ValueError
        year = int(match[1])
        month, day = (int(g) if g else None for g in match.groups()[1:])
        if month is None:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if day is None:
            last = calendar.monthrange(year, month)[1]
            return date(year, month, last if end else 1)
        return date(year, month, day)
    except ValueError:
        raise _fail(
            where, f"bad date {text!r} in role {role!r}: write YYYY-MM-DD (or YYYY-MM, YYYY)"
        ) from None


def _parse_role(text: str, where: Where) -> Role:
    parts = [p.strip() for p in text.split(":")]
    if not 1 <= len(parts) <= 4 or not parts[0]:
        raise _fail(where, f"bad role {text!r}: write title:of:start:end (end empty if ongoing)")
    parts += [""] * (4 - len(parts))
    title, of, start, end = parts
    if of and not _ID.match(of):
        raise _fail(where, f"bad entity id {of!r} in role {text!r}")
    start_date = _parse_date(start, where, text, end=False)
    end_date = _parse_date(end, where, text, end=True)
    if start_date and end_date and end_date < start_date:
        raise _fail(where, f"role {text!r} ends before it starts")
    return Role(title, of or None, start_date, end_date)


@dataclass
class _Record:
    """An entity record as read: `mode` is "define", "amend" (+id) or "replace" (!id)."""

    mode: str
    id: str
    where: Where
    fields: dict[str, str]
    aliases: list[str]
    demonyms: list[str]
    roles: list[Role]
    exact: set[str]
    removed: list[str]
    bare: set[str] = field(default_factory=set)


@dataclass
class _AmbiguityRow:
    entity_id: str
    alias: str
    where: Where
    default: str | None
    words: dict[str, list[str]]


@dataclass
class _DocumentRow:
    rule: DocumentRule
    where: Where


def _header(path: str, number: int, line: str) -> tuple[str, list[str]]:
    columns = [c.strip() for c in line.split("\t")]
    where = (path, number)
    known: tuple[str, ...]
    if "id" in columns:
        kind, known = "entities", ENTITY_COLUMNS
    elif "entity_id" in columns and "reassign_to" in columns:
        kind, known = "document_rules", DOCUMENT_RULE_COLUMNS
    elif "entity_id" in columns:
        kind, known = "ambiguity", AMBIGUITY_COLUMNS
    else:
        raise _fail(
            where,
            "the header names no id column: an entity file starts with 'id', "
            "a rule file with 'entity_id'",
        )
    for column in columns:
        if column not in known:
            raise _fail(where, f"unknown column {column!r}: known columns are {', '.join(known)}")
        if columns.count(column) > 1:
            raise _fail(where, f"column {column!r} appears twice")
    required = {"entities": ("id",), "ambiguity": ("alias",), "document_rules": ("alias",)}[kind]
    for column in required:
        if column not in columns:
            raise _fail(where, f"the header has no {column!r} column")
    return kind, columns


def _cells(columns: list[str], line: str, where: Where) -> dict[str, str]:
    cells = line.split("\t")
    if len(cells) != len(columns):
        raise _fail(
            where,
            f"wrong number of fields: {len(cells)} fields, the header has {len(columns)} "
            "(fields are separated by one tab)",
        )
    return {c: v.strip() for c, v in zip(columns, cells, strict=True)}


def _check_coordinates(fields: dict[str, str], where: Where) -> None:
    given = [c for c in ("lat", "lon") if c in fields]
    if len(given) == 1:
        raise _fail(where, f"{given[0]} without {'lon' if given[0] == 'lat' else 'lat'}: give both")
    for column, limit in (("lat", 90.0), ("lon", 180.0)):
        if column not in fields:
            continue
        try:
            value = float(fields[column])
        except ValueError:
            value = float("nan")
        if not -limit <= value <= limit:  # also false for nan
            raise _fail(
                where,
                f"bad {column} {fields[column]!r}: write decimal degrees "
                f"from {-limit:g} to {limit:g}",
            )


def _check_id(value: str, where: Where, column: str) -> None:
    if value and not _ID.match(value):
        raise _fail(
            where, f"bad entity id {value!r} in column {column}: use letters, digits, _ . -"
        )


def _entity_record(row: dict[str, str], where: Where) -> _Record:
    raw_id = row["id"]
    mode = {"+": "amend", "!": "replace"}.get(raw_id[:1], "define")
    entity_id = raw_id[1:].strip() if mode != "define" else raw_id
    if not entity_id:
        raise _fail(where, "empty id")
    _check_id(entity_id, where, "id")
    fields = {}
    for column in _FIELDS:
        value = row.get(column, "")
        if value:
            fields[column] = value
    _check_coordinates(fields, where)
    if "type" in fields and fields["type"] not in TYPES:
        raise _fail(where, f"unknown type {fields['type']!r}: choose one of {', '.join(TYPES)}")
    if "qid" in fields and not _QID.match(fields["qid"]):
        raise _fail(where, f"bad Wikidata id {fields['qid']!r}: write Q followed by digits")
    for column in ("country", "refers_to"):
        _check_id(fields.get(column, ""), where, column)
    if fields.get("refers_to") == entity_id:
        raise _fail(where, f"{entity_id} refers to itself")
    exact: set[str] = set()
    bare: set[str] = set()
    removed: list[str] = []
    lists: dict[str, list[str]] = {}
    for column in ("aliases", "demonyms"):
        items = []
        for item in _split_list(row.get(column, ""), where, column):
            if item.startswith("-") and mode == "amend":
                removed.append(item[1:].strip())
                continue
            mark = item[:1] if item[:1] in ("=", "^") else ""
            if mark:
                item = item[1:].strip()
                if not item:
                    raise _fail(where, f"empty alias in column {column} ('{mark}' alone)")
                (exact if mark == "=" else bare).add(item)
            items.append(item)
        lists[column] = items
    roles = [_parse_role(r, where) for r in _split_list(row.get("roles", ""), where, "roles")]
    return _Record(
        mode,
        entity_id,
        where,
        fields,
        lists["aliases"],
        lists["demonyms"],
        roles,
        exact,
        removed,
        bare,
    )


def _ambiguity_rows(row: dict[str, str], where: Where) -> list[_AmbiguityRow]:
    """The rows for each alias of the alias cell (a list: several aliases may share rules)."""
    entity_id = row.get("entity_id", "")
    if not entity_id:
        raise _fail(where, "empty entity_id")
    _check_id(entity_id, where, "entity_id")
    aliases = [a.removeprefix("=").strip() for a in _split_list(row["alias"], where, "alias")]
    if not aliases or not all(aliases):
        raise _fail(where, "empty alias")
    default = row.get("default", "") or None
    if default is not None and default not in ("accept", "reject"):
        raise _fail(where, f"bad default {default!r}: write accept or reject")
    words: dict[str, list[str]] = {}
    for column in AMBIGUITY_COLUMNS[3:]:
        items = _split_list(row.get(column, ""), where, column)
        for word in items:
            found = len(_normalize(word).split())
            if found == 0:
                raise _fail(where, f"context word {word!r} in column {column} has no letters")
            if found != 1:
                raise _fail(
                    where,
                    f"{word!r} in column {column} is not one word: the matcher reads it as "
                    f"{found} (a space, hyphen, dot or other punctuation splits words)",
                )
        words[column] = items
    return [_AmbiguityRow(entity_id, alias, where, default, words) for alias in aliases]


def _document_row(row: dict[str, str], where: Where) -> list[_DocumentRow]:
    entity_id, reassign_to = row.get("entity_id", ""), row.get("reassign_to", "")
    if not entity_id or not reassign_to:
        raise _fail(where, "a document rule needs entity_id and reassign_to")
    for column in ("entity_id", "reassign_to", "when_present", "unless_present"):
        _check_id(row.get(column, ""), where, column)
    aliases = _split_list(row["alias"], where, "alias")
    if not aliases:
        raise _fail(where, "empty alias")
    return [
        _DocumentRow(
            DocumentRule(
                entity_id,
                alias.removeprefix("=").strip(),
                reassign_to,
                row.get("when_present") or None,
                row.get("unless_present") or None,
            ),
            where,
        )
        for alias in aliases
    ]


def _read(files: list[Any]) -> tuple[list[_Record], list[_AmbiguityRow], list[_DocumentRow]]:
    records: list[_Record] = []
    ambiguity: list[_AmbiguityRow] = []
    documents: list[_DocumentRow] = []
    for source in files:
        path = str(source)
        kind = columns = None
        for number, line in _lines(source):
            where = (path, number)
            if columns is None:
                kind, columns = _header(path, number, line)
                continue
            row = _cells(columns, line, where)
            if kind == "entities":
                records.append(_entity_record(row, where))
            elif kind == "ambiguity":
                ambiguity.extend(_ambiguity_rows(row, where))
            else:
                documents.extend(_document_row(row, where))
        if columns is None:
            raise _fail(path, "empty file: the first line that is not a comment is the header")
    return records, ambiguity, documents


# ---- building --------------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _normalize(text: str) -> str:
    """The words of `text` as the core's scanner finds and normalizes them (what the matcher
    compiles), joined by one space; empty when the core sees no word in it."""
    # Imported here so that reading the module never needs the compiled core.
    from sahel.text.words import words

    return " ".join(words(text, "search").forms)


def _is_arabic(text: str) -> bool:
    return bool(_ARABIC.search(text))


def _article(word: str) -> str:
    """The article the core reads at the start of `word` (ال, with no proclitic), or ''."""
    from sahel.text.words import readings

    return next((r.article for r in readings(word) if r.article and not r.proclitic), "")


def _written_article(text: str) -> str:
    """The article of an alias's first word as written (before normalization)."""
    words = text.split()
    return _article(words[0]) if words else ""


def _article_optional(text: str, exact: bool) -> bool:
    """Whether the matcher may add or drop the article: never for '=' aliases, Latin ones,
    nor for names whose first letters only look like the article once hamza is normalized."""
    if exact or not _is_arabic(text):
        return False
    return bool(_written_article(text)) or not _article(_normalize(text).split(" ")[0])


def _match_keys(text: str, key: str, exact: bool) -> set[str]:
    """The normalized forms an alias can match, article added or dropped."""
    keys = {key}
    if _article_optional(text, exact):
        article = _written_article(text)
        if article and len(key) > len(article) + 1:
            keys.add(key[len(article) :])
        elif not article:
            keys.add(_ARTICLE + key)
    return keys


def _entity_fields(entity: Entity) -> dict[str, str]:
    """An entity's single-valued fields as a record holds them (strings; unset ones left out)."""
    values = {name: getattr(entity, name) for name in _FIELDS}
    return {
        name: repr(v) if isinstance(v, float) else v
        for name, v in values.items()
        if v is not None and v != ""
    }


@dataclass
class _Builder:
    """An entity being assembled from its records."""

    id: str
    where: Where
    fields: dict[str, str]
    aliases: list[str]
    demonyms: list[str]
    roles: list[Role]
    exact: set[str]
    alias_where: dict[str, Where]
    bare: set[str] = field(default_factory=set)

    @classmethod
    def from_entity(cls, entity: Entity, where: Where, alias_where: dict[str, Where]):
        fields = _entity_fields(entity)
        return cls(
            entity.id,
            where,
            fields,
            list(entity.aliases),
            list(entity.demonyms),
            list(entity.roles),
            set(entity.exact_aliases),
            dict(alias_where),
            set(entity.bare_aliases),
        )

    @classmethod
    def from_record(cls, record: _Record):
        builder = cls(record.id, record.where, {}, [], [], [], set(), {})
        builder.amend(record)
        return builder

    def amend(self, record: _Record) -> None:
        self.fields.update(record.fields)
        for text in record.removed:
            if text not in self.aliases and text not in self.demonyms:
                raise _fail(record.where, f"cannot remove {text!r}: {self.id} has no such alias")
            self.aliases = [a for a in self.aliases if a != text]
            self.demonyms = [a for a in self.demonyms if a != text]
            self.exact.discard(text)
            self.bare.discard(text)
            self.alias_where.pop(text, None)
        for target, items in ((self.aliases, record.aliases), (self.demonyms, record.demonyms)):
            for text in items:
                if text not in target:
                    target.append(text)
                if text in record.exact:
                    self.exact.add(text)
                if text in record.bare:
                    self.bare.add(text)
                self.alias_where.setdefault(text, record.where)
        for role in record.roles:
            if role not in self.roles:
                self.roles.append(role)

    def entity(self) -> Entity:
        label = self.fields.get("label") or (self.aliases[0] if self.aliases else self.id)
        return Entity(
            id=self.id,
            type=self.fields["type"],
            label=label,
            qid=self.fields.get("qid"),
            country=self.fields.get("country"),
            refers_to=self.fields.get("refers_to"),
            roles=tuple(self.roles),
            aliases=tuple(self.aliases),
            demonyms=tuple(self.demonyms),
            exact_aliases=frozenset(self.exact),
            bare_aliases=frozenset(self.bare),
            lat=float(self.fields["lat"]) if "lat" in self.fields else None,
            lon=float(self.fields["lon"]) if "lon" in self.fields else None,
        )


def _merge_records(records: list[_Record], base: Gazetteer | None) -> dict[str, _Builder]:
    builders: dict[str, _Builder] = {}
    if base is not None:
        alias_where: dict[str, dict[str, Where]] = {}
        for (entity_id, text), where in base._alias_where.items():
            alias_where.setdefault(entity_id, {})[text] = where
        for entity_id, entity in base._entities.items():
            builders[entity_id] = _Builder.from_entity(
                entity, base._where[entity_id], alias_where.get(entity_id, {})
            )
    defined_here: dict[str, Where] = {}
    for record in records:
        if record.mode != "define":
            continue
        first = defined_here.get(record.id)
        if first is not None:
            raise _fail(record.where, f"duplicate id {record.id} (first at {first[0]}:{first[1]})")
        defined_here[record.id] = record.where
        if record.id in builders:  # a plain record over the base amends it
            builders[record.id].amend(record)
            builders[record.id].where = record.where
        else:
            builders[record.id] = _Builder.from_record(record)
    for record in records:
        if record.mode == "define":
            continue
        if record.id not in builders:
            sign = "+" if record.mode == "amend" else "!"
            raise _fail(record.where, f"{sign}{record.id} names an unknown id {record.id}")
        if record.mode == "replace":
            builders[record.id] = _Builder.from_record(record)
        else:
            builders[record.id].amend(record)
    for builder in builders.values():
        if "type" not in builder.fields:
            raise _fail(builder.where, f"{builder.id} has no type")
    return builders


def _check_references(builders: dict[str, _Builder]) -> None:
    for builder in builders.values():
        for column in ("country", "refers_to"):
            target = builder.fields.get(column)
            if target is None:
                continue
            if target not in builders:
                raise _fail(builder.where, f"{column} {target} of {builder.id} is an unknown id")
            if column == "country" and builders[target].fields["type"] not in (
                "country",
                "territory",
            ):
                raise _fail(
                    builder.where,
                    f"country {target} of {builder.id} is a {builders[target].fields['type']}, "
                    "not a country or territory",
                )
        for role in builder.roles:
            if role.of is not None and role.of not in builders:
                raise _fail(
                    builder.where, f"role {role.title} of {builder.id}: {role.of} is an unknown id"
                )


def _alias_keys(builders: dict[str, _Builder]) -> dict[tuple[str, str], str]:
    """The normalized form of every alias; fails on an alias that normalizes to nothing and on
    one that could match the alias of another entity."""
    keys: dict[tuple[str, str], str] = {}
    owner: dict[str, tuple[str, str]] = {}
    for builder in builders.values():
        for text in builder.aliases + builder.demonyms:
            where = builder.alias_where.get(text, builder.where)
            key = _normalize(text)
            if not key:
                raise _fail(where, f"alias {text!r} of {builder.id} normalizes to nothing")
            keys[(builder.id, text)] = key
            fixed = text in builder.exact or text in builder.bare
            for form in _match_keys(text, key, fixed):
                other = owner.get(form)
                if other is not None and other[0] != builder.id:
                    other_where = builders[other[0]].alias_where.get(
                        other[1], builders[other[0]].where
                    )
                    raise _fail(
                        where,
                        f"alias {text!r} of {builder.id} can match as {form!r}, like alias "
                        f"{other[1]!r} of {other[0]} ({other_where[0]}:{other_where[1]}); "
                        "mark one '=' (article as written) or drop one",
                    )
                owner.setdefault(form, (builder.id, text))
    return keys


def _resolve_alias(
    entity: Entity, alias: str, keys: dict[tuple[str, str], str], where: Where
) -> str:
    """The entity's alias as written that `alias` (from a rule file) designates."""
    texts = entity.aliases + entity.demonyms
    if alias in texts:
        return alias
    key = _normalize(alias)
    for text in texts:
        if keys[(entity.id, text)] == key:
            return text
    raise _fail(where, f"{alias!r} is not an alias of {entity.id}")


class Gazetteer:
    """Entities and their aliases, with the rules for ambiguous aliases. Immutable: `extend`
    returns a new gazetteer. Build one with `Gazetteer.default()` or `Gazetteer.load(path)`."""

    def __init__(self) -> None:
        self._entities: dict[str, Entity] = {}
        self._where: dict[str, Where] = {}
        self._alias_where: dict[tuple[str, str], Where] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self._rules: tuple[ContextRule, ...] = ()
        self._defaults: dict[tuple[str, str], tuple[str, Where]] = {}
        self._document_rules: tuple[DocumentRule, ...] = ()
        self._source_files: tuple[str, ...] = ()
        self._entries: tuple[AliasEntry, ...] = ()

    # ---- construction ----

    @classmethod
    def default(cls) -> Gazetteer:
        """The gazetteer shipped with sahel (sahel/data/gazetteer), read once and cached."""
        return _default()

    @classmethod
    def load(cls, paths: Any, base: Gazetteer | None = None) -> Gazetteer:
        """Reads a gazetteer file, a folder of them (its *.tsv files, by name) or a list of both.
        With `base`, the files extend it: a record whose id the base has amends that entity."""
        if base is not None and not isinstance(base, Gazetteer):
            raise TypeError(f"base must be a Gazetteer, not {type(base).__name__}")
        files = _source_files(paths)
        records, ambiguity, documents = _read(files)
        builders = _merge_records(records, base)
        sources = (base._source_files if base else ()) + tuple(str(f) for f in files)
        return cls._build(builders, base, ambiguity, documents, sources)

    def extend(self, other: Any) -> Gazetteer:
        """A new gazetteer: this one extended by `other` (a Gazetteer, or files as for `load`).
        An entity of `other` with an id this one has amends it: the fields it sets replace these,
        its aliases, demonyms and roles are added. In files, '!id' replaces a whole entity."""
        if not isinstance(other, Gazetteer):
            return Gazetteer.load(other, base=self)
        records = []
        for entity_id, entity in other._entities.items():
            fields = _entity_fields(entity)
            records.append(
                _Record(
                    "define",
                    entity_id,
                    other._where[entity_id],
                    fields,
                    list(entity.aliases),
                    list(entity.demonyms),
                    list(entity.roles),
                    set(entity.exact_aliases),
                    [],
                    set(entity.bare_aliases),
                )
            )
        builders = _merge_records(records, self)
        for (entity_id, text), where in other._alias_where.items():
            builders[entity_id].alias_where[text] = where
        ambiguity = [
            _AmbiguityRow(eid, alias, where, effect, {c: [] for c in AMBIGUITY_COLUMNS[3:]})
            for (eid, alias), (effect, where) in other._defaults.items()
        ]
        for rule in other._rules:
            column = f"{rule.effect}_{rule.side}"
            where = other._defaults[(rule.entity_id, rule.alias)][1]
            ambiguity.append(
                _AmbiguityRow(rule.entity_id, rule.alias, where, None, {column: [rule.word]})
            )
        documents = [
            _DocumentRow(rule, other._where[rule.entity_id]) for rule in other._document_rules
        ]
        sources = self._source_files + other._source_files
        return Gazetteer._build(builders, self, ambiguity, documents, sources)

    @classmethod
    def _build(
        cls,
        builders: dict[str, _Builder],
        base: Gazetteer | None,
        ambiguity: list[_AmbiguityRow],
        documents: list[_DocumentRow],
        sources: tuple[str, ...],
    ) -> Gazetteer:
        _check_references(builders)
        keys = _alias_keys(builders)
        self = cls()
        self._entities = {eid: b.entity() for eid, b in builders.items()}
        self._where = {eid: b.where for eid, b in builders.items()}
        self._alias_where = {
            (eid, text): b.alias_where.get(text, b.where)
            for eid, b in builders.items()
            for text in b.aliases + b.demonyms
        }
        self._keys = keys
        self._source_files = sources
        self._set_ambiguity(base, ambiguity)
        self._set_document_rules(base, documents)
        self._entries = self._make_entries()
        return self

    def _set_ambiguity(self, base: Gazetteer | None, rows: list[_AmbiguityRow]) -> None:
        rules: dict[ContextRule, None] = {}
        defaults: dict[tuple[str, str], tuple[str, Where]] = {}
        if base is not None:
            for rule in base._rules:
                if (rule.entity_id, rule.alias) in self._alias_where:
                    rules[rule] = None
            for pair, value in base._defaults.items():
                if pair in self._alias_where:
                    defaults[pair] = value
        given_here: dict[tuple[str, str], tuple[str, Where]] = {}
        for row in rows:
            entity = self._entities.get(row.entity_id)
            if entity is None:
                raise _fail(row.where, f"entity_id {row.entity_id} is an unknown id")
            alias = _resolve_alias(entity, row.alias, self._keys, row.where)
            pair = (row.entity_id, alias)
            if row.default is not None:
                earlier = given_here.get(pair)
                if earlier is not None and earlier[0] != row.default:
                    raise _fail(
                        row.where,
                        f"default {row.default} for {alias!r} of {row.entity_id} contradicts "
                        f"{earlier[0]} at {earlier[1][0]}:{earlier[1][1]}",
                    )
                given_here[pair] = (row.default, row.where)
                defaults[pair] = (row.default, row.where)
            for column, words in row.words.items():
                effect, side = column.split("_")
                for word in words:
                    if not _normalize(word):
                        raise _fail(row.where, f"context word {word!r} normalizes to nothing")
                    rules[ContextRule(row.entity_id, alias, side, word, effect)] = None
        # An alias without a default is a guard: plain, with reject rules only.
        for row in rows:
            entity = self._entities[row.entity_id]
            pair = (row.entity_id, _resolve_alias(entity, row.alias, self._keys, row.where))
            accepts = row.words.get("accept_before") or row.words.get("accept_after")
            if pair not in defaults and accepts:
                raise _fail(
                    row.where,
                    f"no default for {pair[1]!r} of {pair[0]}: give accept or reject in the "
                    "default column of one of its rows (an alias without a default is a "
                    "guard: reject words only)",
                )
        self._rules = tuple(rules)
        self._defaults = defaults

    def _set_document_rules(self, base: Gazetteer | None, rows: list[_DocumentRow]) -> None:
        kept: dict[DocumentRule, None] = {}
        if base is not None:
            for rule in base._document_rules:
                if (rule.entity_id, rule.alias) in self._alias_where:
                    kept[rule] = None
        for row in rows:
            rule = row.rule
            for column in ("entity_id", "reassign_to", "when_present", "unless_present"):
                target = getattr(rule, column)
                if target is not None and target not in self._entities:
                    raise _fail(row.where, f"{column} {target} is an unknown id")
            alias = _resolve_alias(
                self._entities[rule.entity_id], rule.alias, self._keys, row.where
            )
            kept[
                DocumentRule(
                    rule.entity_id, alias, rule.reassign_to, rule.when_present, rule.unless_present
                )
            ] = None
        self._document_rules = tuple(kept)

    def _make_entries(self) -> tuple[AliasEntry, ...]:
        entries = []
        for entity in self._entities.values():
            seen: set[str] = set()
            name_kind = "metonym" if entity.refers_to else "name"
            for kind, texts in ((name_kind, entity.aliases), ("demonym", entity.demonyms)):
                for text in texts:
                    key = self._keys[(entity.id, text)]
                    if key in seen:  # the same alias written twice (أفريقيا, إفريقيا)
                        continue
                    seen.add(key)
                    bare = text in entity.bare_aliases
                    exact = text in entity.exact_aliases or bare
                    entries.append(
                        AliasEntry(
                            text=text,
                            entity_id=entity.id,
                            kind=kind,
                            article_optional=_article_optional(text, exact),
                            no_proclitics=bare or not _is_arabic(text),
                            ambiguous=(entity.id, text) in self._defaults,
                        )
                    )
        return tuple(entries)

    # ---- reading ----

    @property
    def entities(self) -> Mapping[str, Entity]:
        """Entities by id, in the order they were read (a read-only view)."""
        return MappingProxyType(self._entities)

    @property
    def source_files(self) -> tuple[str, ...]:
        """The files this gazetteer was read from, base files first."""
        return self._source_files

    def alias_entries(self) -> list[AliasEntry]:
        """Every alias with its flags, entity by entity in order; within an entity its aliases
        then its demonyms as written (a second spelling that normalizes alike is left out)."""
        return list(self._entries)

    def context_rules(self) -> list[ContextRule]:
        return list(self._rules)

    def ambiguity_defaults(self) -> list[AmbiguityDefault]:
        return [AmbiguityDefault(e, a, effect) for (e, a), (effect, _) in self._defaults.items()]

    def document_rules(self) -> list[DocumentRule]:
        return list(self._document_rules)

    def where(self, entity_id: str) -> str:
        """'path:line' of the record that defined (or last redefined) an entity."""
        path, line = self._where[entity_id]
        return f"{path}:{line}"

    def to_frame(self):
        """One row per alias entry: columns FRAME_COLUMNS."""
        import pandas as pd

        rows = []
        for entry in self._entries:
            entity = self._entities[entry.entity_id]
            rows.append(
                (
                    entity.id,
                    entity.type,
                    entity.label,
                    entity.qid,
                    entity.country,
                    entity.refers_to,
                    entry.text,
                    entry.kind,
                    entry.article_optional,
                    entry.no_proclitics,
                    entry.ambiguous,
                )
            )
        return pd.DataFrame(rows, columns=list(FRAME_COLUMNS))

    def __len__(self) -> int:
        return len(self._entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self._entities

    def __getitem__(self, entity_id: str) -> Entity:
        try:
            return self._entities[entity_id]
        except KeyError:
            raise KeyError(f"no entity {entity_id!r} in the gazetteer") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._entities)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Gazetteer):
            return NotImplemented
        return (
            self._entities == other._entities
            and self._rules == other._rules
            and {k: v[0] for k, v in self._defaults.items()}
            == {k: v[0] for k, v in other._defaults.items()}
            and self._document_rules == other._document_rules
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<Gazetteer: {len(self._entities)} entities, {len(self._entries)} aliases, "
            f"{len(self._source_files)} files>"
        )

    # Pickles its records (plain strings, dates, tuples): portable across machines.
    def __reduce__(self):
        state = (
            tuple(self._entities.values()),
            self._where,
            self._alias_where,
            self._keys,
            self._rules,
            self._defaults,
            self._document_rules,
            self._source_files,
            self._entries,
        )
        return (_unpickle, state)


def _unpickle(entities, where, alias_where, keys, rules, defaults, documents, sources, entries):
    self = Gazetteer()
    self._entities = {e.id: e for e in entities}
    self._where = dict(where)
    self._alias_where = dict(alias_where)
    self._keys = dict(keys)
    self._rules = tuple(rules)
    self._defaults = dict(defaults)
    self._document_rules = tuple(documents)
    self._source_files = tuple(sources)
    self._entries = tuple(entries)
    return self


def default_path() -> Any:
    """The folder of the default gazetteer files (a Traversable; a Path in a normal install)."""
    return resources.files("sahel") / "data" / "gazetteer"


@cache
def _default() -> Gazetteer:
    return Gazetteer.load(default_path())
