"""Helpers to register people as the personas would, through the services."""

from datetime import date

import pytest
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.person import Person
from caseflow.models.site import Site
from caseflow.models.user import User
from caseflow.services.consents import ConsentInput
from caseflow.services.people import Identity, register_person
from caseflow.vocabulary import BirthDatePrecision, ConsentDecision, ConsentPurpose, Sex


def user(login: str) -> User:
    return db.session.scalar(select(User).where(User.login == login))


def site_id(code: str) -> int:
    return db.session.scalar(select(Site.id).where(Site.code == code))


@pytest.fixture
def register(app):
    """register('hugo', 'CAL', 'Diallo', 'Mamadou', ...) → the person's id (a str)."""

    def _register(login, site, family, given="", *, aliases=(), born=None, nationality=None,
                  phone=None, team_sharing=True, sex=Sex.MALE, programme="general"):
        with app.app_context():
            consents = [ConsentInput(ConsentPurpose.CARE, ConsentDecision.GIVEN),
                        ConsentInput(ConsentPurpose.DATA_PROCESSING, ConsentDecision.GIVEN)]
            if team_sharing:
                consents.append(ConsentInput(ConsentPurpose.TEAM_SHARING, ConsentDecision.GIVEN,
                                             scope="all"))
            identity = Identity(
                family_name=family, given_names=given, aliases=list(aliases),
                birth_date=date(born, 1, 1) if born else None,
                birth_precision=BirthDatePrecision.YEAR if born else BirthDatePrecision.UNKNOWN,
                sex=sex, nationality=nationality, phone=phone,
            )
            person = register_person(user(login), identity, site_id=site_id(site),
                                     programme=programme, consents=consents)
            return str(person.id)

    return _register


def load(app, person_id) -> Person:
    import uuid

    with app.app_context():
        person = db.session.get(Person, uuid.UUID(person_id))
        return person
