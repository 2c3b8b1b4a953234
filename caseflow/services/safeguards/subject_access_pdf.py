"""The subject access document as a PDF, in any interface language, on the site's letterhead.

It reads the same collected data as the JSON (services/safeguards/subject_access.py) and
only turns codes into words in the chosen language: what the person receives
in print and in JSON is the same content. Times are shown in the time zone of
the site where each thing happened. The PDF's metadata and the file name say
"subject access" and nothing about the person. An Arabic copy is laid out right to left
(its language's direction), the person's data set apart from the sentences around it
(caseflow.pdf.isolate) so that a phone number or a code keeps its own order.
"""

from __future__ import annotations

from datetime import date, datetime
from types import SimpleNamespace

from babel.dates import format_date, format_datetime
from flask_babel import force_locale
from flask_babel import gettext as _
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer
from sqlalchemy import select

from caseflow import languages, pathways
from caseflow.disciplines import Discipline
from caseflow.extensions import db
from caseflow.models.appointment import AppointmentKind, AppointmentStatus
from caseflow.models.certificate import CertificateStatus
from caseflow.models.referral import PartnerKind, ReferralStatus, Urgency
from caseflow.models.site import Site
from caseflow.pdf import Letterhead, Paragraph, build_pdf, escape, isolate, styles
from caseflow.timezones import local_from_utc, zone_of
from caseflow.vocabulary import (
    BirthDatePrecision,
    BirthDateSource,
    Confidentiality,
    ConsentDecision,
    ConsentMethod,
    ConsentPurpose,
    DecidedBy,
    InterpreterKind,
    NoteKind,
    Sex,
    Vulnerability,
)


