"""Fixtures of the crypto tests: an app with its own key directory, and sample people."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from caseflow.extensions import db
from caseflow.models import Person

PEOPLE = [
    # Not the personas' names: the staff table holds those in clear, legitimately.
    # family, given, aliases, phone, birth date, contact notes
    ("Kouyaté", "Fatoumata", ["Kouyate Fatou"], "06 12 34 56 78", date(2007, 3, 1),
     "Vit sous le pont de Stains, rappeler le mardi"),
    ("Mohamed", "Abderrahmane", ["Abdul Rahman"], "+224 622 12 34 56", date(2006, 11, 20),
     "Cousin à Calais joignable le soir"),
    ("Haile", "Tesfaye", [], "+251 91 123 4567", None, "Interprète tigrinya nécessaire"),
    ("Nourzai", "Gul Ahmad", ["Gulahmad"], "07 98 76 54 32", date(2008, 1, 1),
     "Dort au square Jules Ferry"),
]


def add_people() -> dict[str, Person]:
    made = {}
    for family, given, aliases, phone, birth, notes in PEOPLE:
        person = Person(family_name=family, given_names=given, aliases=aliases, phone=phone,
                        contact_notes=notes, sex="male")
        person.set_birth_date(birth, "full" if birth else "unknown")
        db.session.add(person)
        made[family] = person
    db.session.commit()
    return made


@pytest.fixture
def own_keys(tmp_path, keys_dir) -> Path:
    """A copy of the session's keys that a test may rotate, retire or corrupt."""
    path = tmp_path / "own-keys"
    shutil.copytree(keys_dir, path)
    return path


@pytest.fixture
def app_config(own_keys) -> dict:
    return {"KEYS_DIR": str(own_keys)}


@pytest.fixture
def ctx(app):
    """One application context: what one request (or CLI command) sees."""
    with app.app_context():
        yield
        db.session.remove()
