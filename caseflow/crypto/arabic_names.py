"""Names written in Arabic script, made to meet their Latin spellings.

Why: a person registered as « الطرابلسي فاطمة » must be found by "Fatima
Trabelsi", and "Fatima Trabelsi" by the Arabic spelling, through the blind
indexes only. Arabic script writes consonants and long vowels, not short
vowels; the phonetic keys of ``skeleton`` keep consonant classes and drop
vowels: the consonant skeleton is where both scripts meet. So an Arabic name
part is not transliterated once (anyascii's "ltrblsy" meets nobody) but read
the ways Latin spellings of the Maghreb, Libya, Sudan and the Sahel render it
(French ou/dj/ch/kh/gh, English u/j/sh/kh): each reading is a plain ASCII
spelling that goes through the same ``skeleton`` rules as a typed Latin name.
Latin names therefore keep exactly the keys they had: only Arabic parts get
new ones (see ``readings``).

What a reading does with the letters:

- harakat, shadda and tatweel are dropped; alef and hamza forms (أ إ آ ٱ ء ؤ ئ)
  are vowels or nothing; ى and final ي are vowels; ع vanishes (a vowel at the
  start of a word, Omar / عمر);
- letters Latin spellings render two ways give two readings: ق as q/k or g
  (Guessoum), ض and ظ as d/dh or z, ة as a/ah or t (Fatimetou);
- the article ال (at the start, or inside two parts joined: نورالدين) is read
  dropped (Trabelsi), spelled (Eltrabelsi) and assimilated before a sun letter
  (Ettrabelsi, Eddine); after عبد it is dropped as the Latin side drops it
  (Abderrahmane, Abdelkader: see ``blind_index._ABD``);
- the particles بن ابن بنت ولد أبو and عبد alone have their usual spellings
  (ben/bin/ibn, bint/bent, ould, abou/bou, abd/abdel);
- Persian, Dari, Pashto and Urdu letters have their usual spellings (ژ zh/j,
  ښ sh/kh, ځ dz/z, پ p/b, ٹ t...; a و between a consonant and a vowel letter
  is also read v: Parwin / Parvin), and any other letter of the block is read
  as anyascii reads it: no letter is dropped (Afghan patients are many in
  France, and before these tables anyascii read their names).

Arabic presentation forms (U+FB50-FDFF, U+FE70-FEFC: text pasted from PDFs
or older systems) count as Arabic letters: every path cleans a name with NFKC
first (``clean_word``), which folds them into the letters above.

``latin_reading`` gives one readable Latin form for display beside an Arabic
name (computed, never stored): a French reader's spelling where the name is a
common one, a letter-by-letter reading otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import product

from anyascii import anyascii

from caseflow.crypto.errors import CryptoError
from caseflow.crypto.setup import term_cache

# Arabic letters (basic block, Persian/Pashto/Urdu letters), and for ``has_arabic`` the
# presentation forms too (NFKC folds them into letters: ``clean_word``; not U+FEFF, a BOM).
_ARABIC = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF]")
_ARABIC_OR_FORMS = re.compile(
    r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF\uFB50-\uFDFF\uFE70-\uFEFC]")
_MARKS = re.compile(r"[\u0610-\u061A\u064B-\u065F\u06D6-\u06ED\u0640]")  # harakat, tatweel
_WORD = re.compile(r"[\u0620-\u064A\u066E-\u06D3\u06D5\u06FA-\u06FF]+")
# Alef with hamza or madda is typed as plain alef as often as not (أحمد / احمد): one letter.
_FOLD = str.maketrans({"\u0670": "ا", "ک": "ك", "ی": "ي", "ۀ": "ة", "ە": "ه",
                       "ھ": "ه", "ں": "ن", "ے": "ي", "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا"})
_ALEFS = "اأإآٱ"
_SUN = set("تثدذرزسشصضطظلن")
_VOWEL_LETTERS = set(_ALEFS) | set("ويىؤئېۍ")

# Latin options of each letter, the usual one first (ASCII, read by skeleton's rules:
# th -> t, dh -> d, gh -> g -> j, kh -> k, sh -> S, q -> k).
_LETTERS: dict[str, tuple[str, ...]] = {
    "ب": ("b",), "ت": ("t",), "ث": ("th", "s"), "ج": ("dj",), "ح": ("h",), "خ": ("kh",),
    "د": ("d",), "ذ": ("dh", "z"), "ر": ("r",), "ز": ("z",), "س": ("s",), "ش": ("sh",),
    "ص": ("s",), "ض": ("d", "z"), "ط": ("t",), "ظ": ("dh", "z"), "غ": ("gh",),
    "ف": ("f",), "ق": ("q", "g"), "ك": ("k",), "ل": ("l",), "م": ("m",), "ن": ("n",),
    "ه": ("h",), "ة": ("a", "t"), "ى": ("a",), "ء": ("",), "ؤ": ("u",), "ئ": ("i",),
    "ا": ("a",), "أ": ("a",), "إ": ("i",), "آ": ("a",), "ٱ": ("a",),
    "پ": ("p", "b"), "چ": ("ch", "tch"), "گ": ("g",), "ڤ": ("v",), "ڨ": ("g",),
    # Persian, Dari, Pashto, Urdu (ک and ی are folded into ك and ي: ``_FOLD``)
    "ژ": ("zh", "j"), "ټ": ("t",), "ٹ": ("t",), "ډ": ("d",), "ڈ": ("d",), "ړ": ("r",),
    "ڑ": ("r",), "ښ": ("sh", "kh"), "ځ": ("dz", "z"), "څ": ("ts", "s"), "ږ": ("zh", "g"),
    "ڼ": ("n",), "ګ": ("g",), "ې": ("e", "i"), "ۍ": ("e", "i"),
}
# Whole parts with spellings of their own.
_PARTICLES: dict[str, tuple[str, ...]] = {
    "بن": ("ben", "ibn"), "ابن": ("ibn", "ben"), "بنت": ("bint",), "ولد": ("ould",),
    "ابو": ("abou", "bou"), "بو": ("bou",), "عبد": ("abd", "abdel"), "ال": ("al",),
    "الله": ("allah",),
}
_ALLAH = ("allah", "oulaye", "ullahi")
_ABD = re.compile(r"^abd[aeiou]l?(?=[^aeiou])")  # as blind_index._ABD, on a reading
_MAX_READINGS = 24


def has_arabic(text: str) -> bool:
    """Whether the text holds an Arabic-script letter, presentation forms included."""
    return bool(_ARABIC_OR_FORMS.search(text))


def _fallback(letter: str) -> str:
    """anyascii's reading of a letter the tables do not hold (lower-case ASCII letters)."""
    return re.sub(r"[^a-z]", "", anyascii(letter).lower())


