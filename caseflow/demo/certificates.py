"""Demo certificates from the stories: at Pantin issued, one corrected, one revoked, one
draft; at Tripoli a medical report for a hospital.

So that the register, the person page and the public verification page have
something to show after `make run`. Issued through the same service as in
real use (consent, serial, render, signature, encrypted storage, audit).
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from caseflow.services.care.consents import ConsentInput
from caseflow.services.documents import certificates
from caseflow.vocabulary import ConsentDecision, ConsentPurpose

HEALTH = {
    "health_state": "Asthme léger traité par bronchodilatateur à la demande. Dénutrition "
                    "modérée en cours de correction. Troubles du sommeil.",
    "vulnerabilities": "Isolement, sans hébergement stable depuis son arrivée ; parcours "
                       "migratoire marqué par des violences rapportées.",
    "care_and_follow_up": "Suivi médical mensuel au centre de jour ; suivi psychologique "
                          "hebdomadaire ; bilan dentaire à programmer.",
}


def asked() -> ConsentInput:
    """The person asks for the certificate, warned of the risks of its disclosure."""
    return ConsentInput(ConsentPurpose.CERTIFICATE, ConsentDecision.GIVEN)


def _base_url() -> str:
    return current_app.config.get("PUBLIC_URL") or "http://127.0.0.1:5000"


def _input(template, fields, site_id, exam, **more) -> certificates.CertificateInput:
    return certificates.CertificateInput(template=template, site_id=site_id, language="fr",
                                         exam_date=exam, fields=dict(fields), **more)


def issue_health_certificate(doctor, person, site_id: int, exam: dt.date):
    """A minority-recourse certificate drafted and issued by `doctor` (also used by the
    programme-size generator, services/demo_scale.py)."""
    draft = certificates.create_draft(doctor, person, _input("minority_recourse", HEALTH,
                                                             site_id, exam), asked())
    return certificates.issue(doctor, person, draft, draft.version, _base_url())


# What each story's certificates say: the findings of the consultation on their exam day.
FIELDS = {
    "bah": {
        "health_state": "Bon état général. Céphalées de tension en nette amélioration. "
                        "Sérologies VIH, VHB et VHC négatives, radiographie pulmonaire "
                        "normale ; vaccination contre l'hépatite B en cours.",
        "vulnerabilities": "Mineure isolée, hébergement instable ; violences rapportées "
                           "durant le parcours migratoire, en Libye.",
        "care_and_follow_up": "Suivi médical au centre de jour ; suivi psychologique "
                              "hebdomadaire ; deuxième dose de vaccin programmée.",
    },
    "keita": {
        "health_state": "Bon état général. Douleur du genou gauche à l'effort depuis une "
                        "entorse au football, genou stable.",
        "vulnerabilities": "Mineur isolé, sans hébergement stable depuis son arrivée.",
        "care_and_follow_up": "Suivi médical au centre de jour.",
    },
    "kone": {
        "health_state": "Bon état général. Rhinopharyngite banale en voie de guérison.",
        "vulnerabilities": "Mineur isolé, dort à la rue.",
        "care_and_follow_up": "Suivi médical au centre de jour.",
    },
    "ahmadzai": {
        "health_state": "Douleurs du dos et des épaules ; cicatrices linéaires du dos "
                        "compatibles avec les coups qu'il rapporte. Troubles du sommeil.",
        "vulnerabilities": "Mineur isolé ; violences rapportées aux frontières ; séparé de "
                           "son cousin.",
        "care_and_follow_up": "Suivi médical au centre de jour ; orientation vers la "
                              "psychologue ; kinésithérapie à discuter.",
    },
}
BAH_ATTESTATION = {
    "consultations": "Suivi psychologique hebdomadaire depuis six semaines, avec une "
                     "interprète en pular.",
    "observations": "Symptômes de stress post-traumatique (reviviscences, cauchemars, "
                    "évitement) en amélioration ; sommeil encore fragile.",
    "recommendations": "Poursuite du suivi ; un hébergement stable est souhaitable.",
}


# The Libya medical report (in English, for the hospital's chest unit), on the day TB was
# confirmed: what Charlie wrote in his consultation notes (demo/stories.py).
LIBYA_REPORTS = {
    "gebremedhin": {
        "addressed_to": "Tripoli Central Hospital, chest unit: for a specialist opinion",
        "findings": "Weight 49.3 kg (49.5 kg three days earlier), temperature 38.0 °C, pulse "
                    "98. Crackles at the right apex. Chest X-ray: right upper lobe cavity.",
        "diagnoses": "Pulmonary tuberculosis, bacteriologically confirmed (Xpert MTB/RIF "
                     "positive, rifampicin resistance not detected), new case (A15.0).",
        "treatment": "HRZE fixed-dose combination, 3 tablets daily (40-54 kg), with "
                     "pyridoxine, started today; doses observed daily at the shelter.",
        "recommendations": "Specialist review of the cavity; HIV test; screening of the "
                           "people who shared his room in the shelter.",
    },
}


def _libya_report(doctor, key: str, person, day, exams) -> int:
    site_id = next(e.site_id for e in person.enrolments if e.active and e.site.code == "TRI")
    data = certificates.CertificateInput(template="medical_report", site_id=site_id,
                                         language="en", exam_date=day("TRI", exams[0]),
                                         fields=dict(LIBYA_REPORTS[key]))
    draft = certificates.create_draft(doctor, person, data, asked())
    certificates.issue(doctor, person, draft, draft.version, _base_url())
    return 1


def certify(users, key: str, person, day) -> int:
    """A story's certificates at Pantin (demo/stories.py, CERTIFIED), issued where the story
    says (Certify): Fatoumata's medical certificate and psychological attestation, Moussa's
    certificate corrected after a new examination, Siaka's revoked, and a draft for
    Zabihullah that Amina has not reviewed. `day(site code, n)`: the n-th working day from
    the site's today. Returns how many were issued."""
    from caseflow.demo.stories import CERTIFIED

    exams = CERTIFIED[key]
    if key in LIBYA_REPORTS:
        return _libya_report(users["charlie"], key, person, day, exams)
    base_url = _base_url()
    amina, yasmine = users["amina"], users["yasmine"]
    issued = 0
    site_id = next(e.site_id for e in person.enrolments if e.active and e.site.code == "PAN")
    exam = day("PAN", exams[0])
    fields = FIELDS[key]
    if key == "ahmadzai":  # left as a draft: the doctor has not reviewed it yet
        certificates.create_draft(amina, person, _input("minority_recourse", fields,
                                                        site_id, exam), asked())
        return 0
    draft = certificates.create_draft(amina, person, _input("minority_recourse", fields,
                                                            site_id, exam), asked())
    first = certificates.issue(amina, person, draft, draft.version, base_url)
    issued += 1
    if key == "keita":  # seen again the next day: the correction follows an examination
        fixed = _input("minority_recourse", fields | {
            "care_and_follow_up": fields["care_and_follow_up"]
            + " Kinésithérapie, dix séances."}, site_id, day("PAN", exams[1]),
            correction_reason="Ajout de la kinésithérapie prescrite.")
        again = certificates.create_draft(amina, person, fixed, supersedes=first)
        certificates.issue(amina, person, again, again.version, base_url)
        issued += 1
    if key == "kone":
        certificates.revoke(amina, person, first, "Délivré par erreur avant la demande "
                            "de l'avocate, sur un examen incomplet.", first.version)
    if key == "bah":
        note = certificates.create_draft(
            yasmine, person, _input("psychological_attestation", BAH_ATTESTATION,
                                    site_id, day("PAN", exams[1])), asked())
        certificates.issue(yasmine, person, note, note.version, base_url)
        issued += 1
    return issued
