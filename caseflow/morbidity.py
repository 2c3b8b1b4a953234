"""The morbidity list: the defaults of DOMAIN.md, plus the codes the coordinator adds.

Defaults live in code (translated like every label); additions are rows of
MorbidityCode with both labels, so the list grows without a release.
"""

from __future__ import annotations

from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

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
    "other": _l("Other"),
}


def choices() -> list[tuple[str, str]]:
    """The list in the reader's language, read once per request (a person page labels the
    conditions of every note: one query and 18 translations each time was a quarter of
    the page's time)."""
    from flask import g, has_app_context

    key = str(get_locale())
    cache = g.setdefault("morbidity_choices", {}) if has_app_context() else {}
    if key not in cache:
        cache[key] = _load(key.startswith("fr"))
    return list(cache[key])


def forget() -> None:
    """After adding a code in this request: the next choices() reads the list again."""
    from flask import g, has_app_context

    if has_app_context():
        g.pop("morbidity_choices", None)


def _load(french: bool) -> list[tuple[str, str]]:
    from caseflow.extensions import db
    from caseflow.models.morbidity import MorbidityCode

    items = [(code, str(label)) for code, label in DEFAULTS.items()]
    for row in db.session.scalars(select(MorbidityCode).where(MorbidityCode.active.is_(True))
                                  .order_by(MorbidityCode.code)):
        if row.code not in DEFAULTS:
            items.insert(-1, (row.code, row.label_fr if french else row.label_en))
    return items


def label(code: str) -> str:
    return dict(choices()).get(code, code)
