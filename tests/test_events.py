"""Events on sentences written for these tests: cue matching through proclitics, actor order in
verb-first and subject-first sentences, groups, anaphors, metonyms, negation, future, dates,
the lexicon format, and the table."""

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import pytest

import sahel
from sahel.corpus.sentences import split_sentences
from sahel.extract.dates import dates_table, find_dates
from sahel.extract.events import (
    COLUMNS,
    EVENT_TYPES,
    CueError,
    CueLexicon,
    Event,
    events_table,
    extract_events,
)


@dataclass(frozen=True)
class M:
    """The fields of a gazetteer mention that events read."""

    entity_id: str
    type: str
    start: int
    end: int
    kind: str = "name"
    refers_to: str | None = None
    proclitic: str = ""
    country: str | None = None


# surface -> (entity_id, type, kind, refers_to, country)
LEXICON = {
    "تركيا": ("TR", "country", "name", None, None),
    "النيجر": ("NE", "country", "name", None, None),
    "روسيا": ("RU", "country", "name", None, None),
    "فرنسا": ("FR", "country", "name", None, None),
    "مالي": ("ML", "country", "name", None, None),
    "بوركينا فاسو": ("BF", "country", "name", None, None),
    "الولايات المتحدة": ("US", "country", "name", None, None),
    "إيكواس": ("ecowas", "organization", "name", None, None),
    "تحالف دول الساحل": ("aes", "alliance", "name", None, None),
    "أنقرة": ("ankara", "city", "metonym", "TR", "TR"),
    "باريس": ("paris", "city", "metonym", "FR", "FR"),
    "نيامي": ("niamey", "city", "name", None, "NE"),
    "الروسي": ("RU", "country", "demonym", None, None),
    "روسي": ("RU", "country", "demonym", None, None),
    "النيجري": ("NE", "country", "demonym", None, None),
    "الفرنسية": ("FR", "country", "demonym", None, None),
    "التركية": ("TR", "country", "demonym", None, None),
    "التركي": ("TR", "country", "demonym", None, None),
    "فلاديمير بوتين": ("putin", "person", "name", None, "RU"),
    "بوتين": ("putin", "person", "name", None, "RU"),
    "عبد الرحمن تياني": ("tiani", "person", "name", None, "NE"),
    "تياني": ("tiani", "person", "name", None, "NE"),
    "المنتخب": ("team", "organization", "name", None, None),
    "طهران": ("tehran", "city", "metonym", "IR", "IR"),
    "إيران": ("IR", "country", "name", None, None),
    "محمد بازوم": ("bazoum", "person", "name", None, "NE"),
}
PROCLITICS = ("وال", "بال", "لل", "و", "ب", "ل")


def mentions_in(text):
    """Mentions of LEXICON surfaces, longest first, with a proclitic و ب ل when one is attached
    (spans include it, as the matcher's do)."""
    taken = [False] * len(text)
    out = []
    for surface in sorted(LEXICON, key=len, reverse=True):
        start = 0
        while (k := text.find(surface, start)) >= 0:
            start = k + 1
            end = k + len(surface)
            if any(taken[k:end]) or (end < len(text) and text[end].isalpha()):
                continue
            clitic = ""
            for p in PROCLITICS:
                cut = p[:-2] if surface.startswith("ال") and p.endswith("ال") else p
                if text[max(0, k - len(cut)) : k] == cut and (
                    k - len(cut) == 0 or not text[k - len(cut) - 1].isalpha()
                ):
                    clitic = cut
                    break
            if not clitic and k > 0 and text[k - 1].isalpha():
                continue
            entity, etype, kind, refers_to, country = LEXICON[surface]
            begin = k - len(clitic)
            out.append(M(entity, etype, begin, end, kind, refers_to, clitic, country))
            for n in range(begin, end):
                taken[n] = True
    return sorted(out, key=lambda m: m.start)


def events(text, reference=None, **kwargs):
    spans = [(s.start, s.end) for s in split_sentences(text)]
    return extract_events(text, mentions_in(text), spans, reference=reference, **kwargs)


def triples(text, reference=None):
    return [(e.event_type, e.actor1, e.actor2) for e in events(text, reference)]


def test_stand_in_mentions_carry_proclitics():
    text = "وقعت تركيا والنيجر"
    found = mentions_in(text)
    assert [(m.entity_id, m.proclitic, text[m.start : m.end]) for m in found] == [
        ("TR", "", "تركيا"),
        ("NE", "و", "والنيجر"),
    ]


