"""Linking outreach contacts to full records (issue 19), read as sentences.

"Adam, seen as #7 on the Tripoli quay, comes to the shelter: Charlie finds the contact from
Adam's page and proposes the link; nothing joins the record until Claire confirms; then the
contact is on Adam's timeline." "Claire rejects a link with a reason: the contact stays
unlinked." "Nobody confirms their own proposal." "Two coordinators at once: the second is
told the link was decided." "A wrong link is undone by a coordinator, with a reason."
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.outreach import LinkStatus, OutreachContact, OutreachLink
from caseflow.roles import Role
from caseflow.services import ConcurrentEditError, ServiceError
from caseflow.services.outreach import links, matching, sessions
from caseflow.services.outreach.matching import ContactFilters
from caseflow.services.staff.accounts import AccountFields, create_user
from tests.outreach.conftest import make_contact
from tests.security.forms import read_form
from tests.support.records import person, user
from tests.support.web import csrf_token_from

pytestmark = pytest.mark.time_machine(datetime(2026, 12, 10, 9, 0, tzinfo=UTC))

NAME = "Adam Ibrahim"
TREATMENT = "paracetamol 1 g given on the quay"
REASON = "Different wristband colour, not the same man"


@pytest.fixture(autouse=True)
def english_services(app, monkeypatch):
    """The services' refusals, read outside a request, in English (the msgids)."""
    monkeypatch.setitem(app.config, "BABEL_DEFAULT_LOCALE", "en")


@pytest.fixture
def adam(app, register, quay):
    """Adam followed at the Tripoli shelter, and contact #7 of the quay session that is him
    (and #8, someone else)."""
    _, session_id = quay
    person_id = register("charlie", "TRI", "Ibrahim", "Adam", born=1998, nationality="SD")
    with app.app_context():
        contact = make_contact(session_id, 7, declared_name=NAME, treatment=TREATMENT,
                               triage="yellow", referral="shelter", spo2=96)
        other = make_contact(session_id, 8, declared_name="Musa Bello", nationality="NG")
        ids = person_id, str(contact.id), str(other.id)
        db.session.remove()
    return ids


@pytest.fixture
def zoe(app):
    """A second medical coordinator, so that a proposal of Claire's can be confirmed."""
    with app.app_context():
        create_user(None, AccountFields(login="zoe", display_name="Zoé Coordinatrice",
                                        role=Role.COORDINATOR, discipline=user("claire").discipline,
                                        site_ids=set(user("claire").site_ids)),
                    password="a long passphrase 2026", must_change_password=False)
        db.session.remove()
    return "zoe"


def _contact(contact_id) -> OutreachContact:
    return db.session.get(OutreachContact, uuid.UUID(contact_id))


def _propose(app, login, contact_id, person_id) -> str:
    with app.app_context():
        contact = _contact(contact_id)
        session = sessions.session_for(user(login), contact.session_id)
        link = links.propose(user(login), contact, session, person(person_id))
        link_id = str(link.id)
        db.session.remove()
    return link_id


def _post(client, page_url, url, **data):
    token = csrf_token_from(client.get(page_url).text)
    return client.post(url, data={"csrf_token": token, **data})


def _timeline(page: str) -> str:
    return page.split('id="timeline"')[1]


# --- Proposal, queue, confirmation --------------------------------------------------------------


