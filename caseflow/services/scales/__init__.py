"""Validated scales (issue 20): who reads and records them, recording and correcting them,
and their entries on the person's timeline.

- who.py: may_read / may_write and the SQL condition on the results a user reads;
- results.py: record, correct, mark entered in error, list per person (checked, made
  and audited together);
- timeline.py: one entry per administration, from the same query as the person panel.

The scoring itself is caseflow/scales (no database, no request).
"""
