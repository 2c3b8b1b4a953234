"""Certificates issued as the personas would, through the services."""

from __future__ import annotations