def clean_word(word: str) -> str:
    """An Arabic word without vowel marks, shadda, tatweel; alef forms and Persian letter
    forms folded (what the index and a typed-name check compare)."""
    return _MARKS.sub("", unicodedata.normalize("NFKC", word)).translate(_FOLD)


def arabic_words(text: str) -> list[str]:
    """The Arabic words of a text, cleaned (``clean_word``), in order."""
    return [w for w in _WORD.findall(clean_word(text)) if w]


def split_scripts(text: str) -> list[str]:
    """The text cut where Arabic words begin and end: "Fatima الطرابلسي" -> two pieces."""
    return [p for p in re.split(f"({_WORD.pattern})", clean_word(text)) if p]


def _unified(word: str) -> str:
    """Alef forms as ا, ى as ي: for comparing two Arabic spellings with each other."""
    return re.sub(f"[{_ALEFS}]", "ا", word).replace("ى", "ي").replace("ؤ", "و")


def _letter_options(word: str, i: int, start: int = 0) -> tuple[str, ...]:
    """Latin options of the letter at ``i``; ``start``: where the part begins (after an
    article), for the letters read differently at the start of a part."""
    letter = word[i]
    before = word[i - 1] if i > start else ""
    after = word[i + 1] if i + 1 < len(word) else ""
    if letter == "و":
        if i == start or before in _VOWEL_LETTERS:
            return ("w",)
        if after and after in "اي" and i + 2 < len(word):
            return ("ou", "v")  # Marwan / Marouane; Persian Parwin / Parvin
        return ("ou",)
    if letter == "ي":
        if i == len(word) - 1:
            return ("i",)
        return ("y",) if i == start or before in _VOWEL_LETTERS else ("i",)
    if letter in "عء":
        return ("a",) if i == start else ("",)
    if i == start and letter in "حه" and after and after not in _VOWEL_LETTERS:
        return ("ha",)  # Hassan / حسن: the short vowel the Latin spelling writes
    if letter in _ALEFS and i == start and len(word) > i + 3 and (
            (word[i + 1] in "بفكقتدم" and word[i + 2] in "رل") or word[i + 1:i + 3] == "بو"):
        return ("i" if letter == "إ" else "a", "")  # Ibrahim / Brahim, Aboubakr / Boubakr
    if letter == "ة" and i < len(word) - 1:
        return ("t",)  # inside two joined parts: the construct form
    if letter == "ج" and (before == "د" or word[:i].endswith("عبدال")):
        return ("dj", "j")  # Abdeljalil: the Latin side reads abd + djalil as abjalil
    if letter in "حه" and before and before in "سصكتطدضقجز":
        return ("ah", "h")  # سحر: Sahar (not the digraph sh), and Ishaq as spelled
    return _LETTERS.get(letter) or (_fallback(letter),)


