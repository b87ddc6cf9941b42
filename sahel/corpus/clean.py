"""Line-level removal of web boilerplate from Arabic news articles, keeping offsets to the original.

A page saved as text carries, around the article, navigation ("الرئيسية"), share buttons, comment
forms, newsletter and app prompts, cookie notices, copyright and credit lines, and lists of related
headlines. :func:`clean` removes whole lines, never parts of a line, so every kept character sits
at a known place in the original: :attr:`CleanResult.kept_spans` lists the original spans that make
up the cleaned text, and :meth:`CleanResult.to_original` maps a cleaned index back.

Signals, in the order they are applied (each removal names its reason):

1. **Lexicon** (:data:`CUES`): a line that is a boilerplate cue, or starts with one and is short
   enough for it ("cue:<category>"). A *related* cue (مقالات ذات صلة ...) also removes the
   headline list after it: to the end of the text, unless two or more full paragraphs follow (then
   the list ends at the first one). A *see-also* cue alone on its line (اقرأ أيضاً:) removes the
   headline-like lines after it, up to the next full paragraph ("related list").
2. **Structure**: lines with no letter or digit, tatweel rules included ("separator").
3. **Repetition across documents** (:func:`repeated_lines`, given by the corpus): a line of at
   most eight words found in three or more documents of the same source; and the run of repeated
   lines of any length that ends a text, when one of them opens another document of the source
   (outlets append the leads of other articles) ("repeated line").
4. **Zones**: before the first and after the last full paragraph, lines whose letters are all
   non-Arabic ("non-Arabic line") and date stamps ("date line"); before it, runs of three or more
   lines of at most three words ("navigation run"); after it, one or two lines of at most four
   words without sentence punctuation ("trailing fragment"; longer runs are lists and stay).
5. **Title**: with ``find_title=True`` (text files) the first line still kept is the title
   ("title"); any later line equal to the title is a copy ("title repeated").
6. **Whitespace**: blank lines at both ends and blank runs left by removals shrink to one
   ("whitespace"); a blank line inside a removed block takes that block's reason.

Full paragraph: a line with Arabic letters that ends with sentence punctuation (or a colon) and
has at least five words, or has at least fifteen words, and does not end in an ellipsis (teasers
do).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from sahel.text.charclass import ARABIC_LETTER_CLASS, INVISIBLE_CHARS, MARK_CLASS, SPELLINGS

__all__ = [
    "CUES",
    "CleanResult",
    "Cue",
    "Removal",
    "RepeatedLines",
    "MIN_DOCUMENTS",
    "clean",
    "lead_forms",
    "lead_groups",
    "line_keys",
    "repeated_lines",
    "span_to_original",
    "split_title",
    "to_original",
]


# Cue patterns are written in ordinary spelling; they are compiled to tolerate the spelling
# variants of news text (alef forms, alef maksura, teh marbuta, harakat, tatweel) so that lines
# are matched as they are, without a folded copy (folding every line costs more than the rest).
# The classes are the core's (sahel.text.charclass, generated with its C tables).
_MARKS = MARK_CLASS + "*"
_VARIANTS = {letter: letter + others for letter, others in SPELLINGS.items()}
_FOLD_DELETE = re.compile(f"{MARK_CLASS}|[{INVISIBLE_CHARS}]")
_FOLD_REPLACE = str.maketrans({o: letter for letter, others in SPELLINGS.items() for o in others})
_STRIP = (
    " \t\r\f\v\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u3000"
    + INVISIBLE_CHARS
)
_BULLETS = _STRIP + "•·●▪■►▶◄»«>*-–—|#"
_CLOSERS = "\"'»”’)]"
_SENTENCE_ENDS = frozenset(".!?؟…")
_PARAGRAPH_ENDS = _SENTENCE_ENDS | {":"}  # a colon may introduce a list or a quotation
_WORD_CHAR = re.compile(r"[^\W_]")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC = re.compile(ARABIC_LETTER_CLASS)


def _fold(s: str) -> str:
    """Drop harakat, tatweel and invisible marks; unify alef forms, alef maksura, teh marbuta."""
    return _FOLD_DELETE.sub("", s).translate(_FOLD_REPLACE)


def _tolerant(pattern: str) -> str:
    """A regex that matches what ``pattern`` matches in any spelling variant (see above)."""
    out = []
    in_class = False
    chars = iter(_fold(pattern))
    for ch in chars:
        if ch == "\\":
            out.append(ch + next(chars, ""))
        elif in_class:
            out.append(ch)
            in_class = ch != "]"
        elif ch == "[":
            out.append(ch)
            in_class = True
        elif ch == " ":
            out.append(r"(?:\s+)")
        elif _ARABIC.fullmatch(ch):
            out.append(f"(?:[{_VARIANTS.get(ch, ch)}]{_MARKS})")
        else:
            out.append(ch)
    return "".join(out)


@dataclass(frozen=True, slots=True)
class Cue:
    """A boilerplate cue, matched at the start of a line (after bullets) in ordinary spelling.

    ``whole``: the cue must make up the whole line (trailing punctuation, a count or an arrow may
    follow); otherwise the line starts with it and has at most ``max_words`` words.
    ``anywhere``: a word the cue always contains, as written in news text (no variant letters
    or harakat); then the cue may stand anywhere in the line, and is searched only in lines with
    the word.
    ``kind``: "line" removes the line; "related" and "see-also" also remove the headline list
    that follows (see the module docstring).
    """

    category: str
    pattern: str
    gloss: str
    whole: bool = True
    max_words: int = 6
    kind: str = "line"
    anywhere: str = ""


#: The boilerplate lexicon (Arabic cues with an English gloss).
CUES: tuple[Cue, ...] = (
    # Navigation and page chrome.
    Cue("navigation", r"(الصفحة )?الرئيسية", "home"),
    Cue("navigation", r"(آخر|أحدث) الأخبار|الأخبار العاجلة|أخبار عاجلة", "latest news"),
    Cue("navigation", r"القائمة( الرئيسية)?|ابحث( هنا)?|بحث|البحث", "menu, search"),
    Cue("navigation", r"تسجيل (الدخول|الخروج)|إنشاء حساب|اتصل بنا|من نحن|أعلن معنا", "account"),
    Cue("navigation", r"(العودة )?(إلى|الى|لل) ?(الأعلى|أعلى الصفحة)|أعلى الصفحة", "to the top"),
    Cue("navigation", r"(عرض|تحميل|اقرأ) المزيد|المزيد|التالي|السابق", "more, next, previous"),
    # Comment forms.
    Cue("comments", r"(أضف|اضف|اكتب) (تعليق|تعليقا|تعليقك|تعليقاتك|ردا|رد)", "add a comment"),
    Cue("comments", r"اترك (تعليق|تعليقا|تعليقك|ردا|رد)", "leave a comment"),
    Cue("comments", r"(شارك|أضف) (برأيك|رأيك)", "give your opinion"),
    Cue("comments", r"(ال)?تعليقات|لا توجد تعليقات|(أرسل|إرسال|ارسال) (التعليق|تعليق)", "comments"),
    Cue(
        "comments", r"لن يتم نشر (عنوان )?بريدك", "e-mail not published", whole=False, max_words=25
    ),
    Cue("comments", r"الحقول (الإلزامية|المطلوبة)", "required fields", whole=False, max_words=15),
    Cue("comments", r"(الاسم|البريد الإلكتروني|الموقع الإلكتروني|التعليق) ?\*", "form field"),
    # Share buttons.
    Cue("share", r"شارك(ها)?( (المقال|الخبر|القصة|هذا المقال|عبر|على) ?\S*)?|مشاركة", "share"),
    Cue("share", r"انشر|طباعة|اطبع|(أرسل|ارسل) (إلى|الى|ل) ?صديق", "print, send to a friend"),
    Cue(
        "share",
        r"((فيسبوك|فيس بوك|تويتر|واتساب|واتس اب|تلغرام|تيليجرام|لينكد ?إن|إنستغرام|انستغرام"
        r"|يوتيوب|بريد إلكتروني|facebook|twitter|whatsapp|telegram|linkedin|x)[\s,،|/-]*)+",
        "social network buttons",
    ),
    # Newsletter, following, apps.
    Cue("newsletter", r"اشترك|سجل بريدك|النشرة (البريدية|الإخبارية)", "subscribe", whole=False),
    Cue("newsletter", r"تابعونا|تابعنا (على|عبر)", "follow us", whole=False),
    Cue("newsletter", r"(حمل|نزل) (تطبيق|التطبيق)", "get the app", whole=False, max_words=12),
    Cue("newsletter", r"يمكنكم (استلام|تسلم) إشعارات", "app prompt", whole=False, max_words=40),
    # Cookie and privacy notices.
    Cue(
        "cookies",
        r"(يستخدم|نستخدم|يستعمل) (هذا الموقع|موقعنا)? ?(ملفات|الكوكيز)",
        "this site uses cookies",
        whole=False,
        max_words=45,
        anywhere="نستخدم",
    ),
    Cue(
        "cookies",
        r"(يستخدم|يستعمل) (هذا الموقع|موقعنا) (ملفات|الكوكيز)",
        "this site uses cookies",
        whole=False,
        max_words=45,
        anywhere="الموقع",
    ),
    Cue(
        "cookies",
        r"(بمواصلة|باستمرارك في) (التصفح|تصفح)",
        "by continuing to browse",
        whole=False,
        max_words=45,
        anywhere="تصفح",
    ),
    Cue("cookies", r"سياسة الخصوصية|شروط الاستخدام|أوافق|موافق", "privacy, terms, accept"),
    # Copyright.
    Cue(
        "copyright",
        r"©|\(c\)|(جميع|كل) الحقوق محفوظة|حقوق (النشر|الطبع)( والنشر)? محفوظة",
        "all rights reserved",
        whole=False,
        max_words=15,
    ),
    # Editorial disclaimers.
    Cue(
        "disclaimer",
        r"جميع المقالات المنشورة تمثل",
        "articles are their authors' opinion",
        whole=False,
        max_words=12,
    ),
    Cue(
        "disclaimer",
        r"لا (تعكس|تعبر عن) بالضرورة",
        "views are not necessarily the outlet's",
        whole=False,
        max_words=40,
        anywhere="بالضرور",
    ),
    # Credits and bylines.
    Cue(
        "credit",
        r"نقلا عن|المصدر ?:|تحرير ?:|إعداد ?:|تصوير ?:|بقلم",
        "reprinted from, source, byline",
        whole=False,
        max_words=8,
    ),
    Cue(
        "credit",
        r"((فرانس ?24|أ ف ب|ا ف ب|رويترز|د ب أ|الأناضول|وكالات|بي بي سي)\s*[/،,-]?\s*)+",
        "agency credit",
    ),
    Cue("embed", r"a post shared by", "embedded social post", whole=False, max_words=40),
    # Time stamps and tags.
    Cue(
        "timestamp",
        r"تاريخ النشر|(آخر|اخر) تحديث|تم (النشر|التحديث)|نشر (في|بتاريخ)",
        "published, updated",
        whole=False,
        max_words=12,
    ),
    Cue(
        "tags",
        r"الكلمات المفتاحية|كلمات مفتاحية|كلمات دلالية|الوسوم|وسوم|تصنيفات",
        "tags",
        whole=False,
        max_words=25,
    ),
    # Related-article lists at the end of a page.
    Cue(
        "related",
        r"(مقالات|أخبار|مواد|مواضيع|موضوعات|روابط|قصص) (ذات صلة|مشابهة|أخرى)|ذات صلة"
        r"|الأكثر (قراءة|مشاهدة|تداولا|شعبية)|قد (يهمك|يعجبك)( أيضا)?|اخترنا لك"
        r"|المزيد من (الأخبار|المقالات)",
        "related articles, most read",
        kind="related",
    ),
    # "Read also" prompts; alone on a line they announce a list of headlines.
    Cue(
        "related",
        r"(اقرأ|إقرأ|طالع|انظر|شاهد) (أيضا|كذلك)|(اقرأ|إقرأ|شاهد|طالع|للمزيد) ?(?=[:.…])",
        "read also",
        whole=False,
        max_words=40,
        kind="see-also",
    ),
)

# After a whole-line cue: punctuation, arrows, a count such as "(3)", nothing else.
_WHOLE_TAIL = r"[\s:.،,!؟?()\[\]\d|«»<>→←-]*$"
_NOT_LETTER_NEXT = r"(?![^\W\d_])"


def _alternation(cues: list[tuple[int, Cue]]) -> re.Pattern[str]:
    """One regex for many cues; the group name ``c<k>`` says which cue matched."""
    return re.compile(
        "|".join(
            f"(?P<c{k}>(?:{_tolerant(c.pattern)}){_WHOLE_TAIL if c.whole else _NOT_LETTER_NEXT})"
            for k, c in cues
        ),
        re.IGNORECASE,
    )


# The cues a line of n words can match, as one alternation: _START_FOR_WORDS[n]. Most article
# lines are long and few cues allow long lines, so most lines try few alternatives.
_START_LIMITS = sorted({c.max_words for c in CUES if not c.anywhere})
_START_BY_LIMIT = {
    limit: _alternation(
        [(k, c) for k, c in enumerate(CUES) if not c.anywhere and c.max_words >= limit]
    )
    for limit in _START_LIMITS
}
_START_FOR_WORDS = tuple(
    _START_BY_LIMIT[next(limit for limit in _START_LIMITS if limit >= n)]
    for n in range(_START_LIMITS[-1] + 1)
)
_ANYWHERE = tuple((c.anywhere, c, _alternation([(k, c)])) for k, c in enumerate(CUES) if c.anywhere)

_MONTHS = (
    "يناير|فبراير|مارس|أبريل|ابريل|مايو|يونيو|يوليو|أغسطس|اغسطس|سبتمبر|أكتوبر|اكتوبر|نوفمبر"
    "|ديسمبر|كانون الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين الأول|تشرين الثاني"
    "|كانون الأول|الأحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الخميس|الجمعة|السبت"
    "|january|february|march|april|may|june|july|august|september|october|november|december"
    "|monday|tuesday|wednesday|thursday|friday|saturday|sunday"
)
_DATE_WORD = re.compile(_tolerant(_MONTHS), re.IGNORECASE)
_DATE_LINE = re.compile(
    rf"(?:(?:{_tolerant(_MONTHS + '|م|ص|مساء|صباحا|ه|am|pm|gmt')})|\d{{1,4}}|[\s,،/:.\-–—|•])+",
    re.IGNORECASE,
)
# "City, Country (Agency) -- " before a lead; teasers of the article repeat the lead without it.
_DATELINE = re.compile(r"^[^()\n]{0,80}\([^()\n]{1,25}\)\s*[-–—:]+\s*")


class Removal(NamedTuple):
    """A removed span of the original text: [start, end) and why."""

    start: int
    end: int
    reason: str


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned text and how it maps onto the original.

    ``removed`` and ``kept_spans`` are sorted, disjoint and together cover the original;
    ``text == "".join(original[s:e] for s, e in kept_spans)``.
    """

    text: str
    removed: tuple[Removal, ...]
    kept_spans: tuple[tuple[int, int], ...]
    title: str | None = None

    @property
    def boilerplate_chars(self) -> int:
        """Characters removed as boilerplate: everything but the title line and whitespace."""
        return sum(r.end - r.start for r in self.removed if r.reason not in _NOT_BOILERPLATE)

    def to_original(self, index: int) -> int:
        """The index in the original text of cleaned index ``index`` (0 <= index <= len(text)).

        Where two kept spans meet, an index maps to the start of the later span (the place of
        the character at that index); ``len(text)`` maps to the end of the last span.
        """
        return to_original(self.kept_spans, index)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span of cleaned ``[start, end)``; the end is taken after the last
        character, so a span never reaches into removed text that follows it."""
        return span_to_original(self.kept_spans, start, end)


_NOT_BOILERPLATE = frozenset({"title", "whitespace"})


def to_original(kept_spans: Sequence[tuple[int, int]], index: int) -> int:
    """Map an index of the text made of ``kept_spans`` back to the original (see CleanResult)."""
    if not isinstance(index, int) or isinstance(index, bool):
        raise TypeError(f"index must be an int, not {type(index).__name__}")
    starts = []  # where each kept span starts in the cleaned text; spans are few
    length = 0
    for start, end in kept_spans:
        starts.append(length)
        length += end - start
    if not 0 <= index <= length:
        raise ValueError(f"index {index} is outside the cleaned text (length {length})")
    if not kept_spans:
        return 0
    k = bisect_right(starts, index) - 1
    return kept_spans[k][0] + index - starts[k]


def span_to_original(
    kept_spans: Sequence[tuple[int, int]], start: int, end: int
) -> tuple[int, int]:
    """Map a cleaned span back to the original (see CleanResult.span_to_original)."""
    if end <= start:
        here = to_original(kept_spans, start)
        return here, here
    return to_original(kept_spans, start), to_original(kept_spans, end - 1) + 1


class _Line:
    __slots__ = ("start", "end", "stop", "content", "reason", "words", "_paragraph")

    def __init__(self, start: int, end: int, stop: int, content: str):
        self.start = start  # first character
        self.end = end  # end of the line, before "\n"
        self.stop = stop  # after the "\n" (== end for the last line)
        self.content = content  # as _line_key gives it: also the key across documents
        self.reason: str | None = None
        self.words = len(content.split())
        self._paragraph: bool | None = None

    @property
    def bare(self) -> str:
        """The line without leading bullets, as cues are matched."""
        return self.content.lstrip(_BULLETS)

    @property
    def blank(self) -> bool:
        return not self.content

    @property
    def _last(self) -> str:
        """The last character before closing quotes and brackets ("" for an empty line)."""
        return self.content.rstrip(_CLOSERS)[-1:]

    @property
    def ends_sentence(self) -> bool:
        return self._last in _SENTENCE_ENDS

    @property
    def paragraph(self) -> bool:
        """A full paragraph of article text (see the module docstring)."""
        if self._paragraph is None:
            self._paragraph = (
                (self.words >= 15 or (self.words >= 5 and self._last in _PARAGRAPH_ENDS))
                and not self.content.rstrip(_CLOSERS).endswith(("..", "…"))
                and _ARABIC.search(self.content) is not None
            )
        return self._paragraph


def _line_key(line: str) -> str:
    """A line as compared across documents: without the spaces and invisible marks around it."""
    return line.strip(_STRIP)


def _lines(text: str) -> list[_Line]:
    lines = []
    pos = 0
    for raw in text.split("\n"):
        end = pos + len(raw)
        stop = end + 1 if end < len(text) else end
        lines.append(_Line(pos, end, stop, _line_key(raw)))
        pos = stop
    return lines


def _match_cue(line: _Line) -> Cue | None:
    bare = line.bare
    if line.words < len(_START_FOR_WORDS):
        m = _START_FOR_WORDS[line.words].match(bare)
        if m is not None and m.lastgroup is not None:  # each alternative is a group "c<k>"
            return CUES[int(m.lastgroup[1:])]
    for word, cue, regex in _ANYWHERE:
        if line.words <= cue.max_words and word in line.content and regex.search(bare):
            return cue
    return None


def _is_date_line(line: _Line) -> bool:
    if line.words > 8 or not any(ch.isdigit() for ch in line.content):
        return False
    bare = line.bare
    return _DATE_WORD.search(bare) is not None and _DATE_LINE.fullmatch(bare) is not None


@dataclass(frozen=True, slots=True)
class RepeatedLines:
    """What recurs across the documents of one source (see :func:`repeated_lines`).

    ``lines``: lines (stripped) found in several documents; ``leads``: the first lines of the
    source's documents, also without their dateline.
    """

    lines: frozenset[str] = frozenset()
    leads: frozenset[str] = frozenset()


_NOTHING_REPEATED = RepeatedLines()


def clean(
    text: str,
    title: str | None = None,
    *,
    find_title: bool = False,
    repeated: RepeatedLines | None = None,
) -> CleanResult:
    """Remove boilerplate lines from ``text`` (see the module docstring for the rules).

    ``title``: the article's title when known; lines repeating it are removed.
    ``find_title``: take the first line that survives cleaning as the title and remove it
    (for text files, whose first line is the title); the result's ``title`` holds it.
    ``repeated``: what recurs across documents of the text's source, from :func:`repeated_lines`.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    repeated = repeated or _NOTHING_REPEATED
    lines = _lines(text)
    _apply_cues_and_structure(lines, repeated.lines)
    if repeated.lines:
        _remove_trailing_teasers(lines, repeated)
    _apply_zones(lines)
    if find_title:
        first = next((ln for ln in lines if ln.reason is None and not ln.blank), None)
        title = None
        if first is not None:
            first.reason = "title"
            title = first.content
    if title:
        _remove_title_copies(lines, title)
    return _assemble(text, lines, title)