def test_it_links_a_contact_only_once_a_coordinator_confirms_it(app, as_user, client, adam):
    person_id, contact_id, other_id = adam
    charlie = as_user("charlie")
    search = charlie.get(f"/outreach/people/{person_id}/contacts")
    assert search.status_code == 200
    assert f'data-contact-row="{contact_id}"' in search.text  # Adam's declared name agrees
    assert f'data-contact-row="{other_id}"' not in search.text  # Musa's does not
    proposed = _post(charlie, f"/outreach/people/{person_id}/contacts",
                     f"/outreach/contacts/{contact_id}/propose", person_id=person_id,
                     back="person")
    assert proposed.status_code == 302 and proposed.location.endswith(f"/people/{person_id}")
    page = charlie.get(f"/people/{person_id}").text
    assert 'data-link-status="pending"' in page
    assert 'data-entry-kind="outreach_contact"' not in _timeline(page)
    with app.app_context():
        assert _contact(contact_id).person_id is None  # nothing joins before the confirmation

    claire = as_user("claire")
    queue = claire.get("/outreach/links")
    assert queue.status_code == 200 and NAME in queue.text
    link_id = _only_link(app)
    confirmed = _post(claire, "/outreach/links", f"/outreach/links/{link_id}/confirm")
    assert confirmed.status_code == 302
    with app.app_context():
        assert str(_contact(contact_id).person_id) == person_id
        assert _contact(other_id).person_id is None

    page = as_user("charlie").get(f"/people/{person_id}").text
    entry = _timeline(page).split('data-entry-kind="outreach_contact"')[1].split("</li>")[0]
    assert 'data-entry-triage="yellow"' in entry
    assert "Tripoli port, quay 3" in entry and "Shelter" in entry and "Scabies" in entry
    assert TREATMENT not in page  # the treatment is on the contact's own page, audited
    contact_page = charlie.get(f"/outreach/contacts/{contact_id}")
    assert TREATMENT in contact_page.text and 'data-contact-linked="yes"' in contact_page.text


def _only_link(app) -> str:
    with app.app_context():
        (link_id,) = db.session.scalars(select(OutreachLink.id))
        db.session.remove()
    return str(link_id)


def test_it_proposes_from_the_contact_page_by_the_code_on_the_card(app, as_user, adam):
    person_id, contact_id, _ = adam
    with app.app_context():
        code = person(person_id).code
    charlie = as_user("charlie")
    page = charlie.get(f"/outreach/contacts/{contact_id}")
    assert page.status_code == 200
    assert f'name="person_id" value="{person_id}"' in page.text  # the duplicate check's match
    _post(charlie, f"/outreach/contacts/{contact_id}", f"/outreach/contacts/{contact_id}/propose",
          code=code.lower())
    with app.app_context():
        (link,) = db.session.scalars(select(OutreachLink))
        assert (str(link.person_id), link.status) == (person_id, LinkStatus.PENDING)
        assert _contact(contact_id).person_id is None


def test_it_keeps_the_contact_unlinked_when_the_coordinator_rejects_with_a_reason(
        app, as_user, adam):
    person_id, contact_id, _ = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    claire = as_user("claire")
    refused = _post(claire, "/outreach/links", f"/outreach/links/{link_id}/reject", reason=" ")
    assert refused.status_code == 302
    assert "Say why the link is rejected." in claire.get("/outreach/links").text
    _post(claire, "/outreach/links", f"/outreach/links/{link_id}/reject", reason=REASON)
    with app.app_context():
        link = db.session.get(OutreachLink, uuid.UUID(link_id))
        assert link.status is LinkStatus.REJECTED and link.decided_by_id == user("claire").id
        assert link.reason == REASON  # readable, under Adam's key
        raw = db.session.execute(select(OutreachLink.__table__.c.reason)).scalar_one()
        assert REASON.encode() not in bytes(raw)
        assert _contact(contact_id).person_id is None
    assert "No link waits for a decision." in claire.get("/outreach/links").text


def test_it_refuses_a_coordinator_confirming_their_own_proposal(app, adam, zoe):
    person_id, contact_id, _ = adam
    link_id = _propose(app, "claire", contact_id, person_id)
    with app.app_context():
        link = links.link_for(link_id)
        with pytest.raises(ServiceError, match="another coordinator confirms it"):
            links.confirm(user("claire"), link)
        db.session.rollback()
        links.confirm(user(zoe), links.link_for(link_id))
        assert str(_contact(contact_id).person_id) == person_id


