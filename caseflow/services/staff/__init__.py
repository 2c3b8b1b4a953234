"""Accounts and sign-in: users, sites, passwords, two-factor, sessions, role grants."""