def split_title(text: str) -> CleanResult:
    """Only take the first non-empty line off as the title (text files loaded with clean=False)."""
    lines = _lines(text)
    first = next((ln for ln in lines if not ln.blank), None)
    if first is not None:
        first.reason = "title"
    return _assemble(text, lines, first.content if first is not None else None)


def _title_key(s: str) -> str:
    return " ".join(_fold(s.strip(_BULLETS)).split())


def _remove_title_copies(lines: list[_Line], title: str) -> None:
    key = _title_key(title)
    for ln in lines:
        # Compare lengths first: folding every line of a long text costs more than the rest.
        if ln.reason is None and abs(len(ln.content) - len(title)) <= 8 + len(title) // 4:
            if ln.content and _title_key(ln.content) == key:
                ln.reason = "title repeated"


def _apply_cues_and_structure(lines: list[_Line], repeated: frozenset[str]) -> None:
    for i, ln in enumerate(lines):
        if ln.blank or ln.reason is not None:
            continue
        if _WORD_CHAR.search(ln.content.replace("\u0640", "")) is None:
            ln.reason = "separator"
            continue
        cue = _match_cue(ln)
        if cue is not None:
            ln.reason = f"cue:{cue.category}"
            if cue.kind == "related":
                _remove_related_list(lines, i + 1, to_end=True)
            elif cue.kind == "see-also" and ln.words <= 2:
                _remove_related_list(lines, i + 1, to_end=False)
        elif repeated and ln.words <= 8 and ln.content in repeated:
            ln.reason = "repeated line"


