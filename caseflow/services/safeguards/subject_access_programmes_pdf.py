"""The subject access PDF's sections for the Libya programme records: TB episodes and hospital
stays (subject_access.py collects them; subject_access_pdf.py lays out the rest).

Apart from subject_access_pdf.py to keep each module readable; the functions take its
`_Document` and use its words and layout (`day`, `site`, `label`, `block`...), so the
sections look like the others. A section is printed only when the person has such
records (the collected data then holds its key): a copy for someone never treated for TB
does not mention TB.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency
from flask_babel import gettext as _

from caseflow import morbidity
from caseflow.models.hospital import Outcome, ReferredBy
from caseflow.models.tb import (
    DiagnosisBasis,
    DiseaseSite,
    HivStatus,
    LabResult,
    Regimen,
    RifResistance,
    TbOutcome,
    TreatmentHistory,
    XpertResult,
    XrayResult,
)
from caseflow.pdf import isolate


def _on(doc, label: str, day: str | None) -> str:
    """A coded value and its date: "Treatment completed (3 March 2026)"."""
    return f"{label} ({doc.day(day)})" if day else label


def tb_episodes(doc) -> None:
    episodes = doc.data.get("tb_episodes")
    if not episodes:
        return
    doc.heading(_("Tuberculosis"))
    for e in episodes:
        doses = e["observed_doses"]
        pairs = [
            (_("Treating site"), doc.site(e["site"])),
            (_("Recorded by"), doc.person(e["author"])),
            (_("National TB register number"), e["register_number"]),
            (_("Xpert MTB/RIF"), doc.label(XpertResult, e["xpert"])),
            (_("Rifampicin resistance"), doc.label(RifResistance, e["rif_resistance"])),
            (_("Sputum smear"), doc.label(LabResult, e["smear"])),
            (_("Culture"), doc.label(LabResult, e["culture"])),
            (_("Chest X-ray"), doc.label(XrayResult, e["xray"])),
            (_("HIV status"), doc.label(HivStatus, e["hiv"])),
        ]
        if e["diagnosed_on"]:
            pairs += [
                (_("Date of diagnosis"), doc.day(e["diagnosed_on"])),
                (_("Diagnosis"), doc.label(DiagnosisBasis, e["basis"])),
                (_("Site of disease"), doc.label(DiseaseSite, e["disease_site"])),
                (_("Treatment history"), doc.label(TreatmentHistory, e["history"])),
            ]
        if e["treatment_started_on"]:
            pairs += [
                (_("Treatment started on"), doc.day(e["treatment_started_on"])),
                (_("Regimen"), doc.label(Regimen, e["regimen"])),
                (_("Smear at month 2"), doc.label(LabResult, e["smear_month2"])),
                (_("Smear at month 5"), doc.label(LabResult, e["smear_month5"])),
                (_("Smear at month 6"), doc.label(LabResult, e["smear_month6"])),
                # Each date set apart: in an Arabic line "6 March 2026" keeps its order.
                (_("Observed doses"), _("%(count)s (from %(first)s to %(last)s)",
                                        count=doses["count"],
                                        first=isolate(doc.day(doses["first_on"])),
                                        last=isolate(doc.day(doses["last_on"])))
                 if doses["count"] else "0"),
                (_("Outcome"), _on(doc, doc.label(TbOutcome, e["outcome"]), e["outcome_on"])
                 if e["outcome"] else None),
            ]
        doc.block(_("Presumptive TB since %(date)s", date=doc.day(e["presumptive_on"])),
                  pairs, e["notes"])


def _costs(doc, costs: dict | None) -> str | None:
    if not costs:
        return None
    return format_currency(Decimal(costs["amount"]), costs["currency"], locale=doc.language)


def hospital_stays(doc) -> None:
    stays = doc.data.get("hospital_stays")
    if not stays:
        return
    doc.heading(_("Hospital stays"))
    for s in stays:
        doc.block(f"{doc.day(s['admitted_on'])} — {isolate(s['hospital'])}", [
            (_("Partner hospital"), s["hospital"]),
            (_("Ward"), s["ward"]),
            (_("Admission date"), doc.day(s["admitted_on"])),
            (_("Referred by"), doc.label(ReferredBy, s["referred_by"])),
            (_("Reason (morbidity list)"), morbidity.label(s["reason_code"])),
            (_("Discharge date"), doc.day(s["discharged_on"]) if s["discharged_on"] else None),
            (_("Outcome"), doc.label(Outcome, s["outcome"]) if s["outcome"] else None),
            (_("Costs covered by the programme"), _costs(doc, s["costs"])),
            (_("Recorded by"), doc.person(s["author"])),
            (_("Site"), doc.site(s["site"])),
        ], s["reason"])
