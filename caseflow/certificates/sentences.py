"""The sentences the templates share: those that agree with the person or the signer, and the
Istanbul Protocol's scale with the definition of each degree.

Each `Agreed` sentence is written three times, the same English msgid plain and under
the contexts "feminine" and "masculine", because pybabel extracts only what it reads as
a literal (wording.py). The person's sentences (the handover, the declared birth, the
person's statements, the consent) agree with the recorded sex; the opening
sentences (« Je soussigné(e) ») with the signer's form of address (render.py decides
which: an opening agrees with the signer, everything else with the person).
"""

from __future__ import annotations

from dataclasses import dataclass

from caseflow.certificates.wording import Agreed, Wording, pgettext

_l = Wording  # marks a msgid for `pybabel extract -k _l` (make extract-messages)


@dataclass(frozen=True)
class Noun:
    """What a document calls itself, and the sentences that name it.

    Whole sentences rather than a noun put into one: each language agrees them in
    its own way (French: "Certificat établi... remis", "Attestation établie...
    remise"), and a translator sees what the reader will. `to_lawyer` and
    `on_requisition` take %(recipient)s (and the latter %(reference)s and %(date)s, the
    requisition's); `replaces`, %(serial)s and %(date)s; `translation` (the note of a copy
    in another language than French), %(language)s; `complement` (a correction after a new
    examination), %(issue_date)s, %(exam_date)s and %(reason)s; `clerical` (a clerical
    error corrected without one), %(serial)s and %(reason)s. The first two name the person
    concerned, warned: they agree with the person."""

    in_hand: Wording
    to_lawyer: Wording
    on_requisition: Wording
    replaces: Wording
    translation: Wording
    complement: Wording
    clerical: Wording


CERTIFICATE = Noun(
    Agreed(
        _l("Certificate drawn up at the request of the person concerned, duly warned of the "
           "risks of its disclosure, and handed over to them in person."),
        pgettext("feminine", "Certificate drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over to them in "
                 "person."),
        pgettext("masculine", "Certificate drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over to them in "
                 "person.")),
    Agreed(
        _l("Certificate drawn up at the request of the person concerned, duly warned of the "
           "risks of its disclosure, and handed over, with their consent, to their lawyer, "
           "%(recipient)s."),
        pgettext("feminine", "Certificate drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over, with their "
                 "consent, to their lawyer, %(recipient)s."),
        pgettext("masculine", "Certificate drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over, with their "
                 "consent, to their lawyer, %(recipient)s.")),
    _l("Certificate drawn up on requisition (requisitioning authority: %(recipient)s; reference "
       "%(reference)s, dated %(date)s) and handed over to that authority."),
    _l("This certificate cancels and replaces certificate no. %(serial)s issued on %(date)s."),
    _l("This certificate was written in %(language)s at the person's request; in France a "
       "medical certificate is written in French, and a French version can be issued."),
    _l("Complementary / corrective certificate, drawn up on %(issue_date)s after a new "
       "examination on %(exam_date)s; reason: %(reason)s."),
    _l("Corrective certificate for a clerical error, without a new examination: the "
       "findings of certificate no. %(serial)s are unchanged. Correction: %(reason)s."),
)
REPORT = Noun(
    Agreed(
        _l("Report drawn up at the request of the person concerned, duly warned of the risks "
           "of its disclosure, and handed over to them in person."),
        pgettext("feminine", "Report drawn up at the request of the person concerned, duly "
                 "warned of the risks of its disclosure, and handed over to them in person."),
        pgettext("masculine", "Report drawn up at the request of the person concerned, duly "
                 "warned of the risks of its disclosure, and handed over to them in person.")),
    Agreed(
        _l("Report drawn up at the request of the person concerned, duly warned of the risks "
           "of its disclosure, and handed over, with their consent, to their lawyer, "
           "%(recipient)s."),
        pgettext("feminine", "Report drawn up at the request of the person concerned, duly "
                 "warned of the risks of its disclosure, and handed over, with their consent, "
                 "to their lawyer, %(recipient)s."),
        pgettext("masculine", "Report drawn up at the request of the person concerned, duly "
                 "warned of the risks of its disclosure, and handed over, with their consent, "
                 "to their lawyer, %(recipient)s.")),
    _l("Report drawn up on requisition (requisitioning authority: %(recipient)s; reference "
       "%(reference)s, dated %(date)s) and handed over to that authority."),
    _l("This report cancels and replaces report no. %(serial)s issued on %(date)s."),
    _l("This report was written in %(language)s at the person's request; in France a "
       "medico-legal report is written in French, and a French version can be issued."),
    _l("Complementary / corrective report, drawn up on %(issue_date)s after a new "
       "examination on %(exam_date)s; reason: %(reason)s."),
    _l("Corrective report for a clerical error, without a new examination: the "
       "findings of report no. %(serial)s are unchanged. Correction: %(reason)s."),
)
ATTESTATION = Noun(
    Agreed(
        _l("Attestation drawn up at the request of the person concerned, duly warned of the "
           "risks of its disclosure, and handed over to them in person."),
        pgettext("feminine", "Attestation drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over to them in "
                 "person."),
        pgettext("masculine", "Attestation drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over to them in "
                 "person.")),
    Agreed(
        _l("Attestation drawn up at the request of the person concerned, duly warned of the "
           "risks of its disclosure, and handed over, with their consent, to their lawyer, "
           "%(recipient)s."),
        pgettext("feminine", "Attestation drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over, with their "
                 "consent, to their lawyer, %(recipient)s."),
        pgettext("masculine", "Attestation drawn up at the request of the person concerned, "
                 "duly warned of the risks of its disclosure, and handed over, with their "
                 "consent, to their lawyer, %(recipient)s.")),
    _l("Attestation drawn up on requisition (requisitioning authority: %(recipient)s; reference "
       "%(reference)s, dated %(date)s) and handed over to that authority."),
    _l("This attestation cancels and replaces attestation no. %(serial)s issued on %(date)s."),
    _l("This attestation was written in %(language)s at the person's request; in France an "
       "attestation is written in French, and a French version can be issued."),
    _l("Complementary / corrective attestation, drawn up on %(issue_date)s after a new "
       "consultation on %(exam_date)s; reason: %(reason)s."),
    _l("Corrective attestation for a clerical error: the content of attestation no. "
       "%(serial)s is unchanged. Correction: %(reason)s."),
)

