"""Referrals: consent before anything leaves the team, visibility by discipline and consent.

Read as sentences: "Amina cannot send Awa's referral to the PASS before Awa agrees";
"Sara sees Amina's referral to the psychologist only while Awa agrees to share inside
the team"; "Omar never sees a referral".
"""

import uuid

import pytest
from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.consent import Consent
from caseflow.models.referral import PartnerKind, Referral, ReferralStatus, Urgency
from caseflow.services import ServiceError
from caseflow.services.care import referrals
from caseflow.services.care.consents import ConsentInput, partner_scope
from caseflow.timeline import Window
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.support.records import person, user, withdraw_team_sharing
from tests.support.web import csrf_token_from


@pytest.fixture
def awa(register):
    return register("amina", "PAN", "Traoré", "Awa", born=2008)


def _new(client, person_id, **data):
    page = client.get(f"/people/{person_id}/referrals/new")
    assert page.status_code == 200
    form = {"target": "partner:hospital_pass", "partner_name": "PASS Hôpital Avicenne",
            "urgency": "soon", "reason": "Douleurs dentaires, besoin de soins.",
            "consent_decision": "", "decided_by": "person", "method": "oral",
            "interpreter_kind": "none_needed", "interpreter_language": "",
            "accompanying_adult": ""}
    form.update(data)
    site = page.text.split('name="site_id"')[1].split('value="')[1].split('"')[0]
    form.setdefault("site_id", site)
    return client.post(f"/people/{person_id}/referrals/new",
                       data=dict(form, csrf_token=csrf_token_from(page.text)))


def _referral_id(app) -> uuid.UUID:
    with app.app_context():
        return db.session.scalars(select(Referral.id).order_by(Referral.created_at)).all()[-1]


def _set_status(client, referral_id, status, **extra):
    page = client.get(f"/referrals/{referral_id}")
    return client.post(f"/referrals/{referral_id}/status",
                       data={"status": status, "csrf_token": csrf_token_from(page.text),
                             **extra})


