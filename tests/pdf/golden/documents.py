"""The French and English documents whose printed words tests/pdf/test_golden.py holds
to what the code printed before Arabic came (commit 5bfe8c3).

This module must import only what existed at that commit too: make.py runs it against
a worktree of 5bfe8c3 to print the "before". `isolate` is given by the caller: the
letter's data is set apart as followup/letter.py's compose() now sets it apart
(caseflow.pdf.isolate), and not at all in the old code, which had no such thing.
"""

from __future__ import annotations

from collections.abc import Callable

from caseflow.certificates.render import render_certificate
from caseflow.pdf import Letterhead
from caseflow.pdf.letter import Letter, Section, render_letter
from tests.certificates.samples import FRENCH_TEMPLATES, sample

# Every certificate template of a French site in French and in English (the golden file
# was made before the Libya medical report, which tests/certificates/test_medical_report.py
# reads back in Arabic and English).
CERTIFICATES = [(template, language) for template in FRENCH_TEMPLATES
                for language in ("fr", "en")]


def letter(isolate: Callable[[str], str]) -> Letter:
    """A French referral letter as compose() writes it, long enough to wrap its lines,
    with a clinical note holding "levels:" and "paragraphs:" (the words python-bidi's
    debug text is read by)."""
    name, born = isolate("Abdoulaye Ṣọ̀ Diallo-Nguyễn"), isolate("14 mars 2009")
    return Letter(
        letterhead=Letterhead("Santé Exil", "Centre de jour de Pantin",
                              "12 rue Hoche, 93500 Pantin", "01 23 45 67 89",
                              "pantin@example.org"),
        place_and_date=f"{isolate('Centre de jour de Pantin')}, {isolate('4 novembre 2026')}",
        addressee=[f"À : {isolate('Hôpital Avicenne, consultation PASS')}",
                   "Permanence d'accès aux soins de santé (PASS)"],
        subject="Lettre d'orientation",
        opening="Chère consœur, cher confrère,",
        sections=[
            Section(None, f"Nous vous adressons une personne qui dit se nommer {name} (date "
                          f"de naissance déclarée : {born})."),
            Section("Motif de l'orientation",
                    "Douleurs abdominales depuis trois semaines, perte de poids, fatigue. "
                    "Bilan du 28/10/2026 : Hb levels: low (9,1 g/dl), ferritine basse ; "
                    "compte rendu en deux paragraphs: voir ci-joint. Merci de l'examiner "
                    "et de compléter le bilan étiologique d'une anémie ferriprive."),
            Section("Urgence", "Dans les prochains jours"),
        ],
        closing="Cette lettre est remise avec l'accord de la personne, pour cette seule "
                "orientation. Merci de l'accueillir ; nous restons disponibles.",
        signature=["Dr Amina Benali", "médecin généraliste",
                   f"N° RPPS {isolate('10101234567')}", "Centre de jour de Pantin",
                   "01 23 45 67 89", "pantin@example.org"],
        title="Lettre d'orientation",
        footer="Confidentiel : transmis avec l'accord de la personne",
    )


def documents(isolate: Callable[[str], str]) -> dict[str, Callable[[], bytes]]:
    """Name -> a function printing the document (call it in reportlab's invariant mode)."""
    out: dict[str, Callable[[], bytes]] = {
        f"certificate-{template}-{language}":
            (lambda template=template, language=language:
             render_certificate(sample(template), language))
        for template, language in CERTIFICATES
    }
    out["referral-letter-fr"] = lambda: render_letter(letter(isolate))
    return out