# --- Openings: « Je soussigné(e) », agreed with the signer -----------------------------------
# Placeholders: %(author)s, %(exam_date)s (the last consultation, for an attestation),
# %(identity)s.

EXAMINED = Agreed(
    _l("I, the undersigned, %(author)s, certify that on %(exam_date)s I examined "
       "%(identity)s."),
    pgettext("feminine", "I, the undersigned, %(author)s, certify that on %(exam_date)s I "
             "examined %(identity)s."),
    pgettext("masculine", "I, the undersigned, %(author)s, certify that on %(exam_date)s I "
             "examined %(identity)s."))
SEEN_IN_CONSULTATION = Agreed(
    _l("I, the undersigned, %(author)s, attest that I have seen in consultation, most "
       "recently on %(exam_date)s, %(identity)s."),
    pgettext("feminine", "I, the undersigned, %(author)s, attest that I have seen in "
             "consultation, most recently on %(exam_date)s, %(identity)s."),
    pgettext("masculine", "I, the undersigned, %(author)s, attest that I have seen in "
             "consultation, most recently on %(exam_date)s, %(identity)s."))
FOLLOWED = Agreed(
    _l("I, the undersigned, %(author)s, attest that %(identity)s, is followed by our team, "
       "most recently on %(exam_date)s."),
    pgettext("feminine", "I, the undersigned, %(author)s, attest that %(identity)s, is "
             "followed by our team, most recently on %(exam_date)s."),
    pgettext("masculine", "I, the undersigned, %(author)s, attest that %(identity)s, is "
             "followed by our team, most recently on %(exam_date)s."))

# --- The person: identity as declared, statements, consent ----------------------------------

IDENTITY = _l("a person who states that their name is %(names)s, %(birth)s")
BORN_ON = Agreed(
    _l("and declares being born on %(date)s"),
    pgettext("feminine", "and declares being born on %(date)s"),
    pgettext("masculine", "and declares being born on %(date)s"))
