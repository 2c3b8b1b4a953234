"""The indicators as data: what each one counts, in which unit, with labels in both languages.

Definitions are data rather than code so that the dashboard, the CSV, the PDF
and the CLI list the same figures in the same order, and so that a new
indicator is one line here plus its source in compute.py. Labels are a French
and English pair (not gettext) because the exports choose their language per
file, independently of the reader's interface language, and a header that
falls back to English in a French report is a wrong report.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass


@dataclass(frozen=True)
class Label:
    """One text in French and English."""

    fr: str
    en: str

    def get(self, language: str) -> str:
        return self.fr if str(language).startswith("fr") else self.en


class Unit(enum.StrEnum):
    PEOPLE = "people"  # distinct people: a person counted once per cell and once in the total
    CONTACTS = "contacts"  # rows: notes, sessions
    EVENTS = "events"  # rows: certificates, referrals, consent decisions, pathway steps


UNIT_LABELS = {
    Unit.PEOPLE: Label("personnes", "people"),
    Unit.CONTACTS: Label("contacts", "contacts"),
    Unit.EVENTS: Label("événements", "events"),
}


class CategoryKind(enum.StrEnum):
    """What the breakdown of an indicator is (how compute.py labels its categories)."""

    NONE = "none"
    DISCIPLINE = "discipline"
    SESSION_KIND = "session_kind"
    MH_CATEGORY = "mh_category"
    TEMPLATE = "template"
    PARTNER = "partner"
    CONSENT_PURPOSE = "consent_purpose"
    LANGUAGE = "language"
    VIOLENCE = "violence"
    HOUSING = "housing"
    PATHWAY_STATE = "pathway_state"
    CGI_CHANGE = "cgi_change"


# CGI-I, the clinician's rating of the change since the start of care, in bands.
CGI_BANDS: dict[str, Label] = {
    "much_improved": Label("très ou nettement amélioré (CGI-I 1–2)",
                           "very much or much improved (CGI-I 1–2)"),
    "minimally_improved": Label("un peu amélioré (CGI-I 3)", "minimally improved (CGI-I 3)"),
    "no_change": Label("inchangé (CGI-I 4)", "no change (CGI-I 4)"),
    "worse": Label("aggravé (CGI-I 5–7)", "worse (CGI-I 5–7)"),
    "not_assessed": Label("non évalué à la sortie", "not assessed at discharge"),
}


@dataclass(frozen=True)
class Indicator:
    code: str
    label: Label
    counted: Label  # what is counted, stated for the reader (footnote of exports)
    unit: Unit
    categories: CategoryKind = CategoryKind.NONE


def _i(code, fr, en, counted_fr, counted_en, unit, categories=CategoryKind.NONE) -> Indicator:
    return Indicator(code, Label(fr, en), Label(counted_fr, counted_en), unit, categories)


INDICATORS: tuple[Indicator, ...] = (
    _i("new_people", "Nouvelles personnes incluses", "New people included",
       "Personnes dont la première inscription sur le site a commencé dans le mois",
       "People whose first enrolment at the site started in the month", Unit.PEOPLE),
    _i("contacts", "Contacts par discipline", "Contacts per discipline",
       "Notes de contact datées du mois, par discipline",
       "Contact notes dated in the month, by discipline", Unit.CONTACTS,
       CategoryKind.DISCIPLINE),
    _i("mh_people", "Personnes en suivi de santé mentale", "People in mental-health follow-up",
       "Personnes ayant au moins une note de santé mentale dans le mois, par catégorie",
       "People with at least one mental-health note in the month, by presenting category",
       Unit.PEOPLE, CategoryKind.MH_CATEGORY),
    _i("mh_sessions", "Séances de santé mentale", "Mental-health sessions",
       "Notes de séance de santé mentale du mois, par type de séance",
       "Mental-health session notes in the month, by session kind", Unit.CONTACTS,
       CategoryKind.SESSION_KIND),
    _i("mh_cgi_change", "Évolution CGI entre l'admission et la sortie",
       "CGI change between intake and discharge",
       "Personnes sorties du suivi de santé mentale dans le mois, par dernière CGI-I "
       "(amélioration depuis l'admission) notée jusqu'à la sortie",
       "People discharged from mental-health follow-up in the month, by the last CGI-I "
       "(improvement since intake) recorded up to discharge", Unit.PEOPLE,
       CategoryKind.CGI_CHANGE),
    _i("violence", "Violences rapportées", "Reported violence",
       "Personnes avec un code de morbidité de violence dans le mois, ou signalées victimes "
       "(violence, torture, traite) dans le mois",
       "People with a violence morbidity code in the month, or flagged as victims "
       "(violence, torture, trafficking) in the month", Unit.PEOPLE, CategoryKind.VIOLENCE),
    _i("housing", "Hébergement aux entretiens sociaux", "Housing at social contacts",
       "Personnes par hébergement codé aux entretiens sociaux du mois",
       "People by housing coded at the month's social contacts", Unit.PEOPLE,
       CategoryKind.HOUSING),
    _i("housing_inclusion", "Hébergement à l'inclusion", "Housing at inclusion",
       "Personnes incluses dans le mois, par hébergement codé au premier entretien social "
       "depuis l'inclusion (non précisé : pas encore d'entretien codé)",
       "People included in the month, by housing coded at their first social contact "
       "since inclusion (not specified: no coded contact yet)", Unit.PEOPLE,
       CategoryKind.HOUSING),
    _i("child_welfare", "Placements à l'aide sociale à l'enfance", "Child welfare placements",
       "Personnes dont l'hébergement passe à « placement ASE » à un entretien social du mois "
       "(hébergement codé précédent différent ou inconnu)",
       "People whose housing becomes 'child welfare placement' at a social contact in the "
       "month (previous coded housing different or unknown)", Unit.PEOPLE),
    _i("appeals", "Recours et appels déposés", "Appeals filed",
       "Étapes « recours déposé » ou « appel » du parcours recours de minorité",
       "Minority recourse pathway steps 'recourse filed' or 'appeal'", Unit.EVENTS,
       CategoryKind.PATHWAY_STATE),
    _i("hearings", "Audiences tenues", "Hearings held",
       "Rendez-vous d'audience (juridique) marqués « présent » dans le mois",
       "Hearing appointments (legal) marked attended in the month", Unit.EVENTS),
    _i("decisions", "Décisions de minorité", "Minority decisions",
       "Étapes de décision du parcours recours de minorité, par décision",
       "Minority recourse pathway decision steps, by decision", Unit.EVENTS,
       CategoryKind.PATHWAY_STATE),
    _i("certificates", "Certificats délivrés", "Certificates issued",
       "Certificats dont la date de délivrance est dans le mois, par modèle",
       "Certificates with an issue date in the month, by template", Unit.EVENTS,
       CategoryKind.TEMPLATE),
    _i("referrals_made", "Orientations faites", "Referrals made",
       "Orientations créées dans le mois, par type de partenaire",
       "Referrals created in the month, by partner kind", Unit.EVENTS, CategoryKind.PARTNER),
    _i("referrals_completed", "Orientations abouties", "Referrals completed",
       "Orientations passées au statut « abouti » dans le mois, par type de partenaire",
       "Referrals moved to 'completed' in the month, by partner kind", Unit.EVENTS,
       CategoryKind.PARTNER),
    _i("consents_refused", "Consentements refusés", "Consents refused",
       "Décisions de refus datées du mois, par objet", "Refusals decided in the month, by purpose",
       Unit.EVENTS, CategoryKind.CONSENT_PURPOSE),
    _i("consents_withdrawn", "Consentements retirés", "Consents withdrawn",
       "Retraits datés du mois, par objet", "Withdrawals decided in the month, by purpose",
       Unit.EVENTS, CategoryKind.CONSENT_PURPOSE),
    _i("interpreter", "Recours à un interprète", "Interpreter use",
       "Notes du mois avec un interprète (professionnel ou pair), par langue",
       "Notes in the month with an interpreter (professional or peer), by language",
       Unit.CONTACTS, CategoryKind.LANGUAGE),
    _i("lost", "Personnes perdues de vue", "People lost to follow-up",
       "Personnes inscrites à la fin du mois sans contact depuis plus que le délai du "
       "programme, ou absentes à un rendez-vous sans contact depuis",
       "People enrolled at the end of the month not seen for longer than their programme "
       "allows, or who missed an appointment and were not seen since", Unit.PEOPLE),
)

BY_CODE = {indicator.code: indicator for indicator in INDICATORS}

# Age groups from the declared birth year (DOMAIN.md): the age reached in the period's year.
AGE_GROUPS: tuple[tuple[str, Label], ...] = (
    ("under_15", Label("moins de 15 ans", "under 15")),
    ("15_17", Label("15–17 ans", "15–17")),
    ("18_24", Label("18–24 ans", "18–24")),
    ("25_plus", Label("25 ans et plus", "25+")),
    ("unknown", Label("âge inconnu", "age unknown")),
)
SEX_GROUPS: tuple[tuple[str, Label], ...] = (
    ("female", Label("femmes", "female")),
    ("male", Label("hommes", "male")),
    ("other", Label("autre", "other")),
    ("unknown", Label("sexe non déclaré", "sex not stated")),
)

# Charts of the dashboard and the PDF: bars per month, stacked by site.
CHARTED = ("new_people", "contacts")
CHART_MONTHS = 6
