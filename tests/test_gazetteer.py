"""The gazetteer: the default data, the file format and its errors, extension, pickling, and the
country list against ICU/CLDR."""

import csv
import importlib.util
import pickle
import re
from datetime import date
from pathlib import Path

import pytest

import sahel
from sahel.text.gazetteer import (
    TYPES,
    AliasEntry,
    Gazetteer,
    GazetteerError,
    default_path,
)

ROOT = Path(__file__).resolve().parents[1]
HEADER = "id\ttype\tlabel\tcountry\trefers_to\taliases\tdemonyms\troles\n"


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", sahel.normalize(text)))


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def row(*cells: str) -> str:
    return "\t".join(cells) + "\n"


@pytest.fixture(scope="module")
def default() -> Gazetteer:
    return Gazetteer.default()


# ---- the default data ------------------------------------------------------------------------


def test_default_is_cached(default):
    assert Gazetteer.default() is default
    assert sahel.Gazetteer is Gazetteer


def test_default_counts_meet_the_minimums(default):
    types = [e.type for e in default.entities.values()]
    assert set(types) <= set(TYPES)
    places = sum(types.count(t) for t in ("region", "city", "place", "facility"))
    organizations = sum(types.count(t) for t in ("organization", "alliance", "mission", "media"))
    assert places >= 60
    assert types.count("person") >= 80
    assert organizations >= 60
    assert types.count("armed_group") >= 15
    assert types.count("country") == 195  # UN members and observer states


def test_sahel_places_have_their_country(default):
    sahel_places = [
        e
        for e in default.entities.values()
        if e.type in ("city", "place") and e.country in ("NE", "ML", "BF", "TD", "MR")
    ]
    assert len(sahel_places) >= 45
    assert default["niamey"].country == "NE" and default["niamey"].refers_to == "NE"
    assert default["agadez"].country == "NE" and default["agadez"].refers_to is None
    assert default["air_base_201"].type == "facility"


def test_every_alias_normalizes_to_a_word(default):
    for entry in default.alias_entries():
        assert words(entry.text), entry


def test_alias_entries_are_deterministic(default):
    again = Gazetteer.load(default_path())
    assert again.alias_entries() == default.alias_entries()
    assert again.context_rules() == default.context_rules()
    assert len(default) == len(default.entities) == len(list(default))


def test_alias_flags_and_kinds(default):
    entries = {(e.entity_id, e.text): e for e in default.alias_entries()}
    assert entries[("RU", "روسي")].kind == "demonym"
    assert entries[("RU", "روسي")].article_optional
    assert entries[("moscow", "موسكو")].kind == "metonym"
    assert entries[("kremlin", "الكرملين")].kind == "metonym"
    assert entries[("NE", "النيجر")].kind == "name"
    mali = entries[("ML", "مالي")]
    assert not mali.article_optional and mali.ambiguous
    assert entries[("cnsp", "CNSP")].no_proclitics
    assert not entries[("cnsp", "CNSP")].article_optional
    assert entries[("lome", "لومي")].no_proclitics  # '^' in the file
    # a hamza alef before lam is no article: ألماني is listed with and without it instead
    assert not entries[("DE", "ألماني")].article_optional


def test_default_rules(default):
    rules = default.context_rules()
    assert {r.side for r in rules} == {"before", "after", "word"}
    assert all(r.effect == "reject" for r in rules if r.side == "word")
    assert {r.effect for r in rules} == {"accept", "reject"}
    by_alias = {(d.entity_id, d.alias): d.effect for d in default.ambiguity_defaults()}
    assert by_alias[("sahel", "الساحل")] == "reject"
    assert by_alias[("al_qaeda", "القاعدة")] == "accept"
    assert any(
        r.entity_id == "ML" and r.alias == "مالي" and r.word == "تعاون" and r.effect == "reject"
        for r in rules
    )
    entries = {(e.entity_id, e.text) for e in default.alias_entries()}
    for rule in rules:
        assert (rule.entity_id, rule.alias) in entries
        assert len(rule.word.split()) == 1
    documents = default.document_rules()
    assert {(d.entity_id, d.reassign_to, d.when_present, d.unless_present) for d in documents} == {
        ("NG", "NE", "NE", "NG"),
        ("CM", "david_cameron", "david_cameron", None),
    }
    assert {d.alias for d in documents} >= {"نيجيري", "نيجيرية"}


