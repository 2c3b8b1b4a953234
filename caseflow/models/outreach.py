"""Outreach in Libya: places (disembarkation points, detention centres), sessions held there,
and the rapid individual contacts of a session (issue 19).

Why a session has its own data key: a contact is not (yet) a person of caseflow, so it has
no person key to be encrypted under. Each session gets a random data key (DEK), sealed
under the key-encryption key (caseflow.crypto.secrets, purpose ``outreach_session_key``)
and stored on the session row; the session's and its contacts' free texts are encrypted
under it with the same field encryption as person data (``encrypted()``: the session's id
stands where a person's id would). Deleting ``sealed_key`` shreds a whole session.

What stays in clear, for statistics and because it identifies nobody on its own: the
place, the date, the access obtained, the aggregate counts, and per contact the coded
fields (sex, age group, declared nationality, morbidity code, triage, referral kind):
the indicators need nothing else. What is encrypted: the team, the refusal reason and the
access notes (they may name officials), and per contact the declared name, the vital
signs (clinical data, as in notes' `details`), the complaint, the treatment and the
protection concern.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint, Uuid, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site
from caseflow.vocabulary import Labelled, Sex


class _Labelled(Labelled):
    """The outreach lists, labelled from OUTREACH_LABELS (below)."""

    @property
    def label(self):
        return OUTREACH_LABELS[self]


class PlaceKind(_Labelled):
    DISEMBARKATION_POINT = "disembarkation_point"
    DETENTION_CENTRE = "detention_centre"


class AccessObtained(_Labelled):
    FULL = "full"
    PARTIAL = "partial"
    REFUSED = "refused"


class Triage(_Labelled):
    """A three-level field triage (South African Triage Scale colours, without black: a
    death on the quay is not a contact): red = immediate, yellow = urgent, green = can
    wait / treated on the spot."""

    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"


class AgeGroup(_Labelled):
    """The humanitarian reporting groups (Sphere / WHO EWARN): under 5 (nutrition,
    vaccination), 5-17 (minors: protection), 18-59, 60 and over. ``unknown`` when nobody
    can tell."""

    UNDER_5 = "under_5"
    AGE_5_17 = "5_17"
    AGE_18_59 = "18_59"
    AGE_60_PLUS = "60_plus"
    UNKNOWN = "unknown"


class OutreachReferral(_Labelled):
    NONE = "none"
    HOSPITAL = "hospital"
    SHELTER = "shelter"
    PROTECTION = "protection"


OUTREACH_LABELS = {
    PlaceKind.DISEMBARKATION_POINT: _l("Disembarkation point"),
    PlaceKind.DETENTION_CENTRE: _l("Detention centre"),
    AccessObtained.FULL: _l("Full access"),
    AccessObtained.PARTIAL: _l("Partial access"),
    AccessObtained.REFUSED: _l("Access refused"),
    Triage.RED: _l("Red: immediate"),
    Triage.YELLOW: _l("Yellow: urgent"),
    Triage.GREEN: _l("Green: non-urgent"),
    AgeGroup.UNDER_5: _l("Under 5"),
    AgeGroup.AGE_5_17: _l("5 to 17"),
    AgeGroup.AGE_18_59: _l("18 to 59"),
    AgeGroup.AGE_60_PLUS: _l("60 and over"),
    AgeGroup.UNKNOWN: _l("Age unknown"),
    OutreachReferral.NONE: _l("No referral"),
    OutreachReferral.HOSPITAL: _l("Hospital"),
    OutreachReferral.SHELTER: _l("Shelter"),
    OutreachReferral.PROTECTION: _l("Protection actor"),
}

# The aggregate counts of a session, in the order the form shows them.
COUNT_FIELDS = ("present_count", "seen_count", "female_count", "male_count", "under_5_count",
                "age_5_17_count", "age_18_59_count", "age_60_plus_count", "referred_count")


class OutreachPlace(Base):
    """A place the coordinator keeps on the list: a quay, a detention centre. Deactivated,
    never deleted: past sessions keep their place."""

    __tablename__ = "outreach_place"
    __table_args__ = (UniqueConstraint("site_id", "name", name="uq_outreach_place_site_name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[PlaceKind] = mapped_column(str_enum(PlaceKind))
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    site: Mapped[Site] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}


class OutreachSession(Base):
    """One visit of the team to a place on a day, whatever access it got."""

    __tablename__ = "outreach_session"
    __encrypted_person_attr__ = "id"  # encrypted under the session's own key (see above)
    __table_args__ = (Index("ix_outreach_session_site_id_held_on", "site_id", "held_on"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    place_id: Mapped[int] = mapped_column(ForeignKey("outreach_place.id"), index=True)
    held_on: Mapped[date]
    access: Mapped[AccessObtained] = mapped_column(str_enum(AccessObtained))
    # Aggregate counts (None: not counted): the session's totals, the contacts recorded
    # one by one included (so seen_count is never below their number).
    present_count: Mapped[int | None]
    seen_count: Mapped[int | None]
    female_count: Mapped[int | None]
    male_count: Mapped[int | None]
    under_5_count: Mapped[int | None]
    age_5_17_count: Mapped[int | None]
    age_18_59_count: Mapped[int | None]
    age_60_plus_count: Mapped[int | None]
    referred_count: Mapped[int | None]
    # People who declined after the group explanation: a count, nothing else about them.
    declined_count: Mapped[int] = mapped_column(default=0)
    # The session's data key, sealed under the KEK (caseflow.crypto.secrets).
    sealed_key: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    version: Mapped[int] = mapped_column(default=1)
    team = encrypted("text")
    refusal_reason = encrypted("text")
    access_note = encrypted("text")

    place: Mapped[OutreachPlace] = relationship(lazy="joined")
    site: Mapped[Site] = relationship(lazy="joined")

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)


class OutreachContact(Base):
    """A rapid individual contact: one person seen during a session, under a session number
    (wristband or card), who agreed orally after the group explanation."""

    __tablename__ = "outreach_contact"
    __encrypted_person_attr__ = "session_id"  # the session's key (see the module's docstring)
    __table_args__ = (UniqueConstraint("session_id", "number",
                                       name="uq_outreach_contact_session_number"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    session_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("outreach_session.id"),
                                                  index=True)
    number: Mapped[int]
    sex: Mapped[Sex] = mapped_column(str_enum(Sex))
    age_group: Mapped[AgeGroup] = mapped_column(str_enum(AgeGroup))
    nationality: Mapped[str | None] = mapped_column(String(2))  # ISO 3166 alpha-2, declared
    complaint_code: Mapped[str | None] = mapped_column(String(40))  # caseflow/morbidity.py
    triage: Mapped[Triage] = mapped_column(str_enum(Triage))
    referral: Mapped[OutreachReferral] = mapped_column(str_enum(OutreachReferral))
    # Consent: oral, explained to the group by this staff member, confirmed by the person.
    # A contact exists only with a yes: someone who declines is a count on the session.
    consent_explained_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    consent_confirmed: Mapped[bool] = mapped_column(default=True)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The full record this contact belongs to, set only when a coordinator confirms a
    # proposed link (OutreachLink below; services/outreach/links.py): never merged silently.
    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("person.id"), index=True)
    declared_name = encrypted("text")
    # {"temperature_dc": 375 (tenths of °C), "heart_rate", "respiratory_rate", "systolic",
    # "diastolic", "spo2"}: only the measured ones; clinical, so encrypted, not indicators.
    vitals = encrypted("json")
    complaint = encrypted("text")
    treatment = encrypted("text")
    protection_concern = encrypted("text")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)


class LinkStatus(_Labelled):
    """A proposed link: waits for a coordinator, who confirms or rejects it; a confirmed link
    found wrong later is undone by a coordinator (unlinked), never deleted."""

    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"
    UNLINKED = "unlinked"


OUTREACH_LABELS.update({
    LinkStatus.PENDING: _l("Awaiting a coordinator"),
    LinkStatus.CONFIRMED: _l("Linked"),
    LinkStatus.REJECTED: _l("Link rejected"),
    LinkStatus.UNLINKED: _l("Link undone"),
})


class OutreachLink(Base):
    """One proposal to link a contact to a person's full record, and what became of it.

    Why a row of its own rather than columns on the contact: a contact may be proposed,
    rejected and proposed again (for someone else), and a confirmed link may be undone;
    each step keeps who and when. The reasons (of a rejection, of an undoing) may name
    people, so they are encrypted under the person's key: erased with the person, moved
    with a merge, like every person row."""

    __tablename__ = "outreach_link"
    __encrypted_person_attr__ = "person_id"
    # At most one proposal waits per contact: two professionals proposing at once would
    # otherwise both pass the service's check, and the loser of the later confirmation would
    # wait forever. A partial unique index (SQLite and PostgreSQL) makes the second INSERT fail.
    __table_args__ = (Index("ix_outreach_link_status_proposed_at", "status", "proposed_at"),
                      Index("uq_outreach_link_pending_contact", "contact_id", unique=True,
                            sqlite_where=text("status = 'pending'"),
                            postgresql_where=text("status = 'pending'")))

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    contact_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("outreach_contact.id"),
                                                  index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"), index=True)
    status: Mapped[LinkStatus] = mapped_column(str_enum(LinkStatus))
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Who confirmed or rejected it, and when.
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    decided_at: Mapped[datetime | None]
    # Who undid a confirmed link, and when.
    unlinked_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    unlinked_at: Mapped[datetime | None]
    reason = encrypted("text")  # of the rejection, or of the undoing

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)