def test_it_tells_the_second_of_two_coordinators_confirming_at_once(app, adam, zoe):
    person_id, contact_id, _ = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    with app.app_context():
        seen_by_claire = links.link_for(link_id)  # Claire's page is open on the pending link
        assert seen_by_claire.status is LinkStatus.PENDING
        # Her read ends (SQLite lets one writer in at a time: without this, Zoé would wait
        # for Claire rather than race her); the decision is the conditional UPDATE below.
        db.session.commit()
        with app.app_context():  # Zoé confirms first, in her own request
            links.confirm(user(zoe), links.link_for(link_id))
            db.session.remove()
        with pytest.raises(ConcurrentEditError, match="Another coordinator decided"):
            links.confirm(user("claire"), seen_by_claire)
        db.session.remove()
    with app.app_context():
        assert db.session.get(OutreachLink, uuid.UUID(link_id)).decided_by_id == user(zoe).id


def test_it_shows_the_second_coordinator_a_clear_message(app, as_user, adam, zoe):
    person_id, contact_id, _ = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    with app.app_context():
        links.confirm(user(zoe), links.link_for(link_id))
        db.session.remove()
    claire = as_user("claire")
    late = _post(claire, f"/outreach/contacts/{contact_id}",
                 f"/outreach/links/{link_id}/confirm", back="contact")
    assert late.status_code == 302
    assert "Another coordinator decided on this link" in claire.get(late.location).text


# --- Undoing a wrong link -----------------------------------------------------------------------


def test_it_lets_only_a_coordinator_undo_a_link_with_a_reason(app, as_user, client, adam):
    person_id, contact_id, _ = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    with app.app_context():
        links.confirm(user("claire"), links.link_for(link_id))
        db.session.remove()
    charlie = as_user("charlie")
    assert _post(charlie, f"/outreach/contacts/{contact_id}",
                 f"/outreach/links/{link_id}/unlink", reason=REASON).status_code == 403
    claire = as_user("claire")
    _post(claire, f"/outreach/contacts/{contact_id}", f"/outreach/links/{link_id}/unlink",
          reason="")
    with app.app_context():
        assert str(_contact(contact_id).person_id) == person_id  # no reason, nothing undone
    _post(claire, f"/outreach/contacts/{contact_id}", f"/outreach/links/{link_id}/unlink",
          reason=REASON)
    with app.app_context():
        assert _contact(contact_id).person_id is None
        link = db.session.get(OutreachLink, uuid.UUID(link_id))
        assert link.status is LinkStatus.UNLINKED and link.unlinked_by_id == user("claire").id
    page = as_user("charlie").get(f"/people/{person_id}").text
    assert 'data-entry-kind="outreach_contact"' not in _timeline(page)
    # Unlinked, the contact may be proposed again.
    assert 'name="code"' in charlie.get(f"/outreach/contacts/{contact_id}").text


# --- Registering a new record from a contact ----------------------------------------------------


def test_it_registers_a_new_record_from_a_contact_through_the_duplicate_check(app, as_user,
                                                                             quay):
    _, session_id = quay
    with app.app_context():
        contact_id = str(make_contact(session_id, 3, declared_name="Yonas Tesfay",
                                      nationality="ER", sex="male").id)
        db.session.remove()
    charlie = as_user("charlie")
    url = f"/outreach/contacts/{contact_id}/register"
    form = read_form(charlie.get(url).text, "family_name")
    assert (form.values["family_name"], form.values["given_names"]) == (["Tesfay"], ["Yonas"])
    assert form.values["nationality"] == ["ER"]
    registered = charlie.post(url, data=form.data(consent_care="given", consent_data="given"))
    assert registered.status_code == 302, registered.text[:2000]
    person_id = registered.location.split("/people/")[1].split("#")[0]
    with app.app_context():
        (link,) = db.session.scalars(select(OutreachLink))
        assert (str(link.person_id), link.status) == (person_id, LinkStatus.PENDING)
        assert _contact(contact_id).person_id is None  # still a coordinator's decision
        assert person(person_id).family_name == "Tesfay"


