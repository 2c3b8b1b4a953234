"""Notifiable diseases: what is due to the health authority, and what was done (issue 20).

See caseflow/models/declaration.py for why caseflow reminds and records but never sends.
"""