# ---- actor order -------------------------------------------------------------------------


def test_verb_first_with_two_subjects_gives_the_pair_once():
    assert triples("وقعت تركيا والنيجر اتفاقية دفاعية.") == [("sign_agreement", "TR", "NE")]


def test_subject_first():
    assert triples("روسيا ترسل مدربين عسكريين إلى النيجر.") == [("deploy_forces", "RU", "NE")]


def test_verb_first_subject_then_object_after_preposition():
    assert triples("أرسلت روسيا قوات إلى مالي.") == [("deploy_forces", "RU", "ML")]


def test_partner_after_with_is_the_second_actor():
    got = triples("قررت النيجر إلغاء الاتفاق العسكري مع الولايات المتحدة.")
    assert got == [("end_agreement", "NE", "US")]


def test_subject_between_verb_and_object():
    text = "وأنهى المجلس العسكري في النيجر رسميا اتفاقا عسكريا مع الولايات المتحدة."
    assert triples(text) == [("end_agreement", "NE", "US")]


def test_cooperation_words_that_name_an_agreement_are_not_an_event():
    kinds = [t[0] for t in triples("وقعت تركيا والنيجر اتفاقية تعاون عسكري.")]
    assert kinds == ["sign_agreement"]


def test_coordinated_subjects_give_one_event_each():
    got = triples("أعلنت النيجر ومالي وبوركينا فاسو انسحابها من إيكواس.")
    assert got == [
        ("leave_organization", "NE", "ecowas"),
        ("leave_organization", "ML", "ecowas"),
        ("leave_organization", "BF", "ecowas"),
    ]


def test_leaving_a_country_is_a_withdrawal_not_leaving_an_organization():
    got = triples("بدأ انسحاب القوات الفرنسية من مالي.")
    assert got == [("withdraw_forces", "FR", "ML")]


def test_an_alliance_formed():
    got = triples("وشكلت النيجر ومالي وبوركينا فاسو تحالف دول الساحل.")
    assert got == [
        ("form_alliance", "NE", "aes"),
        ("form_alliance", "ML", "aes"),
        ("form_alliance", "BF", "aes"),
    ]


def test_between_gives_the_pair():
    assert triples("جرى الاتصال بين بوتين وتياني أمس.") == [("call", "putin", "tiani")]


def test_title_and_demonym_merge_into_the_person():
    text = "أجرى الرئيس الروسي فلاديمير بوتين اتصالا هاتفيا مع عبد الرحمن تياني."
    assert triples(text) == [("call", "putin", "tiani")]


def test_dual_anaphor_points_to_the_previous_sentence():
    text = "زار وزير الدفاع التركي النيجر. ووقع البلدان اتفاقية دفاعية."
    got = [t for t in triples(text) if t[0] == "sign_agreement"]
    assert got == [("sign_agreement", "TR", "NE")] or got == [("sign_agreement", "NE", "TR")]


def test_plural_anaphor_takes_the_list_named_before():
    text = "شهدت النيجر ومالي وبوركينا فاسو انقلابات. وشكلت الدول الثلاث تحالف دول الساحل."
    got = [t for t in triples(text) if t[0] == "form_alliance"]
    assert sorted(got) == sorted([("form_alliance", c, "aes") for c in ("NE", "ML", "BF")])


def test_metonyms_act_for_their_country():
    got = triples("أعلنت أنقرة تعليق التعاون العسكري مع باريس.")
    assert got == [("end_agreement", "TR", "FR")]


def test_a_capital_after_in_is_a_place_not_an_actor():
    got = triples("التقى وزير الدفاع الروسي نظيره النيجري في أنقرة.")
    assert got == [("meet", "RU", "NE")]


def test_a_city_stands_for_its_country_as_a_destination():
    assert triples("زار وفد روسي نيامي.") == [("visit", "RU", "NE")]


def test_relative_clause_subject_is_the_noun_before_it():
    assert triples("وتبقى تركيا التي تزود النيجر بالطائرات المسيرة.") == [
        ("provide_aid", "TR", "NE")
    ]
    # without an actor before it, the actor after the verb is its object
    assert triples("وقع الانقلاب الذي أطاح رئيس النيجر محمد بازوم.") == [("coup", None, "bazoum")]


