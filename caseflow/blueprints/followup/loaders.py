"""The loaders of appointments and referrals live with the rest of the policy."""

from caseflow.access import appointment_or_404, referral_or_404  # noqa: F401