def _remove_related_list(lines: list[_Line], start: int, *, to_end: bool) -> None:
    """Remove the headline list that follows a related cue (see the module docstring)."""
    rest = lines[start:]
    if to_end and sum(1 for ln in rest if ln.paragraph) < 2:
        for ln in rest:
            if ln.reason is None and not ln.blank:
                ln.reason = "related list"
        return
    for ln in rest:
        if ln.blank or ln.reason is not None:
            continue
        if ln.paragraph or _match_cue(ln) is not None:
            return
        ln.reason = "related list"


def _remove_trailing_teasers(lines: list[_Line], repeated: RepeatedLines) -> None:
    """The run of repeated lines that ends the text goes when one of them opens another
    document: then the run lists other articles, it is not a paragraph reused by an update."""
    own_lead = next((ln.content for ln in lines if not ln.blank), "")
    run: list[_Line] = []
    for ln in reversed(lines):
        if ln.blank or ln.reason is not None:
            continue
        if ln.content not in repeated.lines:
            break
        run.append(ln)
    if any(ln.content in repeated.leads and ln.content != own_lead for ln in run):
        for ln in run:
            ln.reason = "repeated line"


def _apply_zones(lines: list[_Line]) -> None:
    kept = [k for k, ln in enumerate(lines) if ln.reason is None and not ln.blank]
    paragraphs = [k for k in kept if lines[k].paragraph]
    if not paragraphs:
        return
    first, last = paragraphs[0], paragraphs[-1]
    for k in kept:
        if first <= k <= last:
            continue
        ln = lines[k]
        if _LETTER.search(ln.content) and _ARABIC.search(ln.content) is None:
            ln.reason = "non-Arabic line"
        elif _is_date_line(ln):
            ln.reason = "date line"
    _remove_navigation_runs([lines[k] for k in kept if k < first])
    tail = [lines[k] for k in kept if k > last and lines[k].reason is None]
    list_follows = lines[last].content.endswith(":")
    if tail and len(tail) <= 2 and not list_follows:
        for ln in tail:
            if ln.words <= 4 and not ln.ends_sentence:
                ln.reason = "trailing fragment"


