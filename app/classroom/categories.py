"""Categories of events: keyword rules in several languages, the layers' status words, feature kinds.

Categories come from rules, never from a hand-made list of events: keywords in several languages found
in the sentence (after folding Arabic/Persian letter variants), the status word and label of a geodata
period, and finally the kinds of the linked features.
"""
from __future__ import annotations

import re
import unicodedata

__all__ = ["CATEGORIES", "CATEGORY_LABELS", "classify_text", "category_for_status", "fold"]

#: Category ids, in tie-break priority order (first wins when scores are equal).
CATEGORIES: tuple[str, ...] = (
    "blockade",
    "ceasefire_treaty",
    "war",
    "base_mission",
    "energy",
    "corridor",
    "diplomacy",
)

CATEGORY_LABELS: dict[str, str] = {
    "war": "War",
    "ceasefire_treaty": "Ceasefire or agreement",
    "blockade": "Blockade",
    "corridor": "Corridor",
    "base_mission": "Base or mission",
    "energy": "Energy",
    "diplomacy": "Diplomacy",
}

_TITLE_TEMPLATES: dict[str, str] = {
    "war": "Fighting: {features}",
    "ceasefire_treaty": "Ceasefire or agreement: {features}",
    "blockade": "Blockade: {features}",
    "corridor": "Corridor news: {features}",
    "base_mission": "Base or mission: {features}",
    "energy": "Energy: {features}",
    "diplomacy": "Diplomacy: {features}",
}
#: The same, said of a day the documents alone report (the map's date line: it is what the documents say, not
#: a change of the map): "documents report a ceasefire or agreement (Moscow, Azerbaijan and Russia)".
_REPORTED_TEMPLATES: dict[str, str] = {
    "war": "documents report fighting ({features})",
    "ceasefire_treaty": "documents report a ceasefire or agreement ({features})",
    "blockade": "documents report a blockade ({features})",
    "corridor": "documents report corridor news ({features})",
    "base_mission": "documents report on a base or mission ({features})",
    "energy": "documents report energy news ({features})",
    "diplomacy": "documents report diplomacy ({features})",
}
#: A generated title's prefix ("Ceasefire or agreement: ") -> how the map's date line says it of the documents.
REPORTED_BY_PREFIX: dict[str, str] = {_TITLE_TEMPLATES[c].split("{")[0]: t for c, t in _REPORTED_TEMPLATES.items()}
#: What a generated title starts with; the names it lists follow (they say what the event concerns, not how:
#: "Ceasefire or agreement: Moscow" is one signed in Moscow, not one about it).
TITLE_PREFIXES: tuple[str, ...] = tuple(t.split("{")[0] for t in _TITLE_TEMPLATES.values())

_FOLD_TABLE = str.maketrans({
    "ي": "ی", "ى": "ی", "ئ": "ی", "ك": "ک", "ة": "ه", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ؤ": "و", "\u0640": None, "\u200c": " ", "\u200d": None, "\u200f": None, "\u200e": None,
    # Cyrillic letters that OCR slips into Persian words are irrelevant to keywords; keep as is.
})
_ARABIC_MARKS = re.compile(r"[\u064B-\u065F\u0670\u06D6-\u06ED]")


def fold(text: str) -> str:
    """Lower-case and fold script variants so that keyword rules see one spelling.

    Arabic and Persian letter forms (ي/ی, ك/ک, ة/ه, hamza seats, alef madda) are unified, diacritics,
    tatweel and joiners are removed (ZWNJ becomes a space), and Latin text is NFC lower-cased.
    """
    t = unicodedata.normalize("NFC", text or "").lower().translate(_FOLD_TABLE)
    t = _ARABIC_MARKS.sub("", t)
    return re.sub(r"\s+", " ", t)


