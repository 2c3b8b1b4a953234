"""Forms of referents, tasks and caseloads. Choices are set in __init__ from the site's team."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField
from wtforms.validators import AnyOf, DataRequired

from caseflow.models.task import TaskStatus

NOBODY = 0


class ReferentForm(FlaskForm):
    """One referent: the person's, at a site, in a discipline (hidden: from the page)."""

    site_id = HiddenField()
    discipline = HiddenField()
    # Who was referent when the form was shown (NOBODY: none): a change made meanwhile by a
    # colleague is not silently replaced.
    current = HiddenField()
    user_id = SelectField(_l("Referent"), coerce=int, default=NOBODY)

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = [(NOBODY, _l("Nobody for now"))] + [
            (u.id, u.display_name) for u in team]


class CloseTaskForm(FlaskForm):
    status = StringField(validators=[AnyOf([TaskStatus.DONE.value, TaskStatus.CANCELLED.value])])
    version = HiddenField()
    back = HiddenField()


class ReassignForm(FlaskForm):
    site_id = SelectField(_l("Site"), coerce=int)
    from_user_id = SelectField(_l("Professional leaving"), coerce=int)
    to_user_id = SelectField(_l("Colleague taking over"), coerce=int,
                             validators=[DataRequired()],
                             description=_l("Of the same discipline, at the same site."))

    def __init__(self, *args, sites=(), leaving=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.from_user_id.choices = [(u.id, u.display_name) for u in leaving]
        self.to_user_id.choices = [(u.id, u.display_name) for u in people]
