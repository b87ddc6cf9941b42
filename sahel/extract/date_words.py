"""The words of the date rules (sahel.extract.dates), in the spelling the `search` normalizer
gives (alef forms -> ا, ى -> ي, digits ASCII): month names of every tradition, Hijri months,
weekdays, modifiers, the cue words that give a yearless date its direction, the words that make
a date a name, ordinals, counts and the heads a year labels. Data only: the rules that read
these lists live in dates.py."""

from __future__ import annotations

# Ambiguity of a month name written alone (no day, no year, no partner name, no qualifier):
# 0 = a date as it stands; 1 = needs a date word before it (في، منذ، حتى ...): مارس is also
# "he practised", شباط a surname, اب "father"; 2 = needs a day, a year, a partner name, a
# qualifier or الماضي/المقبل: ماي is also Theresa May, نيسان the car maker, جوان a first name.
MONTHS: dict[str, tuple[int, int]] = {
    # Egyptian / Gulf
    "يناير": (1, 0), "فبراير": (2, 0), "مارس": (3, 1), "ابريل": (4, 0), "مايو": (5, 0),
    "يونيو": (6, 0), "يونيه": (6, 0), "يوليو": (7, 0), "يوليه": (7, 0), "اغسطس": (8, 0),
    "سبتمبر": (9, 0), "اكتوبر": (10, 0), "نوفمبر": (11, 0), "ديسمبر": (12, 0),
    # Levantine / Iraqi
    "كانون الثاني": (1, 0), "كانون ثاني": (1, 0), "شباط": (2, 1), "اذار": (3, 0),
    "نيسان": (4, 2), "ايار": (5, 0), "حزيران": (6, 0), "تموز": (7, 0), "اب": (8, 1),
    "ايلول": (9, 0), "تشرين الاول": (10, 0), "تشرين اول": (10, 0), "تشرين الثاني": (11, 0),
    "تشرين ثاني": (11, 0), "تشرين ثان": (11, 0), "كانون الاول": (12, 0), "كانون اول": (12, 0),
    "كانون ثان": (1, 0),
    # Algerian / Tunisian
    "جانفي": (1, 0), "فيفري": (2, 0), "افريل": (4, 0), "ماي": (5, 2), "جوان": (6, 2),
    "جويلية": (7, 0), "جويليه": (7, 0), "اوت": (8, 1),
    # Moroccan
    "يوليوز": (7, 0), "غشت": (8, 2), "شتنبر": (9, 0), "نونبر": (11, 0), "دجنبر": (12, 0),
}  # fmt: skip

HIJRI_MONTHS: dict[str, int] = {
    "محرم": 1, "صفر": 2, "ربيع الاول": 3, "ربيع الاخر": 4, "ربيع الثاني": 4,
    "جمادي الاولي": 5, "جمادي الاول": 5, "جمادي الاخرة": 6, "جمادي الثانية": 6,
    "جمادي الاخر": 6, "رجب": 7, "شعبان": 8, "رمضان": 9, "شوال": 10, "ذو القعدة": 11,
    "ذي القعدة": 11, "ذو الحجة": 12, "ذي الحجة": 12,
}  # fmt: skip

# Monday = 0, as datetime.date.weekday() counts.
WEEKDAYS: dict[str, int] = {
    "الاثنين": 0, "الثلاثاء": 1, "الاربعاء": 2, "الخميس": 3, "الجمعة": 4, "السبت": 5,
    "الاحد": 6,
}  # fmt: skip