class _Document:
    """Builds the story; every word goes through gettext under the chosen locale."""

    def __init__(self, data: dict, language: str) -> None:
        self.data = data
        self.language = language
        # An Arabic copy is laid out right to left (its language's direction).
        self.direction = languages.get(language).direction
        self.s = styles(self.direction)
        # A heading never ends a page alone.
        self.s["heading"] = ParagraphStyle("sa-heading", parent=self.s["heading"],
                                           keepWithNext=1)
        self.story: list = []
        self.sites = {s.code: s for s in db.session.scalars(select(Site))}

    # -- words ------------------------------------------------------------------------

    def day(self, iso: str | None) -> str:
        return format_date(date.fromisoformat(iso), "long", locale=self.language) if iso else "—"

    def moment(self, iso: str | None, site_code: str | None) -> str:
        if not iso:
            return "—"
        utc = datetime.fromisoformat(iso.removesuffix("Z"))
        local = local_from_utc(utc, zone_of(self.sites.get(site_code)))
        return format_datetime(local, "d MMMM y HH:mm", locale=self.language)

    def site(self, code: str | None) -> str:
        site = self.sites.get(code)
        return site.name if site else (code or "—")

    @staticmethod
    def person(user: dict | None) -> str:
        if not user:
            return "—"
        return ", ".join(part for part in (user["name"], user.get("profession")) if part)

    @staticmethod
    def label(enum_cls, value: str | None) -> str:
        if value is None:
            return "—"
        try:
            return str(enum_cls(value).label)
        except ValueError:
            return value

    @staticmethod
    def shared_with(confidentiality: str) -> str:
        """Who in the team reads the note, said to the person (the form's labels speak to
        the author: "my discipline only")."""
        if confidentiality == Confidentiality.TEAM:
            return _("Your care team, with your consent")
        return _("The professionals of this discipline only")

    def birth_date(self, identity: dict) -> str:
        iso, precision = identity["birth_date"], identity["birth_date_precision"]
        if not iso or precision == BirthDatePrecision.UNKNOWN:
            return _("Unknown")
        born = date.fromisoformat(iso)
        shown = {"year": str(born.year),
                 "month": format_date(born, "MMMM y", locale=self.language)}.get(
            precision, format_date(born, "long", locale=self.language))
        return f"{shown} ({self.label(BirthDateSource, identity['birth_date_source'])})"

    # -- layout -----------------------------------------------------------------------

    def heading(self, text: str) -> None:
        self.story.append(Paragraph(escape(text), self.s["heading"]))

    def para(self, text: str, style: str = "body") -> None:
        self.story.append(Paragraph(escape(text), self.s[style]))

    def facts(self, pairs: list[tuple[str, str | None]], style: str = "line") -> list:
        # Each value set apart (pdf.isolate): a phone number or a code keeps its own order
        # in an Arabic line, an Arabic name its own in a French one.
        return [Paragraph(f"<b>{escape(label)}</b>: {escape(isolate(value or '—'))}",
                          self.s[style]) for label, value in pairs]

    def block(self, title: str, pairs: list[tuple[str, str | None]], text: str | None = None,
              small: list[str] = ()) -> None:
        """A titled group of facts, kept on one page, then its text and small print."""
        head = [Paragraph(f"<b>{escape(title)}</b>", self.s["line"]), *self.facts(pairs)]
        # The section's heading goes with its first block: reportlab's keepWithNext does
        # not hold a heading to a KeepTogether (it left "Referrals" alone at a page's foot).
        if self.story and getattr(self.story[-1], "style", None) is self.s["heading"]:
            head.insert(0, self.story.pop())
        self.story.append(KeepTogether(head))
        if text:
            self.story.append(Paragraph(escape(text), self.s["quote"]))
        self.story += [Paragraph(escape(line), self.s["small"]) for line in small]
        self.story.append(Spacer(1, 3 * mm))

    def none(self) -> None:
        self.para(_("None recorded."), "small")

    # -- sections ---------------------------------------------------------------------

    def opening(self) -> None:
        data, identity = self.data, self.data["identity"]
        site = self.sites.get(data["site"])
        self.story.append(Paragraph(escape(_("Copy of your record (right of access)")),
                                    self.s["title"]))
        self.para(_("This document gives you everything that %(organisation)s keeps about you "
                    "in its record, as of %(date)s. Your record's code is %(code)s.",
                    organisation=isolate((site.organisation or site.name) if site else "caseflow"),
                    date=isolate(self.day(data["generated_at"][:10])),
                    code=isolate(identity["code"])))
        self.heading(_("What this document contains, and what it leaves out"))
        for item in data["disclosed"] + data["left_out"]:
            self.para("• " + item["reason"])

    def identity(self) -> None:
        from caseflow.i18n import country_name, language_name

        identity = self.data["identity"]
        self.heading(_("Identity as declared"))
        pairs = [
            (_("Family name"), identity["family_name"]),
            (_("Given names"), identity["given_names"]),
            (_("Other names"), ", ".join(identity["aliases"]) or None),
            (_("Date of birth"), self.birth_date(identity)),
            (_("Sex"), self.label(Sex, identity["sex"])),
            (_("Nationality"), country_name(identity["nationality"]) or None),
            (_("Languages"), ", ".join(language_name(c) for c in identity["languages"])
             or None),
            (_("Needs an interpreter"), _("Yes") if identity["interpreter_needed"] else _("No")),
            (_("Phone"), identity["phone"]),
            (_("How to reach"), identity["contact_notes"]),
            (_("Registered on"), self.day((identity["registered_at"] or "")[:10] or None)),
        ]
        if identity["earlier_codes"]:
            pairs.append((_("Earlier codes (merged records)"),
                          ", ".join(identity["earlier_codes"])))
        self.story.extend(self.facts(pairs))
        self.heading(_("Vulnerabilities"))
        for flag in self.data["flags"] or []:
            until = (_(" until %(date)s", date=self.day(flag["cleared_on"]))
                     if flag["cleared_on"] else "")
            self.para(_("%(flag)s, noted on %(date)s", flag=self.label(Vulnerability,
                        flag["flag"]), date=self.day(flag["noted_on"])) + until)
        if not self.data["flags"]:
            self.none()

    def enrolments(self) -> None:
        self.heading(_("Follow-up and pathways"))
        for enrolment in self.data["enrolments"]:
            programme = pathways.get(enrolment["programme"])
            state = (str(programme.state_label(enrolment["state"])) if programme
                     else enrolment["state"])
            small = [_("%(date)s: %(before)s → %(after)s (%(author)s)",
                       date=self.day(c["changed_on"]),
                       before=self._state(programme, c["from_state"]),
                       after=self._state(programme, c["to_state"]),
                       author=self.person(c["author"]))
                     + (f" — {c['note']}" if c["note"] else "")
                     for c in enrolment["state_changes"]]
            small += [_("Transferred from %(from)s to %(to)s on %(date)s",
                        **{"from": self.site(t["from_site"])}, to=self.site(t["to_site"]),
                        date=self.day(t["transferred_at"][:10]))
                      + (f" — {t['reason']}" if t["reason"] else "")
                      for t in enrolment["transfers"]]
            self.block(str(programme.label) if programme else enrolment["programme"], [
                (_("Site"), self.site(enrolment["site"])),
                (_("State"), state),
                (_("Since"), self.day(enrolment["started_on"])),
                (_("Ended on"), self.day(enrolment["ended_on"]) if enrolment["ended_on"]
                 else None),
            ], small=small)
        if not self.data["enrolments"]:
            self.none()

    @staticmethod
    def _state(programme, state: str) -> str:
        return str(programme.state_label(state)) if programme else state

    def consents(self) -> None:
        self.heading(_("Consent decisions"))
        for c in self.data["consents"]:
            scope = c["scope"]
            if scope == "all":
                scope = _("the whole care team")
            elif scope and scope.startswith("site:"):
                scope = self.site(scope.removeprefix("site:"))
            elif scope == "partner":
                scope = c["partner_name"]
            elif scope:
                scope = self.label(Discipline, scope)
            title = self.label(ConsentPurpose, c["purpose"]) + (f" ({scope})" if scope else "")
            small = [_("An adult of your choice accompanied you (name left out).")] \
                if c["accompanying_adult_named"] else []
            self.block(title, [
                (_("Decision"), self.label(ConsentDecision, c["decision"])),
                (_("Decided on"), self.day(c["decided_on"])),
                (_("Decided by"), self.label(DecidedBy, c["decided_by"])),
                (_("How"), self.label(ConsentMethod, c["method"])),
                (_("Interpreter"), self._interpreter(c)),
                (_("Review"), self.day(c["review_on"]) if c["review_on"] else None),
                (_("Recorded by"), self.person(c["recorded_by"])),
            ], c["note"], small)
        if not self.data["consents"]:
            self.none()

    def _interpreter(self, row: dict) -> str:
        from caseflow.i18n import language_name

        text = self.label(InterpreterKind, row["interpreter_kind"])
        if row["interpreter_language"]:
            text += f" ({language_name(row['interpreter_language'])})"
        return text

    def notes(self) -> None:
        from caseflow.services.care.notes import describe_codes, describe_details

        self.heading(_("Notes"))
        for note in self.data["notes"]:
            row = SimpleNamespace(discipline=note["discipline"], codes=note["codes"],
                                  details=note["details"])
            title = " — ".join([self.moment(note["occurred_at"], note["site"]),
                                self.label(NoteKind, note["kind"]),
                                self.label(Discipline, note["discipline"])])
            pairs = [(_("Site"), self.site(note["site"])),
                     (_("Written by"), self.person(note["author"])),
                     (_("Shared with"), self.shared_with(note["confidentiality"])),
                     (_("Interpreter"), self._interpreter(note))]
            pairs += describe_codes(row) + describe_details(row)
            small = [_("Earlier version %(version)s, saved %(when)s:", version=v["version"],
                       when=self.moment(v["saved_at"], note["site"]))
                     + (f" {v['text']}" if v["text"] else "")
                     for v in note["earlier_versions"]]
            self.block(title, pairs, note["text"], small)
        if not self.data["notes"]:
            self.none()

    def appointments(self) -> None:
        self.heading(_("Appointments"))
        for a in self.data["appointments"]:
            self.block(" — ".join([self.moment(a["scheduled_at"], a["site"]),
                                   self.label(AppointmentKind, a["kind"])]), [
                (_("Status"), self.label(AppointmentStatus, a["status"])),
                (_("Discipline"), self.label(Discipline, a["discipline"])),
                (_("Site"), self.site(a["site"])),
                (_("With"), self.person(a["with"]) if a["with"] else None),
            ], a["note"])
        if not self.data["appointments"]:
            self.none()

    def referrals(self) -> None:
        self.heading(_("Referrals"))
        for r in self.data["referrals"]:
            target = (self.label(PartnerKind, r["partner_kind"])
                      + (f" — {r['partner_name']}" if r["partner_name"] else "")
                      if r["partner_kind"] else self.label(Discipline, r["target_discipline"]))
            small = [f"{self.moment(h['changed_at'], r['site'])}: "
                     f"{self.label(ReferralStatus, h['status'])}" for h in r["status_history"]]
            self.block(self.moment(r["created_at"], r["site"]) + " — " + target, [
                (_("Referred by"), self.person(r["author"])),
                (_("Urgency"), self.label(Urgency, r["urgency"])),
                (_("Status"), self.label(ReferralStatus, r["status"])),
                (_("Outcome"), r["outcome"]),
            ], r["reason"], small)
        if not self.data["referrals"]:
            self.none()

    def certificates(self) -> None:
        from caseflow.certificates import TEMPLATES

        self.heading(_("Certificates issued"))
        for c in self.data["certificates"]:
            template = TEMPLATES.get(c["template"])
            kind = str(template.title) if template else c["template"]  # under force_locale
            self.block(f"{c['serial']} — {kind}", [
                (_("Issued on"), self.day(c["issued_on"])),
                (_("Status"), self.label(CertificateStatus, c["status"])),
                (_("Issued by"), self.person(c["author"])),
                (_("Site"), self.site(c["site"])),
            ])
        if not self.data["certificates"]:
            self.none()


