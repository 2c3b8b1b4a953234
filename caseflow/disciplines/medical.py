"""Medical: consultations and nursing care by doctors, nurses, midwives and the coordinator.

Vital signs have two ranges each: `minimum`/`maximum`, what cannot be measured on a
living person (refused: a typing error; set wide, since Calais winters bring deep
hypothermia, survived below 20 °C, and an oximeter reads a cyanosed patient's 40 %),
and `plausible`, what an adult at rest usually shows (outside it the form asks to
confirm or correct, then saves). The plausible ranges are an adult's: a small child's
pulse and breathing are faster, and weight and height depend on age, so those two have
no plausible range and the children's values are confirmed once. Sources:
docs/CLINICAL_VOCABULARIES.md, "Vital signs".

Malnutrition is not typed: `derive` classifies it from the measures and the person's age
and sex on the note's day (caseflow/nutrition). Violence is coded by context and
perpetrator category, and a wound by its mechanism, for the programme's testimony.
"""

from __future__ import annotations

from flask_babel import format_decimal, lazy_pgettext, pgettext
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from caseflow.disciplines.medical_codes import (
    AcuteMalnutrition,
    Perpetrator,
    ViolenceContext,
    WoundMechanism,
)
from caseflow.disciplines.spec import CodeIndicator, DisciplineSpec, Field, FieldKind
from caseflow.nutrition.classify import Criterion, Level, Measures, classify
from caseflow.roles import Role
from caseflow.vocabulary import NoteKind

# The units of the questions on unusual values ("41.2 °C"), as each language writes them.
KG = lazy_pgettext("unit", "kg")
CM = lazy_pgettext("unit", "cm")
CELSIUS = lazy_pgettext("unit", "°C")
MMHG = lazy_pgettext("unit", "mmHg")
PER_MINUTE = lazy_pgettext("unit", "/min")


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
    if details.get("respiratory_rate") is not None:
        vitals.append(_("RR %(v)s/min", v=details["respiratory_rate"]))
    if details.get("spo2") is not None:
        vitals.append(_("SpO₂ %(v)s %%", v=details["spo2"]))
    if details.get("muac_mm") is not None:
        vitals.append(_("MUAC %(v)s mm", v=details["muac_mm"]))
    if details.get("oedema") == "yes":
        vitals.append(_("bilateral pitting oedema"))
    out = []
    if details.get("reason"):
        out.append((_("Reason"), details["reason"]))
    if vitals:
        out.append((_("Vital signs"), pgettext("list separator", ", ").join(vitals)))
    if details.get(NUTRITION_BASIS):
        out.append((_("Nutrition classified by"), _nutrition_basis(details)))
    if details.get("treatment"):
        out.append((_("Treatment given"), details["treatment"]))
    return out


# The classification's basis, kept with the note's details by `derive` (not typed).
NUTRITION_BASIS = "nutrition_criterion"
NUTRITION_VALUE = "nutrition_value"
NUTRITION_APPROXIMATE = "nutrition_approximate"
_COMPUTED_DETAILS = (NUTRITION_BASIS, NUTRITION_VALUE, NUTRITION_APPROXIMATE)


def _nutrition_basis(details: dict) -> str:
    value = details.get(NUTRITION_VALUE)
    shown = {
        Criterion.OEDEMA.value: _("bilateral pitting oedema"),
        Criterion.MUAC.value: _("MUAC %(v)s mm", v=format_decimal(value or 0)),
        Criterion.BMI_FOR_AGE.value: _("BMI-for-age %(v)s SD (WHO 2007)",
                                       v=format_decimal(value or 0)),
        Criterion.BMI.value: _("BMI %(v)s", v=format_decimal(value or 0)),
    }.get(details[NUTRITION_BASIS], details[NUTRITION_BASIS])
    if details.get(NUTRITION_APPROXIMATE):
        return _("%(basis)s, age approximate", basis=shown)
    return shown


