"""Mental health: sessions by psychologists, with the stage of care, the CGI scales, the
suicide risk and substance use.

The suicide risk is a coded level (none to imminent), kept in clear because the level is
what the team acts on (a high or imminent level puts the person on the psychologist's and
the coordinator's worklist: services/care/worklist.py) and what the indicator counts at
intake. Self-harm, attempts, whether a safety plan was made, the plan and the substances
used are encrypted details: nothing counts them, and a copied database must not tell
which young person misuses pregabalin or attempted suicide (drug use can expose them to
the police); each is still checked against its list. The yes/no "suicidal ideation" the
level supersedes is retired: old notes keep and show it, new ones no longer ask it.

CGI (Guy, 1976): CGI-S rates the severity now, asked at intake and at discharge; CGI-I
rates the change since the start of care, so it has no meaning at intake and is
refused there. Sources: docs/CLINICAL_VOCABULARIES.md, "Mental health".
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.disciplines.mental_health_codes import (
    HarmHistory,
    SessionStage,
    Substance,
    SuicideRisk,
)
from caseflow.disciplines.spec import CodeIndicator, DisciplineSpec, Field, FieldKind
from caseflow.roles import Role
from caseflow.vocabulary import MentalHealthCategory, NoteKind, SessionKind

CGI_RANGE = _l("CGI scores go from 1 to 7.")


def check(codes: dict, details: dict) -> list[tuple[str, object]]:
    """What cannot be true together: CGI-I at intake, "no substance" with a substance."""
    problems = []
    if codes.get("session_stage") == SessionStage.INTAKE.value and codes.get("cgi_i"):
        problems.append(("cgi_i", _l("CGI-I rates the change since the start of care: it is "
                                     "not given at intake. Rate the severity (CGI-S) "
                                     "instead, or choose another stage.")))
    substances = details.get("substances") or []
    if Substance.NONE.value in substances and len(substances) > 1:
        problems.append(("substances", _l("“No substance use” cannot be ticked with a "
                                          "substance.")))
    return problems


SPEC = DisciplineSpec(
    code="mental_health",
    label=_l("Mental health"),
    roles=(Role.PSYCHOLOGIST,),
    kinds=(NoteKind.MENTAL_HEALTH_SESSION, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    coded_kinds=(NoteKind.MENTAL_HEALTH_SESSION,),
    fields=(
        Field("session_kind", _l("Session"), FieldKind.ONE, choices=SessionKind, coded=True),
        Field("session_stage", _l("Stage of care"), FieldKind.ONE, choices=SessionStage,
              short=_l("Stage"), coded=True),
        Field("category", _l("Presenting category"), FieldKind.ONE, choices=MentalHealthCategory,
              coded=True),
        Field("cgi_s", _l("CGI-S severity (intake and discharge)"), FieldKind.SCORE,
              short="CGI-S", minimum=1, maximum=7, error=CGI_RANGE, coded=True),
        Field("cgi_i", _l("CGI-I improvement (follow-up and discharge)"), FieldKind.SCORE,
              short="CGI-I", minimum=1, maximum=7, error=CGI_RANGE, coded=True),
        Field("suicide_risk", _l("Suicide risk"), FieldKind.ONE, choices=SuicideRisk,
              coded=True),
        Field("self_harm", _l("Self-harm"), FieldKind.ONE, choices=HarmHistory),
        Field("suicide_attempt", _l("Suicide attempt"), FieldKind.ONE, choices=HarmHistory),
        Field("safety_plan_made", _l("Safety plan made"), FieldKind.YES_NO),
        Field("safety_plan_text", _l("Safety plan (warning signs, coping, people to call, "
                                     "means made safe)"), FieldKind.TEXT,
              short=_l("Safety plan"), max_length=4000),
        Field("substances", _l("Substance use"), FieldKind.MANY, choices=Substance),
        Field("suicidal_ideation", _l("Suicidal ideation"), FieldKind.YES_NO, retired=True),
    ),
    indicators=(
        CodeIndicator("mh_suicide_risk_intake", _l("Suicide risk at intake"),
                      _l("People whose suicide risk was assessed at an intake session of the "
                         "month, by level"), field="suicide_risk",
                      when=(("session_stage", SessionStage.INTAKE.value),)),
    ),
    check=check,
)
