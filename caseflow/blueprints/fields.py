"""Form fields shared by several blueprints."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField


class WholeNumberField(IntegerField):
    """An integer of at most 9 digits: a height, a pulse, a number of days.

    Why: WTForms' NumberRange checks math.isnan(value), which overflows on an integer of
    hundreds of digits; refusing long input first turns that 500 into a plain message.
    """

    MAX_DIGITS = 9

    def process_formdata(self, valuelist):
        if valuelist and len((valuelist[0] or "").strip().lstrip("+-")) > self.MAX_DIGITS:
            self.data = None
            raise ValueError(_l("Give a number of at most 9 digits."))
        super().process_formdata(valuelist)


def parse_version(raw) -> int | None:
    """The version a form was opened on, or None when missing, garbage or out of range.

    Why: a hidden field can be emptied or tampered with ("9"*5000, "²"): never a 500
    (int() refuses 4,300+ digits), and the service treats None as a conflict, never as
    "skip the check".
    """
    text = str(raw if raw is not None else "").strip()
    if not text or len(text) > WholeNumberField.MAX_DIGITS or not text.isascii():
        return None
    try:
        number = int(text)
    except ValueError:
        return None
    return number if 0 < number < 2**31 else None
