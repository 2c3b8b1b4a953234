"""Medical: consultations and nursing care by doctors, nurses, midwives and the coordinator."""

from __future__ import annotations

from flask_babel import format_decimal, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.disciplines.spec import DisciplineSpec, Field, FieldKind
from caseflow.roles import Role
from caseflow.vocabulary import NoteKind


def describe_details(codes: dict, details: dict) -> list[tuple[str, str]]:
    """The reason, then the vital signs on one line as a clinician writes them, then the
    treatment. Measures in the reader's number format: « 48,5 kg » in French."""
    vitals = []
    if details.get("weight_kg") is not None:
        vitals.append(_("%(v)s kg", v=format_decimal(details["weight_kg"])))
    if details.get("height_cm") is not None:
        vitals.append(_("%(v)s cm", v=details["height_cm"]))
    if details.get("temperature_c") is not None:
        vitals.append(_("%(v)s °C", v=format_decimal(details["temperature_c"])))
    if details.get("bp_systolic") and details.get("bp_diastolic"):
        vitals.append(_("BP %(s)s/%(d)s", s=details["bp_systolic"], d=details["bp_diastolic"]))
    if details.get("pulse") is not None:
        vitals.append(_("pulse %(v)s/min", v=details["pulse"]))
    out = []
    if details.get("reason"):
        out.append((_("Reason"), details["reason"]))
    if vitals:
        out.append((_("Vital signs"), pgettext("list separator", ", ").join(vitals)))
    if details.get("treatment"):
        out.append((_("Treatment given"), details["treatment"]))
    return out


SPEC = DisciplineSpec(
    code="medical",
    label=_l("Medical"),
    roles=(Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.COORDINATOR),
    kinds=(NoteKind.MEDICAL_CONSULTATION, NoteKind.NURSING_CARE, NoteKind.ACCOMPANIMENT,
           NoteKind.PHONE_CALL),
    coded_kinds=(NoteKind.MEDICAL_CONSULTATION, NoteKind.NURSING_CARE),
    fields=(
        Field("reason", _l("Reason for the consultation"), FieldKind.LINE, short=_l("Reason"),
              max_length=500),
        Field("weight_kg", _l("Weight (kg)"), FieldKind.NUMBER, minimum=1, maximum=300),
        Field("height_cm", _l("Height (cm)"), FieldKind.WHOLE, minimum=30, maximum=250),
        Field("temperature_c", _l("Temperature (°C)"), FieldKind.NUMBER, minimum=30, maximum=45),
        Field("bp_systolic", _l("Blood pressure, systolic"), FieldKind.WHOLE, minimum=50,
              maximum=260),
        Field("bp_diastolic", _l("Blood pressure, diastolic"), FieldKind.WHOLE, minimum=20,
              maximum=160),
        Field("pulse", _l("Pulse (/min)"), FieldKind.WHOLE, minimum=20, maximum=250),
        Field("conditions", _l("Conditions"), FieldKind.MANY, choices="morbidity", coded=True,
              error=_l("Unknown condition code.")),
        Field("treatment", _l("Treatment given"), FieldKind.TEXT, max_length=4000),
    ),
    describe_details=describe_details,
)