PAST = ("الماضي", "الماضية", "المنصرم", "المنصرمة", "الفائت", "الفائتة")
FUTURE = ("المقبل", "المقبلة", "القادم", "القادمة")
CURRENT = ("الجاري", "الجارية", "الحالي", "الحالية")
# Words that make a bare month name (level 1) a date: prepositions of time.
DATE_WORDS = frozenset(
    "في منذ حتي خلال قبل بعد بحلول الي لغاية اعتبارا ابتداء طيلة طوال اواسط بين".split()
)
# "قوى 14 آذار"، "تيار 17 تشرين": a day and month that name a movement (or an anniversary),
# not a date.
# The same after a body, a street or a venue: "لجنة 8 مارس"، "تكتلي 8 و14 آذار"، "شارع 26
# يوليو"، "ملعب الخامس من يوليو".
NAMING_WORDS = frozenset(
    "قوي تيار حركة فريق تحالف ائتلاف ذكري لجنة تكتل تكتلي جبهة شارع ساحة ميدان ملعب استاد "
    "جسر".split()
)
# "هجمات 11 سبتمبر"، "ثورة 25 يناير": a day and month that name an event name the day it
# happened (the annotation guide): the year is that of the event when it is one of these
# (Wikipedia: September 11 attacks; the Egyptian revolutions of 1952 and 2011 and the protests
# of 30 June 2013; the Tunisian revolution; the Libyan revolution; the October War; the
# Algerian war of independence), else the expression is left out.
EVENT_WORDS = frozenset("ثورة ثورتي انتفاضة احداث هجمات اعتداءات حرب".split())
EVENT_YEARS: dict[tuple[int, int], int] = {
    (9, 11): 2001, (1, 25): 2011, (7, 23): 1952, (6, 30): 2013, (1, 14): 2011,
    (2, 17): 2011, (10, 6): 1973, (11, 1): 1954,
}  # fmt: skip
# An event word and a month without a day or year: the one event news name so (Wikipedia:
# September 11 attacks, the October War of 1973, the Egyptian revolutions of July 1952 and
# January 2011); "هجمات سبتمبر" is 2001-09.
EVENT_MONTHS: dict[tuple[str, int], int] = {
    ("هجمات", 9): 2001, ("اعتداءات", 9): 2001, ("احداث", 9): 2001, ("حرب", 10): 1973,
    ("ثورة", 7): 1952, ("ثورة", 1): 2011,
}  # fmt: skip
# Decades: "الثمانينيات"، "ثمانينات القرن الماضي" -> the tens digit.
DECADES: dict[str, int] = {
    "عشرين": 2, "ثلاثين": 3, "اربعين": 4, "خمسين": 5, "ستين": 6, "سبعين": 7, "ثمانين": 8,
    "تسعين": 9,
}  # fmt: skip
# The century named after a decade: a fixed one, or the one before the reference's.
CENTURIES: dict[str, int | None] = {
    "العشرين": 1900, "التاسع عشر": 1800, "الثامن عشر": 1700, "الحادي والعشرين": 2000,
    "الماضي": None, "المنصرم": None,
}  # fmt: skip
# "روسيا اليوم" (a channel), "ذلك اليوم"/"نفس اليوم" (that day), "في اليوم" (per day), and a
# noun that takes اليوم as its complement: an outlet ("عين اليوم"، "اخبار اليوم") or an idiom
# ("عالم اليوم" today's world, "مريض اليوم", "شباب اليوم").
NOT_TODAY_BEFORE = frozenset(
    "روسيا مصر فلسطين القدس الجزائر المصري اخبار ذلك تلك في منذ عين عالم مريض شباب جيل اطفال "
    "نجوم نجم رجال رجل صحيفة جريدة موقع قناة برنامج حديث قضية سؤال ضيف ضيوف حدث حتي نفس "
    "ذات".split()
)
# A verb of becoming or a subject pronoun, as a word of its own (و/ف aside: "لهم اليوم" is "to
# them today"), before اليوم: "nowadays" ("أصبحت اليوم أيقونة"، "نعيش اليوم عصر"، "وهي اليوم
# محل النقاش").
NOWADAYS_BEFORE = frozenset(
    "بات باتت اصبح اصبحت اضحي اضحت صار صارت نعيش يعيش تعيش هو هي هم".split()
)
# الأمس with the article is a date only after a time noun or a preposition ("يوم الأمس"،
# "بالأمس"، "منذ الأمس"); elsewhere it is "the past" ("نجوم الأمس"، "حلفاء الأمس").
YESTERDAY_HEADS = frozenset("يوم مساء صباح ليلة ليل فجر ظهر ظهيرة عصر نهار منذ حتي".split())
# Words before a yearless date or a weekday that say it lies ahead: سوف، من المقرر ...; and a
# future verb, س + the present tense of a verb news write about (سيعقد، ستقام).
FUTURE_CUES = frozenset(
    "سوف المقرر المزمع المنتظر المرتقب المتوقع المقررة المزمعة المنتظرة المرتقبة المتوقعة "
    "يتوقع تتوقع يعتزم تعتزم ينتظر تنتظر".split()
)
FUTURE_VERBS = frozenset(
    "يتم تتم يكون تكون يعقد تعقد يقام تقام ينطلق تنطلق يبدا تبدا يصل تصل يزور تزور يلتقي تلتقي "
    "يشارك تشارك يجري تجري ينظم تنظم يستضيف تستضيف ينتهي تنتهي يستمر تستمر يخوض تخوض يلعب تلعب "
    "يواجه تواجه يعلن تعلن يفتتح تفتتح يطلق تطلق يحل تحل يعود تعود يجتمع تجتمع يدخل تدخل يبحث "
    "تبحث يقوم تقوم يتوجه تتوجه يلقي تلقي يصدر تصدر".split()
)
# Past verbs news report with (قال الأحد، أعلن في مارس) and منذ.
PAST_CUES = frozenset(
    "منذ بث بثت قال قالت اعلن اعلنت اكد اكدت ذكر ذكرت افاد افادت اوضح اوضحت اضاف اضافت اشار اشارت "
    "كشف كشفت نشر نشرت وقع وقعت جري جرت عقد عقدت التقي التقت بحث بحثت زار زارت وصل وصلت شهد "
    "شهدت قتل قتلت لقي تم كان كانت صرح صرحت اعتقل اعتقلت انطلق انطلقت بدا بدات انتهي انتهت "
    "استقبل استقبلت اصدر اصدرت فاز فازت خسر خسرت سجل سجلت اجري اجرت نفذ نفذت شن شنت تمكن "
    "تمكنت اعتبر اعتبرت توفي رحل رحلت ولد ولدت تولي تولت اطلق اطلقت طالب طالبت".split()
)
# Named periods: (calendar, month, day or None for the whole month).
NAMED_PERIODS: dict[str, tuple[str, int, int | None]] = {
    "فطر": ("hijri", 10, 1), "اضحي": ("hijri", 12, 10), "رمضان": ("hijri", 9, None),
    "ميلاد": ("gregorian", 12, 25), "حب": ("gregorian", 2, 14), "عمال": ("gregorian", 5, 1),
    "عرفة": ("hijri", 12, 9), "عاشوراء": ("hijri", 1, 10), "المولد": ("hijri", 3, 12),
}  # fmt: skip