# Keywords per category.  Latin and Cyrillic keywords match at the start of a word (so "blockad"
# also matches "blockaded", "blockaden"); keywords in Arabic script match anywhere because of
# attached clitics and articles ("والحرب", "بالحصار").  Keywords are written already folded.
_KEYWORDS: dict[str, list[str]] = {
    "war": [
        # en
        "war", "wars", "offensive", "attack", "hostilities", "fighting", "clashes", "shelling",
        "invasion", "military operation", "exodus", "fled", "shelled", "captured", "recaptured",
        # sv
        "krig", "offensiv", "anfall", "strider", "flykt",
        # ru / az / tr / hy
        "войн", "наступлен", "атак", "бои ", "müharibə", "hücum", "savaş", "saldırı", "պատերազմ",
        # ar
        "حرب", "هجوم", "معارک", "قتال", "اشتباک", "عملیه عسکریه", "نزوح",
        # fa
        "جنگ", "حمله", "درگیری", "تهاجم", "نبرد", "عملیات نظامی", "اوارگی",
    ],
    "ceasefire_treaty": [
        "ceasefire", "cease-fire", "truce", "armistice", "treaty", "agreement", "agreements",
        "accord", "trilateral statement", "peace deal", "signed", "convention", "memorandum",
        "ended", "end of the war", "dissolv", "declaration", "agreed", "agree",
        "vapenvila", "avtal", "fredsavtal", "fördrag", "överenskommelse", "undertecknad", "konvention",
        "перемири", "соглашени", "договор", "atəşkəs", "saziş", "ateşkes", "anlaşma", "antlaşma",
        "وقف اطلاق النار", "هدنه", "اتفاق", "معاهده", "بیان ثلاثی", "انتهت", "انتهاء", "توقیع",
        "اتش بس", "توافق", "قرارداد", "پیمان", "موافقتنامه", "کنوانسیون", "امضا", "پایان جنگ",
    ],
    "blockade": [
        "blockade", "blockaded", "blocked", "blocking", "closed", "closure", "checkpoint", "cut off",
        "blockad", "blockera", "stängd", "stängde", "vägspärr",
        "блокад", "перекры", "blokada", "abluka",
        "حصار", "اغلاق", "اغلق", "محاصر", "نقطه تفتیش",
        "محاصره", "انسداد", "مسدود", "ایست بازرسی", "بستن",
    ],
    "corridor": [
        "corridor", "route", "road", "railway", "rail link", "transit", "connect", "crossing",
        "tripp", "transport",
        "korridor", "järnväg", "transportnät", "rutt", "förbindelse",
        "коридор", "железн", "маршрут", "dəhliz", "koridor",
        "ممر", "طریق", "سکه حدید", "سکک حدید", "ربط",
        "کریدور", "دالان", "راه اهن", "مسیر", "ترانزیت", "جاده", "حمل و نقل",
    ],
    "base_mission": [
        "base", "bases", "peacekeep", "mission", "troops", "deployed", "deployment", "withdraw",
        "contingent", "monitoring", "observers", "military presence", "radar",
        "militärbas", "fredsbevar", "trupper", "tillbakadragande", "observatör", "bas ",
        "баз", "миротвор", "мисси", "вывод войск", "sülhməramlı", "baza",
        "قاعده", "حفظ السلام", "قوات", "بعثه", "انسحاب", "مراقب", "الوجود العسکری",
        "پایگاه", "صلحبان", "حافظ صلح", "نیروهای", "ماموریت", "ناظران", "رادار",
    ],
    "energy": [
        "oil", "gas", "pipeline", "energy", "barrel", "barrels", "petroleum", "crude",
        "olja", "oljan", "gasen", "rörledning", "energi",
        "нефт", "газопровод", "трубопровод", "neft", "qaz", "petrol", "doğalgaz", "boru hattı",
        "نفط", "غاز", "خط انابیب", "طاقه",
        "نفت", "گاز", "خط لوله", "انرژی", "بشکه",
    ],
    "diplomacy": [
        "meeting", "meetings", "talks", "summit", "negotiat", "visit", "minister", "president",
        "diplomat", "recogni", "delimitation", "joined", "membership", "mediat",
        "möte", "mötet", "samtal", "toppmöte", "förhandl", "besök", "träffat", "gick med",
        "встреч", "переговор", "саммит", "визит", "danışıq", "görüş",
        "اجتماع", "محادثات", "قمه", "مفاوضات", "زیاره", "وزیر", "قرار الجمعیه", "عضو",
        "دیدار", "مذاکره", "نشست", "اجلاس", "گفتگو", "عضویت",
    ],
}

_ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF]")


def _compile_rules() -> dict[str, re.Pattern]:
    rules = {}
    for cat, words in _KEYWORDS.items():
        parts = []
        for w in words:
            w = fold(w)
            if _ARABIC_SCRIPT.search(w):
                parts.append(re.escape(w))
            else:
                parts.append(r"(?<![^\W\d_])" + re.escape(w))
        rules[cat] = re.compile("|".join(parts))
    return rules


