"""One realistic CertificateData per template, as the demo doctor or psychologist fills it."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io

from pypdf import PdfReader

from caseflow.certificates import (
    TEMPLATES,
    Author,
    BirthPrecision,
    CertificateData,
    Consistency,
    DeclaredIdentity,
    Facts,
    Finding,
    Interpreter,
    Lesion,
    Reported,
)
from caseflow.pdf import Letterhead

LETTERHEAD = Letterhead("Santé Exil", "Centre de jour de Pantin",
                        "12 rue Hoche, 93500 Pantin", "01 23 45 67 89", "pantin@example.org")
DOCTOR = Author("Dr Amina Benali", "doctor", "médecin généraliste", rpps="10101234567")
PSYCHOLOGIST = Author("Jeanne Ouédraogo", "psychologist", "psychologue clinicienne",
                      adeli="939312345")
NURSE = Author("Zoé Lefèvre", "nurse", "infirmière", rpps="10109876543")
SOCIAL_WORKER = Author("Marc Dubois", "social_worker", "assistant de service social",
                       adeli="934412345")
PERSON = DeclaredIdentity("Abdoulaye Ṣọ̀ Diallo-Nguyễn", dt.date(2009, 3, 14), BirthPrecision.DAY)
SERIAL = "PAN-2026-00042"
URL = "https://caseflow.example.org/verify/PAN-2026-00042?c=3q2-7Xk"

FIELDS: dict[str, dict[str, object]] = {
    "minority_recourse": {
        "health_state": "Asthme persistant léger, traité. Dénutrition modérée (IMC 16,8).",
        "vulnerabilities": "Isolement, sans hébergement stable, troubles du sommeil.",
        "care_and_follow_up": "Suivi médical mensuel au centre ; bilan dentaire à programmer.",
    },
    "violence_findings": {
        "facts": Facts(dt.date(2026, 11, 2), place="Calais, près du canal"),
        # A third-person account: reported, never put in quotation marks.
        "statements": Reported("Il aurait été frappé à coups de matraque le 2 novembre 2026 au "
                               "soir."),
        "complaints": "Douleurs de l'épaule gauche, cauchemars.",
        "examination": "Patient conscient, orienté. Examen détaillé ci-dessous.",
        "lesions": [Lesion("Face externe du bras gauche", "6 × 3 cm",
                           "ecchymose violacée, ovalaire"),
                    Lesion("Cuir chevelu, région pariétale droite", "2 cm",
                           "plaie croûteuse linéaire")],
        "psychological_state": "Anxiété marquée, hypervigilance, pleurs pendant l'entretien.",
        "itt_days": 21,
    },
    "istanbul_report": {
        "case_information": "Examen à la demande de l'intéressé, au centre de jour, 2 heures.",
        "qualifications": "Médecin généraliste, DU de médecine légale, formé au Protocole.",
        "consent_recorded": True,
        "persons_present": "L'intéressé, le médecin et l'interprète.",
        "facts": Facts(dt.date(2025, 3, 1), dt.date(2025, 6, 30), "Libye, centre de détention"),
        "allegations": "J'ai été suspendu par les poignets pendant plusieurs heures.",
        "physical_findings": [Finding("Cicatrices circulaires hypopigmentées des deux poignets",
                                      Consistency.HIGHLY_CONSISTENT)],
        "psychological_findings": [Finding("Reviviscences, évitement, hypervigilance",
                                           Consistency.CONSISTENT)],
        "conclusion": Consistency.HIGHLY_CONSISTENT,
        "interpretation": "L'ensemble des constatations est très compatible avec les allégations.",
        "limits": "Examen unique de deux heures, à distance des faits.",
        "recommendations": "Suivi psychologique spécialisé ; kinésithérapie.",
    },
    "psychological_attestation": {
        "consultations": "Suivi hebdomadaire depuis septembre 2026 (8 entretiens).",
        "reported": "Je ne dors plus depuis la traversée.",
        "observations": "Symptômes anxieux et troubles du sommeil persistants.",
        "recommendations": "Poursuite du suivi.",
    },
    "follow_up_attestation": {
        "follow_up_dates": [dt.date(2026, 9, 1), dt.date(2026, 10, 6), dt.date(2026, 11, 3)],
    },
    # The Libya medical report, as a Tripoli doctor writes it for a partner hospital.
    "medical_report": {
        "addressed_to": "Tripoli Central Hospital, internal medicine",
        "history": Reported("Cough for six weeks, night sweats, weight loss since detention."),
        "findings": "Weight 48 kg, temperature 38.2 °C, crackles at the right apex.",
        "diagnoses": "Presumptive pulmonary tuberculosis (A16.2); moderate malnutrition.",
        "treatment": "Paracetamol; nutritional supplement; sputum sent for Xpert MTB/RIF.",
        "recommendations": "Admission for investigation; isolation until the result.",
    },
}

AUTHORS = {"psychological_attestation": PSYCHOLOGIST}
# Where a template is issued in the samples: Pantin, except the Libya-only templates.
TRIPOLI = Letterhead("Santé Exil", "Tripoli", "Tripoli", "", "tripoli@example.org")
LIBYAN_DOCTOR = Author("Dr Charlie Okafor", "doctor", "médecin", profession_code="doctor",
                       licence="LMS-2019-04417")
# The templates a site in France issues (the fr/en tests below run over these).
FRENCH_TEMPLATES = sorted(key for key, t in TEMPLATES.items() if t.applies_in("FR"))


def sample(template: str, **changes: object) -> CertificateData:
    if not TEMPLATES[template].applies_in("FR"):
        changes = {"country": "LY", "letterhead": TRIPOLI, "place": "Tripoli",
                   "author": LIBYAN_DOCTOR, **changes}
    data = CertificateData(
        template=template, letterhead=LETTERHEAD, place="Pantin", author=AUTHORS.get(
            template, DOCTOR), person=PERSON, exam_date=dt.date(2026, 11, 3),
        issue_date=dt.date(2026, 11, 4), serial=SERIAL, verification_url=URL,
        fields=dict(FIELDS[template]),
        interpreter=Interpreter("Fatoumata Keïta", "peul") if template == "violence_findings"
        else None,
    )
    return dataclasses.replace(data, **changes)  # type: ignore[arg-type]


def pdf_text(pdf: bytes) -> str:
    """All the text of the PDF, with line breaks and repeated spaces folded to one space."""
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
