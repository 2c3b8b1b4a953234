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
    `on_requisition` take %(recipient)s; `replaces`, %(serial)s and %(date)s;
    `translation` (the note of a copy in another language than French), %(language)s.
    The first two name the person concerned, warned: they agree with the person."""

    in_hand: Wording
    to_lawyer: Wording
    on_requisition: Wording
    replaces: Wording
    translation: Wording


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
    _l("Certificate drawn up on the requisition of %(recipient)s and handed over to the "
       "requisitioning authority."),
    _l("This certificate cancels and replaces certificate no. %(serial)s issued on %(date)s."),
    _l("This certificate was written in %(language)s at the person's request; in France a "
       "medical certificate is written in French, and a French version can be issued."),
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
    _l("Report drawn up on the requisition of %(recipient)s and handed over to the "
       "requisitioning authority."),
    _l("This report cancels and replaces report no. %(serial)s issued on %(date)s."),
    _l("This report was written in %(language)s at the person's request; in France a "
       "medico-legal report is written in French, and a French version can be issued."),
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
    _l("Attestation drawn up on the requisition of %(recipient)s and handed over to the "
       "requisitioning authority."),
    _l("This attestation cancels and replaces attestation no. %(serial)s issued on %(date)s."),
    _l("This attestation was written in %(language)s at the person's request; in France an "
       "attestation is written in French, and a French version can be issued."),
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

# --- The Istanbul Protocol's scale ------------------------------------------------------------
# Printed under the findings (render.py), so that « compatible » is read as the Protocol
# means it: the weakest support, with many other possible causes. In the Protocol's terms.

SCALE_HEADING = _l("Degrees of consistency (Istanbul Protocol)")
SCALE_LEAD = _l("Each finding above is graded against the allegations on the Istanbul "
                "Protocol's scale, from the weakest support to the strongest:")
SCALE_DEFINITIONS = {
    "not_consistent": _l("the lesion could not have been caused by the trauma described."),
    "consistent": _l("the lesion could have been caused by the trauma described, but it is "
                     "non-specific and there are many other possible causes."),
    "highly_consistent": _l("the lesion could have been caused by the trauma described, and "
                            "there are few other possible causes."),
    "typical": _l("this is an appearance that is usually found with this type of trauma, but "
                  "there are other possible causes."),
    "diagnostic": _l("this appearance could not have been caused in any way other than that "
                     "described."),
}
