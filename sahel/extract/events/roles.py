"""Which actors fill the slots of one cue: subjects, objects, partners, negation and modality."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from sahel.extract.events.lexicon import SYMMETRIC, Cue, Slot
from sahel.extract.events.tokens import _Actor, _Tokens, conjunction_free
from sahel.text import words as _words

NEAR_WINDOW = 4
NEGATION_WINDOW = 4
# "من المقرر أن تعقد روسيا والنيجر اجتماعا"، "وعد الرئيس الأمريكي دونالد ترامب باتخاذ قرار
# سريع بخصوص سحب": modality reaches over a clause
FUTURE_WINDOW = 10


# Words before an actor that give its part in the clause.
_ROLE_WORDS = {
    "مع": "with", "بين": "between", "الي": "to", "نحو": "to", "في": "in", "داخل": "in",
    "من": "from", "عن": "from", "ضد": "against", "محاربه": "against", "مكافحه": "against",
    "مواجهه": "against", "قتال": "against", "علي": "on", "حضور": "present", "امام": "present",
    "غرار": "like", "مثل": "like", "قرب": "near",
    # a city after a direction or outskirts noun is a place ("غرب دمشق"، "ريف حلب")
    "غرب": "in", "شرق": "in", "شمال": "in", "جنوب": "in", "وسط": "in", "ريف": "in",
    "ضواحي": "in", "اطراف": "in", "محيط": "in",
}  # fmt: skip
_ROLE_PROCLITICS = {"ل": "to", "لل": "to", "ب": "in", "بال": "in"}
_BACKING = frozenset({"دعم", "مساعده", "تمويل", "مسانده", "تحريض"})
# Roles that never make the first actor: partners, destinations, bystanders, backers.
_NOT_SUBJECT = frozenset(
    {"with", "between", "to", "against", "present", "like", "near", "backer"}
)  # fmt: skip
_NOT_TARGET = frozenset({"present", "like", "near", "between", "backer"})
# Between a title and the name it introduces, none of these may stand.
_BREAK_WORDS = frozenset({*_ROLE_WORDS, "و", "او", "ثم", "بعد", "قبل", "الذي", "التي"})
# A subject is not looked for across these: "قبل أن ينقض"، "عندما وقع".
_SUBORDINATORS = frozenset("ان عندما حيث بعدما بينما الذي التي الذين لكن اذا لو لكي كي".split())
_RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللذان", "اللتان"})
_TIME_WORDS = frozenset("بعد قبل منذ اثر عقب اعقاب غداه".split())
# Types with no partner: "منذ الانقلاب ... علاقاتها مع باريس" has nothing to do with the coup.
_NO_PARTNER = frozenset({"coup", "attack", "clash", "arrest", "sanction"})
_SUBORDINATOR_HINT = re.compile(r"[اأإ]ن|عندما|حيث|بعدما|بينما|الذ|الت|لكن|[اإ]ذا|لو|كي")


def _covered(actors: list[_Actor]) -> frozenset[int]:
    """The token indices inside the actors' mentions."""
    return frozenset(k for a in actors for k in range(a.first, a.last + 1))


class _ActorIndex:
    """The actors of a sentence (in text order, grouped) with what a cue asks of them in
    constant time: the token indices they cover, the members of a group, and the actors
    within WINDOW tokens of a cue, so that a sentence of any length is read in linear time."""

    __slots__ = ("actors", "covered", "groups", "firsts")

    def __init__(self, actors: list[_Actor]):
        self.actors = actors
        self.covered = _covered(actors)
        self.groups: dict[int, list[_Actor]] = {}
        for a in actors:
            self.groups.setdefault(a.group, []).append(a)
        self.firsts = [a.first for a in actors]

    def around(self, i: int, j: int) -> list[_Actor]:
        """The actors that begin within WINDOW tokens before token i or after token j."""
        lo = bisect_left(self.firsts, i - WINDOW)
        hi = bisect_right(self.firsts, j + WINDOW)
        return self.actors[lo:hi]


