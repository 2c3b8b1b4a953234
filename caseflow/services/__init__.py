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
