"""The home page is the worklist: today's appointments (mine first, with seen and missed),
the people I am referent for with what is due, my tasks and drafts, whom I opened recently,
and for a coordinator what waits for her. Each item links to where it is resolved, and the
counts match the pages they summarise."""

from __future__ import annotations

import re
import uuid
from datetime import time, timedelta

import pytest
from sqlalchemy import select

from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import Appointment, AppointmentStatus
from caseflow.models.referral import Referral, ReferralStatus, Urgency
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.safeguards.break_glass import open_access
from caseflow.vocabulary import ConsentDecision, ConsentPurpose
from tests.clock import FIXED_NOW
from tests.support.records import (
    add_appointment,
    person,
    site_id,
    start_enrolment,
    user,
    utc,
)

pytestmark = pytest.mark.time_machine(FIXED_NOW)
TODAY = FIXED_NOW.date()


def _section(page: str, name: str) -> str:
    return page.split(f'id="{name}"')[1].split("</section>")[0]


def test_it_lists_todays_appointments_mine_first_with_seen_and_missed(
        app, register, as_user, post_form):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    nour = register("yasmine", "PAN", "Haddad", "Nour", born=2008)
    with app.app_context():
        add_appointment(nour, "yasmine", "PAN", Discipline.MENTAL_HEALTH,
                        utc(TODAY, time(9, 30)), with_login="yasmine")
        mine = add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                               utc(TODAY, time(15, 0)), with_login="amina").id
        add_appointment(awa, "amina", "PAN", Discipline.MEDICAL,
                        utc(TODAY + timedelta(days=1), time(10, 0)), with_login="amina")
    page = _section(as_user("amina").get("/").text, "appointments")
    listed = re.findall(r'data-appointment-id="([^"]+)"', page)
    assert len(listed) == 2 and listed[0] == str(mine)  # hers first, though later
    assert "15:00" in page
    # Amina marks her own; Yasmine's mental-health session is Yasmine's to mark.
    assert page.count('name="status" value="attended"') == 1
    assert page.count('name="status" value="missed"') == 1
    response = post_form("/", f"/appointments/{mine}/status",
                         {"status": "attended", "version": "1", "back": "home"})
    assert response.headers["Location"].endswith("/#appointments")
    with app.app_context():
        assert db.session.get(Appointment, mine).status == AppointmentStatus.ATTENDED


def test_it_says_what_is_due_for_the_people_i_follow_and_links_to_where_it_is_resolved(
        app, register, as_user):
    missed = register("amina", "PAN", "Bah", "Fatou", born=2008)
    silent = register("amina", "PAN", "Camara", "Ibrahima", born=2007)
    referred = register("amina", "PAN", "Diallo", "Mamadou", born=2009)
    renew = register("amina", "PAN", "Keita", "Aminata", born=2008)
    calm = register("amina", "PAN", "Sow", "Oumar", born=2008)
    register("yasmine", "PAN", "Haddad", "Nour", born=2008)  # not amina's
    with app.app_context():
        add_appointment(missed, "amina", "PAN", Discipline.MEDICAL,
                        utc(TODAY - timedelta(days=3)), status=AppointmentStatus.MISSED,
                        with_login="amina")
        start_enrolment(silent, 120)  # no contact since, past the threshold
        referral = Referral(person_id=uuid.UUID(referred), site_id=site_id("PAN"),
                            author_id=user("amina").id, from_discipline=Discipline.MEDICAL,
                            target_discipline=Discipline.SOCIAL, urgency=Urgency.ROUTINE,
                            status=ReferralStatus.SENT,
                            status_changed_at=FIXED_NOW.replace(tzinfo=None)
                            - timedelta(days=10))
        db.session.add(referral)
        db.session.commit()
        referral_id = referral.id
        add_consent(user("amina"), person(renew), ConsentInput(
            ConsentPurpose.PHOTOGRAPHS, ConsentDecision.GIVEN,
            review_on=TODAY + timedelta(days=7)), site_id=site_id("PAN"))
    page = as_user("amina").get("/").text
    followed = _section(page, "followed")
    assert followed.count("<li") == 5 and "Haddad" not in followed
    items = {m[1]: m[0] for m in re.findall(r'<a (?:class="[^"]*" )?href="([^"]+)">([^<]+)</a>',
                                            followed)}
    assert any(label.startswith("Rendez-vous manqué") and url.endswith(f"{missed}#followup")
               for label, url in items.items())
    assert any("seuil" in label and url.endswith(f"{silent}#followup")
               for label, url in items.items())
    assert any(label.startswith("Orientation envoyée") and url == f"/referrals/{referral_id}"
               for label, url in items.items())
    assert any(label.startswith("Consentement à revoir") and url.endswith(f"{renew}#consents")
               for label, url in items.items())
    # Those with something due come first; the calm one last.
    assert followed.rfind("Sow") > max(followed.find(n) for n in ("Bah", "Camara", "Diallo"))
    assert calm
    # The lost-to-follow-up list agrees: the same two people, for the same reasons.
    lost = as_user("amina").get("/follow-up/lost").text
    assert "Bah" in lost and "Camara" in lost and "Sow" not in lost


