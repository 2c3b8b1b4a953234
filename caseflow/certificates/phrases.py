"""The sentences a certificate builds from its data: dates as a court writes them, the
person's words in quotation marks, the identity as declared, the ITT in words and figures,
the alleged facts, what a correction says of itself.

Apart from the layout (render.py): these are the words a judge reads, each tested on its
own; render.py places them.
"""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from caseflow.certificates.data import (
    BirthPrecision,
    CertificateData,
    CorrectionKind,
    DeclaredIdentity,
    Facts,
)
from caseflow.certificates.sentences import (
    BIRTH_UNKNOWN,
    BORN_IN_MONTH,
    BORN_IN_YEAR,
    BORN_ON,
    FACTS_BETWEEN,
    FACTS_ON,
    FACTS_PLACE,
    IDENTITY,
)
from caseflow.certificates.templates import CertificateTemplate
from caseflow.certificates.wording import Wording, catalogue
from caseflow.certificates.words import has_words, numbers_in_words

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)

NBSP = "\u00a0"

# The person's own words; French quotation marks hold them with no-break spaces, so
# that a lone "»" never starts a line.
QUOTED = _l("“%(text)s”")

# Agreed with the person's recorded sex: « né / née / né(e) ».
BIRTH = {
    BirthPrecision.DAY: BORN_ON,
    BirthPrecision.MONTH: BORN_IN_MONTH,
    BirthPrecision.YEAR: BORN_IN_YEAR,
    BirthPrecision.UNKNOWN: BIRTH_UNKNOWN,
}

# Dates as a court writes them, CLDR's long form: "4 novembre 2026", and in British
# English (as words.py) "4 November 2026".
DATE_LOCALES = {"en": "en_GB"}
# The first of the month, which French writes as an ordinal and CLDR's pattern does not.
FIRST_OF_MONTH = {"fr": "1er"}


def _date_locale(language: str) -> str:
    return DATE_LOCALES.get(language, language)


def long_date(day: dt.date, language: str) -> str:
    """"1er mars 2026" / "1 March 2026": the way a French court writes dates."""
    text = format_date(day, "long", locale=_date_locale(language))
    if day.day == 1 and language in FIRST_OF_MONTH:
        text = FIRST_OF_MONTH[language] + text.removeprefix("1")
    return text.replace(" ", NBSP)  # a date never splits across two lines


def quoted(text: str, language: str) -> str:
    return QUOTED.get(language) % {"text": text.strip()}


def declared_identity(person: DeclaredIdentity, language: str) -> str:
    """"une personne qui dit se nommer « … », et déclare être née le …": never as fact;
    agreed with the recorded sex, inclusive (« né(e) ») when it is unknown or other."""
    precision = person.birth_precision
    date = ""
    if person.birth_date is not None:
        date = {BirthPrecision.DAY: long_date(person.birth_date, language),
                BirthPrecision.MONTH: format_date(person.birth_date, "MMMM y",
                                                  locale=_date_locale(language)),
                BirthPrecision.YEAR: str(person.birth_date.year)}.get(precision, "")
    birth = BIRTH[precision].agree(language, person.gender) % {"date": date}
    return IDENTITY.get(language) % {"names": quoted(person.names, language), "birth": birth}


def itt_sentence(days: int, language: str) -> str:
    """The ITT in words and figures, singular or plural as the language's rules say.

    In a language whose numbers caseflow does not write in words (words.py), in
    figures only: a certificate never prints a guessed wording. No incapacity is said
    as such: "fixée à zéro (0) jour" reads to a court as a figure someone forgot."""
    if days == 0:
        return catalogue(language).gettext(
            "No total incapacity for work (ITT, as defined by French criminal law), subject "
            "to complications (« sous réserve de complications »).")
    ngettext = catalogue(language).ngettext
    if has_words(language):
        text = ngettext(
            "The total incapacity for work (ITT, as defined by French criminal law) is set at "
            "%(words)s (%(num)d) day, subject to complications (« sous réserve de "
            "complications »).",
            "The total incapacity for work (ITT, as defined by French criminal law) is set at "
            "%(words)s (%(num)d) days, subject to complications (« sous réserve de "
            "complications »).", days)
        return text % {"words": numbers_in_words(days, language), "num": days}
    text = ngettext(
        "The total incapacity for work (ITT, as defined by French criminal law) is set at "
        "%(num)d day, subject to complications (« sous réserve de complications »).",
        "The total incapacity for work (ITT, as defined by French criminal law) is set at "
        "%(num)d days, subject to complications (« sous réserve de complications »).", days)
    return text % {"num": days}


def facts_lines(facts: Facts, language: str) -> list[str]:
    """"Date des faits allégués, selon ses déclarations : 3 novembre 2026." (or a period), and
    the place: what the person declares, never as established."""
    if facts.end is not None and facts.end != facts.start:
        lines = [FACTS_BETWEEN.get(language) % {"start": long_date(facts.start, language),
                                                "end": long_date(facts.end, language)}]
    else:
        lines = [FACTS_ON.get(language) % {"date": long_date(facts.start, language)}]
    if facts.place.strip():
        lines.append(FACTS_PLACE.get(language) % {"place": facts.place.strip()})
    return lines


def correction_sentences(data: CertificateData, template: CertificateTemplate,
                         language: str) -> list[str]:
    """What a correction says of itself: after a new examination (« Certificat complémentaire
    / rectificatif, établi le … après nouvel examen le …, motif : … ») or for a clerical
    error (no new examination, the findings unchanged), then « Le présent certificat annule et
    remplace le certificat n° … délivré le … »."""
    correction = data.correction
    if correction is None:
        return []
    noun = template.noun
    reason = correction.reason.strip().rstrip(".")  # the sentence ends it: never « .. »
    if correction.kind is CorrectionKind.CLERICAL:
        first = noun.clerical.get(language) % {"serial": correction.serial, "reason": reason}
    else:
        first = noun.complement.get(language) % {
            "issue_date": long_date(data.issue_date, language),
            "exam_date": long_date(data.exam_date, language), "reason": reason}
    return [first, noun.replaces.get(language) % {
        "serial": correction.serial, "date": long_date(correction.issued_on, language)}]
