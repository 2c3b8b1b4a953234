"""Which tables sync, and how: data, read by the recorder and by the applier.

Two ways a table syncs:

- ``APPEND``: rows written once and then, at most, completed (a consent confirmed by a
  second professional, a flag cleared, a referral's status change). What two sides wrote
  simply meets: each side's rows arrive whole. A completion of the same row on both sides
  is still compared field by field (below), so even there nothing is overwritten unseen.
- ``RECORD``: one record that both sides may edit (the person's declared identity, an
  appointment's status, a note corrected): an update carries, per changed column, the value
  it changed from and the value it changed to, and the row's version it was based on. A
  column changed on both sides since their common value is a conflict (caseflow/sync/apply.py).

The first set is what a clinic day touches: the person (with their enrolments and flags),
notes and their revisions, consents, appointments, referrals and their status changes,
certificates.
Not synced here: person keys and search tokens (keys travel wrapped, by the key-custody
work; tokens are recomputed where a person lands), users and sites (central is their
source; a box receives them when it is filled), sessions, the audit trail (its own chain,
to come), and the sync tables themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

APPEND, RECORD = "append", "record"


@dataclass(frozen=True)
class SyncedTable:
    name: str
    mode: str
    # The column holding the person's id ("id" for the person itself); "" for a row that
    # names its person through its parent (``person_via``: "referral" for a referral's
    # status change), so that every operation says whose record it belongs to.
    person_column: str = "person_id"
    person_via: str = ""
    # When-it-last-changed columns (a note's updated_at): changed on both sides, the later
    # time is kept rather than a conflict opened; what changed is compared in the other
    # columns, and a note's earlier contents are rows of their own (note_revision).
    latest: tuple[str, ...] = ()


TABLES: tuple[SyncedTable, ...] = (
    SyncedTable("person", RECORD, person_column="id"),
    SyncedTable("enrolment", RECORD),
    SyncedTable("vulnerability_flag", APPEND),
    SyncedTable("consent", APPEND),
    SyncedTable("note", RECORD, latest=("updated_at",)),
    SyncedTable("note_revision", APPEND),
    SyncedTable("appointment", RECORD, latest=("status_changed_at",)),
    SyncedTable("referral", RECORD, latest=("status_changed_at",)),
    SyncedTable("referral_status_change", APPEND, person_column="", person_via="referral"),
    # A certificate: its draft, then its issue (serial from the box's reserved block,
    # signed with the box's key, which central pinned: caseflow/services/documents/
    # signing_keys.py), then perhaps its revocation or supersession, on either side.
    SyncedTable("certificate", RECORD, latest=("updated_at",)),
)

BY_NAME = {t.name: t for t in TABLES}


@cache
def model_of(table_name: str) -> type:
    """The mapped class of a synced table."""
    from caseflow.models.base import Base

    for mapper in Base.registry.mappers:
        if mapper.local_table.name == table_name:
            return mapper.class_
    raise KeyError(table_name)


@cache
def synced_classes() -> dict[type, SyncedTable]:
    return {model_of(t.name): t for t in TABLES}


@cache
def table_order() -> dict[str, int]:
    """Synced table name -> its rank in foreign-key order (parents first)."""
    from caseflow.models.base import Base

    ranks = {t.name: n for n, t in enumerate(Base.metadata.sorted_tables)}
    return {t.name: ranks[t.name] for t in TABLES}


def spec_of(obj: object) -> SyncedTable | None:
    return synced_classes().get(type(obj))