def _article_at(word: str, i: int) -> bool:
    """Whether ال at ``i`` reads as the article: at the start, or where a joined part begins."""
    if word[i:i + 2] != "ال" or len(word) - i - 2 < 2:
        return False
    return i == 0 or i >= 2


def _options(word: str) -> list[tuple[str, ...]]:
    """Latin options of each position of an Arabic word (the article as one position)."""
    out: list[tuple[str, ...]] = []
    i = start = 0
    while i < len(word):
        if _article_at(word, i):
            start = i + 2
            nxt = word[start]
            first = _letter_options(word, start, start)[0]
            if word[:i] == "عبد":  # Abderrahmane, Abdelkader: as blind_index._ABD drops it
                article: list[str] = ["", "l"]  # and Abdelaziz, Abdoulkader as spelled
            else:
                article = ["", "al"]
                if i == 0:  # Ettrabelsi, Eddine; Larbi, Lakhdar, Lamine
                    article.append("a" + first if nxt in _SUN else "l")
            out.append(tuple(dict.fromkeys(article)))
            i += 2
            continue
        out.append(_letter_options(word, i, start))
        i += 1
    return out


def request_memo() -> dict | None:
    """The request's memo of name-derived values (``setup.term_cache``), None outside an
    app context: names never stay in a process-wide cache beyond the request."""
    try:
        return term_cache()
    except CryptoError:
        return None


def readings(word: str) -> tuple[str, ...]:
    """ASCII spellings of one Arabic part (cleaned), the usual one first (memoised for
    the request)."""
    memo = request_memo()
    if memo is None:
        return _readings(word)
    found = memo.get("ar:" + word)
    if found is None:
        found = memo["ar:" + word] = _readings(word)
    return found


def _readings(word: str) -> tuple[str, ...]:
    """``readings`` itself. At most ``_MAX_READINGS``: past that, later ambiguous letters
    keep their usual option only (a very long joined part; its first readings suffice)."""
    word = clean_word(word)
    if word in _PARTICLES:
        return _PARTICLES[word]
    if len(word) > 4 and word.endswith("الله"):  # Abdallah, Abdoulaye, Abdullahi
        return tuple(dict.fromkeys(
            _ABD.sub("abd", r + end) for r in _readings(word[:-4]) for end in _ALLAH))
    options = _options(word)
    count = 1
    for n, choice in enumerate(options):
        if count * len(choice) > _MAX_READINGS:
            options[n] = choice[:1]
        count *= len(options[n])
    out = []
    for combo in product(*options):
        text = "".join(combo)
        out.append(_ABD.sub("abd", text) if text.startswith("abd") else text)
    return tuple(dict.fromkeys(r for r in out if r)) or ("a",)


def long_vowels(word: str) -> str:
    """The long vowels an Arabic part writes, in order, after its first letter (a, i, u):
    what its Latin spellings must show; its short vowels are not written."""
    word = clean_word(word)
    out = []
    articles = {i for i in range(len(word)) if _article_at(word, i)}
    for i in range(1, len(word)):
        letter, before = word[i], word[i - 1]
        if i in articles:
            continue  # the alef of an article joined inside the part (عبدالله)
        nxt = word[i + 1] if i + 1 < len(word) else ""
        if letter in "اآىأ" or (letter == "ة" and not nxt):
            out.append("a")
        elif letter in "يو" and before not in _VOWEL_LETTERS and nxt not in _VOWEL_LETTERS:
            out.append("i" if letter == "ي" else "u")
    return "".join(out)


def similar_arabic(a: str, b: str) -> bool:
    """The same Arabic spelling once alef, hamza and ى/ي forms are unified."""
    return _unified(clean_word(a)) == _unified(clean_word(b))


# Spellings a French reader expects for common names (letters as ``_unified`` leaves them).
_COMMON = {
    "محمد": "Mohamed", "احمد": "Ahmed", "محمود": "Mahmoud", "مصطفي": "Moustafa",
    "فاطمة": "Fatima", "عائشة": "Aicha", "عايشة": "Aicha", "خديجة": "Khadija",
    "مريم": "Meriem", "زينب": "Zeinab", "امينة": "Amina", "حليمة": "Halima", "سعاد": "Souad",
    "نور": "Nour", "علي": "Ali", "عمر": "Omar", "عثمان": "Othmane", "حسن": "Hassan",
    "حسين": "Hussein", "ابراهيم": "Ibrahim", "اسماعيل": "Ismail", "يوسف": "Youssef",
    "موسي": "Moussa", "عيسي": "Issa", "يحيي": "Yahia", "صالح": "Salah", "خالد": "Khaled",
    "سعيد": "Said", "رشيد": "Rachid", "كريم": "Karim", "عبد": "Abd", "الله": "Allah",
    "الرحمن": "Rahmane", "القادر": "Kader", "الدين": "Eddine", "بن": "Ben", "ابن": "Ibn",
    "بنت": "Bent", "ولد": "Ould", "ابو": "Abou", "طرابلسي": "Trabelsi", "ليلي": "Leila",
    "سلمي": "Salma", "هدي": "Houda", "اسامة": "Oussama", "حمزة": "Hamza", "طارق": "Tarek",
    "جمال": "Jamal", "منصور": "Mansour", "سليمان": "Souleymane", "ادريس": "Idriss",
    "عبدالله": "Abdallah", "هشام": "Hicham", "عبدالعزيز": "Abdelaziz",
    "عبدالرحمن": "Abderrahmane", "عبدالقادر": "Abdelkader", "گل": "Gul",
}
# Letter by letter, for display: French habits (ou, dj, ch, kh, gh); ځ as Zadran, ۍ as
# Malalai.
_DISPLAY = {**{k: v[0] for k, v in _LETTERS.items()},
            "ج": "dj", "ش": "ch", "ق": "k", "ث": "th", "ذ": "dh", "ض": "d", "ظ": "dh",
            "ة": "a", "ى": "a", "ځ": "z", "ۍ": "ai"}
