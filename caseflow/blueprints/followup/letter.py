"""The referral letter's words, in any interface language: only what the consent allows.

The person's declared identity ("qui dit se nommer"), the declared date of
birth, the reason written for the partner, the urgency, the referring
professional and the site's letterhead, the date. No other clinical content.
Each piece of data is set apart from the sentence it sits in (caseflow.pdf.isolate): in
an Arabic letter a Latin name or a number keeps its own order, in a French one an Arabic
name its own.
"""

from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask_babel import force_locale
from flask_babel import gettext as _

from caseflow import languages
from caseflow.blueprints.people.presenters import declared_birth_date, display_name
from caseflow.models.referral import Referral
from caseflow.pdf import Letterhead, isolate
from caseflow.pdf.letter import Letter, Section, render_letter
from caseflow.timezones import site_today


def compose(person, referral: Referral, author, language: str,
            today: date | None = None) -> Letter:
    site = referral.site
    today = today or site_today(site)  # the letter is dated where it is written
    with force_locale(language):
        dated = format_date(today, "long", locale=language)
        place_and_date = _("%(place)s, %(date)s", place=isolate(site.name), date=isolate(dated))
        if person.birth_date is None or person.birth_date_precision == "unknown":
            identity = _("We are referring to you a person who states that their name is "
                         "%(name)s (date of birth not known).", name=isolate(display_name(person)))
        else:
            identity = _("We are referring to you a person who states that their name is "
                         "%(name)s (declared date of birth: %(birth_date)s).",
                         name=isolate(display_name(person)),
                         birth_date=isolate(declared_birth_date(person)))
        signature = [author.display_name]
        if author.profession:
            signature.append(author.profession)
        if author.rpps:
            signature.append(_("RPPS no. %(number)s", number=isolate(author.rpps)))
        elif author.adeli:
            signature.append(_("ADELI no. %(number)s", number=isolate(author.adeli)))
        signature.append(site.name)
        signature += [line for line in (site.phone, site.email) if line]
        return Letter(
            letterhead=Letterhead(organisation=site.organisation, site_name=site.name,
                                  address=site.address, phone=site.phone, email=site.email),
            place_and_date=place_and_date,
            addressee=[_("To: %(partner)s", partner=isolate(referral.partner_name or "")),
                       str(referral.partner_kind.label)],
            subject=_("Referral letter"),
            opening=_("Dear colleague,"),
            sections=[
                Section(None, identity),
                Section(_("Reason for the referral"), referral.reason or ""),
                Section(_("Urgency"), str(referral.urgency.label)),
            ],
            closing=_("This letter is handed over with the person's consent, for this "
                      "referral only. Thank you for receiving them; we remain available."),
            signature=signature,
            title=_("Referral letter"),
            footer=_("Confidential: shared with the person's consent"),
            language=language,
            direction=languages.get(language).direction,
        )


def render(person, referral: Referral, author, language: str) -> bytes:
    return render_letter(compose(person, referral, author, language))
