"""Crypto names the columns of its two tables itself (it imports no model): the models agree."""

from __future__ import annotations

import pytest

from caseflow.crypto.fields import indexed_model
from caseflow.crypto.tables import PERSON_KEY, PERSON_SEARCH_TOKEN
from caseflow.models import Person, PersonKey, PersonSearchToken


@pytest.mark.parametrize(("named", "model"), [(PERSON_KEY, PersonKey),
                                               (PERSON_SEARCH_TOKEN, PersonSearchToken)])
def test_it_names_the_columns_the_models_declare(named, model):
    declared = model.__table__
    assert named.name == declared.name
    assert set(named.c.keys()) == set(declared.c.keys())
    for column in named.c:
        assert type(column.type) is type(declared.c[column.name].type), column.name


def test_it_knows_the_person_as_the_one_model_with_blind_indexed_fields():
    assert indexed_model() is Person