def _role_of(
    actor: _Actor, tokens: _Tokens, covered: frozenset[int], stops: frozenset[int]
) -> str | None:
    clitic = actor.proclitic.lstrip("وف")
    if clitic in _ROLE_PROCLITICS:
        return _ROLE_PROCLITICS[clitic]
    # A demonym follows its noun ("مع القادة العسكريين النيجيريين") and a name its title
    # ("بحضور رئيس الوزراء علي ..."): look a few words further back for them.
    # So does a capital its noun and adjective ("إلى العاصمة الإيرانية طهران").
    reach = 3 if actor.kind in ("demonym", "metonym") or actor.type in ("person", "city") else 1
    for k in range(actor.first - 1, max(-1, actor.first - 1 - reach), -1):
        if tokens.clause(k) != tokens.clause(actor.first):
            break
        if k in stops or k in covered:
            break  # "من انقلاب الجنرال تياني": من goes with the cue word, not with him
        for form, _ in tokens[k].forms:
            if form in _ROLE_WORDS:
                role = _ROLE_WORDS[form]
                if role == "from" and k > 0 and any(f == "قرب" for f, _ in tokens[k - 1].forms):
                    return "near"  # "بالقرب من"
                if role == "from" and k > 0 and any(f in _BACKING for f, _ in tokens[k - 1].forms):
                    return "backer"  # "بدعم من سورية": who backs a deed does not do it
                return role
    return None


def _chain_and_group(actors: list[_Actor], tokens: _Tokens) -> list[_Actor]:
    """Merge a country or organization with the person it introduces ("الرئيس الروسي فلاديمير
    بوتين", "في النيجر الجنرال تياني") into the person; number coordinated runs ("تركيا
    والنيجر") as groups, whose members share the role of the first."""
    merged: list[_Actor] = []
    for actor in actors:
        if merged:
            prev = merged[-1]
            if (
                actor.type == "person"
                and prev.type != "person"
                and not prev.place
                and actor.first - prev.last - 1 <= 2
                and not actor.proclitic.startswith(("و", "ف"))
                and tokens.clause(prev.last) == tokens.clause(actor.first)
                and not any(
                    t.word in _BREAK_WORDS for t in tokens.range(prev.last + 1, actor.first)
                )
            ):
                # "مع الرئيس الروسي فلاديمير بوتين": the partner is the person; but in
                # "رئيس المجلس في النيجر الجنرال تياني" في qualifies the title, not him.
                if actor.role is None and prev.role not in ("in", "from"):
                    actor.role = prev.role
                merged[-1] = actor
                continue
        merged.append(actor)
    group = 0
    for i, actor in enumerate(merged):
        before = merged[i - 1] if i else None
        coordinated = (
            before is not None
            and actor.first - before.last <= 2
            and tokens.clause(before.last) == tokens.clause(actor.first)
            and (
                actor.proclitic.startswith("و")
                or (actor.first - before.last == 2 and tokens[before.last + 1].word == "و")
            )
        )
        if coordinated and before is not None:
            if actor.role is None or actor.role == _ROLE_PROCLITICS.get(actor.proclitic[1:]):
                actor.role = before.role
        else:
            group += 1
        actor.group = group
    return merged


# ---- the parts of an event ---------------------------------------------------------------

