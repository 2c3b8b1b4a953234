"""Forms of referents, tasks and caseloads. Choices are set in __init__ from the site's team."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length, Optional

from caseflow.models.task import TaskStatus
from caseflow.services.care.tasks import MAX_TEXT

NOBODY = 0


class ReferentForm(FlaskForm):
    """One referent: the person's, at a site, in a discipline (hidden: from the page)."""

    site_id = HiddenField()
    discipline = HiddenField()
    user_id = SelectField(_l("Referent"), coerce=int, default=NOBODY)

    def __init__(self, *args, team=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.user_id.choices = [(NOBODY, _l("Nobody for now"))] + [
            (u.id, u.display_name) for u in team]


class TaskForm(FlaskForm):
    text = TextAreaField(_l("To do"), validators=[
        DataRequired(message=_l("Say what is to be done.")), Length(max=MAX_TEXT)],
        description=_l("For example: call the lawyer before the hearing."),
        render_kw={"rows": 2, "maxlength": MAX_TEXT})
    due_on = DateField(_l("Due on"), validators=[
        DataRequired(message=_l("Give the day it is due."))])
    assigned_to_id = SelectField(_l("For"), coerce=int)
    site_id = SelectField(_l("Site"), coerce=int)

    def __init__(self, *args, sites=(), colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.assigned_to_id.choices = [(u.id, u.display_name) for u in colleagues]


class CloseTaskForm(FlaskForm):
    status = StringField(validators=[AnyOf([TaskStatus.DONE.value, TaskStatus.CANCELLED.value])])
    version = HiddenField()
    back = HiddenField()


class ReassignForm(FlaskForm):
    site_id = SelectField(_l("Site"), coerce=int)
    from_user_id = SelectField(_l("From"), coerce=int)
    to_user_id = SelectField(_l("To"), coerce=int, validators=[Optional()])

    def __init__(self, *args, sites=(), people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.site_id.choices = [(s.id, s.name) for s in sites]
        self.from_user_id.choices = [(u.id, u.display_name) for u in people]
        self.to_user_id.choices = [(u.id, u.display_name) for u in people]
