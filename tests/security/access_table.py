"""What every persona gets from a GET of every URL: the access policy as one table.

Read a line as a sentence: "people.show: anonymous is sent to sign in, Amina
opens Awa's page (200), Hugo in Calais does not know she exists (404), Omar
the data manager may not open any person (403)". The URL variables are real
rows of a person followed at Pantin (tests/security/conftest.py): her note,
appointment, external referral (with consent), issued certificate, and for
the endpoints in DRAFT_CERTIFICATE_ENDPOINTS Amina's draft.

people.by_code: a card code of another site's person offers a clinician the
break-glass form (200); an unknown code gets 404.

main.home: the data manager's home is the indicators (302 to them).

custody.*: the suite's server keeps its keys in files, so the key pages do not exist (404)
for those who may see them; tests/custody/ walks a server in memory custody.

sync_review.*: the suite runs a central server with no conflict (empty queues); the sync
status page exists on a clinic box only (404 here); tests/sync_review/ walks them with a
real conflict, a flagged operation and a box.

evacuation.new_case and edit_case: Awa is followed at Pantin, and France's sites follow
no evacuation (caseflow/countries.py): nobody opens or corrects a case there, though the
team reads one recorded before (tests/evacuation/ walks the Tripoli team's rights).

A line `endpoint@/rule` holds for that rule of an endpoint that has several.

Values: 200, 302 (a redirect elsewhere than sign-in), 303, 403, 404, 405
(the URL takes POST only), and `login` (302 to the sign-in page).

A URL rule whose endpoint is missing here fails the suite: add it, with what
each persona must get, when you add a page.
"""

from __future__ import annotations

LOGIN = "login"
ROLES = ("anonymous", "amina", "hugo", "yasmine", "sara", "lea", "nadia", "claire", "omar",
         "admin", "charlie")
PERSONAS = ROLES[1:]

# Certificate URLs filled with Amina's draft rather than her issued certificate.
DRAFT_CERTIFICATE_ENDPOINTS = frozenset({"certificates.edit", "certificates.preview",
                                         "certificates.issue", "certificates.discard"})