# Ordinal days written out: الاول ... العاشر، الحادي عشر ... التاسع عشر، العشرين، الحادي
# والعشرين ... الثلاثين، الحادي والثلاثين.
_UNITS = "الاول الثاني الثالث الرابع الخامس السادس السابع الثامن التاسع".split()
ORDINAL_DAYS: dict[str, int] = {
    **{w: i + 1 for i, w in enumerate(_UNITS)},
    "العاشر": 10, "الحادي عشر": 11, "العشرين": 20, "الثلاثين": 30, "الحادي والعشرين": 21,
    "الحادي والثلاثين": 31,
    **{f"{w} عشر": i + 12 for i, w in enumerate(_UNITS[1:])},
    **{f"{w} والعشرين": i + 22 for i, w in enumerate(_UNITS[1:])},
}  # fmt: skip

# "الأسبوع الأول من يونيو"، "الربع الثالث من 2018": an ordinal after these counts them, not days.
ORDINAL_WORDS = frozenset([*_UNITS, "الاخير", "الاخيرة", "الاولي", "الثانية", "الثالثة", "الرابعة"])
ORDINAL_OF = frozenset("الاسبوع الربع النصف الفصل الثلث الشهر العام الجزء الدور المركز".split())

# "قبل ثلاثة أيام"، "قبل عامين"، "قبل 5 سنوات": counted back from the reference.
COUNTS: dict[str, int] = {
    w: n
    for n, ws in enumerate(
        [(), (), (), ("ثلاثة", "ثلاث"), ("اربعة", "اربع"), ("خمسة", "خمس"), ("ستة", "ست"),
         ("سبعة", "سبع"), ("ثمانية", "ثماني"), ("تسعة", "تسع"), ("عشرة", "عشر")]
    )
    for w in ws
}  # fmt: skip
# unit -> (precision, count when the word itself is dual, else 0)
AGO_UNITS: dict[str, tuple[str, int]] = {
    "ايام": ("day", 0), "يوما": ("day", 0), "يومين": ("day", 2), "اسابيع": ("week", 0),
    "اسبوعا": ("week", 0), "اسبوعين": ("week", 2), "اشهر": ("month", 0), "شهور": ("month", 0),
    "شهرا": ("month", 0), "شهرين": ("month", 2), "سنوات": ("year", 0), "اعوام": ("year", 0),
    "عاما": ("year", 0), "سنة": ("year", 0), "عامين": ("year", 2), "سنتين": ("year", 2),
}  # fmt: skip
# Nouns a bare year labels ("مونديال 2018"، "رؤية 2030"); a bare number is a count otherwise.
YEAR_HEADS = frozenset(
    "مونديال رؤية موسم ميزانية انتخابات دورة بطولة اولمبياد نسخة خطة استراتيجية اجندة مهرجان "
    "معرض قمة منتدي تصفيات كاس الدراسي الدراسية المالي المالية حرب ثورة انتفاضة نكسة "
    "اوروبا".split()
)

QUALIFIERS = "مطلع|اوائل|اواخر|اواسط|منتصف|نهاية|بداية"