def _remove_navigation_runs(leading: list[_Line]) -> None:
    run: list[_Line] = []
    for ln in [*leading, None]:
        if ln is not None and ln.reason is not None:
            continue  # already removed: neither extends nor breaks a run
        if ln is not None and ln.words <= 3 and not ln.ends_sentence:
            run.append(ln)
            continue
        if len(run) >= 3:
            for short in run:
                short.reason = "navigation run"
        run = []


def _assemble(text: str, lines: list[_Line], title: str | None) -> CleanResult:
    content = [k for k, ln in enumerate(lines) if ln.reason is None and not ln.blank]
    keep = [False] * len(lines)
    if content:
        previous_blank = False
        for k in range(content[0], content[-1] + 1):
            ln = lines[k]
            if ln.reason is not None:
                continue
            keep[k] = not (ln.blank and previous_blank)
            previous_blank = ln.blank
    kept: list[tuple[int, int]] = []
    removed: list[Removal] = []
    last_kept = content[-1] if content else -1
    block_reason = "whitespace"
    for k, ln in enumerate(lines):
        stop = ln.end if k == last_kept else ln.stop
        if keep[k]:
            _add_span(kept, ln.start, stop)
            if stop < ln.stop:
                _add_removal(removed, Removal(stop, ln.stop, "whitespace"))
            block_reason = "whitespace"
        elif ln.start < ln.stop:
            if ln.reason is not None:
                block_reason = ln.reason
            _add_removal(removed, Removal(ln.start, ln.stop, ln.reason or block_reason))
    cleaned = "".join(text[s:e] for s, e in kept)
    return CleanResult(cleaned, tuple(removed), tuple(kept), title)


