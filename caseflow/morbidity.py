"""The morbidity list: the defaults of the programme, plus the codes the coordinator adds.

Defaults live in code (translated like every label, through the catalogues); additions
are MorbidityCode rows with one MorbidityLabel row per interface language, so the list
grows without a release and a new language needs no migration.

A code added before a language existed has no label in it. It is not hidden and its
code is not shown bare: the reader gets the label of the default language followed by
that language's code in brackets ("Gale [fr]"), so everyone sees that a translation is
missing and which language they are reading instead (`FALLBACK`).
"""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow import languages

DEFAULTS = {
    "respiratory_infection": _l("Respiratory infection"),
    "scabies": _l("Scabies"),
    "other_skin": _l("Other skin disease"),
    "digestive": _l("Digestive"),
    "dental": _l("Dental"),
    "wound_trauma": _l("Wound or trauma"),
    "fracture": _l("Fracture"),
    "violence_sequelae": _l("Violence sequelae"),
    "sexual_violence": _l("Sexual violence"),
    "tb_suspected": _l("TB suspected"),
    "tb_confirmed": _l("TB confirmed"),
    "hepatitis_b": _l("Hepatitis B"),
    "hiv": _l("HIV"),
    "sti": _l("STI"),
    "pregnancy": _l("Pregnancy follow-up"),
    "chronic": _l("Chronic disease"),
    "psychiatric_emergency": _l("Psychiatric emergency"),
    # What the Calais camps, the street and the Libyan detention centres bring (issue 20):
    # each its own code, so that an outbreak shows in the month's figures.
    "body_lice": _l("Body lice"),
    "impetigo": _l("Impetigo"),
    "cutaneous_diphtheria": _l("Cutaneous diphtheria"),
    "measles": _l("Measles"),
    "varicella": _l("Varicella (chickenpox)"),
    "frostbite": _l("Frostbite"),
    "trench_foot": _l("Trench foot (immersion foot)"),
    "burn": _l("Burn"),
    "malnutrition_moderate": _l("Moderate acute malnutrition"),
    "malnutrition_severe": _l("Severe acute malnutrition"),
    "other": _l("Other"),
}

# The ICD-10 (WHO 2019) code each default maps to, so that a record can later be exchanged
# (a FHIR Condition, a national report). None: no single ICD-10 code says it ("chronic
# disease", "other"); the clinician's free text then carries the diagnosis. A code the
# coordinator adds has no mapping until one is written here. Sources: docs/CLINICAL_VOCABULARIES.md.
ICD10: dict[str, str | None] = {
    "respiratory_infection": "J06.9",  # acute upper respiratory infection, unspecified
    "scabies": "B86",
    "other_skin": "L98.9",
    "digestive": "K92.9",
    "dental": "K08.9",
    "wound_trauma": "T14.9",  # injury, unspecified (the mechanism is its own field)
    "fracture": "T14.2",
    "violence_sequelae": "T74.9",  # maltreatment syndrome, unspecified
    "sexual_violence": "T74.2",
    "tb_suspected": "Z03.0",  # observation for suspected tuberculosis
    "tb_confirmed": "A15.9",  # respiratory TB, bacteriologically confirmed
    "hepatitis_b": "B18.1",
    "hiv": "B24",
    "sti": "A64",
    "pregnancy": "Z34.9",
    "chronic": None,
    "psychiatric_emergency": None,
    "body_lice": "B85.1",
    "impetigo": "L01.0",
    "cutaneous_diphtheria": "A36.3",
    "measles": "B05.9",
    "varicella": "B01.9",
    "frostbite": "T35.7",
    "trench_foot": "T69.0",
    "burn": "T30.0",
    "malnutrition_moderate": "E44.0",
    "malnutrition_severe": "E43",
    "other": None,
}

# A label shown in another language than the reader's: the label, then that language.
# Not translated: it must read the same in every language, like the code it names.
FALLBACK = "{label} [{language}]"


def choices() -> list[tuple[str, str]]:
    """The list in the reader's language, read once per request (a person page labels the
    conditions of every note: one query and 18 translations each time was a quarter of
    the page's time)."""
    return list(_read()[0])


def _read() -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The request's list and the same as a dict (label() is called once per code shown)."""
    from flask import g, has_app_context

    key = str(get_locale())
    cache = g.setdefault("morbidity_choices", {}) if has_app_context() else {}
    if key not in cache:
        items = _load(key)
        cache[key] = (items, dict(items))
    return cache[key]


def forget() -> None:
    """After adding a code in this request: the next choices() reads the list again."""
    from flask import g, has_app_context

    if has_app_context():
        g.pop("morbidity_choices", None)


def _load(language: str) -> list[tuple[str, str]]:
    from caseflow.extensions import db
    from caseflow.models.morbidity import MorbidityCode
    from caseflow.models.morbidity_label import MorbidityLabel

    labels: dict[str, dict[str, str]] = {}
    rows = db.session.execute(
        select(MorbidityCode.code, MorbidityLabel.language, MorbidityLabel.label)
        .outerjoin(MorbidityLabel, MorbidityLabel.code == MorbidityCode.code)
        .where(MorbidityCode.active.is_(True))
        .order_by(MorbidityCode.code))
    for code, row_language, text in rows:
        by_language = labels.setdefault(code, {})
        if row_language is not None:
            by_language[row_language] = text
    items = [(code, str(text)) for code, text in DEFAULTS.items()]
    for code, by_language in labels.items():
        if code not in DEFAULTS:
            items.insert(-1, (code, _in(language, code, by_language)))  # "other" stays last
    return items


def _in(language: str, code: str, by_language: Mapping[str, str]) -> str:
    """The label in `language`, else the default language's (or any other) marked."""
    if by_language.get(language):
        return by_language[language]
    for other in (languages.DEFAULT, *sorted(by_language)):
        if by_language.get(other):
            return FALLBACK.format(label=by_language[other], language=other)
    return code


def label(code: str) -> str:
    return _read()[1].get(code, code)


def add(code: str, labels: Mapping[str, str], created_by_id: int | None) -> None:
    """A new code with its labels (language → text; blank ones are not stored, the list
    then falls back visibly). The caller checks that the code is new and commits."""
    from caseflow.extensions import db
    from caseflow.models.morbidity import MorbidityCode
    from caseflow.models.morbidity_label import MorbidityLabel

    for language in labels:
        languages.get(language)  # a label in a language caseflow does not offer is a bug
    db.session.add(MorbidityCode(code=code, created_by_id=created_by_id))
    db.session.flush()  # the code's row first: the labels refer to it
    db.session.add_all(MorbidityLabel(code=code, language=language, label=text.strip())
                       for language, text in labels.items() if text and text.strip())
    forget()