def test_roles_are_dated(default):
    tiani = default["abdourahamane_tiani"]
    role = next(r for r in tiani.roles if r.title == "head_of_state")
    assert (role.of, role.start, role.end) == ("NE", date(2023, 7, 26), None)
    for entity in default.entities.values():
        for r in entity.roles:
            assert r.of is None or r.of in default
            assert r.start is None or r.end is None or r.start <= r.end


def test_references_resolve(default):
    for entity in default.entities.values():
        if entity.country:
            assert default[entity.country].type in ("country", "territory")
        if entity.refers_to:
            assert entity.refers_to in default


def test_qids_are_well_formed(default):
    qids = [e.qid for e in default.entities.values() if e.qid]
    assert all(re.fullmatch(r"Q[1-9][0-9]*", q) for q in qids)
    assert len(qids) == len(set(qids))


def test_to_frame(default):
    frame = default.to_frame()
    assert len(frame) == len(default.alias_entries())
    assert list(frame.columns)[:3] == ["entity_id", "type", "label"]
    assert set(frame.kind) == {"name", "demonym", "metonym"}


def test_mapping_interface(default):
    assert "NE" in default and "XX-none" not in default
    assert default["NE"].label == "Niger"
    with pytest.raises(KeyError, match="no entity"):
        default["XX-none"]
    with pytest.raises(TypeError):
        default.entities["NE"] = None  # read-only view


# ---- pickling --------------------------------------------------------------------------------


def test_pickle_round_trip(default):
    clone = pickle.loads(pickle.dumps(default))
    assert clone == default
    assert clone.alias_entries() == default.alias_entries()
    assert clone.source_files == default.source_files


def test_pickle_needs_no_files(tmp_path):
    path = write(
        tmp_path / "g.tsv", HEADER + row("x1", "place", "X", "", "", "مكان تجريبي", "", "")
    )
    data = pickle.dumps(Gazetteer.load(path))
    path.unlink()
    clone = pickle.loads(data)
    assert clone["x1"].aliases == ("مكان تجريبي",)


# ---- extension and override -------------------------------------------------------------------


@pytest.fixture
def base(tmp_path) -> Gazetteer:
    path = write(
        tmp_path / "base.tsv",
        HEADER
        + row("AA", "country", "Aland", "", "", "ألفا | =الفا الكبرى", "ألفي", "")
        + row("bb", "person", "Bee", "AA", "", "باء بائي", "", "leader:AA:2020:"),
    )
    return Gazetteer.load(path)


def test_extend_amends_and_adds(base, tmp_path):
    ext = write(
        tmp_path / "ext.tsv",
        "id\tlabel\taliases\n" + row("AA", "Alpha", "ألفا الجديدة") + row("+bb", "", "بائي"),
    )
    extended = base.extend(ext)
    assert extended["AA"].label == "Alpha"
    assert extended["AA"].aliases == ("ألفا", "الفا الكبرى", "ألفا الجديدة")
    assert extended["AA"].type == "country" and extended["AA"].demonyms == ("ألفي",)
    assert extended["bb"].aliases == ("باء بائي", "بائي")
    assert extended["bb"].roles == base["bb"].roles
    # the base is unchanged, and the sources add up
    assert base["AA"].label == "Aland" and len(base["AA"].aliases) == 2
    assert extended.source_files == base.source_files + (str(ext),)
    assert Gazetteer.load(ext, base=base) == extended


def test_replace_and_remove(base, tmp_path):
    ext = write(
        tmp_path / "ext.tsv",
        "id\ttype\tlabel\taliases\n"
        + row("!AA", "territory", "Aland Islands", "جزر ألفا")
        + row("+bb", "", "", "-باء بائي | باء الجديد"),
    )
    extended = base.extend(ext)
    assert extended["AA"].aliases == ("جزر ألفا",)
    assert extended["AA"].demonyms == () and extended["AA"].type == "territory"
    assert extended["bb"].aliases == ("باء الجديد",)


