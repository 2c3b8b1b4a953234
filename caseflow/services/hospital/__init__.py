"""Hospital follow-up (Libya): partner hospitals, admissions, visits, discharge and costs.

Who: doctors, nurses and midwives (obstetric admissions are frequent) of a site that
follows the person, and the medical coordinator (HOSPITAL_ROLES). Costs covered by the
programme are the coordinator's (COST_ROLES); clinicians never receive the amounts; the
data manager reads only monthly totals per currency over at least 5 stays
(reports/hospital_indicators.py).
"""

from caseflow.roles import Role

HOSPITAL_ROLES = frozenset({Role.DOCTOR, Role.NURSE, Role.MIDWIFE, Role.COORDINATOR})
COST_ROLES = frozenset({Role.COORDINATOR})


def may_follow_hospital(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in HOSPITAL_ROLES


def may_see_costs(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in COST_ROLES
