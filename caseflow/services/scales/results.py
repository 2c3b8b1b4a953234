"""A person's scale results: record, correct, mark entered in error, list.

Each change is checked, made and audited together. The audit events carry the scale's
code and the ids, never an answer, a total or a band (those are encrypted in the row).
Reading one result's page is audited by the view's loader (blueprints/scales/views.py);
the person page's panel is covered by the person page's own event, as the TB panel is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask import g, has_request_context, request
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from caseflow.audit import Action, record_event
from caseflow.extensions import db
from caseflow.models.base import utcnow
from caseflow.models.scale_result import ResultStatus, ScaleResult
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.scales import ScoringError, score
from caseflow.scales import scale as scale_of
from caseflow.scales.definitions import SCORING_VERSION
from caseflow.services import ConcurrentEditError, ServiceError, commit_or_conflict
from caseflow.services.scales.who import read_clause, recording_sites
from caseflow.timezones import site_today

EARLIEST = date(2000, 1, 1)
MAX_REASON = 500
OBJECT = "scale_result"
_MEMO = "_caseflow_scale_results"


@dataclass
class ResultInput:
    scale: str | None
    administered_on: date | None
    answers: dict[int, int | None] = field(default_factory=dict)
    site_id: int | None = None


def _items(numbers: list[int]) -> str:
    return ", ".join(str(n) for n in numbers)


def _scored(data: ResultInput, site_id: int):
    scale = scale_of(data.scale) if data.scale else None
    if scale is None:
        raise ServiceError(_l("Choose a scale."), field="scale")
    if data.administered_on is None:
        raise ServiceError(_l("Give the day the scale was administered."),
                           field="administered_on")
    if data.administered_on > site_today(site_id):
        raise ServiceError(_l("This date is in the future."), field="administered_on")
    if data.administered_on < EARLIEST:
        raise ServiceError(_l("This date is too far in the past."), field="administered_on")
    try:
        return scale, score(scale, data.answers)
    except ScoringError as error:
        if error.missing:
            raise ServiceError(_l("Not scored: answer every item. Missing: %(items)s. "
                                  "caseflow does not compute a score from an incomplete "
                                  "scale.", items=_items(error.missing)),
                               field=f"item_{error.missing[0]}") from None
        raise ServiceError(_l("Not scored: these items have an answer the scale does not "
                              "offer: %(items)s.", items=_items(error.out_of_range)),
                           field=f"item_{error.out_of_range[0]}") from None


def _new(actor, person, data: ResultInput, site_id: int, replaces=None) -> ScaleResult:
    scale, scored = _scored(data, site_id)
    result = ScaleResult(person_id=person.id, site_id=site_id, author_id=actor.id,
                         discipline=actor.discipline, scale=scale.code,
                         administered_on=data.administered_on, scoring_version=SCORING_VERSION,
                         replaces_id=replaces.id if replaces is not None else None)
    db.session.add(result)  # in the session first: the person's key is loaded through it
    result.answers = {str(n): int(data.answers[n]) for n in scale.item_numbers}
    result.total = scored.total
    result.band = scored.band.code
    result.outcome = {"subscores": scored.subscores, "flags": list(scored.flags),
                      "thermometer": scored.thermometer}
    db.session.flush()
    record_event(Action.CREATE, actor_id=actor.id, object_type=OBJECT, object_id=str(result.id),
                 person_code=person.code, site_id=site_id,
                 details={"scale": scale.code.value,
                          **({"replaces": str(replaces.id)} if replaces is not None else {})})
    return result


# --- Changes ----------------------------------------------------------------------------------


def record(actor, person, data: ResultInput) -> ScaleResult:
    sites = recording_sites(actor, person)
    if not sites:
        raise ServiceError(_l("You may not record a scale for this person."))
    site_id = data.site_id if data.site_id is not None else sites[0]
    if site_id not in sites:
        raise ServiceError(_l("Choose a site that follows the person."), field="site_id")
    result = _new(actor, person, data, site_id)
    db.session.commit()
    _forget()
    return result


def _may_change(actor, person, result: ScaleResult, expected_version: int | None) -> None:
    if result.author_id != actor.id or result.site_id not in recording_sites(actor, person):
        raise ServiceError(_l("Only the person who recorded this result may correct it."))
    if result.status != ResultStatus.CURRENT:
        raise ServiceError(_l("This result was already corrected or marked as entered in "
                              "error."))
    if expected_version is None or expected_version != result.version:
        raise ConcurrentEditError(_l("Someone else changed this result in the meantime. "
                                     "Check it and try again."))


def correct(actor, person, result: ScaleResult, data: ResultInput,
            expected_version: int | None) -> ScaleResult:
    """A corrected administration: a new result replaces the old one, which is kept,
    marked superseded and linked to its replacement. The scale cannot change (a wrong
    scale is an entry in error, then a new result)."""
    _may_change(actor, person, result, expected_version)
    data.scale = result.scale.value
    replacement = _new(actor, person, data, result.site_id, replaces=result)
    result.status = ResultStatus.SUPERSEDED
    result.replaced_by_id = replacement.id
    result.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type=OBJECT, object_id=str(result.id),
                 person_code=person.code, site_id=result.site_id,
                 details={"scale": result.scale.value, "status": ResultStatus.SUPERSEDED.value,
                          "replaced_by": str(replacement.id)})
    commit_or_conflict()
    _forget()
    return replacement


def mark_in_error(actor, person, result: ScaleResult, reason: str | None,
                  expected_version: int | None) -> ScaleResult:
    """Entered in error (wrong person, wrong scale, a test): kept, with the reason, and no
    longer charted."""
    _may_change(actor, person, result, expected_version)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ServiceError(_l("Say why this result was entered in error."), field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(_l("The reason is too long (at most %(n)d characters).",
                              n=MAX_REASON), field="reason")
    result.status = ResultStatus.ENTERED_IN_ERROR
    result.error_marked_by_id = actor.id
    result.error_marked_at = utcnow()
    result.error_reason = reason
    result.version += 1
    record_event(Action.UPDATE, actor_id=actor.id, object_type=OBJECT, object_id=str(result.id),
                 person_code=person.code, site_id=result.site_id,
                 details={"scale": result.scale.value,
                          "status": ResultStatus.ENTERED_IN_ERROR.value})
    commit_or_conflict()
    _forget()
    return result


# --- Reading ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Listed:
    result: ScaleResult
    site: str
    author: str


def _memo() -> dict | None:
    if not has_request_context():
        return None
    current = request._get_current_object()
    held = getattr(g, _MEMO, None)
    if held is None or held[0] is not current:
        held = (current, {})
        setattr(g, _MEMO, held)
    return held[1]


def _forget() -> None:
    memo = _memo()
    if memo is not None:
        memo.clear()


def current_results(viewer, person) -> list[Listed]:
    """The viewer's readable current results of the person, oldest first, with the site's
    and the author's names: one query per request, shared by the person panel and the
    timeline (tests/test_query_counts.py)."""
    from caseflow.services.scales.who import may_read

    if not may_read(viewer, person):
        return []
    memo = _memo()
    key = (viewer.id, person.id)
    if memo is not None and key in memo:
        return memo[key]
    rows = [Listed(r, site, author) for r, site, author in db.session.execute(
        select(ScaleResult, Site.name, User.display_name)
        .join(Site, Site.id == ScaleResult.site_id)
        .join(User, User.id == ScaleResult.author_id)
        .where(read_clause(viewer, person), ScaleResult.status == ResultStatus.CURRENT)
        .order_by(ScaleResult.administered_on, ScaleResult.created_at))]
    if memo is not None:
        memo[key] = rows
    return rows


def readable(viewer, person, result_id) -> ScaleResult | None:
    """One result of the person (any status) if the viewer may read it, else None."""
    from caseflow.services.scales.who import may_read

    if not may_read(viewer, person):
        return None
    return db.session.scalar(select(ScaleResult).where(ScaleResult.id == result_id,
                                                       read_clause(viewer, person)))


def history(viewer, person, result: ScaleResult) -> list[ScaleResult]:
    """The results this one replaced or was replaced by, that the viewer reads, oldest
    first (a correction's chain is short: one query per link)."""
    chain, seen = [result], {result.id}
    before, after = result.replaces_id, result.replaced_by_id
    while before is not None and before not in seen:
        row = readable(viewer, person, before)
        if row is None:
            break
        chain.insert(0, row)
        seen.add(row.id)
        before = row.replaces_id
    while after is not None and after not in seen:
        row = readable(viewer, person, after)
        if row is None:
            break
        chain.append(row)
        seen.add(row.id)
        after = row.replaced_by_id
    return chain


def answers_of(result: ScaleResult) -> dict[int, int]:
    return {int(k): v for k, v in (result.answers or {}).items()}