_CONSONANT_RUN = re.compile(r"([bcdfgjklmnpqrstvz])(?=[bdfjklmnqrstvz][bcdfgjklmnpqrstvz])")
_FINAL_RUN = re.compile(r"(?<=[bcdfgjklmnpqrstvz])([bdfjklmnqrstvz])([bdfjklmnqrstvz])$")


def _display_letters(word: str) -> list[str]:
    """The Latin letters of each letter of a word (without article), for display."""
    out = []
    for i, letter in enumerate(word):
        before = word[i - 1] if i else ""
        if letter == "و":
            consonant = (before and before not in _VOWEL_LETTERS
                         and "v" in _letter_options(word, i))
            out.append("w" if consonant else "ou")  # Marwan, Parwin; Mansour, Chaoui
        elif letter == "ي" and out and out[-1] == "w" and i < len(word) - 1:
            out.append("i")  # Parwin: the و before it is the consonant
        elif letter == "ه" and i == len(word) - 1 and i > 1 and before not in _VOWEL_LETTERS:
            out.append("a")  # Persian final vowel: Fereshta, Zarmina
        elif letter in "ي" or letter in "عء" or (letter in _ALEFS and i == 0):
            out.append(_letter_options(word, i)[0])
        else:
            out.append(_DISPLAY.get(letter) or _fallback(letter))
    return [o for o in out if o]


def _display_word(word: str) -> str:
    found = _COMMON.get(_unified(word))
    if found:
        return found
    if word.startswith("عبدال") and len(word) > 6:  # Abdelaziz, Abdessalam
        rest = word[5:]
        link = "e" + _DISPLAY.get(rest[0], "")[:1] if rest[0] in _SUN else "el"
        return "Abd" + link + _display_word(rest).lower()
    article = ""
    if _article_at(word, 0):
        article, word = "Al-", word[2:]
        found = _COMMON.get(_unified(word))
        if found:
            return article + found
    stem = word[:-2]
    if word.endswith("زي") and len(stem) >= 3 and stem[-1] not in _VOWEL_LETTERS:
        return article + _display_word(stem) + "zai"  # Pashto -zai: Ahmadzai, Yousafzai
    out = _display_letters(word)
    if len(out) > 1 and out[0][0] not in "aeiouy" and out[1][0] not in "aeiouy":
        out[0] += "a"  # a short vowel after a first consonant: Tarabelsi, Zadran, Djabril
    latin = _FINAL_RUN.sub(r"\1a\2", "".join(out))  # and in a final cluster: Daktar
    latin = _CONSONANT_RUN.sub(r"\1e", latin)  # and inside three consonants in a row
    return article + latin[:1].upper() + latin[1:]


def latin_reading(name: str) -> str | None:
    """A readable Latin form of a name written in Arabic script, for display only.

    "الطرابلسي فاطمة" -> "Al-Trabelsi Fatima". None when the name has no Arabic
    letter. Latin words of a mixed name are kept as written. Not a legal
    spelling: short vowels are guessed, so it is shown beside the name, never
    instead of it, and never stored or indexed.
    """
    if not name or not has_arabic(name):
        return None
    words: list[str] = []
    raw = clean_word(name).split()
    for n, word in enumerate(raw):  # عبد الرحمن is read as one name: Abderrahmane
        if word == "عبد" and n + 1 < len(raw) and raw[n + 1].startswith("ال"):
            raw[n + 1], word = "عبد" + raw[n + 1], ""
        if not word:
            continue
        pieces = re.split(f"({_WORD.pattern})", word)
        words.append("".join(_display_word(p) if _ARABIC.match(p) else p
                             for p in pieces if p))
    return " ".join(w for w in words if w) or None
