"""The rules of practice a certificate's workflow checks beyond its text: what a correction
may change, and the duty to report violence found on a minor.

Corrections. An issued certificate is never edited: a correction is a new certificate
that cancels and replaces it. A correction of the clinical findings (an ITT of 5 days
becoming 8, the threshold of criminal law) follows a new examination, dated after the
first, and prints « Certificat complémentaire / rectificatif, établi le … après nouvel
examen le …, motif : … ». A clerical error (a misspelt name, a mistyped date) is the only
change made without a new examination: the examination date stays, and so do the ITT, the
lesions, the findings and the overall evaluation, and each text is touched by a few
characters at most (CLERICAL_EDIT): the certificate says its findings are unchanged.

Minors. Violence found on a declared minor engages the doctor's duty to protect (art.
R.4127-44 of the code de la santé publique) and lifts secrecy towards the prosecutor or
the departmental child-protection unit, the CRIP (art. 226-14 of the code pénal). Before
a certificate of violence or an Istanbul report for a declared minor is saved, the author
is reminded of it and records what they decided; the record is kept encrypted with the
certificate, never printed on it, and the issue's audit event keeps the decision's kind.
"""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import enum

from flask_babel import lazy_gettext as _l

from caseflow import countries
from caseflow.certificates import (
    BirthPrecision,
    CertificateTemplate,
    CorrectionKind,
    DeclaredIdentity,
    FieldKind,
)
from caseflow.services import ServiceError
from caseflow.services.documents.certificate_content import CertificateInput, input_of

# Values that only a new examination may change.
CLINICAL_KINDS = (FieldKind.DAYS, FieldKind.LESIONS, FieldKind.FINDINGS, FieldKind.LEVEL,
                  FieldKind.PHOTOS)
# Texts a clerical correction may touch only by a few characters per part: a misspelt word, a
# mistyped date or figure (« 12/03 » for « 21/03 »), never a sentence.
TEXT_KINDS = (FieldKind.TEXT, FieldKind.STATEMENT)
CLERICAL_EDIT = 24
MAJORITY = 18


def check_correction(template: CertificateTemplate, data: CertificateInput, old) -> None:
    """Refuse a correction that changes what its kind may not change (module docstring)."""
    if not data.correction_reason.strip():
        raise ServiceError(_l("Say what the correction changes."), field="correction_reason")
    before = input_of(old)
    if data.correction_kind is CorrectionKind.CLINICAL:
        if data.exam_date <= before.exam_date:
            raise ServiceError(_l("A correction of the findings follows a new examination: give "
                                  "its date, after the examination of the certificate it "
                                  "corrects."), field="exam_date")
        return
    # A mistyped examination date is a clerical error too: corrected to a day on or before
    # the corrected certificate's issue (the examination it describes), never after it.
    if old.issued_on is not None and data.exam_date > old.issued_on:
        raise ServiceError(_l("A clerical correction keeps the examination it describes: its "
                              "date is on or before the issue of the certificate it corrects; a "
                              "new examination is a correction of the findings."),
                           field="exam_date")
    # Parts the corrected certificate did not have (a template that gained a part since it
    # was issued) are filled in, not changed.
    kept = [spec for spec in template.fields if spec.key in before.fields]
    changed = [spec.key for spec in kept if spec.kind in CLINICAL_KINDS
               and data.fields.get(spec.key) != before.fields.get(spec.key)]
    if changed:
        raise ServiceError(_l("A clerical correction changes no finding (ITT, lesions, graded "
                              "findings, overall evaluation): a change of findings needs a new "
                              "examination."), field=changed[0])
    rewritten = [spec.key for spec in kept if spec.kind in TEXT_KINDS
                 and edited(str(before.fields.get(spec.key) or ""),
                            str(data.fields.get(spec.key) or "")) > CLERICAL_EDIT]
    if rewritten:
        raise ServiceError(_l("A clerical correction fixes a spelling or a mistyped date, a few "
                              "characters: this part is rewritten. A change of findings needs a "
                              "new examination."), field=rewritten[0])


def edited(before: str, after: str) -> int:
    """How many characters an edit from `before` to `after` touches (replaced, deleted or
    inserted), so that a clerical correction can be told from a rewritten finding."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return sum(max(i2 - i1, j2 - j1) for tag, i1, i2, j1, j2 in matcher.get_opcodes()
               if tag != "equal")


# --- The duty to report violence found on a minor -------------------------------------------


class DutyDecision(enum.StrEnum):
    PROSECUTOR = "prosecutor"  # a report (signalement) to the public prosecutor
    CRIP = "crip"  # an « information préoccupante » to the departmental unit
    ALREADY = "already"  # already reported (by whom, when: in the note)
    NOT_REPORTED = "not_reported"  # not reported: why, in the note


DUTY_LABELS = {
    DutyDecision.PROSECUTOR: _l("Reported to the public prosecutor (signalement)"),
    DutyDecision.CRIP: _l("Information sent to the child-protection unit (CRIP)"),
    DutyDecision.ALREADY: _l("Already reported by another professional or service"),
    DutyDecision.NOT_REPORTED: _l("Not reported, for the reason given"),
}
REPORTED = (DutyDecision.PROSECUTOR, DutyDecision.CRIP)


def latest_birth(person: DeclaredIdentity) -> dt.date | None:
    """The last day the declared birth date allows (the 31st of December of a year given
    alone): a person is a declared minor if any reading of their declaration makes them one."""
    born = person.birth_date
    if born is None or person.birth_precision is BirthPrecision.UNKNOWN:
        return None
    if person.birth_precision is BirthPrecision.YEAR:
        return dt.date(born.year, 12, 31)
    if person.birth_precision is BirthPrecision.MONTH:
        return dt.date(born.year, born.month, calendar.monthrange(born.year, born.month)[1])
    return born


def declared_minor(person: DeclaredIdentity, on: dt.date) -> bool:
    born = latest_birth(person)
    if born is None:
        return False
    try:
        majority = born.replace(year=born.year + MAJORITY)
    except ValueError:  # born on 29 February
        majority = dt.date(born.year + MAJORITY, 3, 1)
    return on < majority


def duty_applies(template: CertificateTemplate, person: DeclaredIdentity,
                 exam_date: dt.date, country: str) -> bool:
    """Where the duty is the law (France: art. 226-14 code pénal, R.4127-44 CSP; the
    country's `minor_reporting_duty`) the reminder cites it and the choices are its
    authorities; a Libya site gets neither (caseflow/countries.py)."""
    return (template.minor_duty and countries.country(country).minor_reporting_duty
            and declared_minor(person, exam_date))


def check_duty(template: CertificateTemplate, person: DeclaredIdentity,
               data: CertificateInput, country: str) -> None:
    """For a declared minor, the decision about reporting must be recorded, complete."""
    if not duty_applies(template, person, data.exam_date, country):
        return
    duty = data.duty_to_report or {}
    try:
        decision = DutyDecision(duty.get("decision", ""))
    except ValueError:
        raise ServiceError(_l("The person is a declared minor: record what you decided about "
                              "informing the prosecutor or the child-protection unit."),
                           field="duty_decision") from None
    if decision in REPORTED and not duty.get("date"):
        raise ServiceError(_l("Give the date of the report."), field="duty_date")
    if decision not in REPORTED and not (duty.get("note") or "").strip():
        raise ServiceError(_l("Say who reported it and when, or why no report is made."),
                           field="duty_note")
