"""Registering people: identity, search, duplicates, imports, transfers between sites."""