_RULES = _compile_rules()


#: Phrases that *lift* a blockade ("unblocking of communications", "رفع انسداد"): corridor news, and
#: removed before the blockade words are counted.
_UNBLOCK = re.compile("|".join([
    r"(?<![^\W\d_])unblock\w*", r"(?<![^\W\d_])reopen\w*", r"lift(?:ed|ing)? (?:of )?the blockade",
    r"رفع انسداد", r"رفع محاصره", r"بازگشایی", r"فتح الممر", r"رفع الحصار",
    r"(?<![^\W\d_])avblocker\w*", r"(?<![^\W\d_])återöppn\w*", r"разблокир\w*",
]))


def classify_text(text: str) -> dict[str, int]:
    """Keyword hits per category for ``text`` (any of the corpus languages); empty dict if none."""
    t = fold(text)
    out = {}
    n_unblock = len(_UNBLOCK.findall(t))
    if n_unblock:
        out["corridor"] = n_unblock
        t = _UNBLOCK.sub(" ", t)
    for cat, rx in _RULES.items():
        n = len(rx.findall(t))
        if n:
            out[cat] = out.get(cat, 0) + n
    return out


#: How much one keyword hit counts: words naming what *happened* (blocked, ceasefire, offensive) beat
#: words that merely name the kind of thing (road, crossing, minister).
CATEGORY_WEIGHTS = {"blockade": 3.0, "ceasefire_treaty": 2.0, "war": 2.0, "base_mission": 1.5,
                    "energy": 1.0, "corridor": 1.0, "diplomacy": 0.75}


def _best(scores: dict[str, int]) -> str | None:
    """The category with the highest weighted keyword score (ties: order of CATEGORIES)."""
    if not scores:
        return None
    return max(scores, key=lambda c: (scores[c] * CATEGORY_WEIGHTS[c], -CATEGORIES.index(c)))


_STATUS_CATEGORY = {
    "blockaded": "blockade", "closed": "blockade", "blocked": "blockade",
    "war": "war", "offensive": "war", "occupied": "war", "armenian_held": "war",
    "azerbaijani_control": "war", "contested": "war",
    "ceasefire": "ceasefire_treaty", "agreed": "ceasefire_treaty", "signed": "ceasefire_treaty",
    "dissolved": "ceasefire_treaty", "delimited": "diplomacy", "returned": "diplomacy",
    "proposed": "corridor", "open": "corridor", "rerouted": "corridor", "under_construction": "corridor",
    "planned": "corridor",
    "withdrawn": "base_mission", "deployed": "base_mission",
    "independent": "diplomacy", "soviet_republic": "diplomacy", "autonomous_oblast": "diplomacy",
}
_KIND_CATEGORY = {
    "pipeline": "energy", "base": "base_mission", "mission": "base_mission",
    "corridor": "corridor", "railway": "corridor",
}


def category_for_status(status: str | None, label: str | None = None, kind: str | None = None) -> str:
    """Category of a geodata status change.

    The period's English label is read first with the keyword rules ("Blockaded by Azerbaijan" →
    blockade), then the status word, then the feature's kind (pipelines → energy, bases → base or
    mission, corridors → corridor); anything else is diplomacy.
    """
    status = (status or "").lower()
    kind = (kind or "").lower()
    by_label = _best(classify_text(label or ""))
    if kind in ("base", "mission") and by_label in ("blockade", "corridor", "diplomacy", None):
        return "base_mission"  # a base that is "closed" or "opened" is news about the base
    if status in ("active", "in_service", "open", "opened") and kind in _KIND_CATEGORY:
        base = _KIND_CATEGORY[kind]
        # a label such as "Open, under Russian peacekeepers" still names the peacekeepers
        return by_label if by_label in ("blockade", "war", "ceasefire_treaty") else base
    if by_label:
        return by_label
    if status in _STATUS_CATEGORY:
        cat = _STATUS_CATEGORY[status]
        if cat == "corridor" and kind in ("pipeline",):
            return "energy"
        if status == "withdrawn" and kind not in ("base", "mission"):
            return _KIND_CATEGORY.get(kind, "diplomacy")
        return cat
    return _KIND_CATEGORY.get(kind, "diplomacy")
