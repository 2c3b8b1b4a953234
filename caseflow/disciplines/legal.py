"""Legal: appointments with legal workers, the procedure, its step, the next hearing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.disciplines.spec import DisciplineSpec, Field, FieldKind
from caseflow.roles import Role
from caseflow.vocabulary import LegalDecision, LegalProcedure, NoteKind

SPEC = DisciplineSpec(
    code="legal",
    label=_l("Legal"),
    roles=(Role.LEGAL_WORKER,),
    kinds=(NoteKind.LEGAL_APPOINTMENT, NoteKind.ACCOMPANIMENT, NoteKind.PHONE_CALL),
    coded_kinds=(NoteKind.LEGAL_APPOINTMENT,),
    fields=(
        Field("procedure", _l("Procedure"), FieldKind.ONE, choices=LegalProcedure, coded=True),
        Field("step", _l("Step"), FieldKind.LINE, max_length=40, coded=True),
        Field("lawyer", _l("Lawyer"), FieldKind.LINE, max_length=200),
        Field("next_hearing", _l("Next hearing"), FieldKind.DATE),
        Field("decision", _l("Decision"), FieldKind.ONE, choices=LegalDecision, coded=True),
    ),
)
