"""Mental health: sessions by psychologists, with the CGI scales and a suicide-risk check."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.disciplines.spec import DisciplineSpec, Field, FieldKind
from caseflow.roles import Role
from caseflow.vocabulary import MentalHealthCategory, NoteKind, SessionKind

CGI_RANGE = _l("CGI scores go from 1 to 7.")

SPEC = DisciplineSpec(
    code="mental_health",
    label=_l("Mental health"),
    roles=(Role.PSYCHOLOGIST,),
    kinds=(NoteKind.MENTAL_HEALTH_SESSION, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    coded_kinds=(NoteKind.MENTAL_HEALTH_SESSION,),
    fields=(
        Field("session_kind", _l("Session"), FieldKind.ONE, choices=SessionKind, coded=True),
        Field("category", _l("Presenting category"), FieldKind.ONE, choices=MentalHealthCategory,
              coded=True),
        Field("cgi_s", _l("CGI-S severity (intake)"), FieldKind.SCORE, short="CGI-S", minimum=1,
              maximum=7, error=CGI_RANGE, coded=True),
        Field("cgi_i", _l("CGI-I improvement (follow-up)"), FieldKind.SCORE, short="CGI-I",
              minimum=1, maximum=7, error=CGI_RANGE, coded=True),
        Field("suicidal_ideation", _l("Suicidal ideation"), FieldKind.YES_NO),
    ),
)
