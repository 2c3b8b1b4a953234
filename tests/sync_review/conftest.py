"""The sync pages over a real conflict: central (the suite's database) and a Calais box
(SQLite), from tests/sync's fixtures; operations cross as JSON, as over HTTP.

The personas read English here: the pages' new sentences reach the French and Arabic
catalogues at the next extraction (/work/i18n), and a page half in each would test
nothing."""

import pytest
from sqlalchemy import update

from caseflow.extensions import db
from caseflow.models.user import User
from tests.boxes.helpers import served
from tests.sync.conftest import app_config, box, central, sync  # noqa: F401


def in_english(app) -> None:
    with app.app_context():
        db.session.execute(update(User).values(language="en"))
        db.session.commit()
        db.session.remove()


@pytest.fixture(autouse=True)
def english(app) -> None:
    in_english(app)


@pytest.fixture
def central_url(central):  # noqa: F811 (the imported fixture)
    """Central served over real HTTP on loopback, for a box's "Sync now"."""
    with served(central) as url:
        yield url