_TABLE = """
endpoint                      anon  amina hugo yasmine sara lea  nadia claire omar admin charlie
static                        200   200   200  200     200  200  200   200    200  200   200
main.healthz                  200   200   200  200     200  200  200   200    200  200   200
main.home                     login 200   200  200     200  200  200   200    302  200   200
main.set_language             405   405   405  405     405  405  405   405    405  405   405
auth.login                    200   302   302  302     302  302  302   302    302  302   302
auth.login@/login/two-factor  login 302   302  302     302  302  302   302    302  302   302
auth.logout                   405   405   405  405     405  405  405   405    405  405   405
auth.change_password          login 200   200  200     200  200  200   200    200  200   200
verify.verify                 200   200   200  200     200  200  200   200    200  200   200
custody.unlock                404   404   404  404     404  404  404   404    404  404   404
custody.status                login 403   403  403     403  403  403   404    403  404   403
custody.seal                  405   405   405  405     405  405  405   405    405  405   405
sync_api.hello                405   405   405  405     405  405  405   405    405  405   405
sync_api.keys                 405   405   405  405     405  405  405   405    405  405   405
sync_api.people               405   405   405  405     405  405  405   405    405  405   405
sync_api.push                 405   405   405  405     405  405  405   405    405  405   405
sync_api.pull                 405   405   405  405     405  405  405   405    405  405   405
sync_review.conflicts         login 200   200  200     200  200  200   200    403  403   200
sync_review.person_conflicts  login 200   404  200     200  200  200   200    403  403   404
sync_review.choose            405   405   405  405     405  405  405   405    405  405   405
sync_review.review            login 403   403  403     403  403  403   200    403  403   403
sync_review.mark              405   405   405  405     405  405  405   405    405  405   405
sync_review.status            login 404   404  404     404  404  404   404    403  403   404
sync_review.sync_now          405   405   405  405     405  405  405   405    405  405   405
sync_api.fill_page            405   405   405  405     405  405  405   405    405  405   405
sync_api.audit                405   405   405  405     405  405  405   405    405  405   405
sync_api.serials              405   405   405  405     405  405  405   405    405  405   405

admin.users                   login 403   403  403     403  403  403   403    403  200   403
admin.new_user                login 403   403  403     403  403  403   403    403  200   403
admin.edit_user               login 403   403  403     403  403  403   403    403  200   403
admin.reset_password          405   405   405  405     405  405  405   405    405  405   405
admin.user_action             405   405   405  405     405  405  405   405    405  405   405
admin.sites_list              login 403   403  403     403  403  403   403    403  200   403
admin.new_site                login 403   403  403     403  403  403   403    403  200   403
admin.edit_site               login 403   403  403     403  403  403   403    403  200   403

people.search                 login 200   200  200     200  200  200   200    403  403   200
people.new                    login 200   200  200     200  200  200   200    403  403   200
people.show                   login 200   404  200     200  200  200   200    403  403   404
people.card                   login 200   404  200     200  200  200   200    403  403   404
people.by_code                login 302   200  302     302  302  302   302    403  403   200
people.edit                   login 200   404  200     200  200  200   200    403  403   404
people.new_consent            login 200   404  200     200  200  200   200    403  403   404
people.enrol_view             login 200   404  200     200  200  200   200    403  403   404
people.transfer_view          login 200   404  200     200  200  200   200    403  403   404
people.flags                  405   405   405  405     405  405  405   405    405  405   405
people.confirm_consent        405   405   405  405     405  405  405   405    405  405   405
people.duplicates             login 403   403  403     403  403  403   200    403  403   403
people.mark_distinct          405   405   405  405     405  405  405   405    405  405   405
people.merge                  login 403   403  403     403  403  403   200    403  403   403

notes.new                     login 200   404  200     200  200  200   200    403  403   404
notes.show                    login 200   404  200     200  200  200   200    403  403   404
notes.edit                    login 200   404  403     403  403  403   403    403  403   404
notes.state                   login 403   404  403     200  200  403   403    403  403   404
notes.morbidity_codes         login 403   403  403     403  403  403   200    403  403   403

followup.appointments_day     login 200   200  200     200  200  200   200    403  403   200
followup.lost                 login 200   200  200     200  200  200   200    403  403   200
followup.new_appointment      login 200   404  200     200  200  200   200    403  403   404
followup.edit_appointment     login 200   404  403     403  403  403   200    403  403   404
followup.appointment_status   405   405   405  405     405  405  405   405    405  405   405
team.referents_page           login 200   404  200     200  200  200   200    403  403   404
team.add_task                 405   405   405  405     405  405  405   405    405  405   405
team.close_task               405   405   405  405     405  405  405   405    405  405   405
team.caseload                 login 403   403  403     403  403  403   200    403  403   403

outreach.index                login 200   200  403     403  403  403   200    403  403   200
outreach.new_session          login 200   200  403     403  403  403   200    403  403   200
outreach.show                 login 404   404  403     403  403  403   200    403  403   200
outreach.add_contact          405   405   405  405     405  405  405   405    405  405   405
outreach.declined             405   405   405  405     405  405  405   405    405  405   405
outreach.counts               405   405   405  405     405  405  405   405    405  405   405
outreach.places_page          login 403   403  403     403  403  403   200    403  403   403
outreach.edit_place           405   405   405  405     405  405  405   405    405  405   405
outreach.contact              login 404   404  403     403  403  403   200    403  403   200
outreach.propose_link         405   405   405  405     405  405  405   405    405  405   405
outreach.person_contacts      login 403   404  403     403  403  403   200    403  403   404
outreach.register_from_contact login 404  404  403     403  403  403   200    403  403   200
outreach.links_queue          login 403   403  403     403  403  403   200    403  403   403
outreach.confirm_link         405   405   405  405     405  405  405   405    405  405   405
outreach.reject_link          405   405   405  405     405  405  405   405    405  405   405
outreach.unlink_link          405   405   405  405     405  405  405   405    405  405   405
followup.new_referral         login 200   404  200     200  200  200   200    403  403   404
followup.referral             login 200   404  200     200  200  200   200    403  403   404
followup.referral_letter      login 200   404  303     303  303  303   200    403  403   404
followup.referral_status      405   405   405  405     405  405  405   405    405  405   405
followup.referral_consent     405   405   405  405     405  405  405   405    405  405   405
hospital.new_admission        login 200   404  403     403  403  403   200    403  403   404
hospital.admission            login 200   404  403     403  403  403   200    403  403   404
hospital.edit_admission       login 200   404  403     403  403  403   200    403  403   404
hospital.discharge            405   405   405  405     405  405  405   405    405  405   405
hospital.costs                405   405   405  405     405  405  405   405    405  405   405
hospital.visit                405   405   405  405     405  405  405   405    405  405   405
hospital.partners_list        login 403   403  403     403  403  403   200    403  403   403
hospital.partner              login 403   403  403     403  403  403   200    403  403   403
hospital.indicators           login 403   403  403     403  403  403   200    200  403   403
evacuation.new_case           login 403   404  403     403  403  403   403    403  403   404
evacuation.case               login 200   404  403     200  200  200   200    403  403   404
evacuation.edit_case          login 403   404  403     403  403  403   403    403  403   404
evacuation.step               405   405   405  405     405  405  405   405    405  405   405
evacuation.correct_step       405   405   405  405     405  405  405   405    405  405   405
evacuation.assess             405   405   405  405     405  405  405   405    405  405   405
evacuation.attach             405   405   405  405     405  405  405   405    405  405   405
evacuation.group              405   405   405  405     405  405  405   405    405  405   405
evacuation.indicators         login 403   403  403     403  403  403   200    200  403   403
reports.dashboard             login 403   403  403     403  403  403   200    200  403   403
reports.export_csv            login 403   403  403     403  403  403   200    200  403   403
reports.report_pdf            login 403   403  403     403  403  403   200    200  403   403
tb.new                        login 200   404  403     403  403  403   403    403  403   404
tb.show                       login 200   404  404     404  404  404   200    403  403   404
tb.dose                       405   405   405  405     405  405  405   405    405  405   405
tb.cohort_report              login 403   403  403     403  403  403   200    200  403   403
tb.cohort_csv                 login 403   403  403     403  403  403   200    200  403   403
tb.cohort_pdf                 login 403   403  403     403  403  403   200    200  403   403
sexual_violence.new           login 200   404  403     403  403  403   200    403  403   404
sexual_violence.show          login 200   404  404     404  404  404   200    403  403   404
sexual_violence.edit          login 200   404  404     404  404  404   200    403  403   404
sexual_violence.follow_up_visits 405 405  405  405     405  405  405   405    405  405   405
sexual_violence.indicators    login 403   403  403     403  403  403   200    200  403   403
pregnancy.new                 login 200   404  403     403  403  403   403    403  403   404
pregnancy.show                login 200   404  403     403  403  403   200    403  403   404
pregnancy.visit               405   405   405  405     405  405  405   405    405  405   405
pregnancy.outcome             405   405   405  405     405  405  405   405    405  405   405
pregnancy.indicators          login 403   403  403     403  403  403   200    200  403   403
vaccination.record            login 200   404  403     403  403  403   200    403  403   404
vaccination.status            405   405   405  405     405  405  405   405    405  405   405
vaccination.add_dose          405   405   405  405     405  405  405   405    405  405   405
vaccination.mark_error        405   405   405  405     405  405  405   405    405  405   405
vaccination.schedule_next     405   405   405  405     405  405  405   405    405  405   405
safety.overview               login 200   404  200     200  200  200   200    403  403   404
safety.allergy                login 200   404  403     403  403  403   200    403  403   404
safety.medication             login 200   404  403     403  403  403   200    403  403   404
safety.no_known_allergy       405   405   405  405     405  405  405   405    405  405   405
safety.retire_allergy         405   405   405  405     405  405  405   405    405  405   405
notifiable.declare            login 200   404  403     403  403  403   200    403  403   404
scales.choose                 login 200   404  200     403  403  403   200    403  403   404
scales.new                    login 200   404  200     403  403  403   200    403  403   404
scales.show                   login 200   404  200     404  404  404   200    403  403   404
scales.correct                login 403   404  200     404  404  404   403    403  403   404
scales.entered_in_error       405   405   405  405     405  405  405   405    405  405   405

certificates.register         login 200   200  200     200  200  200   200    403  403   200
certificates.new              login 200   404  200     403  403  403   403    403  403   404
certificates.show             login 200   404  200     200  200  200   200    403  403   404
certificates.download         login 200   404  200     200  200  200   200    403  403   404
certificates.correct          login 200   404  403     403  403  403   403    403  403   404
certificates.edit             login 200   404  404     404  404  404   404    403  403   404
certificates.preview          login 200   404  404     404  404  404   404    403  403   404
certificates.issue            405   405   405  405     405  405  405   405    405  405   405
certificates.discard          405   405   405  405     405  405  405   405    405  405   405
certificates.revoke           405   405   405  405     405  405  405   405    405  405   405

audit.index                   login 403   403  403     403  403  403   200    403  403   403
audit.find                    login 403   403  403     403  403  403   302    403  403   403
audit.person                  login 403   403  403     403  403  403   200    403  403   403
audit.user                    login 403   403  403     403  403  403   200    403  403   403
audit.grants                  login 403   403  403     403  403  403   200    403  403   403
audit.approve_grant           405   405   405  405     405  405  405   405    405  405   405
audit.refuse_grant            405   405   405  405     405  405  405   405    405  405   405
audit.consents                login 403   403  403     403  403  403   200    403  403   403
auth.reauth                   login 200   200  200     200  200  200   200    200  200   200
auth.two_factor               login 200   200  200     200  200  200   200    200  200   200
auth.disable_two_factor       405   405   405  405     405  405  405   405    405  405   405
break_glass.open_access       login 302   200  302     403  403  403   302    403  403   200
break_glass.review_list       login 403   403  403     403  403  403   200    403  403   403
break_glass.review            405   405   405  405     405  405  405   405    405  405   405
admin.reset_two_factor        405   405   405  405     405  405  405   405    405  405   405
admin.end_sessions            405   405   405  405     405  405  405   405    405  405   405
records.retention_review      login 403   403  403     403  403  403   200    403  403   403
records.erase                 login 403   403  403     403  403  403   200    403  403   403
records.subject_access_page   login 403   403  403     403  403  403   200    403  403   403
records.subject_access_pdf    login 403   403  403     403  403  403   200    403  403   403
records.subject_access_json   login 403   403  403     403  403  403   200    403  403   403
"""


