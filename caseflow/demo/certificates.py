"""Demo certificates: a few issued, one corrected, one revoked and one draft, at Pantin.

So that the register, the person page and the public verification page have
something to show after `make run`. Issued through the same service as in
real use (consent, serial, render, signature, encrypted storage, audit).
"""

from __future__ import annotations

import datetime as dt

from flask import current_app

from caseflow.services.care.consents import ConsentInput
from caseflow.services.documents import certificates
from caseflow.timezones import site_today
from caseflow.vocabulary import ConsentDecision, ConsentPurpose

HEALTH = {
    "health_state": "Asthme léger traité par bronchodilatateur à la demande. Dénutrition "
                    "modérée en cours de correction. Troubles du sommeil.",
    "vulnerabilities": "Isolement, sans hébergement stable depuis son arrivée ; parcours "
                       "migratoire marqué par des violences rapportées.",
    "care_and_follow_up": "Suivi médical mensuel au centre de jour ; suivi psychologique "
                          "hebdomadaire ; bilan dentaire à programmer.",
}
ATTESTATION = {
    "consultations": "Suivi psychologique hebdomadaire depuis la rentrée.",
    "observations": "Symptômes anxieux et troubles du sommeil persistants, en amélioration.",
    "recommendations": "Poursuite du suivi ; hébergement stable souhaitable.",
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


def seed_demo_certificates(users, people) -> int:
    """Certificates for the first people followed at Pantin; returns how many were issued."""
    base_url = _base_url()
    pantin = [p for p in people if any(e.active and e.site.code == "PAN" for e in p.enrolments)]
    issued = 0
    for index, person in enumerate(pantin[:4]):
        site_id = next(e.site_id for e in person.enrolments if e.active and e.site.code == "PAN")
        exam = site_today(site_id) - dt.timedelta(days=index + 1)

        def data(template, fields, exam=exam, site_id=site_id, **more):
            return _input(template, fields, site_id, exam, **more)

        amina = users["amina"]
        if index == 3:  # left as a draft: the doctor has not reviewed it yet
            certificates.create_draft(amina, person, data("minority_recourse", HEALTH), asked())
            continue
        first = issue_health_certificate(amina, person, site_id, exam)
        issued += 1
        if index == 1:  # a correction: the new certificate supersedes the first
            # Seen again the next day: a correction of the findings follows a new examination.
            fixed = data("minority_recourse", HEALTH | {
                "care_and_follow_up": HEALTH["care_and_follow_up"] + " Kinésithérapie."},
                exam=exam + dt.timedelta(days=1),
                correction_reason="Ajout de la kinésithérapie prescrite.")
            again = certificates.create_draft(amina, person, fixed, supersedes=first)
            certificates.issue(amina, person, again, again.version, base_url)
            issued += 1
        if index == 2:
            certificates.revoke(amina, person, first, "Délivré par erreur au mauvais dossier.",
                                first.version)
        if index == 0:
            yasmine = users["yasmine"]
            note = certificates.create_draft(yasmine, person,
                                             data("psychological_attestation", ATTESTATION),
                                             asked())
            certificates.issue(yasmine, person, note, note.version, base_url)
            issued += 1
    return issued
