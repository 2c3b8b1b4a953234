"""The message a certificate form shows for each problem of its content that it places on a
field: what the author reads, in their language, beside what they typed.

The checks are caseflow.certificates' (check_content); their problems' texts are English,
for logs and tests, and repeat nothing typed. Here each becomes a sentence for the author.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from caseflow.certificates import Check, Problem
from caseflow.services import ServiceError

# The problems the form places on a field, in the order it shows the first one. The others
# (a required part missing...) surface when the draft is validated, as "The certificate is
# incomplete".
SHOWN_FIRST = (Check.UNKNOWN_FIELD, Check.LANGUAGE, Check.EXAM_AFTER_ISSUE, Check.NO_RECIPIENT,
               Check.REQUISITION, Check.UNNAMED_INTERPRETER, Check.ONE_OF, Check.FACTS,
               Check.CAUSAL, Check.DATE_AFTER_EXAM)
# The requisition's problems, by the field they concern.
_REQUISITION = {
    "handover_reference": _l("Give the reference of the requisition: it is printed."),
    "handover_date": _l("Give the date of the requisition, on or before the examination."),
}


def refusal(problem: Problem, template, language: str) -> ServiceError:
    """The form's message for a problem of `SHOWN_FIRST`, on its field."""
    match problem.check:
        case Check.LANGUAGE:
            return ServiceError(_l("Choose one of the languages offered."), field="language")
        case Check.EXAM_AFTER_ISSUE:  # a draft is issued today at the earliest
            return ServiceError(_l("The examination cannot be in the future."),
                                field="exam_date")
        case Check.NO_RECIPIENT:
            return ServiceError(_l("Name the lawyer or the requisitioning authority."),
                                field="handover_recipient")
        case Check.REQUISITION:
            return ServiceError(_REQUISITION[problem.field or "handover_reference"],
                                field=problem.field)
        case Check.FACTS:
            return ServiceError(_l("The alleged facts come before the examination, and a "
                                   "period ends after it starts."), field=problem.field)
        case Check.CAUSAL:  # the sentence is on the form, beside the message: not repeated
            return ServiceError(_l("A sentence here states a cause as a fact (« en lien avec », "
                                   "“due to”…): write « selon ses dires » if it is the "
                                   "person's account, or keep to what you observed."),
                                field=problem.field)
        case Check.UNNAMED_INTERPRETER:
            return ServiceError(_l("Give the interpreter's name."), field="interpreter_name")
        case Check.ONE_OF:
            headings = {spec.key: spec.heading.get(language) for spec in template.fields}
            return ServiceError(_l("Fill in at least one of: %(parts)s.",
                                   parts=" / ".join(headings[key] for key in problem.parts)),
                                field=problem.field)
        case _:  # Check.DATE_AFTER_EXAM
            return ServiceError(_l("No date of follow-up can come after the last "
                                   "consultation."), field=problem.field)


