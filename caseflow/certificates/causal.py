"""Causal links written as facts: « troubles en lien avec les violences subies ».

A psychologist attests what they observed and reports what the person says; they do not
establish what caused a symptom, and a court reads « en lien avec » written as a fact as
exactly that. The rule (issue 16, the psychological attestation): a sentence that links a
state to a cause carries its attribution, « selon ses dires » (or « d'après ses dires »,
« selon l'intéressé(e) », "according to the person", "as the person reports"…), in the
same sentence. The match folds case and accents, and only whole sentences are quoted back
to the author, on their own form, never logged.
"""

from __future__ import annotations

import re
import unicodedata

# Connectors that state a cause, French then English.
_CAUSES = (
    r"en lien avec", r"lie(?:e|s|es)? (?:a|aux|au)\b", r"en rapport avec",
    r"consecuti(?:f|ve|fs|ves) (?:a|aux|au)\b", r"du(?:e|s|es)? (?:a|aux|au)\b",
    r"du fait d(?:e|es|u)\b", r"cause(?:e|s|es)? par", r"a cause d(?:e|es|u)\b",
    r"suite a(?:ux|u)?\b", r"(?:a la|en) suite d(?:e|es|u)\b", r"provoque(?:e|s|es)? par",
    r"secondaire(?:s)? (?:a|aux|au)\b", r"imputable(?:s)? (?:a|aux|au)\b",
    r"related to", r"linked to", r"caused by", r"due to", r"as a result of",
    r"resulting from", r"a consequence of", r"secondary to", r"attributable to",
    r"because of",
)
# Words that attribute the link to the person.
_ATTRIBUTIONS = (
    r"selon (?:ses|leurs) dires", r"d'apres (?:ses|leurs) dires", r"selon (?:lui|elle)\b",
    r"selon l'interesse(?:e|\(e\))?", r"d'apres l'interesse(?:e|\(e\))?",
    r"selon (?:ses|leurs) propos", r"rapporte(?:e|nt)? que", r"dit que", r"declare que",
    r"according to (?:the person|him|her|them)", r"as (?:the person|he|she|they) reports?",
    r"in (?:the person's|his|her|their) (?:own )?words", r"(?:he|she|they|the person) "
    r"(?:says?|states?|reports?|attributes?)",
)
_CAUSE = re.compile(r"\b(?:" + "|".join(_CAUSES) + r")")
_ATTRIBUTION = re.compile(r"\b(?:" + "|".join(_ATTRIBUTIONS) + r")")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


def unattributed_causes(text: str) -> list[str]:
    """The sentences of `text` that state a cause without attributing it to the person."""
    found = []
    for match in _SENTENCE.finditer(text):
        sentence = match.group(0)
        folded = _fold(sentence)
        if _CAUSE.search(folded) and not _ATTRIBUTION.search(folded):
            found.append(sentence.strip())
    return found