def _parse(table: str) -> dict[str, dict[str, int | str]]:
    lines = [line.split() for line in table.strip().splitlines() if line.strip()]
    header, rows = lines[0], lines[1:]
    assert header[1:] == ["anon", *PERSONAS], "columns out of order"
    parsed = {}
    for cells in rows:
        assert len(cells) == len(ROLES) + 1, f"line of {cells[0]}: {len(cells) - 1} values"
        assert cells[0] not in parsed, f"{cells[0]} listed twice"
        parsed[cells[0]] = {role: (value if value == LOGIN else int(value))
                            for role, value in zip(ROLES, cells[1:], strict=True)}
    return parsed


ACCESS = _parse(_TABLE)


# IDOR (test_idor.py): another site's id gets 404, the answer an unknown id gets. These
# endpoints answer otherwise, on purpose: (status for another site's id, why).
IDOR_EXCEPTIONS = {
    "people.merge": (403, "coordinators only: 403 for everyone else, before any id is read"),
    "people.mark_distinct": (403, "coordinators only: 403 for everyone else, before any id "
                                  "is read"),
    "people.by_code": (200, "break-glass (issue 7): a clinician holding a card of another "
                            "site's person gets the emergency form; lookups are rate-limited"),
    "break_glass.open_access": (200, "break-glass: the emergency form itself, for a clinician "
                                     "holding the card of another site's person"),
    # Coordinators only (issue 7): the same 403 for everyone else whatever the id, so the
    # answer says nothing about which people exist.
    "audit.person": (403, "coordinators only: 403 for everyone else, before any code is read"),
    "records.erase": (403, "coordinators only: 403 for everyone else, before any id is read"),
    "records.subject_access_page": (403, "coordinators only: 403 before any id is read"),
    "records.subject_access_pdf": (403, "coordinators only: 403 before any id is read"),
    "records.subject_access_json": (403, "coordinators only: 403 before any id is read"),
}