_NEGATIONS = frozenset(
    "لن لم لا ليس ليست لسنا لستم عدم دون بدون رفض رفضت يرفض ترفض رفضه رفضها "
    # a denial negates the deed it denies ("نفت الحكومة الاتهامات")
    "نفي نفت ينفي تنفي نفوا انكر انكرت ينكر تنكر".split()
)
_FUTURE_WORDS = frozenset(
    "سوف سيتم ستتم سيقوم ستقوم سيكون ستكون تعتزم يعتزم اعتزام عزم تسعي يسعي تخطط يخطط "
    "تستعد يستعد المقرر المتوقع المزمع تنوي ينوي يؤدي تؤدي يعتزمان تعتزمان احتمال المحتمل "
    "مرتقب المرتقب يرتقب يعتزمون "
    # auxiliaries of the future, intention, obligation, possibility and condition: what
    # follows them is planned, wished, owed or possible, not done ("سيعاد فرض"، "وعد بسحب"،
    # "يجب أن"، "ربما"، "إذا هاجمت")
    "سيعاد ستعاد سيجري ستجري سيبدا ستبدا وعد وعدت تعهد تعهدت يتعهد تتعهد يريد تريد "
    "يرغب ترغب نسعي اسعي يجب ينبغي ربما اذا لو امكانيه بامكان امكان يمكن نامل يامل "
    "تامل".split()
)
# A cue standing after these (in its clause) is the content of a call, a warning or a threat:
# "دعا إلى إجراء محادثات"، "حذر من مغبة الانسحاب" — asked for or feared, not done.
_WISHED_AFTER = frozenset({"call_on", "warn", "threaten"})
# Adjectives after a cue noun that put its event ahead: "القمة المقبلة"، "الزيارة المرتقبة".
_AHEAD = frozenset(
    "المقبل المقبله القادم القادمه المرتقب المرتقبه المزمع المزمعه المحتمل المحتمله "
    "المقترح المقترحه المنتظر المنتظره مقبل مقبله مرتقب مرتقبه محتمل محتمله قريبا".split()
)
# Verbs of taking place: a cue noun they follow with the future prefix or قد is planned or
# possible ("القمة بين البلدين ستعقد"، "الهجوم قد يكون قريبا"); other verbs tell what the
# event will cause ("الهجوم سيؤدي إلى").
_HAPPEN = frozenset(
    "تعقد يعقد تجري يجري تنطلق ينطلق تبدا يبدا تتم يتم تكون يكون تقام يقام تنعقد ينعقد".split()
)
HAPPEN_REACH = 5
# Particles after which an imperfect verb is subjunctive, an act not (yet) done: "على أن
# تلتقي"، "لن يوقع"، "كي يزور".
_SUBJUNCTIVE = frozenset({"ان", "لن", "كي", "لكي", "حتي"})
# Words that may stand between a negator and the cue it negates.
_LIGHT_WORDS = frozenset("يامر تامر امر يقرر تقرر قرر بعد يعد تعد رسميا تم يتم يمكن".split())
# Words that stand for actors named before: "وقع البلدان"، "المجالس العسكرية الثلاثة".
_DUAL = frozenset(
    "البلدان البلدين الطرفان الطرفين الجانبان الجانبين الزعيمان الزعيمين الرئيسان الرئيسين "
    "رئيسا الدولتان الدولتين".split()
)
_THREE = frozenset({"الثلاث", "الثلاثه"})
_COUNTRY_NOUNS = ("البلدان", "البلدين", "الدولتان", "الدولتين", "الدول", "الدولتين")
_LEADER_NOUNS = ("الزعيمان", "الزعيمين", "الرئيسان", "الرئيسين", "رئيسا")
_ANAPHOR_KINDS = {
    **{w: {"country"} for w in _COUNTRY_NOUNS},
    **{w: {"person"} for w in _LEADER_NOUNS},
}
_ANAPHOR_HINT = re.compile(r"بلد|طرف|جانب|زعيم|رئيس|دولت|ثلاث|هذه")
_PLURAL_NOUNS = frozenset({"الدول", "البلدان"})
_AGREEMENT_NOUNS = ("اتفاق", "مذكر", "معاهد", "صفق")
# Event types whose second actor may be where it happened ("نشر قواتها في النيجر").
_PLACE_TYPES = frozenset(
    {"deploy_forces", "withdraw_forces", "training", "visit", "attack", "clash", "protest",
     "arrest"}
)  # fmt: skip
# The actors of a cue stand within this many tokens of it (a bound far beyond the reaches
# below, which keeps the work per cue constant in a sentence of any length).
WINDOW = 64
SUBJECT_REACH = 3  # a subject after its verb stands within this many words of it
TARGET_REACH = 8  # the second actor stands within this many words after the cue
PARTNER_REACH = 12


def _negated(tokens: _Tokens, i: int, covered: frozenset[int] = frozenset()) -> bool:
    """A negator just before the cue, or before it with only light words or actors between
    ("لم تأمر النيجر بعد بخروج القوات"); "ولا يتطلب نشر القوات" negates يتطلب, not the
    deployment."""
    clause = tokens.clause(i)
    for k in range(i - 1, max(-1, i - 1 - NEGATION_WINDOW), -1):
        if tokens.clause(k) != clause:
            break
        forms = [form for form, _ in tokens[k].forms]
        if any(form in _NEGATIONS for form in forms):
            if k + 1 < len(tokens) and tokens[k + 1].word == "سيما":
                return False  # "لا سيما" means "especially"
            return True
        if not any(form in _LIGHT_WORDS for form in forms) and k not in covered:
            return False
    return False