def test_extend_with_a_gazetteer(base, tmp_path):
    other = Gazetteer.load(
        write(
            tmp_path / "other.tsv",
            HEADER
            + row("AA", "country", "Alpha", "", "", "ألفا الأخرى", "", "")
            + row("cc", "city", "Sea", "AA", "AA", "سين", "", ""),
        )
    )
    merged = base.extend(other)
    assert merged["AA"].label == "Alpha"
    assert merged["AA"].aliases == ("ألفا", "الفا الكبرى", "ألفا الأخرى")
    assert merged["cc"].refers_to == "AA"
    kinds = {e.text: e.kind for e in merged.alias_entries()}
    assert kinds["سين"] == "metonym"
    assert len(merged) == 3 and len(base) == 2


def test_article_marks(base):
    entries = {e.text: e for e in base.alias_entries()}
    assert not entries["الفا الكبرى"].article_optional  # written '='
    assert not entries["ألفا"].article_optional  # hamza alef + lam: no article to add or drop
    assert entries["باء بائي"].article_optional


def test_extend_the_default(default, tmp_path):
    ext = write(
        tmp_path / "mine.tsv",
        "id\ttype\tlabel\tcountry\taliases\n"
        + row("+NE", "", "", "", "نيجيرستان")
        + row("tahoua_market", "place", "Tahoua market", "NE", "سوق تاهوا الكبير"),
    )
    mine = default.extend(ext)
    assert "نيجيرستان" in mine["NE"].aliases and "النيجر" in mine["NE"].aliases
    assert len(mine) == len(default) + 1
    assert mine.context_rules() == default.context_rules()


# ---- validation errors: path:line: ------------------------------------------------------------


def check_error(tmp_path, text: str, line: int, fragment: str, name: str = "bad.tsv"):
    path = write(tmp_path / name, text)
    with pytest.raises(GazetteerError) as info:
        Gazetteer.load(path)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message, message
    assert isinstance(info.value, ValueError)


GOOD = row("AA", "country", "Aland", "", "", "ألفا", "", "")


def test_error_duplicate_id(tmp_path):
    check_error(tmp_path, "# comment\n" + HEADER + GOOD + GOOD, 4, "duplicate id AA")


