"""Vaccination status and doses (issue 20): who reads and writes them, the changes, the
catch-up schedule, and the doses' part of the timeline.

- records.py: the status and the doses, each change checked, made and audited together;
- schedule.py: the catch-up table and the next dose due (pure, no database);
- timeline.py: doses given here, on the person's timeline.
"""
