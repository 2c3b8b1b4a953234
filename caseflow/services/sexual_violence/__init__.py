"""Sexual-violence care (issue 20): consultations, their clock, follow-up, who may do what.

Among the most sensitive records caseflow holds. Only the medical discipline (doctors,
nurses, midwives and the medical coordinator) of the person's sites reads and writes
them; a consultation marked "private" is its author's alone. Every request that opens a
consultation is audited (as TB episodes are); the audit events carry codes only, never
the assault's date or the notes. Follow-up visits are ordinary medical appointments whose
note says nothing of their reason: a colleague of another discipline who sees the
person's appointments under team sharing sees "Follow-up visit", no more.
"""
