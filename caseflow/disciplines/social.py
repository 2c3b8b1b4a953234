"""Social: interviews by social workers, with the housing and the actions taken."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.disciplines.spec import DisciplineSpec, Field, FieldKind
from caseflow.roles import Role
from caseflow.vocabulary import Housing, NoteKind, SocialAction

SPEC = DisciplineSpec(
    code="social",
    label=_l("Social"),
    roles=(Role.SOCIAL_WORKER,),
    kinds=(NoteKind.SOCIAL_INTERVIEW, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    coded_kinds=(NoteKind.SOCIAL_INTERVIEW,),
    fields=(
        Field("housing", _l("Housing at this contact"), FieldKind.ONE, choices=Housing,
              short=_l("Housing"), coded=True),
        Field("needs", _l("Needs"), FieldKind.TEXT, max_length=4000),
        Field("actions", _l("Actions taken"), FieldKind.MANY, choices=SocialAction,
              short=_l("Actions"), coded=True),
    ),
)
