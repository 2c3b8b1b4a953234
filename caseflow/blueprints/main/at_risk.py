"""The home page's people at suicide risk (services/care/worklist.py, issue 20), prepared
for the template: the level and the day it was rated, a link to the record. No note
content: the coordinator sees the level, not the psychologist's note."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for
from flask_babel import gettext as _

from caseflow.blueprints.certificates.presenters import day
from caseflow.blueprints.people.presenters import display_name
from caseflow.disciplines.mental_health_codes import SuicideRisk


@dataclass
class RiskLine:
    name: str
    code: str
    url: str
    level: str  # the code, for the page's data attribute
    detail: str


def at_risk_lines(worklist) -> list[RiskLine]:
    return [RiskLine(display_name(r.person), r.person.code,
                     url_for("people.show", person_id=r.person.id), r.level,
                     _("Suicide risk: %(level)s, rated on %(date)s",
                       level=SuicideRisk(r.level).label, date=day(r.on)))
            for r in worklist.at_risk]
