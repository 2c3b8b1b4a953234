"""A site's country decides what the law and the practice of the place ask
(caseflow/countries.py): read as a Tripoli doctor and an administrator would. The
certificates' side (templates offered, languages, requisition, registers) is in
tests/certificates/test_medical_report.py and test_signer_country.py."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from caseflow import countries, pathways
from caseflow.extensions import db
from caseflow.models.referral import PartnerKind
from caseflow.models.site import Site
from tests.support.web import csrf_token_from


def test_it_keeps_each_countrys_rules_in_one_registry():
    france, libya = countries.country("FR"), countries.country("ly")
    assert (france.legal_language, france.requisition, france.minor_reporting_duty) == (
        "fr", True, True)
    assert (libya.legal_language, libya.requisition, libya.minor_reporting_duty) == (
        None, False, False)
    assert libya.document_languages[0] == "ar" and france.document_languages[0] == "fr"
    assert libya.outreach and not france.outreach
    # A country no entry names assumes no law at all.
    assert countries.country("TN") is countries.UNLISTED and not countries.UNLISTED.requisition
    assert countries.country(None) is countries.UNLISTED


@pytest.mark.parametrize("rules", [*countries.COUNTRIES.values(), countries.UNLISTED])
def test_it_names_only_real_partners_and_programmes(rules):
    assert set(rules.referral_partners) <= {kind.value for kind in PartnerKind}
    assert pathways.get(rules.default_programme) is not None


def _partner_options(page: str) -> set[str]:
    return set(re.findall(r'value="partner:(\w+)"', page))


def test_it_offers_the_partners_of_the_sites_country(register, as_user):
    tripoli = register("charlie", "TRI", "Haroun", "Idriss", born=1994)
    offered = _partner_options(as_user("charlie").get(f"/people/{tripoli}/referrals/new").text)
    assert offered == {"hospital", "unhcr", "iom", "protection_actor", "lawyer", "other"}
    pantin = register("amina", "PAN", "Keita", "Moussa", born=2009)
    offered = _partner_options(as_user("amina").get(f"/people/{pantin}/referrals/new").text)
    assert {"hospital_pass", "psychiatry_cmp", "child_welfare_ase"} <= offered
    assert "iom" not in offered


def test_it_starts_a_new_site_on_its_countrys_usual_programme(app, client, as_user):
    as_user("admin")
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    form = client.get("/admin/sites/new")
    assert "As usual in the site&#39;s country" in form.text or (
        "As usual in the site's country" in form.text)
    data = {"code": "BEN", "name": "Benghazi", "country": "LY", "kind": "shelter",
            "timezone": "Africa/Tripoli", "active": "y", "default_programme": "",
            "csrf_token": csrf_token_from(form.text)}
    assert client.post("/admin/sites/new", data=data).status_code == 302
    with app.app_context():
        site = db.session.scalar(select(Site).where(Site.code == "BEN"))
        assert site.default_programme == countries.LIBYA.default_programme == "general"


def test_it_shows_outreach_to_the_clinicians_of_a_country_that_does_it(as_user):
    """Charlie (Tripoli) finds the outreach sessions in his menu; Amina (Pantin) does not."""
    assert 'href="/outreach/"' in as_user("charlie").get("/").text
    assert 'href="/outreach/"' not in as_user("amina").get("/").text


@pytest.mark.parametrize(("login", "site", "cites"), [("amina", "PAN", True),
                                                      ("charlie", "TRI", False)])
def test_it_cites_french_law_for_a_minors_consent_only_to_french_teams(
        as_user, register, login, site, cites):
    """A minor deciding alone with an adult of their choice is offered to both teams; the
    article of the French code is cited to the Paris doctor, not to the Tripoli doctor."""
    person_id = register(login, site, "Haile", "Semhar", born=2009)
    client = as_user(login)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    page = client.get(f"/people/{person_id}/consents/new")
    assert page.status_code == 200
    assert 'value="minor_with_adult"' in page.text
    assert ("L1111-5" in page.text) is cites