def test_it_shows_a_look_alike_before_registering_from_a_contact(app, as_user, adam):
    person_id, contact_id, _ = adam
    charlie = as_user("charlie")
    url = f"/outreach/contacts/{contact_id}/register"
    form = read_form(charlie.get(url).text, "family_name")
    shown = charlie.post(url, data=form.data(consent_care="given", consent_data="given"))
    assert shown.status_code == 200
    assert f"/people/{person_id}" in shown.text  # Adam's record, offered before a second one
    with app.app_context():
        assert db.session.scalar(select(OutreachLink.id)) is None


def test_it_refuses_to_register_from_a_contact_whose_link_waits(app, as_user, adam):
    person_id, contact_id, _ = adam
    _propose(app, "charlie", contact_id, person_id)
    refused = as_user("charlie").get(f"/outreach/contacts/{contact_id}/register")
    assert refused.status_code == 302 and refused.location.endswith(f"/contacts/{contact_id}")


def test_it_registers_no_one_when_the_proposal_fails_after_the_form(app, as_user, quay, adam,
                                                                   monkeypatch):
    """A proposal written meanwhile by someone else: the record and its link are one
    transaction, so the form shown again leaves no orphan record to register twice."""
    from caseflow.models.person import Person

    _, session_id = quay
    with app.app_context():
        contact_id = str(make_contact(session_id, 3, declared_name="Yonas Tesfay",
                                      nationality="ER", sex="male").id)
        db.session.remove()
    charlie = as_user("charlie")
    url = f"/outreach/contacts/{contact_id}/register"
    form = read_form(charlie.get(url).text, "family_name")
    with app.app_context():
        before = db.session.scalar(select(db.func.count()).select_from(Person))
        contact = _contact(contact_id)
        db.session.add(OutreachLink(contact_id=contact.id, person_id=uuid.UUID(adam[0]),
                                    status=LinkStatus.PENDING,
                                    proposed_by_id=user("claire").id))
        db.session.commit()
    monkeypatch.setattr(links, "pending_link", lambda contact: None)  # read before it
    shown = charlie.post(url, data=form.data(consent_care="given", consent_data="given"))
    assert shown.status_code == 200
    assert "Someone proposed a link for this contact" in shown.text
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(Person)) == before
        assert db.session.scalar(select(db.func.count()).select_from(OutreachLink)) == 1


# --- Audit, consent, access ---------------------------------------------------------------------


def test_it_audits_every_step_with_codes_and_ids_only(app, adam, zoe):
    person_id, contact_id, _ = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    with app.app_context():
        links.confirm(user(zoe), links.link_for(link_id))
        links.unlink(user("claire"), links.link_for(link_id), REASON)
        code = person(person_id).code
        events = list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "outreach_link").order_by(AuditEvent.seq)))
    assert [e.details["status"] for e in events] == ["pending", "confirmed", "unlinked"]
    for event in events:
        assert event.person_code == code and event.details["contact"] == contact_id
        text = str(event.details)
        for secret in (NAME, "Adam", "Ibrahim", TREATMENT, REASON):
            assert secret not in text


def test_it_leaves_nothing_to_link_for_someone_who_declines(app, as_user, quay):
    """Declining is one more in the anonymous count: no contact, so no search from a
    person's page ever offers anything to link to them."""
    place_id, session_id = quay
    with app.app_context():
        session = sessions.session_for(user("charlie"), session_id)
        assert sessions.record_declined(user("charlie"), session) == 1
        found = matching.search_contacts(user("charlie"), ContactFilters(place_id=place_id))
        assert found == []
        assert db.session.scalar(select(db.func.count()).select_from(OutreachLink)) == 0
        (event,) = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "outreach_session", AuditEvent.action == "update"))
        assert event.details == {"declined": 1} and event.person_code is None


