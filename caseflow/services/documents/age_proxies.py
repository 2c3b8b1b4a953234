"""Age proxies: words in a certificate that a reader could take for an estimate of age.

A certificate for the juge des enfants describes health, vulnerability and care needs;
no medical method determines age (HCSP 2014, art. 388 C. civ.), and a height, a Tanner
stage or « paraît âgé de » in its text would be read as one. Before issuing, the author is
warned of every such word (`age_proxies`), may keep them, and the issue's audit event
records the categories kept, never the text.
"""

from __future__ import annotations

import enum
import re
import unicodedata

from flask_babel import lazy_gettext as _l

from caseflow.certificates import Facts, Finding, Lesion
from caseflow.services import ServiceError
from caseflow.services.documents.certificate_content import CertificateInput

# docs/FIELD.md, Age: no medical method determines age (HCSP 2014) and examining pubertal
# development is forbidden (article 388 of the Civil Code); every certificate for the juvenile
# judge prints so. A height, a Tanner stage or « paraît 17 ans » written among the findings
# would be read as the estimate the certificate says it does not contain, so the author is
# warned before issuing (and may keep the words: a BMI can describe undernutrition). The rule
# is here, once: French and English, on text folded to lower case without accents.


class AgeProxy(enum.StrEnum):
    HEIGHT = "height"
    WEIGHT = "weight"
    BMI = "bmi"
    PUBERTY = "puberty"
    DENTITION = "dentition"
    BONE_AGE = "bone_age"
    DENTAL_AGE = "dental_age"
    APPARENT_AGE = "apparent_age"


AGE_PROXY_LABELS = {
    AgeProxy.HEIGHT: _l("Height"), AgeProxy.WEIGHT: _l("Weight"), AgeProxy.BMI: _l("BMI"),
    AgeProxy.PUBERTY: _l("Puberty, Tanner stage"), AgeProxy.DENTITION: _l("Teeth, dentition"),
    AgeProxy.BONE_AGE: _l("Bone age"), AgeProxy.DENTAL_AGE: _l("Dental age"),
    AgeProxy.APPARENT_AGE: _l("Apparent age"),
}

_END = r"[^.;:!?\n]"  # within the same clause
# Between « paraît » and « 17 ans »: the same clause, and not a duration (« depuis 2 ans »).
_GAP = r"(?:(?!depuis|pendant|il y a|since|for |during)" + _END + r"){0,25}?"
_HEIGHT_MEASURE = r"\b(?:1[,.]\d{2} ?m|1 ?m ?\d{2}|1\d{2} ?cm)\b"
_AGE_WORDS = (r"(?:\bagee?s?\b|\b\d{1,2} ?(?:ans|years?|yrs)\b|\bavoir\b" + _END
              + r"{0,15}\bans\b|\b(?:plus )?jeunes?\b|\b(?:younger|older|old|young)\b|"
              r"\bmineure?s?\b|\bmajeure?s?\b|\bminor\b|\badulte?s?\b|\bvieu[xl]\w*|"
              r"\badolescente?s?\b|\bteenager\b|\byears?\b)")