def _future(tokens: _Tokens, i: int, first_form_future: bool, j: int | None = None) -> bool:
    """Whether the event of cue tokens i..j is future, planned, wished or possible: the future
    prefix on the cue, a word of _FUTURE_WORDS before it in its clause ("قد" only before an
    imperfect verb: "وقد أعلن" is done), an imperfect cue verb after a subjunctive particle,
    or an adjective of _AHEAD, a future verb or قد just after a cue noun ("القمة ستجري")."""
    if first_form_future:
        return True
    clause = tokens.clause(i)
    for k in range(i - 1, max(-1, i - 1 - FUTURE_WINDOW), -1):
        if tokens.clause(k) != clause:
            break
        forms = [form for form, _ in tokens[k].forms[:2]]
        if any(form in _FUTURE_WORDS for form in forms):
            return True
        if "قد" in forms and k + 1 < len(tokens) and _imperfect(tokens[k + 1].word):
            return True
    if i > 0 and tokens.clause(i - 1) == clause and _imperfect(tokens[i].word):
        if conjunction_free(tokens[i - 1].word) in _SUBJUNCTIVE:
            return True
    j = i if j is None else j
    if j + 1 < len(tokens) and tokens.clause(j + 1) == clause:
        if any(form in _AHEAD for form, _ in tokens[j + 1].forms[:2]):
            return True
    if not _noun_cue(tokens[i].word):
        return False
    for k in range(j + 1, min(len(tokens), j + 1 + HAPPEN_REACH)):
        if tokens.clause(k) != clause:
            break
        word = conjunction_free(tokens[k].word)
        if word[:1] == "س" and word[1:] in _HAPPEN:
            return True
        if word == "قد" and k + 1 < len(tokens):
            return conjunction_free(tokens[k + 1].word) in _HAPPEN
    return False


def _imperfect(word: str) -> bool:
    """Whether a word reads as an imperfect verb, by rule of thumb: the prefix ي, or ت on a
    word that does not end as a perfect verb does (تراجعت، تظاهروا); ن also opens perfect
    verbs (نشرت) and is left out."""
    stem = conjunction_free(word)
    if len(stem) < 4 or stem.startswith("ال"):
        return False
    return stem[0] == "ي" or (stem[0] == "ت" and not stem.endswith(("ت", "وا")))


def _noun_cue(word: str) -> bool:
    """Whether a cue word is a noun (a verbal noun with the article, or a noun without a verb
    prefix): such a cue can be the subject of the verb after it ("القمة ستجري")."""
    stem = conjunction_free(word)
    return stem.startswith("ال") or stem[:1] not in "يت"


def _match_cue(cue: Cue, tokens: _Tokens, i: int) -> tuple[int, bool] | None:
    """(index of the cue's last token, whether its first word carries the future prefix)."""
    first = cue.slots[0]
    matched = future = False
    for form, sin in tokens[i].forms:
        if form in first.words or form.startswith(first.stems):
            matched = True
            future = future or sin  # "ستطرد" is listed whole and read as تطرد
    if not matched:
        return None
    clause = tokens.clause(i)
    k = i
    gap = 0
    for slot in cue.slots[1:]:
        if slot.gap:
            gap = slot.gap
            continue
        for j in range(k + 1, min(len(tokens), k + 2 + gap)):
            if tokens.clause(j) != clause:
                return None
            if slot.matches(tokens[j].forms):
                k = j
                break
        else:
            return None
        gap = 0
    return k, future


def _near(slot: Slot, tokens: _Tokens, i: int, j: int) -> bool:
    clause = tokens.clause(i)
    lo, hi = max(0, i - NEAR_WINDOW), min(len(tokens), j + 1 + NEAR_WINDOW)
    return any(
        tokens.clause(k) == clause and slot.matches(tokens[k].forms)
        for k in range(lo, hi)
        if not i <= k <= j
    )