def test_it_audits_the_read_of_a_linked_contact_under_the_persons_code(app, as_user, adam):
    person_id, contact_id, other_id = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    with app.app_context():
        links.confirm(user("claire"), links.link_for(link_id))
        db.session.remove()
    charlie = as_user("charlie")
    assert charlie.get(f"/outreach/contacts/{contact_id}").status_code == 200
    assert charlie.get(f"/outreach/contacts/{other_id}").status_code == 200
    with app.app_context():
        code = person(person_id).code
        reads = {str(e.object_id): e for e in db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "outreach_contact", AuditEvent.action == "view"))}
    assert reads[contact_id].person_code == code and reads[contact_id].purpose is None
    assert reads[other_id].person_code is None  # not linked: nobody's record


# --- Races and erasure --------------------------------------------------------------------------


def test_it_tells_the_second_of_two_proposers_at_once_that_a_link_waits(app, adam, zoe,
                                                                      monkeypatch):
    person_id, contact_id, _ = adam
    _propose(app, "charlie", contact_id, person_id)
    # The second proposer read the contact before the first proposal was written: the
    # service's check saw nothing waiting, and the database refuses the second row.
    monkeypatch.setattr(links, "pending_link", lambda contact: None)
    with app.app_context():
        contact = _contact(contact_id)
        session = sessions.session_for(user("claire"), contact.session_id)
        with pytest.raises(ConcurrentEditError, match="Someone proposed a link"):
            links.propose(user("claire"), contact, session, person(person_id))
        db.session.rollback()
        assert db.session.scalar(select(db.func.count()).select_from(OutreachLink)) == 1


def test_it_refuses_to_confirm_a_link_to_a_record_erased_meanwhile(app, adam):
    from caseflow.models.erasure import ErasureReason, PersonErasure

    person_id, contact_id, _ = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    with app.app_context():
        db.session.add(PersonErasure(person_id=uuid.UUID(person_id), erased_by_id=None,
                                     reason_category=ErasureReason.PERSON_REQUEST))
        db.session.commit()
        with pytest.raises(ServiceError, match="This record was erased"):
            links.confirm(user("claire"), links.link_for(link_id))
        db.session.rollback()
        assert _contact(contact_id).person_id is None
        assert links.link_for(link_id).status is LinkStatus.PENDING


def test_it_lets_only_the_outreach_team_propose_and_the_coordinator_decide(app, as_user, adam):
    person_id, contact_id, _ = adam
    link_id = _propose(app, "charlie", contact_id, person_id)
    assert as_user("charlie").get("/outreach/links").status_code == 403
    assert as_user("amina").get(f"/outreach/contacts/{contact_id}").status_code == 404
    hugo = as_user("hugo")
    assert hugo.get(f"/outreach/contacts/{contact_id}/register").status_code == 404
    assert hugo.post(f"/outreach/links/{link_id}/confirm").status_code in (400, 403)
    with app.app_context(), pytest.raises(ServiceError):
        links.confirm(user("charlie"), links.link_for(link_id))


# --- The demo -------------------------------------------------------------------------------------


def test_it_tells_the_demo_story_of_a_confirmed_link_and_a_pending_one(app, register):
    from caseflow.demo.libya_outreach import seed_libya_outreach

    hiwot = register("charlie", "TRI", "Kebede", "Hiwot", born=2004, nationality="ET")
    mahamat = register("charlie", "TRI", "Mahamat", "Idriss", born=2000, nationality="TD")
    with app.app_context():
        assert seed_libya_outreach() == 21
        rows = {str(k.person_id): k for k in db.session.scalars(select(OutreachLink))}
        assert rows[hiwot].status is LinkStatus.CONFIRMED
        assert rows[hiwot].decided_by_id == user("claire").id
        assert rows[hiwot].proposed_by_id == user("charlie").id
        assert rows[mahamat].status is LinkStatus.PENDING
        linked = db.session.scalar(select(OutreachContact).where(
            OutreachContact.person_id == uuid.UUID(hiwot)))
        assert (linked.number, linked.referral.value) == (31, "shelter")
