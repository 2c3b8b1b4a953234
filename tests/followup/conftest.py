"""Helpers for follow-up tests: people registered as the personas would, hand-built contacts."""

from __future__ import annotations