def _names_an_agreement(tokens: _Tokens, i: int) -> bool:
    """ "اتفاق التعاون العسكري"، "اتفاقية تدريب وتعاون عسكري": cooperation words just after an
    agreement noun name that agreement; they are not an event of their own."""
    return any(
        form.startswith(_AGREEMENT_NOUNS)
        for k in range(max(0, i - 3), i)
        for form, _ in tokens[k].forms
    )


# ---- actors of one cue -------------------------------------------------------------------


@dataclass(slots=True)
class _Site:
    """A matched cue: tokens i..j; `dated` holds the indices of tokens inside dates."""

    cue: Cue
    i: int
    j: int
    future: bool
    dated: frozenset[int]
    next_start: int  # the first token of the next cue in the sentence
    speech: int = -1  # the token of a statement cue before this one in its clause, else -1

    def words_to(self, k: int) -> int:
        """Words from the cue's first token to token k, dates not counted."""
        return sum(1 for n in range(self.i + 1, k + 1) if n not in self.dated)


def _lead_word(tokens: _Tokens, i: int) -> str:
    """The word before token i in its clause, without a conjunction ("وبعد" -> "بعد")."""
    if i == 0 or tokens.clause(i - 1) != tokens.clause(i):
        return ""
    return conjunction_free(tokens[i - 1].word)


# Complementizers with the pronoun of the one who speaks or decides: "قالت روسيا إنها ستنشر".
_PRONOUN_COMPLEMENTIZERS = frozenset({"انه", "انها", "انهم", "انهما"})


def _speaker_pronoun(tokens: _Tokens, i: int) -> int | None:
    """The token of "إنها"/"أنه" ... when the cue verb follows it (at most قد، لن، لم or سوف
    between): its subject is the pronoun, who spoke before it. None otherwise."""
    clause = tokens.clause(i)
    for k in range(i - 1, max(-1, i - 3), -1):
        if tokens.clause(k) != clause:
            return None
        word = conjunction_free(tokens[k].word)
        if word in _PRONOUN_COMPLEMENTIZERS or any(
            f in _PRONOUN_COMPLEMENTIZERS for f, _ in tokens[k].forms
        ):
            return k
        if word not in ("قد", "لن", "لم", "سوف"):
            return None
    return None


def _inside_phrase(tokens: _Tokens, lo: int, hi: int) -> bool:
    """Whether a word with the preposition ب or ل stands in tokens lo..hi-1: an actor after it
    is the genitive of that phrase, not the subject of the cue before it."""
    return any(
        r.proclitic.lstrip("وف") in ("ب", "ل", "لل") and len(r.stem) > 2
        for k in range(lo, hi)
        for r in _words.readings(tokens[k].word)
    )


def _relative_between(tokens: _Tokens, lo: int, hi: int) -> bool:
    """Whether a relative pronoun stands in tokens lo..hi-1: what follows it describes a thing
    named before ("العقوبات التي فرضتها واشنطن"), it is not what the words before it ask."""
    return any(conjunction_free(tokens[k].word) in _RELATIVES for k in range(lo, hi))


def _subordinated(tokens: _Tokens, lo: int, hi: int) -> bool:
    if not tokens.contains(_SUBORDINATOR_HINT, lo, hi):
        return False
    return any(any(form in _SUBORDINATORS for form, _ in tokens[k].forms) for k in range(lo, hi))


# Types whose "من X" is what is left, however far from the cue.
_LEAVING = frozenset({"withdraw_forces", "leave_organization", "end_agreement"})
# After a visit cue, a country or city named is where the visit goes.
_DESTINATIONS = frozenset({"country", "city", "region", "territory", "place"})

# Types whose forces carry their nationality: "وصول القوات الروسية"، "نشر ... القوات التركية"،
# "مدربين عسكريين روس".
_NATIONALITY_TYPES = frozenset({"deploy_forces", "withdraw_forces", "training"})