def test_object_pronoun_keeps_the_subject_after_the_verb():
    assert triples("شاركت قوات النخبة التي دربتها الولايات المتحدة.") == [("training", "US", None)]


def test_after_a_time_word_only_later_actors_count():
    # تركيا is the subject of حافظ, not of the coup referred to
    got = triples("وحافظت تركيا على علاقاتها مع النيجر بعد انقلاب تموز 2023.")
    assert ("coup", "TR", None) not in got
    assert all(t[1] != "TR" for t in got if t[0] == "coup")


def test_verbal_noun_genitive_is_the_object():
    assert triples("تستعد فرنسا لتدريب الجيش النيجري.") == [("training", "FR", "NE")]
    assert triples("بعد إطاحة الرئيس محمد بازوم.") == [("coup", None, "bazoum")]


def test_dateline_city_is_not_an_actor():
    text = (
        "طهران - استقبل الرئيس الروسي فلاديمير بوتين، الثلاثاء 16 كانون الثاني/يناير 2024، "
        "عبد الرحمن تياني."
    )
    (event,) = events(text)
    assert (event.event_type, event.actor1, event.actor2) == ("meet", "putin", "tiani")
    assert event.date == "2024-01-16"  # the commas around the date do not split the clause


def test_a_date_that_bounds_a_span_comes_last():
    text = "زار عبد الرحمن تياني إيران الثلاثاء 16 يناير 2024 لأول مرة منذ انقلاب تموز/يوليو 2023."
    visit = [e for e in events(text) if e.event_type == "visit"]
    assert [e.date for e in visit] == ["2024-01-16"]


# ---- cues and look-alikes ------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "أعلنت وزارة الدفاع التركية بيانا.",  # وزارة holds زار
        "انقلاب سيارة في النيجر.",
        "بدأ تدريب المنتخب في فرنسا.",
        "وقع حادث في مالي.",  # وقع "happened"
        "نشرت صحيفة في فرنسا تقريرا.",  # نشر "published"
        "نمت التجارة بشكل كبير بين مالي والنيجر.",  # بشكل is not شكل
        "هاجمت العاصفة الشاطئ",  # no actor
    ],
)
def test_look_alikes_give_nothing(text):
    assert triples(text) == []


@pytest.mark.parametrize(
    "text,kind",
    [
        ("وقّعت تركيا والنيجر اتفاقية.", "sign_agreement"),  # shadda
        ("وقعـت تركيا والنيجر اتفاقيـة.", "sign_agreement"),  # tatweel
        ("والتقت تركيا بالنيجر.", "meet"),  # و + verb
        ("وللتعاون العسكري بين تركيا والنيجر أهمية.", "military_cooperation"),  # و + لل
        ("وبزيارة تركيا النيجر بدأ", "visit"),  # و + ب
        ("تركيا ستنشر قوات في النيجر.", "deploy_forces"),  # س
    ],
)
def test_cues_through_proclitics_and_marks(text, kind):
    assert [t[0] for t in triples(text)] == [kind]


def test_cue_offsets_and_sentence_text():
    text = "مقدمة. قررت النيجر إلغاء الاتفاق العسكري مع الولايات المتحدة."
    (event,) = events(text)
    assert text[event.cue_start : event.cue_end] == event.cue == "إلغاء الاتفاق"
    assert event.sentence == 1
    assert event.sentence_text == text[text.index("قررت") :]
    assert event.actor1_surface == "النيجر" and event.actor2_surface == "الولايات المتحدة"