def derive(codes: dict, details: dict, context: dict) -> tuple[dict, dict]:
    """Acute malnutrition classified from the note's measures and the person's age and sex
    on its day (caseflow/nutrition/classify.py): the clinician measures, caseflow applies
    the reference the age calls for. Nothing measured: nothing classified."""
    details = {k: v for k, v in details.items() if k not in _COMPUTED_DETAILS}
    measures = Measures(
        age_months=context.get("age_months"), sex=context.get("sex"),
        weight_kg=details.get("weight_kg"), height_cm=details.get("height_cm"),
        muac_mm=details.get("muac_mm"), oedema=details.get("oedema") == "yes",
        age_approximate=bool(context.get("age_approximate")))
    found = classify(measures)
    if found.level is Level.NOT_CLASSIFIED:
        return codes, details
    level = {Level.NONE: AcuteMalnutrition.NONE, Level.MODERATE: AcuteMalnutrition.MODERATE,
             Level.SEVERE: AcuteMalnutrition.SEVERE}[found.level]
    details = {**details, NUTRITION_BASIS: found.criterion.value}
    if found.value is not None:
        details[NUTRITION_VALUE] = found.value
    if found.approximate:
        details[NUTRITION_APPROXIMATE] = True
    return {**codes, "nutrition": level.value}, details


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
        Field("weight_kg", _l("Weight (kg)"), FieldKind.NUMBER, short=_l("Weight"), unit=KG,
              minimum=1, maximum=300),
        Field("height_cm", _l("Height (cm)"), FieldKind.WHOLE, short=_l("Height"), unit=CM,
              minimum=30, maximum=250),
        Field("temperature_c", _l("Temperature (°C)"), FieldKind.NUMBER,
              short=_l("Temperature"), unit=CELSIUS, minimum=15, maximum=45,
              plausible=(35, 39.5)),
        Field("bp_systolic", _l("Blood pressure, systolic"), FieldKind.WHOLE,
              short=_l("Systolic blood pressure"), unit=MMHG, minimum=50, maximum=260,
              plausible=(80, 180)),
        Field("bp_diastolic", _l("Blood pressure, diastolic"), FieldKind.WHOLE,
              short=_l("Diastolic blood pressure"), unit=MMHG, minimum=20, maximum=160,
              plausible=(40, 110)),
        Field("pulse", _l("Pulse (/min)"), FieldKind.WHOLE, short=_l("Pulse"), unit=PER_MINUTE,
              minimum=20, maximum=250, plausible=(40, 140)),
        Field("respiratory_rate", _l("Respiratory rate (/min)"), FieldKind.WHOLE,
              short=_l("Respiratory rate"), unit=PER_MINUTE, minimum=4, maximum=80,
              plausible=(10, 30)),
        Field("spo2", _l("Oxygen saturation, SpO₂ (%)"), FieldKind.WHOLE,
              short=_l("Oxygen saturation"), unit="%", minimum=20, maximum=100,
              plausible=(92, None)),
        Field("muac_mm", _l("MUAC (mm)"), FieldKind.WHOLE, short=_l("MUAC"),
              unit=lazy_pgettext("unit", "mm"), minimum=50, maximum=450),
        Field("oedema", _l("Bilateral pitting oedema"), FieldKind.YES_NO),
        Field("nutrition", _l("Acute malnutrition"), FieldKind.ONE, choices=AcuteMalnutrition,
              coded=True, derived=True),
        Field("conditions", _l("Conditions"), FieldKind.MANY, choices="morbidity", coded=True,
              error=_l("Unknown condition code.")),
        Field("wound_mechanism", _l("Wound mechanism"), FieldKind.MANY, choices=WoundMechanism,
              coded=True),
        Field("violence_context", _l("Where the violence happened"), FieldKind.MANY,
              choices=ViolenceContext, coded=True),
        Field("perpetrator", _l("Perpetrators"), FieldKind.MANY, choices=Perpetrator,
              coded=True),
        Field("treatment", _l("Treatment given"), FieldKind.TEXT, max_length=4000),
    ),
    describe_details=describe_details,
    derive=derive,
    indicators=(
        CodeIndicator("morbidity", _l("Diagnoses"),
                      _l("People with each morbidity code on the month's medical notes"),
                      field="conditions"),
        CodeIndicator("violence_context", _l("Violence by context"),
                      _l("People whose medical notes of the month record where violence "
                         "happened"), field="violence_context"),
        CodeIndicator("violence_perpetrator", _l("Violence by perpetrator"),
                      _l("People whose medical notes of the month record who committed "
                         "violence"), field="perpetrator"),
        CodeIndicator("wound_mechanism", _l("Wounds by mechanism"),
                      _l("People whose medical notes of the month record how a wound "
                         "happened, by mechanism"), field="wound_mechanism"),
        CodeIndicator("acute_malnutrition", _l("Acute malnutrition"),
                      _l("People classified with acute malnutrition on the month's medical "
                         "notes, by severity"), field="nutrition",
                      values=(AcuteMalnutrition.MODERATE.value, AcuteMalnutrition.SEVERE.value)),
    ),
)
