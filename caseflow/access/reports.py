"""Who may see indicators (docs/SECURITY.md, Access rule 3).

Medical coordinators validate the figures, data managers send them to
headquarters: both see aggregates only. Clinicians see their own people
instead, administrators manage accounts and see no activity at all.
"""

from __future__ import annotations

from caseflow.roles import Role

INDICATOR_ROLES = frozenset({Role.COORDINATOR, Role.DATA_MANAGER})


def may_see_indicators(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in INDICATOR_ROLES


def indicator_site_ids(user) -> list[int] | None:
    """Sites whose figures the user may see: coordinators every site (None), data managers
    the sites they are members of."""
    if user.role == Role.COORDINATOR:
        return None
    return sorted(user.site_ids)