# ---- negation and future -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text,negated,future",
    [
        ("سحبت فرنسا قواتها من مالي.", False, False),
        ("لم تسحب فرنسا قواتها من مالي.", True, False),
        ("لم تأمر النيجر بعد بخروج القوات الفرنسية.", True, False),
        # لن denies a future act: negated and modal (docs/annotation/events.md, section 5)
        ("لن تنشر تركيا قوات في مالي.", True, True),
        ("قررت تركيا أن تنشر قوات في مالي.", False, True),
        ("وقد نشرت تركيا قوات في مالي.", False, False),
        ("قد تنشر تركيا قوات في مالي.", False, True),
        ("القمة المقبلة بين تركيا ومالي.", False, True),
        ("القمة بين تركيا ومالي ستعقد في أنقرة.", False, True),
        ("القمة بين تركيا ومالي عقدت في أنقرة.", False, False),
        ("الهجوم على تركيا سيؤدي إلى أزمة.", False, False),
        ("ستنشر تركيا قوات في مالي.", False, True),
        ("سوف تنشر تركيا قوات في مالي.", False, True),
        ("تعتزم فرنسا سحب قواتها من مالي.", False, True),
        ("من المقرر أن تنشر تركيا قوات في مالي.", False, True),
        ("ولا يتطلب نشر القوات التركية موافقة مالي.", False, False),
        ("أكدت فرنسا عدم سحب قواتها من مالي.", True, False),
        ("لا سيما بعد أن سحبت فرنسا قواتها من مالي.", False, False),
    ],
)
def test_negation_and_future(text, negated, future):
    found = events(text)
    assert found, text
    assert (found[0].negated, found[0].future) == (negated, future)


def test_what_a_call_asks_for_is_not_done_but_what_it_names_is():
    found = events("دعت مالي إلى نشر القوات التركية في النيجر.")
    (deploy,) = [e for e in found if e.event_type == "deploy_forces"]
    assert deploy.future
    found = events("طالبت مالي تركيا بإلغاء العقوبات التي فرضتها الولايات المتحدة على النيجر.")
    assert {e.event_type for e in found} >= {"call_on", "sanction"}
    # one act named twice: the relative clause tells who did it, and as done
    (sanction,) = [e for e in found if e.event_type == "sanction"]
    assert (sanction.actor1, sanction.actor2, sanction.future) == ("US", "NE", False)


# ---- dates ---------------------------------------------------------------------------------


def test_explicit_date_in_the_sentence():
    text = "في 16 آذار/ مارس 2024 ألغت النيجر الاتفاق العسكري مع الولايات المتحدة."
    (event,) = events(text)
    assert (event.date, event.date_precision) == ("2024-03-16", "day")


def test_relative_date_against_the_reference():
    text = "وفي الشهر الماضي، وقعت روسيا والنيجر اتفاقا."
    (event,) = events(text, reference=dt.date(2024, 4, 12))
    assert (event.date, event.date_precision) == ("2024-03", "month")
    (unresolved,) = events(text)
    assert unresolved.date is None


def test_nearest_date_wins_and_other_sentences_do_not_count():
    text = "وقع ذلك عام 2019. ومنتصف مارس 2024 ألغت النيجر الاتفاق المبرم في 2012 مع فرنسا."
    (event,) = events(text)
    assert event.date == "2024-03"


def test_given_dates_are_used():
    text = "ألغت النيجر الاتفاق العسكري مع الولايات المتحدة الثلاثاء الماضي."
    ref = dt.date(2024, 3, 26)  # a Tuesday: الثلاثاء الماضي is the one before
    (event,) = events(text, dates=find_dates(text, ref))
    assert event.date == "2024-03-19"


# ---- the lexicon ---------------------------------------------------------------------------


def test_default_lexicon_uses_known_types_only():
    lexicon = CueLexicon.default()
    assert {c.event_type for c in lexicon.cues} == set(EVENT_TYPES)


def write(tmp_path, body):
    path = tmp_path / "cues.tsv"
    path.write_text("event_type\tcue\trequires\tnotes\n" + body, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "body,message",
    [
        ("greet\tسلم\n", "unknown event type"),
        ("meet\tلقاء …\n", "begin and end with a word"),
        ("meet\t… لقاء\n", "gap must follow a word"),
        ("meet\tلق*\n", "shorter than 3"),
        ("meet\tلقاء\tnear\n", "name=value"),
        ("meet\tلقاء\tfar=بعيد\n", "unknown condition"),
        ("meet\tلقاء\tafter=subject\n", "after=object"),
        ("meet\tلقاء|\n", "empty alternative"),
        ("meet\n", "tab-separated"),
    ],
)
def test_bad_lexicon_lines_name_file_and_line(tmp_path, body, message):
    path = write(tmp_path, "# a comment\n" + body)
    with pytest.raises(CueError, match=message) as info:
        CueLexicon.load(path)
    assert f"{path}:3" in str(info.value)


