"""Tuberculosis episodes (issue 19): record, update, observed doses, who may do what.

Decision about the `tb_treatment` programme (caseflow/pathways/definitions.py): the
episode is the clinical record and this package leaves the pathway alone. Why:

- the programme's "lost" state comes from its `lost_after_days=14`, the whole-programme
  threshold of the lost-to-follow-up list; WHO's "lost to follow-up" is treatment
  interrupted for two consecutive months, computed here from the observed doses and
  shown to the clinician, who records the outcome. Driving the enrolment from the
  episode would put two different definitions of "lost" on the same person;
- a person presumed or diagnosed who never starts treatment must not be counted as
  lost, while an enrolment in `tb_treatment` starts "on treatment";
- the enrolment says which site follows the person (transfers, the care team), which
  the episode needs anyway: episodes are recorded at a site that follows the person.

The lead may later close the enrolment when an outcome is recorded (one call to the
pathway service from `episodes.update`); nothing here depends on it.
"""