BORN_IN_MONTH = Agreed(
    _l("and declares being born in %(date)s (month and year only)"),
    pgettext("feminine", "and declares being born in %(date)s (month and year only)"),
    pgettext("masculine", "and declares being born in %(date)s (month and year only)"))
BORN_IN_YEAR = Agreed(
    _l("and declares being born in %(date)s (year only)"),
    pgettext("feminine", "and declares being born in %(date)s (year only)"),
    pgettext("masculine", "and declares being born in %(date)s (year only)"))
BIRTH_UNKNOWN = _l("and declares not knowing their date of birth")

STATEMENTS = Agreed(
    _l("Statements of the person"),
    pgettext("feminine", "Statements of the person"),
    pgettext("masculine", "Statements of the person"))
STATES = Agreed(
    _l("The person states, in their own words:"),
    pgettext("feminine", "The person states, in their own words:"),
    pgettext("masculine", "The person states, in their own words:"))
# The lead of a statement the author reports rather than quotes (data.Reported).
REPORTED = Agreed(
    _l("The person's account, reported in indirect speech (not their own words):"),
    pgettext("feminine", "The person's account, reported in indirect speech (not their own "
             "words):"),
    pgettext("masculine", "The person's account, reported in indirect speech (not their own "
             "words):"))
# The psychological attestation: what the person reports, apart from what was observed.
WHAT_REPORTS = Agreed(
    _l("What the person reports"),
    pgettext("feminine", "What the person reports"),
    pgettext("masculine", "What the person reports"))
REPORTS = Agreed(
    _l("The person reports:"),
    pgettext("feminine", "The person reports:"),
    pgettext("masculine", "The person reports:"))
REPORTS_FEELING = Agreed(
    _l("The person reports feeling:"),
    pgettext("feminine", "The person reports feeling:"),
    pgettext("masculine", "The person reports feeling:"))
ALLEGES = Agreed(
    _l("The person alleges, in their own words:"),
    pgettext("feminine", "The person alleges, in their own words:"),
    pgettext("masculine", "The person alleges, in their own words:"))

CONSENT_TEXT = Agreed(
    _l("The person's informed consent was obtained before the examination, after being told "
       "its purpose, how the report will be used and its possible consequences; the person "
       "was told they could refuse or stop the examination at any time."),
    pgettext("feminine", "The person's informed consent was obtained before the examination, "
             "after being told its purpose, how the report will be used and its possible "
             "consequences; the person was told they could refuse or stop the examination at "
             "any time."),
    pgettext("masculine", "The person's informed consent was obtained before the "
             "examination, after being told its purpose, how the report will be used and its "
             "possible consequences; the person was told they could refuse or stop the "
             "examination at any time."))

# --- Who helped: the interpreter, in the words of what was done -----------------------------
# %(language)s: " (dari)" when the language interpreted is known, else nothing.

EXAMINATION_INTERPRETED = _l("Examination carried out with the help of %(name)s, "
                             "interpreter%(language)s.")
# A psychologist holds interviews, not an examination.
INTERVIEWS_INTERPRETED = _l("Interviews carried out with the help of %(name)s, "
                            "interpreter%(language)s.")
CONSULTATIONS_INTERPRETED = _l("Consultations carried out with the help of %(name)s, "
                               "interpreter%(language)s.")

# --- The alleged facts, as declared --------------------------------------------------------

FACTS_HEADING = _l("Alleged facts: date and place, as declared")
FACTS_ON = _l("Date of the alleged facts, as declared: %(date)s.")
FACTS_BETWEEN = _l("Period of the alleged facts, as declared: from %(start)s to %(end)s.")
FACTS_PLACE = _l("Place, as declared: %(place)s.")

# --- Requisition: the oath of article 60 of the code de procédure pénale -----------------------
# A doctor requisitioned who is not a sworn expert takes this oath in writing, on the report.

OATH = _l("I swear to assist the course of justice on my honour and my conscience (article 60 "
          "of the French Code of Criminal Procedure).")

# --- The Istanbul Protocol's statement of truthfulness ----------------------------------------

TRUTHFULNESS = _l("Statement of truthfulness: I personally know the facts stated in this report, "
                  "except those stated on information and belief, which I believe to be true. I "
                  "would be prepared to testify to the above statements based on my personal "
                  "knowledge and belief.")