def render(data: dict, language: str) -> bytes:
    """The PDF of the collected data (the caller has checked who asks, and audits)."""
    with force_locale(language):
        doc = _Document(data, language)
        for section in (doc.opening, doc.identity, doc.enrolments, doc.consents, doc.notes,
                        doc.appointments, doc.referrals, doc.certificates):
            section()
        # The Libya programme records, printed only for a person who has some.
        from caseflow.services.outreach import history as outreach_history
        from caseflow.services.safeguards import subject_access_programmes_pdf as programmes

        programmes.tb_episodes(doc)
        programmes.hospital_stays(doc)
        outreach_history.pdf_section(doc)  # outreach contacts linked to the person
        from caseflow.services.evacuation import history as evacuation_history

        evacuation_history.pdf_section(doc)  # evacuation cases out of Libya
        site = doc.sites.get(data["site"])
        letterhead = Letterhead(
            organisation=site.organisation if site else "", site_name=site.name if site else "",
            address=site.address if site else "", phone=site.phone if site else "",
            email=site.email if site else "")
        title = _("Subject access")
        footer = _("Confidential — your personal copy")
        return build_pdf(doc.story, letterhead=letterhead, title=title,
                         author=letterhead.organisation, footer=footer, language=language,
                         direction=doc.direction)