def test_error_duplicate_id_across_files(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    write(folder / "a.tsv", HEADER + GOOD)
    second = write(folder / "b.tsv", "\n" + HEADER + GOOD)
    with pytest.raises(GazetteerError, match=rf"^{re.escape(str(second))}:3: duplicate id AA"):
        Gazetteer.load(folder)


def test_error_unknown_type(tmp_path):
    check_error(
        tmp_path, HEADER + row("AA", "planet", "A", "", "", "ألفا", "", ""), 2, "unknown type"
    )


def test_error_empty_alias(tmp_path):
    check_error(
        tmp_path,
        HEADER + row("AA", "country", "A", "", "", "ألفا |  | باء", "", ""),
        2,
        "empty alias",
    )


def test_error_alias_normalizes_to_nothing(tmp_path):
    check_error(
        tmp_path,
        HEADER + GOOD + row("BB", "country", "B", "", "", "ـــ", "", ""),
        3,
        "normalizes to nothing",
    )


def test_error_bad_date(tmp_path):
    role = "leader:AA:2023-02-30:"
    check_error(
        tmp_path, HEADER + GOOD + row("p", "person", "P", "", "", "بي", "", role), 3, "bad date"
    )


def test_error_unknown_column(tmp_path):
    check_error(tmp_path, "# x\n\nid\ttype\tcolour\n", 3, "unknown column 'colour'")


def test_error_wrong_number_of_fields(tmp_path):
    check_error(tmp_path, HEADER + GOOD + "BB\tcountry\tB\n", 3, "wrong number of fields")


@pytest.mark.parametrize(
    "cells, fragment",
    [
        (("p", "person", "P", "ZZ", "", "بي", "", ""), "country ZZ"),
        (("p", "city", "P", "", "ZZ", "بي", "", ""), "refers_to ZZ"),
        (("p", "person", "P", "", "", "بي", "", "leader:ZZ:2020:"), "ZZ is an unknown id"),
    ],
)
def test_error_unknown_reference_names_the_referring_record(tmp_path, cells, fragment):
    text = HEADER + GOOD + row(*cells) + row("BB", "country", "B", "", "", "باء", "", "")
    check_error(tmp_path, text, 3, fragment)


def test_error_country_must_be_a_country(tmp_path):
    text = (
        HEADER
        + GOOD
        + row("p", "person", "P", "", "", "بي", "", "")
        + row("q", "person", "Q", "p", "", "كيو", "", "")
    )
    check_error(tmp_path, text, 4, "not a country")


def test_error_amending_an_unknown_id(tmp_path):
    check_error(tmp_path, "id\taliases\n" + row("+QQ", "كيو"), 2, "unknown id QQ")


def test_error_alias_claimed_by_two_entities(tmp_path):
    # روسي (article optional) also matches الروسي, the alias of the other record
    text = (
        HEADER
        + row("AA", "country", "A", "", "", "روسي", "", "")
        + row("BB", "country", "B", "", "", "الروسي", "", "")
    )
    check_error(tmp_path, text, 3, "like alias 'روسي' of AA")


def test_error_bad_qid(tmp_path):
    check_error(
        tmp_path, "id\ttype\tqid\taliases\n" + row("AA", "country", "42", "ألفا"), 2, "Wikidata"
    )


def test_error_not_utf8(tmp_path):
    path = tmp_path / "latin1.tsv"
    path.write_bytes(HEADER.encode() + "AA\tcountry\tÅland\t\t\tx\t\t\n".encode("latin-1"))
    with pytest.raises(GazetteerError, match=rf"^{re.escape(str(path))}: not UTF-8"):
        Gazetteer.load(path)


def test_error_in_rule_files(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    write(folder / "a.tsv", HEADER + GOOD)
    rules = "entity_id\talias\tdefault\taccept_before\n"
    write(folder / "b.tsv", rules + row("AA", "بيتا", "accept", ""))
    with pytest.raises(GazetteerError, match=r"b\.tsv:2: 'بيتا' is not an alias of AA"):
        Gazetteer.load(folder)
    write(folder / "b.tsv", rules + row("AA", "ألفا", "", "في"))
    with pytest.raises(GazetteerError, match=r"b\.tsv:2: no default"):
        Gazetteer.load(folder)
    write(folder / "b.tsv", rules + row("AA", "ألفا", "maybe", ""))
    with pytest.raises(GazetteerError, match=r"b\.tsv:2: bad default"):
        Gazetteer.load(folder)
    write(folder / "b.tsv", rules + row("AA", "ألفا", "reject", "في البيت"))
    with pytest.raises(GazetteerError, match=r"b\.tsv:2: 'في البيت' .* not one word"):
        Gazetteer.load(folder)
    write(folder / "b.tsv", "entity_id\talias\treassign_to\n" + row("AA", "ألفا", "ZZ"))
    with pytest.raises(GazetteerError, match=r"b\.tsv:2: reassign_to ZZ is an unknown id"):
        Gazetteer.load(folder)


def test_rule_files_load(tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    write(folder / "a.tsv", HEADER + GOOD + row("BB", "country", "B", "", "", "باء", "باءي", ""))
    write(folder / "notes.md", "ignored: only .tsv files are read")
    write(
        folder / "rules.tsv",
        "entity_id\talias\tdefault\taccept_before\treject_after\n"
        + row("AA", "ألفا", "reject", "دولة | جمهورية", "المالية"),
    )
    write(
        folder / "docs.tsv",
        "entity_id\talias\treassign_to\twhen_present\n" + row("BB", "باءي", "AA", "AA"),
    )
    g = Gazetteer.load(folder)
    assert [r.word for r in g.context_rules()] == ["دولة", "جمهورية", "المالية"]
    assert [(d.alias, d.effect) for d in g.ambiguity_defaults()] == [("ألفا", "reject")]
    [doc] = g.document_rules()
    assert (doc.alias, doc.reassign_to, doc.when_present, doc.unless_present) == (
        "باءي",
        "AA",
        "AA",
        None,
    )
    ambiguous = {e.text for e in g.alias_entries() if e.ambiguous}
    assert ambiguous == {"ألفا"}
    assert isinstance(g.alias_entries()[0], AliasEntry)


def test_sources_must_exist(tmp_path):
    with pytest.raises(GazetteerError, match="no such file"):
        Gazetteer.load(tmp_path / "missing.tsv")
    with pytest.raises(GazetteerError, match="no .tsv"):
        Gazetteer.load(tmp_path)
    with pytest.raises(TypeError):
        Gazetteer.load(42)


# ---- the country list against ICU / CLDR -------------------------------------------------------


def cldr_rows(shared_dir) -> list[dict]:
    path = shared_dir / "data" / "gazetteers" / "cldr_regions_ar_en.tsv"
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_iso_territory_is_an_entity(default, shared_dir):
    codes = {r["code"] for r in cldr_rows(shared_dir) if r["type"] == "territory"}
    assert len(codes) > 250
    missing = sorted(c for c in codes if c not in default)
    assert not missing
    assert all(default[c].type in ("country", "territory") for c in codes)


def test_arabic_names_equal_the_shared_icu_table(shared_dir):
    generated = Gazetteer.load(default_path() / "countries.tsv")
    for r in cldr_rows(shared_dir):
        if r["type"] != "territory":
            continue
        names = list(
            dict.fromkeys(n for n in (r["name_ar"], r["name_ar_short"], r["name_ar_variant"]) if n)
        )
        assert list(generated[r["code"]].aliases) == names, r["code"]
        assert generated[r["code"]].label == r["name_en"]


def test_generated_file_matches_icu():
    pytest.importorskip("icu", reason="PyICU is not installed (pip install PyICU)")
    spec = importlib.util.spec_from_file_location(
        "gen_countries", ROOT / "tools" / "gen_countries.py"
    )
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = gen.generate()
    checked_in = (ROOT / "sahel" / "data" / "gazetteer" / "countries.tsv").read_text("utf-8")
    version = re.search(r"from ICU (\S+)", checked_in).group(1)
    import icu

    if icu.ICU_VERSION != version:
        pytest.skip(f"the file comes from ICU {version}, this ICU is {icu.ICU_VERSION}")
    assert text == checked_in


def test_place_coordinates_lie_in_their_country():
    """The GeoNames coordinates given to the hand-listed cities (place_coordinates.tsv) fall
    within their country's Natural Earth outline (its bounding box, half a degree around), and
    the AES capitals are among them."""
    import json

    geojson = Path(sahel.__file__).parent / "data" / "geo" / "africa_middle_east.geojson"
    boxes = {}
    for feature in json.loads(geojson.read_text(encoding="utf-8"))["features"]:
        points = [p for ring in feature["geometry"]["coordinates"] for p in ring]
        lons, lats = [p[0] for p in points], [p[1] for p in points]
        boxes[feature["properties"]["iso_a2"]] = (min(lons), max(lons), min(lats), max(lats))
    table = Path(sahel.__file__).parent / "data" / "gazetteer" / "place_coordinates.tsv"
    rows = [line.split("\t") for line in table.read_text(encoding="utf-8").splitlines()]
    ids = [row[0].lstrip("+") for row in rows if row[0].startswith("+")]
    assert {"niamey", "bamako", "ouagadougou", "agadez", "gao"} <= set(ids)
    gazetteer = Gazetteer.default()
    checked = 0
    for eid in ids:
        entity = gazetteer[eid]
        assert entity.lat is not None and entity.lon is not None, eid
        if entity.country not in boxes:  # Moscow, Paris ...: off the map
            continue
        west, east, south, north = boxes[entity.country]
        assert west - 0.5 <= entity.lon <= east + 0.5, (eid, entity.lon)
        assert south - 0.5 <= entity.lat <= north + 0.5, (eid, entity.lat)
        checked += 1
    assert checked >= 30
