"""The dashboard, the CSV and the PDF: who may open them, what they hold, and their audit."""

from __future__ import annotations

import csv
import io

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from caseflow.extensions import db
from caseflow.models.audit import AuditEvent
from tests.reports.conftest import NAMES

QUERY = "?month=2026-03"


@pytest.mark.parametrize("login", ["claire", "omar"])
def test_it_shows_the_dashboard_to_coordinators_and_data_managers(as_user, march, login):
    page = as_user(login).get("/indicators/" + QUERY)
    assert page.status_code == 200
    assert "<svg" in page.text and "Nouvelles personnes incluses" in page.text
    assert not any(name in page.text for name in NAMES)


@pytest.mark.parametrize("login", ["amina", "admin"])
def test_it_refuses_the_dashboard_to_other_roles(as_user, login):
    assert as_user(login).get("/indicators/").status_code == 403


def test_it_sends_anonymous_visitors_to_sign_in(client):
    response = client.get("/indicators/")
    assert response.status_code == 302 and "/login" in response.location


def _events(app, action):
    with app.app_context():
        return list(db.session.scalars(select(AuditEvent).where(
            AuditEvent.object_type == "indicators", AuditEvent.action == action)))


def test_it_exports_a_suppressed_csv_in_french_and_audits_it(app, as_user, march):
    response = as_user("omar").get("/indicators/export.csv" + QUERY + "&lang=fr")
    assert response.status_code == 200
    assert response.data.startswith(b"\xef\xbb\xbf")
    text = response.data.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    header = lines[1]
    assert header[:5] == ["Indicateur", "Catégorie", "Unité", "Total", "Mois précédent"]
    contacts = next(r for r in lines if r[0] == "Contacts par discipline" and r[1] == "Ensemble")
    # The total is hidden too ("x"): beside "<5" sites it would give them away
    # (tests/reports/test_suppression_secondary.py).
    assert contacts[3] == "x" and contacts[4] == "<5"
    assert "masqués" in lines[-1][0]
    assert not any(name in text for name in NAMES)
    events = _events(app, "export")
    assert events and events[-1].details["format"] == "csv"


def test_it_exports_headers_in_english(as_user, march):
    text = as_user("claire").get("/indicators/export.csv" + QUERY + "&lang=en").data.decode(
        "utf-8-sig")
    assert "Indicator,Category,Unit,Total,Previous month" in text
    assert "suppressed" in text


def test_it_exports_a_pdf_that_holds_the_figures(app, as_user, march):
    response = as_user("claire").get("/indicators/report.pdf" + QUERY + "&lang=en")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(response.data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Activity indicators" in text and "2026-03" in text
    assert "Contacts per discipline" in text and "<5" in text
    assert not any(name in text for name in NAMES)
    assert reader.metadata.title == "Activity indicators"
    assert _events(app, "export")[-1].details["format"] == "pdf"


def test_it_audits_a_view_of_the_dashboard(app, as_user, march):
    as_user("omar").get("/indicators/" + QUERY)
    assert _events(app, "view")


def test_it_offers_the_menu_item_to_data_managers_only_among_omar_and_amina(as_user):
    assert 'href="/indicators/"' in as_user("omar").get("/").text
    assert 'href="/indicators/"' not in as_user("amina").get("/").text


def test_it_exports_from_the_command_line(app, runner, march, tmp_path):
    out = tmp_path / "march.csv"
    result = runner.invoke(args=["export-indicators", "--month", "2026-03", "--site", "CAL",
                                 "--format", "csv", "--output", str(out)])
    assert result.exit_code == 0, result.output
    text = out.read_bytes().decode("utf-8-sig")
    assert "CAL" in text and "<5" in text
    pdf = tmp_path / "march.pdf"
    result = runner.invoke(args=["export-indicators", "--month", "2026-03", "--format", "pdf",
                                 "--output", str(pdf)])
    assert result.exit_code == 0 and pdf.read_bytes().startswith(b"%PDF")
    assert runner.invoke(args=["export-indicators", "--month", "03-2026"]).exit_code != 0


def test_it_suppresses_small_counts_for_the_data_manager_only(as_user, march):
    """Headquarters' view leaves the sites: 1 to 4 read "<5"; the coordinator sees counts."""
    omar = as_user("omar").get("/indicators/" + QUERY).text
    assert "&lt;5" in omar
    claire = as_user("claire").get("/indicators/" + QUERY).text
    assert "&lt;5" not in claire



def test_it_lists_cgi_bands_from_best_to_worst(as_user, march):
    text = as_user("claire").get("/indicators/export.csv" + QUERY + "&lang=en").data.decode(
        "utf-8-sig")
    cgi = [line.split(",")[1] for line in text.splitlines()
           if line.startswith("CGI change between intake and discharge,")]
    assert cgi == ["All", "very much or much improved (CGI-I 1–2)", "not assessed at discharge"]
    from caseflow.reports.definitions import CategoryKind
    from caseflow.reports.tables import _ordered

    every = {"worse", "not_assessed", "minimally_improved", "no_change", "much_improved"}
    assert _ordered(CategoryKind.CGI_CHANGE, every) == [
        "much_improved", "minimally_improved", "no_change", "worse", "not_assessed"]