def test_it_refuses_to_send_or_print_an_outside_referral_without_consent(app, client, as_user,
                                                                        awa):
    as_user("amina")
    created = _new(client, awa)
    assert created.status_code == 302
    referral_id = _referral_id(app)
    page = client.get(f"/referrals/{referral_id}")
    assert 'data-consent-given="no"' in page.text
    assert "letter.pdf" not in page.text  # no letter offered

    refused = _set_status(client, referral_id, "sent")
    assert refused.status_code == 302
    letter = client.get(f"/referrals/{referral_id}/letter.pdf")
    assert letter.status_code == 303 and letter.mimetype != "application/pdf"
    with app.app_context():
        row = db.session.get(Referral, referral_id)
        assert row.status == ReferralStatus.PROPOSED
        assert row.reason == "Douleurs dentaires, besoin de soins."
        assert b"dentaires" not in row._reason_sealed
        assert not db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "print")).all()
        with pytest.raises(ServiceError):
            referrals.set_status(user("amina"), person(awa), row, ReferralStatus.SENT)

    # The person agrees: the referral page records it, then it can be sent and printed.
    page = client.get(f"/referrals/{referral_id}")
    recorded = client.post(f"/referrals/{referral_id}/consent", data={
        "decision": "given", "decided_on": "", "decided_by": "person", "method": "oral",
        "interpreter_kind": "professional_phone", "interpreter_language": "ar",
        "accompanying_adult": "", "csrf_token": csrf_token_from(page.text)})
    assert recorded.status_code == 302
    assert 'data-consent-given="yes"' in client.get(f"/referrals/{referral_id}").text
    assert _set_status(client, referral_id, "sent").status_code == 302
    pdf = client.get(f"/referrals/{referral_id}/letter.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.headers["Cache-Control"] == "no-store"
    assert "Traor" not in pdf.headers.get("Content-Disposition", "")
    with app.app_context():
        row = db.session.get(Referral, referral_id)
        assert row.status == ReferralStatus.SENT
        assert [c.status for c in row.changes] == [ReferralStatus.PROPOSED, ReferralStatus.SENT]
        consent = db.session.scalar(select(Consent).where(
            Consent.purpose == ConsentPurpose.PARTNER_SHARING))
        assert consent.scope == partner_scope("PASS Hôpital Avicenne")
        assert consent.partner_name == "PASS Hôpital Avicenne"
        assert consent.interpreter_language == "ar"
        printed = db.session.scalars(select(AuditEvent).where(
            AuditEvent.action == "print")).all()
        assert len(printed) == 1 and printed[0].object_type == "referral_letter"
        assert printed[0].person_code == person(awa).code


def test_it_records_the_consent_inline_with_a_new_referral(app, client, as_user, awa):
    as_user("amina")
    assert _new(client, awa, consent_decision="given").status_code == 302
    referral_id = _referral_id(app)
    assert _set_status(client, referral_id, "sent").status_code == 302
    with app.app_context():
        row = db.session.get(Referral, referral_id)
        assert row.status == ReferralStatus.SENT and row.consent_id is not None


def test_it_stops_printing_as_soon_as_the_person_withdraws(app, client, as_user, awa):
    as_user("amina")
    _new(client, awa, consent_decision="given")
    referral_id = _referral_id(app)
    assert client.get(f"/referrals/{referral_id}/letter.pdf").status_code == 200
    with app.app_context():
        referrals.record_consent(user("amina"), person(awa),
                                 db.session.get(Referral, referral_id),
                                 ConsentInput(ConsentPurpose.PARTNER_SHARING,
                                              ConsentDecision.WITHDRAWN))
    assert client.get(f"/referrals/{referral_id}/letter.pdf").status_code == 303
    with app.app_context():
        row = db.session.get(Referral, referral_id)
        assert not referrals.consent_given(row)


def test_it_does_not_take_a_consent_for_one_partner_as_a_consent_for_another(app, awa):
    with app.app_context():
        amina, p = user("amina"), person(awa)
        first = referrals.create(amina, p, referrals.ReferralInput(
            reason="Soins", partner_kind=PartnerKind.PSYCHIATRY_CMP, partner_name="CMP Pantin"),
            ConsentInput(ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN))
        second = referrals.create(amina, p, referrals.ReferralInput(
            reason="Soins", partner_kind=PartnerKind.PSYCHIATRY_CMP,
            partner_name="CMP Bobigny"))
        assert referrals.consent_given(first)
        assert not referrals.consent_given(second)


@pytest.mark.parametrize("data, field", [
    ({"reason": ""}, "reason"),
    ({"partner_name": ""}, "partner_name"),
    ({"target": "partner:nowhere"}, "target"),
    ({"target": "discipline:medical"}, "target"),  # her own discipline is not offered
])
def test_it_answers_a_bad_referral_form_with_a_message(app, client, as_user, awa, data, field):
    as_user("amina")
    response = _new(client, awa, **data)
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    with app.app_context():
        assert db.session.scalar(select(Referral)) is None


# Who sees Amina's (medical) referral of a Pantin person to the psychologists, and to a PASS.
SEES_INTERNAL = {"amina": True, "yasmine": True, "sara": True, "lea": True, "claire": True,
                 "hugo": False, "charlie": False}
SEES_INTERNAL_WITHOUT_SHARING = {"amina": True, "yasmine": True, "sara": False, "lea": False,
                                 "claire": True, "hugo": False, "charlie": False}
SEES_EXTERNAL_WITHOUT_SHARING = {"amina": True, "yasmine": False, "sara": False, "lea": False,
                                 "claire": True, "hugo": False, "charlie": False}


@pytest.fixture
def two_referrals(app, awa):
    with app.app_context():
        internal = referrals.create(user("amina"), person(awa), referrals.ReferralInput(
            reason="Cauchemars, troubles du sommeil", urgency=Urgency.SOON,
            target_discipline=Discipline.MENTAL_HEALTH))
        external = referrals.create(user("amina"), person(awa), referrals.ReferralInput(
            reason="Bilan dentaire", partner_kind=PartnerKind.HOSPITAL_PASS,
            partner_name="PASS Avicenne"))
        return internal.id, external.id


@pytest.mark.parametrize("login", sorted(SEES_INTERNAL))
def test_it_shows_a_referral_by_discipline_and_consent(app, client, as_user, awa, two_referrals,
                                                       login):
    internal, external = two_referrals
    as_user(login)
    assert (client.get(f"/referrals/{internal}").status_code == 200) is SEES_INTERNAL[login]
    assert (client.get(f"/referrals/{external}").status_code == 200) is SEES_INTERNAL[login]
    with app.app_context():
        withdraw_team_sharing(awa)  # hidden again at once
    assert ((client.get(f"/referrals/{internal}").status_code == 200)
            is SEES_INTERNAL_WITHOUT_SHARING[login])
    assert ((client.get(f"/referrals/{external}").status_code == 200)
            is SEES_EXTERNAL_WITHOUT_SHARING[login])
    with app.app_context(), app.test_request_context():
        shown = referrals.timeline_entries(person(awa), user(login), Window())
        expected = (SEES_INTERNAL_WITHOUT_SHARING[login] + SEES_EXTERNAL_WITHOUT_SHARING[login])
        assert len(shown) == expected
        assert all(e.attrs["data-entry-kind"] == "referral" for e in shown)


@pytest.mark.parametrize("login", ["omar", "admin"])
def test_it_never_shows_a_referral_to_data_managers_or_administrators(app, client, as_user, awa,
                                                                      two_referrals, login):
    as_user(login)
    for referral_id in two_referrals:
        assert client.get(f"/referrals/{referral_id}").status_code == 403
        assert client.get(f"/referrals/{referral_id}/letter.pdf").status_code == 403
    assert client.get(f"/people/{awa}/referrals/new").status_code == 403
    with app.app_context(), app.test_request_context():
        assert referrals.timeline_entries(person(awa), user(login), Window()) == []


def test_it_lets_the_target_discipline_accept_and_complete_with_an_outcome(app, client, as_user,
                                                                          two_referrals):
    internal, _external = two_referrals
    as_user("amina")
    _set_status(client, internal, "sent")
    as_user("yasmine")
    _set_status(client, internal, "accepted")
    _set_status(client, internal, "completed", outcome="Suivi psychologique engagé",
                outcome_on="")
    as_user("sara")  # sees it (sharing given) but is neither side: may not change it
    assert _set_status(client, internal, "declined").status_code == 302
    with app.app_context():
        row = db.session.get(Referral, internal)
        assert row.status == ReferralStatus.COMPLETED
        assert row.outcome == "Suivi psychologique engagé" and row.outcome_on is not None
        assert [c.status.value for c in row.changes] == ["proposed", "sent", "accepted",
                                                         "completed"]


def test_it_refuses_an_impossible_status_change(app, client, as_user, two_referrals):
    internal, _external = two_referrals
    as_user("amina")
    _set_status(client, internal, "completed")
    with app.app_context():
        assert db.session.get(Referral, internal).status == ReferralStatus.PROPOSED


def test_it_finds_a_consent_recorded_on_the_person_page_for_the_same_partner(app, awa):
    from caseflow.services.care.consents import add_consent

    with app.app_context():
        amina, p = user("amina"), person(awa)
        add_consent(amina, p, ConsentInput(
            ConsentPurpose.PARTNER_SHARING, ConsentDecision.GIVEN,
            scope=partner_scope("Maître Dupont"), partner_name="Maître Dupont"))
        made = referrals.create(amina, p, referrals.ReferralInput(
            reason="Recours", partner_kind=PartnerKind.LAWYER, partner_name="maitre  dupont"))
        assert referrals.consent_given(made)  # same partner, spelt with other case/accents
        other = referrals.create(amina, p, referrals.ReferralInput(
            reason="Recours", partner_kind=PartnerKind.LAWYER, partner_name="Maître Martin"))
        assert not referrals.consent_given(other)
        # A consent about every partner of a kind (no name) covers the other lawyer too.
        add_consent(amina, p, ConsentInput(ConsentPurpose.PARTNER_SHARING,
                                           ConsentDecision.GIVEN, scope="partner:lawyer"))
        assert referrals.consent_given(other)
