"""Operations: each one does the change, the check and the audit entry together.

Services take plain values and model objects, never the request, so that the
command line, the tests and the views share them.
"""


class ServiceError(Exception):
    """A refused operation; `message` is a translatable text for the person who asked."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class ConcurrentEditError(ServiceError):
    """Somebody else saved the same record since the form was opened."""


def commit_or_conflict() -> None:
    """Commit; a version clash found by the database (two saves racing) becomes a clear refusal."""
    from flask_babel import lazy_gettext as _l
    from sqlalchemy.orm.exc import StaleDataError

    from caseflow.extensions import db

    try:
        db.session.commit()
    except StaleDataError:
        db.session.rollback()
        raise ConcurrentEditError(_l("Someone else changed this record at the same time. "
                                     "Review the current values and save again.")) from None


def commit_keeping_loaded() -> None:
    """Commit (a list page's audit event), keeping the rows already read loaded.

    A plain commit expires every object of the session, and a page that renders
    after its service committed then reloads each row it shows on first access
    (one SELECT per person, pair, appointment or audit event, plus the person's
    enrolments and flags, plus one key query per person instead of one batched
    query): the page's query count grew with its length (issue 9,
    tests/test_query_counts.py). Only for read-only pages whose sole write is the
    audit event: the rows were read in this very transaction, so the page shows
    exactly what the audit event recorded as shown.
    """
    from caseflow.extensions import db

    session = db.session()
    expiring, session.expire_on_commit = session.expire_on_commit, False
    try:
        session.commit()
    finally:
        session.expire_on_commit = expiring
