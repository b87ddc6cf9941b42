"""Event extraction is linear in the length of a sentence: a record with no sentence
punctuation (one sentence of any length) is read with work proportional to its length.
Work is counted as the Python lines the package executes (sys.settrace), not timed; timings
go to benchmarks/bench_events_long.py."""

import sys

import pytest

import sahel
from sahel.extract.events import extract_events

# A sentence that keeps going: actors, cues, dates, commas, relatives and subordinators,
# repeated without a full stop.
UNIT = (
    "وزار الرئيس الروسي فلاديمير بوتين النيجر في 12 مارس 2024، ووقع اتفاقا عسكريا مع مالي "
    "بعد أن أدانت فرنسا الهجوم على تركيا يوم الأحد، وقال إن البلدين سيعقدان اجتماعا "
    "ونشرت روسيا قواتها في بوركينا فاسو التي انسحبت من إيكواس "
)


def unpunctuated(n: int) -> str:
    return (UNIT * (n // len(UNIT) + 1))[:n]


@pytest.fixture(scope="module")
def matcher():
    return sahel.Matcher(sahel.Gazetteer.default())


def lines_run(matcher, text: str) -> tuple[int, int]:
    """(lines of sahel executed, events) for the events of `text` as one sentence."""
    mentions = matcher.find(text)
    count = 0

    def local(frame, event, arg):
        nonlocal count
        count += 1
        return local

    def calls(frame, event, arg):
        return local if "sahel" in frame.f_code.co_filename else None

    sys.settrace(calls)
    try:
        events = extract_events(text, mentions, [(0, len(text))])
    finally:
        sys.settrace(None)
    return count, len(events)


def test_work_grows_linearly_with_an_unpunctuated_sentence(matcher):
    small, small_events = lines_run(matcher, unpunctuated(10_000))
    large, large_events = lines_run(matcher, unpunctuated(40_000))
    assert small_events > 0 and large_events > 0
    # four times the text: about four times the work (quadratic would be 16, cubic 64)
    assert large / small < 6, (small, large)


def test_a_100k_character_unpunctuated_record_is_read_whole(matcher):
    text = unpunctuated(100_000)
    mentions = matcher.find(text)
    events = extract_events(text, mentions, [(0, len(text))])
    # one sentence repeats the same events: each (type, actor1, actor2) is recorded once
    assert {e.event_type for e in events} >= {"visit", "sign_agreement"}
    for e in events:
        assert text[e.cue_start : e.cue_end] == e.cue
