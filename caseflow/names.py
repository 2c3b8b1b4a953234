"""A person's full name as the reader of its script expects it.

A name written in Latin letters is shown family name first ("Traoré Awa"; certificates
print the family name in capitals, "TRAORÉ Awa"), the French administrative order, which
tells a court and a colleague which name is which. A name written in Arabic script is
shown given name first (« حواء عثمان »): read family-first, « عثمان حواء » is a man
called Othman son of Hawa, a misreading no capital letter can prevent, since Arabic
script has none. The rule is about the script the name was registered in, not the
reader's interface language: the same person reads the same way on every page.
"""

from __future__ import annotations

import re

# Arabic, Arabic Supplement, Extended-A, and the presentation forms (pasted from PDFs).
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


def written_in_arabic(*parts: str | None) -> bool:
    return any(part and _ARABIC_SCRIPT.search(part) for part in parts)


def full_name(family: str | None, given: str | None) -> str:
    """The declared names in their script's order; "" when there is none."""
    family, given = (family or "").strip(), (given or "").strip()
    ordered = (given, family) if written_in_arabic(family, given) else (family, given)
    return " ".join(part for part in ordered if part)
