"""The registry of sealed secrets: every column that stores values sealed by
caseflow.crypto.secrets (a KEK version written in each value).

Why a registry: a sealed value opens only while its KEK version exists. A column that
``rotate-keys`` does not know keeps its values on the old version, and ``retire-kek``
then deletes the only key that opens them: data loss (an outreach session's key lost is
the whole session and its contacts lost). caseflow.crypto.rotation reseals, counts and
guards retirement for every column listed here, and ``encrypt_secret`` refuses a purpose
that is declared neither here nor as transient, so the next feature that seals something
cannot forget to register it.

Named without importing the models (crypto sits below them), like caseflow.crypto.tables:
tests/crypto/test_rotation_outreach.py checks that the models agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Integer, LargeBinary, TableClause, Uuid, column, table
from sqlalchemy.types import TypeEngine


@dataclass(frozen=True)
class SealedColumn:
    """One column of sealed values: its table, its row key, the purpose it is sealed for.

    Each value is bound to its row by the context ``<table>.<column>|<row key>``."""

    table: str
    column: str
    purpose: str
    key: str = "id"
    key_type: type[TypeEngine] = Integer

    @property
    def name(self) -> str:
        return f"{self.table}.{self.column}"

    def context(self, row_key) -> str:
        """The associated data that binds a sealed value to its row."""
        return f"{self.name}|{row_key}"

    def clause(self) -> TableClause:
        """The two columns rotation reads and writes, as a core table."""
        return table(self.table, column(self.key, self.key_type),
                     column(self.column, LargeBinary))


# Staff members' TOTP seeds (caseflow.services.staff.two_factor).
TOTP_SECRET = SealedColumn("user_account", "totp_secret", "totp")
# Each outreach session's data key (caseflow.services.outreach.keys).
OUTREACH_SESSION_KEY = SealedColumn("outreach_session", "sealed_key", "outreach_session_key",
                                    key_type=Uuid)

SEALED_COLUMNS: tuple[SealedColumn, ...] = (TOTP_SECRET, OUTREACH_SESSION_KEY)

# Purposes of values sealed but never stored in the database, hence nothing to reseal
# (a search query kept in the signed cookie, caseflow.services.intake.search: one sealed
# under a retired version simply no longer opens, and the user searches again).
TRANSIENT_PURPOSES = frozenset({"person-search"})


def known_purpose(purpose: str) -> bool:
    return purpose in TRANSIENT_PURPOSES or any(c.purpose == purpose for c in SEALED_COLUMNS)