def test_it_lists_whom_i_opened_recently_while_i_may_still_open_them(
        app, register, as_user, time_machine):
    awa = register("amina", "PAN", "Traoré", "Awa", born=2009)
    with app.app_context():
        open_access(user("charlie"), person(awa).code, "Brought unconscious to the shelter",
                    site_id("TRI"))
    as_user("charlie").get(f"/people/{awa}")
    # Opened through an emergency access: not listed by name outside its audited reads.
    assert "Traoré" not in _section(as_user("charlie").get("/").text, "recent")
    as_user("amina").get(f"/people/{awa}")
    assert "Traoré" in _section(as_user("amina").get("/").text, "recent")
    # Amina leaves Pantin for Calais: she may no longer open Awa, who leaves her list.
    with app.app_context():
        from caseflow.models.user import SiteMembership

        amina = user("amina")
        db.session.execute(SiteMembership.__table__.update().where(
            SiteMembership.user_id == amina.id).values(site_id=site_id("CAL")))
        db.session.commit()
    time_machine.move_to(FIXED_NOW + timedelta(hours=1))
    home = as_user("amina").get("/").text
    assert "Traoré" not in _section(home, "recent")


def test_it_shows_the_coordinator_what_waits_for_her_with_the_pages_counts(
        app, register, as_user):
    register("amina", "PAN", "Traoré", "Awa", born=2009)
    register("sara", "PAN", "Traore", "Awa", born=2009)  # a possible duplicate
    awa = register("amina", "PAN", "Bah", "Fatou", born=2008)
    with app.app_context():
        open_access(user("charlie"), person(awa).code, "Brought unconscious to the shelter",
                    site_id("TRI"))
    page = as_user("claire").get("/").text
    queues = {url: int(count) for count, url
              in re.findall(r'data-queue-count="(\d+)"><a href="([^"]+)"', page)}
    duplicates = as_user("claire").get("/people/duplicates").text
    assert queues["/people/duplicates"] == duplicates.count("/distinct") == 1
    assert queues["/break-glass/"] == 1
    assert "/audit/grants" in queues
    assert 'href="/records/retention"' in _section(page, "queues")  # a link, not a count


@pytest.mark.parametrize("login, where", [("omar", "/indicators/"), ("admin", None)])
def test_it_gives_the_data_manager_the_indicators_and_the_admin_the_accounts(
        as_user, login, where):
    response = as_user(login).get("/")
    if where:
        assert response.status_code == 302 and response.headers["Location"].endswith(where)
    else:
        assert response.status_code == 200 and 'id="followed"' not in response.text


def test_it_records_the_worklist_as_one_view_with_counts(app, register, as_user):
    from caseflow.models.audit import AuditEvent

    register("amina", "PAN", "Traoré", "Awa", born=2009)
    as_user("amina").get("/")
    with app.app_context():
        (event,) = db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "worklist")).all()
        assert event.details["followed"] == 1 and event.person_code is None


def test_it_sums_up_each_site_for_the_coordinator_with_the_counts_of_the_pages(
        app, register, as_user, ids):
    from caseflow.services.care import referents as referent_service

    register("amina", "PAN", "Traoré", "Awa", born=2009)
    silent = register("amina", "PAN", "Camara", "Ibrahima", born=2007)
    nobody = register("sara", "CAL", "Ahmadi", "Omid", born=2008)
    with app.app_context():
        start_enrolment(silent, 120)
        referent_service.set_referent(user("claire"), person(nobody), site_id=site_id("CAL"),
                                      discipline=Discipline.SOCIAL, user_id=None)
    page = as_user("claire").get("/").text
    sites = _section(page, "sites")
    rows = {m[0]: m[1:] for m in re.findall(
        r'<th scope="row"[^>]*>(\w+)</th>\s*'
        r'<td[^>]*><a[^>]*>(\d+)</a></td>\s*<td[^>]*><a[^>]*>(\d+)</a></td>\s*'
        r'<td[^>]*><a[^>]*>(\d+)</a></td>\s*<td[^>]*><a[^>]*>(\d+)</a></td>', sites)}
    assert rows["Pantin"] == ("0", "2", "1", "0") and rows["Calais"] == ("0", "1", "0", "1")
    lost = as_user("claire").get(f"/follow-up/lost?site={ids.site('PAN')}").text
    assert lost.count("data-lost-person=") == 1
    caseload = as_user("claire").get(f"/caseload/?site={ids.site('CAL')}").text
    assert 'data-unassigned="1"' in caseload and "1 personne suivie" in caseload
