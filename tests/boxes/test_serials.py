"""Certificate numbers on a box: drawn from blocks central reserved for it, never shared
with a certificate issued centrally."""

from __future__ import annotations

import pytest
from flask_babel import force_locale
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.certificate import CertificateCounter
from caseflow.models.clinic_box import ClinicBox
from caseflow.models.site import Site
from caseflow.services import ServiceError, boxes
from caseflow.services.documents.serials import next_serial
from tests.support.records import site_id


def _blocks(app, used=None, year=2026) -> list[dict]:
    with app.app_context():
        box = db.session.get(ClinicBox, "CAL-1")
        return [{"device": b.device, "site_id": b.site_id, "year": b.year, "first": b.first,
                 "last": b.last} for b in boxes.serial_blocks_for(box, used or {}, [year])]


def _serial(app) -> str:
    with app.app_context():
        try:
            serial, _ = next_serial(db.session.get(Site, site_id("CAL")), 2026)
            db.session.commit()
            return serial
        finally:
            db.session.remove()


def test_it_gives_a_box_numbers_central_never_uses(app, box):
    with app.app_context():
        boxes.enrol_box("CAL-1", ["CAL"])
    assert _serial(app) == "CAL-2026-00001"  # one issued centrally before
    blocks = _blocks(app)
    assert [(b["first"], b["last"]) for b in blocks] == [(2, 501)]
    assert _blocks(app) == blocks  # asked again with plenty left: nothing more reserved
    assert _serial(app) == "CAL-2026-00502"  # central goes on after the block

    with box.app_context():
        assert boxes.take_serial_blocks(blocks) == 1
        assert boxes.take_serial_blocks(blocks) == 0
    assert [_serial(box) for _ in range(3)] == ["CAL-2026-00002", "CAL-2026-00003",
                                                "CAL-2026-00004"]


def test_it_refuses_to_issue_past_its_blocks_and_gets_more_when_low(app, box):
    with app.app_context():
        boxes.enrol_box("CAL-1", ["CAL"])
    with box.app_context():
        with force_locale("en"):
            with pytest.raises(ServiceError) as none_left:
                next_serial(db.session.get(Site, site_id("CAL")), 2026)
            assert "no certificate number left" in str(none_left.value.message)
        db.session.rollback()
    first = _blocks(app)
    # The box has used all but 50 of its first block: the next contact reserves another.
    more = _blocks(app, used={(first[0]["site_id"], 2026): first[0]["last"] - 50})
    assert len(more) == 2 and more[1]["first"] == first[0]["last"] + 1
    with box.app_context():
        boxes.take_serial_blocks(more)
    for _ in range(2):
        _serial(box)
    with box.app_context():  # jump to the end of the first block, as after 498 issues
        db.session.execute(update(CertificateCounter).values(last_number=first[0]["last"]))
        db.session.commit()
    assert _serial(box) == f"CAL-2026-{more[1]['first']:05d}"
