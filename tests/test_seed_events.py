"""Events and dates in the five seed articles (../shared/corpus/seeds), with the gazetteer
matcher: the partnerships the project was started from must come out of them.

The seed files carry no publication date; each test gives the reference date the article's
own content implies (the Putin–Tiani call was on Tuesday 26 March 2024; the AP report of the
Russian trainers' arrival is of Friday 12 April 2024; the Turkish article follows the July 2024
agreement)."""

import datetime as dt

import pytest

import sahel
from sahel.corpus.sentences import split_sentences
from sahel.extract.events import extract_events

REFERENCES = {
    "000": dt.date(2024, 10, 15),
    "001": dt.date(2024, 4, 12),
    "002": dt.date(2024, 4, 15),
    "003": dt.date(2024, 4, 1),
    "004": dt.date(2024, 3, 27),
}


@pytest.fixture(scope="module")
def matcher():
    return sahel.Matcher(sahel.Gazetteer.default())


@pytest.fixture
def seed_events(shared_dir, matcher):
    """prefix ("000" ...) -> that article's events."""
    out = {}
    for path in sorted((shared_dir / "corpus" / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        spans = [(s.start, s.end) for s in split_sentences(text)]
        prefix = path.name[:3]
        out[prefix] = extract_events(text, matcher.find(text), spans, reference=REFERENCES[prefix])
    assert sorted(out) == sorted(REFERENCES)
    return out


def having(events, kind, actor1=None, actor2=None, either_order=False):
    found = []
    for e in events:
        if e.event_type != kind:
            continue
        pairs = [(e.actor1, e.actor2)] + ([(e.actor2, e.actor1)] if either_order else [])
        if any((actor1 in (None, a)) and (actor2 in (None, b)) for a, b in pairs):
            found.append(e)
    return found


def test_every_event_points_into_its_own_text(shared_dir, seed_events):
    for prefix, events in seed_events.items():
        (path,) = (shared_dir / "corpus" / "seeds").glob(f"{prefix}_*.txt")
        text = path.read_text(encoding="utf-8")
        for e in events:
            assert text[e.cue_start : e.cue_end] == e.cue
            assert e.cue in e.sentence_text
            assert e.actor1 is not None or e.actor2 is not None


def test_turkey_and_niger_military_cooperation_and_training(seed_events):
    events = seed_events["000"]
    assert having(events, "military_cooperation", "TR", "NE", either_order=True)
    assert having(events, "training", "TR", "NE")
    deploy = having(events, "deploy_forces", "TR", "NE")
    assert deploy and any(e.future for e in deploy)  # "ستنشر تركيا قواتها"
    # "منذ عام 2020، عندما وقع البلدان اتفاقية تدريب وتعاون عسكري": البلدان are the two
    signed = having(events, "sign_agreement", "TR", "NE", either_order=True)
    assert {e.date for e in signed} >= {"2020", "2024-07"}  # and "وفي يوليو الماضي"


def test_niger_ends_its_military_agreement_with_the_us(seed_events):
    for prefix in ("001", "002", "003", "004"):
        ended = having(seed_events[prefix], "end_agreement", "NE", "US")
        assert ended, prefix
        assert all(e.date and e.date.startswith("2024-03") for e in ended), prefix
    # "ومنتصف مارس (آذار)، ألغى النظام العسكري الحاكم في النيجر ...": the month
    (ended,) = having(seed_events["004"], "end_agreement", "NE", "US")
    assert (ended.date, ended.date_precision) == ("2024-03", "month")
    assert not ended.negated and not ended.future


def test_russian_trainers_and_air_defence_arrive_in_niger(seed_events):
    events = seed_events["001"]
    ref = REFERENCES["001"]
    arrived = having(events, "deploy_forces", "RU", "NE")
    # "وصل مدربون عسكريون روس هذا الأسبوع إلى النيجر"
    this_week = (ref - dt.timedelta(days=ref.weekday())).isoformat()
    assert any((e.date, e.date_precision) == (this_week, "week") for e in arrived)
    assert having(events, "training", "RU", "NE")
    assert having(events, "provide_aid", "RU", "NE")  # نظام دفاع جوي، نظام مضاد للطائرات
    assert having(seed_events["002"], "deploy_forces", "RU", "NE")


def test_the_putin_tiani_phone_call(seed_events):
    calls = [
        e
        for e in having(seed_events["004"], "call")
        if {e.actor1, e.actor2} == {"vladimir_putin", "abdourahamane_tiani"}
    ]
    assert calls
    # "خلال اتصال هاتفي، الثلاثاء،": the Tuesday on or before the reference
    assert ("2024-03-26", "day") in {(e.date, e.date_precision) for e in calls}


def test_niger_mali_and_burkina_faso_form_the_aes(seed_events):
    for prefix in ("001", "002"):
        formed = having(seed_events[prefix], "form_alliance", actor2="aes")
        assert {e.actor1 for e in formed} == {"NE", "ML", "BF"}, prefix


def test_the_three_leave_ecowas(seed_events):
    left = having(seed_events["004"], "leave_organization", actor2="ecowas")
    assert {e.actor1 for e in left} == {"NE", "ML", "BF"}
    assert {(e.date, e.date_precision) for e in left} == {("2024-01", "month")}


def test_niger_prime_minister_visits_iran(seed_events):
    visits = having(seed_events["003"], "visit", "NE", "IR")
    assert ("2024-01", "month") in {(e.date, e.date_precision) for e in visits}