def test_own_lexicon(tmp_path):
    lexicon = CueLexicon.load(write(tmp_path, "meet\tتشاور* …2 مع\t\tconsultations\n"))
    text = "تشاورت تركيا مطولا مع فرنسا."
    spans = [(0, len(text))]
    (event,) = extract_events(text, mentions_in(text), spans, lexicon=lexicon)
    assert (event.event_type, event.actor1, event.actor2) == ("meet", "TR", "FR")
    assert extract_events(text, mentions_in(text), spans) == []


def test_bad_input():
    with pytest.raises(TypeError, match="str"):
        extract_events(b"x", [], [])
    with pytest.raises(ValueError, match="span"):
        extract_events("نص", [], [(0, 9)])
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        extract_events("نص", [], [(0, 2)], reference="soon")


# ---- tables --------------------------------------------------------------------------------


def test_events_table_matches_extract_events():
    texts = {
        "a": "وقعت تركيا والنيجر اتفاقية دفاعية. ثم أرسلت روسيا قوات إلى مالي.",
        "b": "لا أحداث هنا.",
        "c": "ألغت النيجر الاتفاق العسكري مع الولايات المتحدة الشهر الماضي.",
    }
    docs = pd.DataFrame(
        {"doc_id": list(texts), "text": list(texts.values()), "date": ["2024-04-12"] * 3}
    )
    rows = [
        {"doc": d, **{k: getattr(m, k) for k in M.__dataclass_fields__}}
        for d, t in texts.items()
        for m in mentions_in(t)
    ]
    mentions = pd.DataFrame(rows)
    sentences = pd.DataFrame(
        [
            {"doc_id": d, "sentence": k, "start": s.start, "end": s.end}
            for d, t in texts.items()
            for k, s in enumerate(split_sentences(t))
        ]
    )
    table = events_table(docs, mentions, sentences)
    assert list(table.columns) == COLUMNS
    assert table["doc_id"].tolist() == ["a", "a", "c"]
    assert table["event_type"].tolist() == ["sign_agreement", "deploy_forces", "end_agreement"]
    # without a date of their own, events take the document's, marked so
    assert table["date"].tolist() == ["2024-04-12", "2024-04-12", "2024-03"]
    assert table["date_source"].tolist() == ["document", "document", "sentence"]
    assert table["sentence"].tolist() == [0, 1, 0]
    assert table["negated"].dtype == bool and table["cue_start"].dtype == "int64"
    expected = []
    for d, t in texts.items():
        for e in events(t, reference="2024-04-12"):
            expected.append((d, e.event_type, e.actor1, e.actor2, e.cue_start, e.date))
    columns = ["doc_id", "event_type", "actor1", "actor2", "cue_start", "date"]
    got = [
        tuple(v if not (isinstance(v, float) and v != v) else None for v in row)
        for row in table[columns].itertuples(index=False, name=None)
    ]
    assert got == expected
    # the same with the dates table given, and without a sentence table
    assert events_table(docs, mentions, sentences, dates_table(docs, sentences)).equals(table)
    assert (
        events_table(docs, mentions).drop(columns="sentence").equals(table.drop(columns="sentence"))
    )


def test_events_table_needs_its_columns():
    docs = pd.DataFrame({"doc_id": ["a"], "text": ["نص"]})
    with pytest.raises(ValueError, match="doc_id or doc"):
        events_table(docs, pd.DataFrame({"entity_id": [], "type": [], "start": [], "end": []}))
    with pytest.raises(ValueError, match="text"):
        events_table(pd.DataFrame({"doc_id": ["a"]}), pd.DataFrame())


# ---- with the real matcher ----------------------------------------------------------------


@pytest.fixture(scope="module")
def matcher():
    return sahel.Matcher(sahel.Gazetteer.default())


def test_with_the_gazetteer_matcher(matcher):
    text = "وقّعت تركيا والنيجر اتفاقية تعاون عسكري. وأرسلت روسيا مدربين عسكريين إلى النيجر."
    spans = [(s.start, s.end) for s in split_sentences(text)]
    found = extract_events(text, matcher.find(text), spans)
    assert [(e.event_type, e.actor1, e.actor2) for e in found] == [
        ("sign_agreement", "TR", "NE"),
        ("deploy_forces", "RU", "NE"),
    ]
    assert all(isinstance(e, Event) for e in found)


def test_a_warning_about_intercepted_calls_is_no_call():
    found = {e.event_type for e in events("حذرت فرنسا من اعتراض المكالمات الهاتفية.")}
    assert "call" not in found and found <= {"warn"}
