"""The declaration of a notifiable disease to the health authority (issue 20).

France asks the clinician who diagnoses measles, diphtheria, tuberculosis or an HIV
infection to declare it to the regional health agency (ARS); Libya asks the same of its
National Centre for Disease Control. caseflow never sends a declaration: it reminds the
doctor when a note carries a code of the site's country list (caseflow/countries.py
`notifiable`) and keeps what was done — declared, declared by another (the hospital, the
laboratory), or not declared with the reason — so that the coordinator can show that
the duty was met. The disease code and the dates stay clear (they are counted and they
carry no identity, the person being a random UUID); the authority's reference number
and the reason are encrypted with the person's key.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from caseflow.crypto import encrypted
from caseflow.models.base import Base, str_enum, utcnow
from caseflow.models.site import Site


class DeclarationOutcome(enum.StrEnum):
    DECLARED = "declared"  # sent by this clinician to the authority
    DECLARED_ELSEWHERE = "declared_elsewhere"  # by the hospital or the laboratory
    NOT_DECLARED = "not_declared"  # diagnosis not retained, or another reason (written)

    @property
    def label(self):
        return OUTCOME_LABELS[self]


OUTCOME_LABELS = {
    DeclarationOutcome.DECLARED: _l("Declared"),
    DeclarationOutcome.DECLARED_ELSEWHERE: _l("Declared by the hospital or the laboratory"),
    DeclarationOutcome.NOT_DECLARED: _l("Not declared"),
}


class DiseaseDeclaration(Base):
    __tablename__ = "disease_declaration"
    __encrypted_person_attr__ = "person_id"
    __table_args__ = (Index("ix_disease_declaration_person_id_code", "person_id", "code"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("person.id"))
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id"))
    code: Mapped[str] = mapped_column(String(40))  # a morbidity code (caseflow/morbidity.py)
    outcome: Mapped[DeclarationOutcome] = mapped_column(str_enum(DeclarationOutcome))
    declared_on: Mapped[date]  # the day it was declared, or decided not to be
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    reference = encrypted("text")  # the authority's acknowledgement number, if any
    reason = encrypted("text")  # why not declared

    site: Mapped[Site] = relationship(lazy="joined")

    def __init__(self, **kwargs):
        self.id = kwargs.pop("id", None) or uuid.uuid4()
        super().__init__(**kwargs)
