"""What the outreach pages show: choices in the reader's language, posted values kept."""

from __future__ import annotations

from caseflow import morbidity
from caseflow.i18n import country_choices
from caseflow.models.outreach import (
    COUNT_FIELDS,
    AccessObtained,
    AgeGroup,
    OutreachReferral,
    PlaceKind,
    Triage,
)
from caseflow.vocabulary import Sex

# Nationalities most often met at Libyan disembarkation points and detention centres
# (IOM DTM Libya): offered first.
FREQUENT_NATIONALITIES = ("SD", "NG", "EG", "ER", "ET", "SO", "BD", "ML", "NE", "TD", "SY",
                          "PK", "GH", "CI", "GM", "SN", "GN", "CM")
CONTACT_SEXES = (Sex.FEMALE, Sex.MALE, Sex.OTHER)


def nationality_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    every = country_choices()
    names = dict(every)
    first = [(c, names[c]) for c in FREQUENT_NATIONALITIES if c in names]
    return first, [c for c in every if c[0] not in FREQUENT_NATIONALITIES]


def choices() -> dict:
    first, rest = nationality_choices()
    return {
        "sexes": [(s.value, s.label) for s in CONTACT_SEXES],
        "age_groups": [(a.value, a.label) for a in AgeGroup],
        "triages": [(t.value, t.label) for t in Triage],
        "referrals": [(r.value, r.label) for r in OutreachReferral],
        "complaints": morbidity.choices(),
        "nationalities_first": first,
        "nationalities_rest": rest,
        "accesses": [(a.value, a.label) for a in AccessObtained],
        "place_kinds": [(k.value, k.label) for k in PlaceKind],
        "count_fields": COUNT_FIELDS,
    }


def complaint_label(code: str | None, labels: dict[str, str]) -> str:
    if not code:
        return ""
    return labels.get(code, code)


def temperature_text(tenths: int | None) -> str:
    return "" if tenths is None else f"{tenths / 10:.1f}"


def count_labels() -> dict[str, str]:
    from flask_babel import gettext as _

    return {
        "present_count": _("People present"),
        "seen_count": _("People seen"),
        "female_count": _("Women and girls seen"),
        "male_count": _("Men and boys seen"),
        "under_5_count": _("Seen, under 5"),
        "age_5_17_count": _("Seen, 5 to 17"),
        "age_18_59_count": _("Seen, 18 to 59"),
        "age_60_plus_count": _("Seen, 60 and over"),
        "referred_count": _("People referred"),
    }