def _pick_actors(site, tokens, index, context, previous_subject):
    """(first actors, second actors) of a cue; each a list (a coordinated group), maybe empty.
    Only the actors within WINDOW tokens of the cue are looked at."""
    i, j, kind = site.i, site.j, site.cue.event_type
    actors = index.around(i, j)
    clause = tokens.clause(i)
    in_clause = [a for a in actors if tokens.clause(a.first) == clause]
    before = [a for a in in_clause if a.last < i][::-1]
    after = [a for a in in_clause if a.first > i]

    def group_of(actor: _Actor) -> list[_Actor]:
        return index.groups[actor.group]

    # "بين روسيا والنيجر" just after the cue: the pair ("بين البلدين": the two named before).
    at = next(
        (
            k
            for k in range(j, min(len(tokens), j + 3))
            if tokens[k].word == "بين" and tokens.clause(k) == clause
        ),
        -1,
    )
    if at >= 0:
        pair = _anaphor(tokens, at + 1, at + 2, actors, context) or []
        if not pair:
            for a in after:
                if a.first > at and all(a.entity != p.entity for p in pair):
                    pair.append(a)
                if len(pair) == 2:
                    break
        if len(pair) == 2:
            return [pair[0]], [pair[1]], "between", "between"

    # An explicit partner ("مع الولايات المتحدة") is never the first actor.
    partner = next(
        (
            a
            for a in after
            if a.role == "with"
            and kind not in _NO_PARTNER
            and a.first < site.next_start
            and site.words_to(a.first) <= PARTNER_REACH
        ),
        None,
    )
    excluded = {partner.entity} if partner else set()

    def acts(a: _Actor) -> bool:
        if a.role == "on" and (kind in _NO_PARTNER or kind == "protest"):
            return False  # "الانقلاب على بازوم"، "هجوم على": على marks the target
        return not a.place and a.role not in _NOT_SUBJECT and a.entity not in excluded

    def located(a: _Actor) -> bool:
        return a.role in ("in", "from")

    subject: list[_Actor] | None = None
    how = "none"  # which rule found the first actor: it weighs the event's confidence
    # "أدانت السعودية الهجوم الإسرائيلي": who speaks before a reported deed is not its actor;
    # the deed's own actor follows it, if the sentence names one.
    if site.speech >= 0:
        before = []
    lead = _lead_word(tokens, i)
    # "تركيا التي تزود": the subject of a relative clause is the noun before التي; "الانقلاب
    # الذي أطاح رئيس النيجر": an actor after the verb is then its object.
    # With an object pronoun on the verb ("التي دربتها الولايات المتحدة") the antecedent is
    # the object and the subject follows as usual.
    relative = lead in _RELATIVES and not tokens[i].word.endswith(("ها", "هم", "هما", "هن"))
    if relative:
        antecedent = [a for a in before if a.last >= i - 3]
        subject = group_of(antecedent[0]) if antecedent and acts(antecedent[0]) else []
        how = "relative" if subject else "none"
    # "بعد انقلاب"، "منذ وصول": a cue after a time word is an event referred to; who did it
    # is told after it, if anywhere.
    referred = lead in _TIME_WORDS
    # 1. SVO: an actor before the cue in its clause, up to a subordinator: a plain one, else
    #    one after على ("على تركيا إعادة نشر"), else a country named as a place ("في النيجر").
    ranked: dict[int, _Actor] = {}
    speaker = _speaker_pronoun(tokens, i)
    for a in [] if relative or referred else before:
        if speaker is not None and a.last < speaker:
            # "قالت الولايات المتحدة إنها ستطرد": the pronoun after إن is who spoke
            if acts(a) and a.role is None and not _subordinated(tokens, a.last + 1, speaker):
                ranked.setdefault(0, a)
            break
        if _subordinated(tokens, a.last + 1, i):
            break
        if not acts(a):
            continue
        # "على تركيا إعادة نشر": على marks the one who must, right before the cue
        rank = 0 if a.role is None else 1 if a.role == "on" and a.last >= i - 2 else 2
        if rank == 2 and a.type != "country":
            continue
        ranked.setdefault(rank, a)
    # a country named as a place is taken only when nothing after the cue does better
    weak = None
    if ranked and min(ranked) < 2:
        subject = group_of(ranked[min(ranked)])
        how = "svo"
    elif ranked:
        weak = group_of(ranked[2])
    # "تدريب الجيش النيجري"، "إطاحة بازوم": what follows such a cue is its object.
    if subject is None and site.cue.object_after:
        subject = weak or []
    # 2. "وقع البلدان"، "أنهت المجالس العسكرية الثلاثة": an anaphor right after the cue.
    if subject is None:
        subject = _anaphor(tokens, i + 1, min(len(tokens), j + 4), actors, context)
        how = "anaphor" if subject else how
    # 3. VSO: an actor right after the verb, or inside the cue ("وقعت تركيا والنيجر اتفاقية");
    #    for forces, the nationality that follows them ("وصول القوات الروسية").
    if subject is None:
        for a in after:
            near = a.first <= j or site.words_to(a.first) <= SUBJECT_REACH
            forces = kind in _NATIONALITY_TYPES and (
                (a.kind == "demonym" and a.role is None)
                or (kind == "deploy_forces" and a.role == "from")  # "مدربون من روسيا"
            )
            if not near and not (forces and site.words_to(a.first) <= TARGET_REACH):
                continue
            if not acts(a) or (located(a) and a.type != "country") or a.role == "on":
                continue
            if not forces and _inside_phrase(tokens, j + 1, a.first):
                continue  # "الإدانة الغربية لتورط إيران": Iran belongs to تورط
            if kind in _PLACE_TYPES and a.first == j + 1 and (a.place or a.kind == "metonym"):
                continue  # "هجمات باريس": the city is where, not who
            if kind == "visit" and a.kind != "demonym" and a.type in _DESTINATIONS:
                continue  # "يزور الكويت": the place visited, never the visitor
            if a.role == "from" and (a.first <= j + 2 or kind in _LEAVING) and not forces:
                continue  # "انسحاب من X": X is what is left
            subject = group_of(a)
            how = "vso"
            break
    if subject is None and weak is not None:
        subject, how = weak, "place"
    # 4. "وتشكيل قوة مشتركة" opening a clause shares the subject of the cue before it.
    if subject is None and referred:
        subject = []
    if subject is None and site.speech >= 0:
        subject = []
    if subject is None and previous_subject and tokens[i].word[:1] == "و":
        if i == 0 or tokens.clause(i - 1) != clause:
            subject, how = previous_subject, "shared"
    # 5. An anaphor, then an actor, earlier in the sentence.
    if subject is None:
        subject = _anaphor(tokens, max(0, i - WINDOW), i, actors, context)
        how = "anaphor" if subject else how
    # ... and across clauses only for undirected types, whose parties a sentence often
    # names apart ("بحث تياني، مع بوتين خلال اتصال هاتفي").
    if subject is None and kind in SYMMETRIC:
        for a in reversed([a for a in actors if a.last < i]):
            if _subordinated(tokens, a.last + 1, i):
                break
            if acts(a) and not located(a):
                subject, how = group_of(a), "earlier"
                break
    subject = subject or []
    if not subject:
        how = "none"
    taken = {a.entity for a in subject}

    # The second actor: the partner; else the first other actor after the cue, up to a
    # subordinator; else a destination further on ("إلى النيجر"); else a partner before the
    # cue ("مع بوتين خلال اتصال هاتفي"); else where it happened, for the types that allow it.
    def fits(a: _Actor) -> bool:
        return (
            a.entity not in taken
            and a.role not in _NOT_TARGET
            and (a.role != "against" or kind == "attack")
            and (a.role != "with" or kind not in _NO_PARTNER)
            and (not a.place or kind in _PLACE_TYPES)
        )

    def reachable(a: _Actor, reach: int) -> bool:
        return site.words_to(a.first) <= reach + (j - i) and not _subordinated(
            tokens, j + 1, a.first
        )

    target, how2 = partner, "partner"
    if target is None:  # a destination first: "لمسؤول من نيامي إلى إيران"
        target = next(
            (a for a in after if a.role == "to" and fits(a) and reachable(a, TARGET_REACH)),
            None,
        )
        how2 = "to"
    if target is None:
        target = next((a for a in after if fits(a) and reachable(a, TARGET_REACH)), None)
        how2 = "after"
    if target is None:
        target = next(
            (a for a in after if a.role == "to" and fits(a) and reachable(a, PARTNER_REACH)),
            None,
        )
        how2 = "to"
    if target is None and kind not in _NO_PARTNER:
        how2 = "before"
        pool = actors if kind in SYMMETRIC else in_clause
        target = next(
            (
                a
                for a in reversed(pool)
                if a.last < i
                and a.role in ("with", "to")
                and fits(a)
                and not _subordinated(tokens, a.last + 1, i)
            ),
            None,
        )
    if target is None and kind in _PLACE_TYPES:
        how2 = "place"
        # where it happened: after the cue, or between its subject and it
        # ("تستعد تركيا لنشر قواتها في النيجر لتدريب الجيش")
        lo = max((a.last for a in subject), default=i)
        target = next(
            (
                a
                for a in in_clause
                if a.role == "in"
                and fits(a)
                and (a.first > lo if a.last < i else reachable(a, PARTNER_REACH))
            ),
            None,
        )
    second = [a for a in group_of(target) if fits(a)] if target is not None else []
    if target is not None and target not in second:
        second = [target]
    if not second:
        how2 = "none"
    if site.cue.victim or _undergoes(tokens, i):  # "تعرضت مراكز تركية لهجمات"، "تعرض لانتقادات"
        return [], subject or second, "none", "victim"
    return subject, second, how, how2