# The most specific first: a span claimed by one category is not counted again by the next.
_PROXY_PATTERNS: dict[AgeProxy, tuple[str, ...]] = {
    AgeProxy.BONE_AGE: (
        r"\bage osseux\b", r"\bbone age\b", r"\bgreulich\b", r"\bmaturation osseuse\b",
        r"\bskeletal (?:age|maturity)\b", r"\bcartilages? de croissance\b",
        r"\bgrowth plates?\b",
        r"\bradio\w* (?:du |de la |des |de l.)?(?:poignets?|mains?|clavicules?)\b",
        r"\b(?:wrist|hand|clavicle) (?:x-?rays?|radiographs?)\b"),
    AgeProxy.DENTAL_AGE: (
        r"\bage dentaire\b", r"\bdental age\b", r"\bdemirjian\b",
        r"\borthopantomo\w*", r"\bpanoramique dentaire\b",
        r"\bpanoramic (?:x-?ray|radiograph)s?\b"),
    AgeProxy.APPARENT_AGE: (
        r"\b(?:parai\w*|sembl\w*|apparai\w*)\b" + _GAP + _AGE_WORDS,
        r"\b(?:looks?|looking|appears?|appearing|seems?|seeming)\b" + _GAP + _AGE_WORDS,
        r"\bage (?:apparent|estime|physiologique|probable)\b", r"\bapparent age\b",
        r"\bestimated age\b", r"\bestimation de l.?age\b", r"\bage estimation\b"),
    AgeProxy.BMI: (r"\bimc\b", r"\bbmi\b", r"\bindice de masse corporelle\b",
                   r"\bbody mass index\b"),
    AgeProxy.HEIGHT: (r"\btaille\b" + _END + r"{0,20}?" + _HEIGHT_MEASURE, _HEIGHT_MEASURE,
                      r"\bheight\b", r"\bstature\b", r"\btall\b", r"\btoise\b"),
    AgeProxy.WEIGHT: (r"\bpoids\b", r"\bpes(?:e|ee|ait|ant)\b", r"\bweigh(?:s|t|ed|ing)?\b",
                      r"\b\d+(?:[,.]\d+)? ?kg\b", r"\bkilo(?:s|grammes?|grams?)?\b"),
    AgeProxy.PUBERTY: (
        r"\bpilosite (?:pubienne|axillaire|faciale)\b", r"\b(?:pubic|axillary|facial) hair\b",
        r"\b(?:pre-?)?puber\w*", r"\bpubi(?:en|enne|ens|ennes|c|s)\b",
        r"\btanner\b(?: ?(?:stade |stage )?[1-5]\b)?", r"\bpilosite\w*",
        r"\b(?:pubarche|menarche|thelarche|adrenarche)\b", r"\bdeveloppement mammaire\b",
        r"\bbreast development\b", r"\bpremieres regles\b", r"\bmue de la voix\b"),
    AgeProxy.DENTITION: (r"\bdent(?:s|ition|aire|aires)?\b", r"\bmolaires?\b",
                         r"\b(?:teeth|tooth|molars?|dental)\b"),
}
_COMPILED = {proxy: [re.compile(pattern) for pattern in patterns]
             for proxy, patterns in _PROXY_PATTERNS.items()}


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` in lower case without accents, and for each of its characters the position of
    the character it came from (so that the words found are shown as the author wrote them)."""
    chars: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        for part in unicodedata.normalize("NFKD", char):
            if unicodedata.combining(part):
                continue
            for lower in part.lower():
                chars.append("'" if lower == "\u2019" else lower)
                origin.append(index)
    return "".join(chars), origin


def _texts(data: CertificateInput) -> list[str]:
    """Every text the author wrote that prints: the template's parts (lesions, findings and
    the facts' place included) and a correction's reason."""
    texts: list[str] = [data.correction_reason] if data.correction_reason else []
    for value in data.fields.values():
        if isinstance(value, str):
            texts.append(value)
        elif isinstance(value, Facts):
            texts.append(value.place)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, Lesion):
                    texts.extend((item.location, item.size, item.aspect))
                elif isinstance(item, Finding):
                    texts.append(item.description)
    return texts


def age_proxies(data: CertificateInput) -> dict[AgeProxy, list[str]]:
    """What in the author's text could be read as an age estimate: each category found, with
    the words as written (in order, once each). Empty when there is nothing to warn about."""
    spans: dict[AgeProxy, list[tuple[int, int, str]]] = {}
    for number, text in enumerate(_texts(data)):
        folded, origin = _folded(text)
        claimed: list[tuple[int, int]] = []
        for proxy, patterns in _COMPILED.items():
            for pattern in patterns:
                for match in pattern.finditer(folded):
                    start, end = match.span()
                    if end == start or any(start < e and s < end for s, e in claimed):
                        continue
                    claimed.append((start, end))
                    spans.setdefault(proxy, []).append(
                        (number, start, text[origin[start]:origin[end - 1] + 1].strip()))
    found: dict[AgeProxy, list[str]] = {}
    for proxy in AgeProxy:
        for *_, words in sorted(spans.get(proxy, ())):
            seen = found.setdefault(proxy, [])
            if words.lower() not in (w.lower() for w in seen):
                seen.append(words)
    return found


class AgeProxyWarning(ServiceError):
    """The text mentions what could be read as an age estimate (`found`: category → words)."""

    def __init__(self, found: dict[AgeProxy, list[str]]):
        super().__init__(_l("The text mentions what could be read as an estimate of age: keep "
                            "it explicitly, or change the draft."))
        self.found = found
