"""Work from a box whose author was deactivated meanwhile: applied, listed for the
coordinators with its reason in words, marked as reviewed once, audited."""

from __future__ import annotations

from html import unescape

from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from caseflow.models.person import Person
from caseflow.models.sync_operation import SyncOperation
from caseflow.models.user import User
from caseflow.sync.review import operations_for_review
from tests.support.records import user
from tests.support.web import csrf_token_from
from tests.sync.clinic import clinic_day

DEACTIVATED = "Its author's account was deactivated here while the box was offline."


def _flagged(central, box, sync) -> list:
    people = list(clinic_day(box))
    with central.app_context():
        db.session.get(User, user("hugo").id).active = False
        db.session.commit()
    assert sync.push().flagged > 0
    with central.app_context():
        codes = [db.session.get(Person, p).code for p in people]
        return [op.id for op in operations_for_review(db.session)], codes


def test_it_lists_flagged_work_with_its_reason_and_marks_it_reviewed(central, box, sync,
                                                                    as_user):
    flagged, codes = _flagged(central, box, sync)
    claire = as_user("claire")

    page = claire.get("/sync/review")
    assert page.status_code == 200
    text = unescape(page.get_data(as_text=True))
    assert text.count(DEACTIVATED) == 1  # one author, one box, one reason: one group
    assert all(f'value="{op_id}"' in text for op_id in flagged)
    assert "box-cal-1" in text and "Hugo Martin" in text
    assert all(code in text for code in codes)
    assert "Tesfay" not in text  # codes only: the queue names nobody

    token = csrf_token_from(text)
    done = claire.post("/sync/review/mark", data={"csrf_token": token,
                                                  "operation": str(flagged[0])})
    assert done.status_code == 303
    after = unescape(claire.get(done.location).get_data(as_text=True))
    assert "Marked as reviewed." in after
    assert f'value="{flagged[0]}"' not in after
    assert all(f'value="{op_id}"' in after for op_id in flagged[1:])
    with central.app_context():
        op = db.session.get(SyncOperation, flagged[0])
        assert op.reviewed_by_id == user("claire").id
        event = db.session.scalar(select(AuditEvent).where(
            AuditEvent.object_type == "sync_operation",
            AuditEvent.object_id == str(flagged[0])))
        assert event.actor_id == user("claire").id

    again = claire.post("/sync/review/mark", data={"csrf_token": token,
                                                   "operation": str(flagged[0])})
    assert "Someone already marked this as reviewed." in unescape(claire.get(
        again.location).get_data(as_text=True))

    # The rest of the group at once: each one marked and audited.
    rest = claire.post("/sync/review/mark", data={"csrf_token": token,
                                                  "operation": [str(i) for i in flagged]})
    done_page = claire.get(rest.location).get_data(as_text=True)
    assert f"{len(flagged) - 1} marked as reviewed." in done_page
    assert "Nothing to review." in done_page
    with central.app_context():
        assert operations_for_review(db.session) == []
        assert len(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "sync_operation")).all()) == len(flagged)


def test_it_keeps_the_review_for_coordinators(central, box, sync, as_user):
    flagged, _codes = _flagged(central, box, sync)
    client = as_user("amina")
    assert client.get("/sync/review").status_code == 403
    token = csrf_token_from(client.get("/sync/conflicts").text)
    refused = client.post("/sync/review/mark", data={"csrf_token": token,
                                                     "operation": str(flagged[0])})
    assert refused.status_code == 403
    with central.app_context():
        assert db.session.get(SyncOperation, flagged[0]).reviewed_at is None