_UNDERGO = ("تعرض", "يتعرض", "تتعرض")


def _undergoes(tokens: _Tokens, i: int) -> bool:
    """Whether a verb of undergoing (تعرض) stands up to four words before cue token i in its
    clause: its subject suffers the event the cue names."""
    clause = tokens.clause(i)
    for k in range(i - 1, max(-1, i - 5), -1):
        if tokens.clause(k) != clause:
            return False
        if any(form.startswith(_UNDERGO) for form, _ in tokens[k].forms):
            return True
    return False


def _anaphor(tokens, lo, hi, actors, context) -> list[_Actor] | None:
    """Actors that an anaphor in tokens lo..hi-1 stands for, from this sentence before it or
    the two sentences before: "البلدان" two countries, "الزعيمان" two leaders, "الدول الثلاث"
    three, "هذه الدول" the last list named. البلدان is also a plural: after هذه or before
    الثلاث it is one."""
    for k in tokens.where(_ANAPHOR_HINT, lo, hi):
        forms = {f for f, _ in tokens[k].forms}
        after_this = k > 0 and tokens[k - 1].word == "هذه"
        three = k + 1 < len(tokens) and tokens[k + 1].word in _THREE
        if three or (tokens[k].word in _THREE and k > 0):
            want = 3
        elif after_this and forms & _PLURAL_NOUNS:
            want = 0
        elif forms & _DUAL:
            want = 2
        else:
            continue
        kinds = _ANAPHOR_KINDS.get(tokens[k].word) or _ANAPHOR_KINDS.get(
            tokens[k - 1].word if k > 0 else ""
        )
        # the noun phrase of the anaphor itself ("المستعمرات الفرنسية الثلاث") is not its referent
        phrase = k - 2 if tokens[k].word in _THREE else k
        pool = [
            a
            for a in [*context(), *[a for a in actors if a.last < phrase]]
            if not a.place and (kinds is None or a.type in kinds)
        ]
        found = _recent_group(pool, want)
        if found is None and kinds == {"person"}:  # "الزعيمان": their countries will do
            pool = [a for a in [*context(), *actors] if a.last < k or a in context()]
            found = _recent_group([a for a in pool if a.type == "country" and not a.place], 2)
        return found
    return None


def _recent_group(pool: list[_Actor], want: int) -> list[_Actor] | None:
    """The most recent coordinated list of `want` actors (of two or more for 0), else for 2
    and 3 the last `want` distinct actors named."""
    groups: dict[int, list[_Actor]] = {}
    for a in pool:
        groups.setdefault(a.group, []).append(a)
    for members in sorted(groups.values(), key=lambda g: g[-1].start, reverse=True):
        size = len({a.entity for a in members})
        if (want == 0 and size >= 2) or (want and size == want):
            return members
    if want == 0:
        return None
    chosen: list[_Actor] = []
    # no list of that size: the last countries named ("النيجر وجارتاها بوركينا فاسو ومالي")
    for a in reversed([a for a in pool if a.type == "country"] if want == 3 else pool):
        if all(a.entity != c.entity for c in chosen):
            chosen.append(a)
        if len(chosen) == want:
            return chosen[::-1]
    return None
