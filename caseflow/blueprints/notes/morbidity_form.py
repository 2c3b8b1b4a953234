"""The coordinator's form for a new morbidity code: the code, then one label per language.

The label fields are made from the language registry (caseflow/languages.py) each time
the form is built, so a language added to the registry gets its field here without
touching this form. Each field is named `label_<code>` and typed in its own language
and direction.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Field, StringField
from wtforms.validators import DataRequired, Length

from caseflow import languages
from caseflow.i18n import language_name


def _label_field(language: languages.Language):
    return StringField(_("Label in %(language)s", language=language_name(language.code)),
                       validators=[DataRequired(), Length(max=120)],
                       render_kw={"lang": language.code, "dir": language.direction})


class MorbidityForm(FlaskForm):
    code = StringField(_l("Code"), validators=[DataRequired(), Length(max=40)])

    def __init__(self, *args, **kwargs):
        # WTForms builds an instance from _unbound_fields: the declared fields, plus one
        # label field per language registered now.
        self._unbound_fields = [*type(self)._unbound_fields,
                                *((f"label_{language.code}", _label_field(language))
                                  for language in languages.LANGUAGES)]
        super().__init__(*args, **kwargs)

    def label_fields(self) -> list[Field]:
        return [self[f"label_{code}"] for code in languages.codes()]

    def labels(self) -> dict[str, str]:
        """Language code → label as typed, trimmed."""
        return {code: (self[f"label_{code}"].data or "").strip() for code in languages.codes()}