def _add_span(spans: list[tuple[int, int]], start: int, stop: int) -> None:
    if spans and spans[-1][1] == start:
        spans[-1] = (spans[-1][0], stop)
    elif stop > start:
        spans.append((start, stop))


def _add_removal(removed: list[Removal], r: Removal) -> None:
    if removed and removed[-1].end == r.start and removed[-1].reason == r.reason:
        removed[-1] = Removal(removed[-1].start, r.end, r.reason)
    elif r.end > r.start:
        removed.append(r)


def lead_groups(documents: Iterable[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """The line keys of each ``(source, lead)`` group of ``documents`` (``(source, text)``
    pairs): documents with the same first non-blank line are one group (see
    :func:`repeated_lines`). A partitioned run sends digests of these groups to its first pass."""
    groups: dict[tuple[str, str], set[str]] = {}
    for source, text in documents:
        keys = line_keys(text)
        if not keys:
            continue
        lines = groups.get((source, keys[0]))
        if lines is None:
            groups[source, keys[0]] = set(keys)
        else:
            lines.update(keys)
    return groups


def lead_forms(lead: str) -> tuple[str, str]:
    """A lead as another document's teaser may repeat it: as it is, and without its dateline."""
    return lead, _DATELINE.sub("", lead)


#: Documents (distinct leads) of a source in which a line must be found to be repeated.
MIN_DOCUMENTS = 3


def repeated_lines(
    documents: Iterable[tuple[str, str]], min_documents: int = MIN_DOCUMENTS
) -> dict[str, RepeatedLines]:
    """What recurs across the documents of each source: ``{source: RepeatedLines}``.

    ``documents`` yields ``(source, text)``. A line is repeated when it is found in at least
    ``min_documents`` documents with distinct *leads* (first non-blank lines): copies of one
    article share their lead and count once, so a republished article is not taken for
    boilerplate. Lines are compared without the spaces around them.
    """
    if min_documents < 2:
        raise ValueError("min_documents must be at least 2")
    # The lines of each (source, lead) group, then per source how many groups hold each line.
    counts: dict[str, Counter[str]] = {}
    leads: dict[str, set[str]] = {}
    for (source, lead), lines in lead_groups(documents).items():
        counts.setdefault(source, Counter()).update(lines)
        leads.setdefault(source, set()).update(lead_forms(lead))
    return {
        source: RepeatedLines(
            frozenset(line for line, n in counts[source].items() if n >= min_documents),
            frozenset(source_leads),
        )
        for source, source_leads in leads.items()
    }


def line_keys(text: str) -> list[str]:
    """The non-blank lines of ``text`` as lines are compared across documents (stripped)."""
    return [key for key in map(_line_key, text.split("\n")) if key]
