"""Issuing one certificate and downloading it, against bare reportlab rendering of the same page.

A certificate is issued in front of the person, who waits for the paper.
Issuing renders the page, signs its SHA-256 (Ed25519), seals the QR code on
as a pypdf incremental update, stores the file encrypted with the person's
key, audits and commits; downloading decrypts, checks the hash and audits.
The floor is drawing the page at all, so the baseline is plain reportlab
(SimpleDocTemplate, Paragraphs) printing the same words in the same embedded
DejaVu fonts and sizes on A4, no caseflow code in the loop: the ratio is what
the workflow costs on top of the drawing. All runs through the real services
on a fresh SQLite file: the demo doctor (amina, PAN) issues a new draft each
round (serials count per site and year) in one app context and downloads it
in another, as two requests would. The self time of each part of issue is
measured with wrappers, so a missed target says where the time went.
"""

from __future__ import annotations

import datetime as dt
import gc
import io
import shutil
import statistics
import time
import uuid
from collections import defaultdict

from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer
from sqlalchemy.orm import Session

from bench.common import Row, make_app, spread, workdir
from caseflow.certificates import TEMPLATES, render_certificate
from caseflow.certificates import seal as seal_module
from caseflow.certificates.render import _story
from caseflow.demo import seed_personas
from caseflow.extensions import db
from caseflow.models import Person
from caseflow.models.certificate import Certificate
from caseflow.models.user import User
from caseflow.pdf import FONTS_DIR
from caseflow.services.care.consents import ConsentInput, add_consent
from caseflow.services.documents import certificates as service
from caseflow.services.intake.people import Identity, register_person
from caseflow.timezones import site_today
from caseflow.vocabulary import BirthDatePrecision, ConsentDecision, ConsentPurpose, Sex

BENCH = "certificate, minority recourse"
BASE_URL = "https://caseflow.example.org"
FIELDS = {  # as the demo doctor fills them (tests/certificates/samples.py)
    "health_state": "Asthme persistant léger, traité. Dénutrition modérée (IMC 16,8).",
    "vulnerabilities": "Isolement, sans hébergement stable, troubles du sommeil.",
    "care_and_follow_up": "Suivi médical mensuel au centre ; bilan dentaire à programmer.",
}
FONT, BOLD = "BenchDejaVu", "BenchDejaVu-Bold"  # the same files, registered apart from caseflow
RENAME = {"DejaVuSans": FONT, "DejaVuSans-Bold": BOLD}
STYLE = ("fontName", "fontSize", "leading", "spaceBefore", "spaceAfter", "alignment",
         "leftIndent")


def _words(data) -> list:
    """What caseflow prints, read once outside the loop: (text, style values) or a spacer."""
    items: list = []

    def walk(flowables) -> None:
        for f in flowables:
            if isinstance(f, Paragraph):
                style = {k: getattr(f.style, k) for k in STYLE}
                items.append((f.text, {**style, "fontName": RENAME[style["fontName"]]}))
            elif isinstance(f, Spacer):
                items.append(f.height)
            elif isinstance(f, KeepTogether):
                walk(f._content)
            else:  # a template with tables would need them in the baseline too
                raise TypeError(f"baseline has no counterpart for {type(f).__name__}")
    walk(_story(data, TEMPLATES[data.template], "fr"))
    return items


def bare_render(items: list, marks: dict) -> bytes:
    """The page with reportlab alone: Paragraphs, and the letterhead, serial, footer drawn."""
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                            topMargin=50 * mm, bottomMargin=28 * mm, title=marks["title"],
                            author=marks["organisation"])
    story = [Spacer(1, x) if isinstance(x, float | int) else
             Paragraph(x[0], ParagraphStyle(f"p{i}", **x[1])) for i, x in enumerate(items)]

    def page(canvas, _doc) -> None:
        width, height = A4
        canvas.setFont(BOLD, 11)
        canvas.drawString(20 * mm, height - 16 * mm, marks["organisation"])
        canvas.setFont(FONT, 9)
        for n, line in enumerate(marks["letterhead"]):
            canvas.drawString(20 * mm, height - 16 * mm - 13 - 11 * n, line)
        canvas.setFont(FONT, 8)
        canvas.drawRightString(width - 52 * mm, height - 28 * mm, marks["serial"])
        canvas.drawString(20 * mm, 12 * mm, marks["footer"])
        canvas.drawRightString(width - 20 * mm, 12 * mm, f"{canvas.getPageNumber()}/1")

    doc.build(story, onFirstPage=page, onLaterPages=page)
    return out.getvalue()


class Parts:
    """Self time of each wrapped function (its time minus that of the wrapped ones it calls)."""

    TARGETS = ((service, "render_certificate", "render"), (service, "sign", "sign"),
               (seal_module, "seal_pdf", "seal: pypdf incremental update + structural check"),
               (seal_module, "_qr_operators", "seal: QR code (segno)"),
               (service, "record_event", "audit event"),
               (Session, "flush", "flush (encrypt with the person's key, write)"),
               (Session, "commit", "commit"))

    def __enter__(self) -> Parts:
        self.stack: list[list] = []
        self.times: dict[str, float] = defaultdict(float)
        self.saved = [(owner, name, getattr(owner, name)) for owner, name, _ in self.TARGETS]
        for (owner, name, label), (*_, fn) in zip(self.TARGETS, self.saved, strict=True):
            setattr(owner, name, self._wrap(label, fn))
        return self

    def __exit__(self, *_exc) -> None:
        for owner, name, fn in self.saved:
            setattr(owner, name, fn)

    def _wrap(self, label, fn):
        def wrapper(*args, **kwargs):
            self.stack.append([label, time.perf_counter(), 0.0])
            try:
                return fn(*args, **kwargs)
            finally:
                label_, start, inner = self.stack.pop()
                took = time.perf_counter() - start
                self.times[label_] += took - inner
                if self.stack:
                    self.stack[-1][2] += took
        return wrapper


def _setup(app) -> tuple[int, uuid.UUID, int]:
    """The demo personas, and a person at Pantin who agreed to care, sharing and a certificate."""
    with app.app_context():
        db.create_all()
        seed_personas(password_hash="$argon2id$bench-no-login")
        amina = db.session.scalar(db.select(User).where(User.login == "amina"))
        site = next(m.site_id for m in amina.memberships)
        given = [ConsentInput(p, ConsentDecision.GIVEN, scope=scope) for p, scope in (
            (ConsentPurpose.CARE, ""), (ConsentPurpose.DATA_PROCESSING, ""),
            (ConsentPurpose.TEAM_SHARING, "all"))]
        person = register_person(amina, Identity(
            family_name="Traoré", given_names="Awa", birth_date=dt.date(2009, 1, 1),
            birth_precision=BirthDatePrecision.YEAR, sex=Sex.FEMALE), site_id=site,
            programme="general", consents=given)
        add_consent(amina, person, ConsentInput(ConsentPurpose.CERTIFICATE,
                                                ConsentDecision.GIVEN), site_id=site)
        return amina.id, person.id, site


def _clock(fn) -> float:
    gc.collect()
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def run(quick: bool = False) -> list[Row]:
    rounds = 8 if quick else 30
    folder = workdir()
    app = make_app(folder, population=1000)
    actor_id, person_id, site = _setup(app)
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)

    def request(job, *args):
        """One app context (one request): the rows loaded untimed, then the timed call."""
        with app.app_context():  # its end removes the session (Flask-SQLAlchemy)
            return job(db.session.get(User, actor_id), db.session.get(Person, person_id), *args)

    def new_draft(actor, person):
        return service.create_draft(actor, person, service.CertificateInput(
            template="minority_recourse", site_id=site, language="fr",
            exam_date=site_today(site) - dt.timedelta(days=1), fields=dict(FIELDS)),
            ConsentInput(ConsentPurpose.CERTIFICATE, ConsentDecision.GIVEN))

    def reference(actor, person):  # an issued page's data, for render-only and the baseline
        draft = new_draft(actor, person)
        data = service.compose(draft, person, serial=f"PAN-{site_today(site).year}-99999",
                               base_url=BASE_URL, identity=service.declared_identity(person))
        service.discard_draft(actor, person, draft, draft.version)
        return data

    def issue(actor, person, cert_id, recorder):
        cert = db.session.get(Certificate, cert_id)
        with recorder:
            return _clock(lambda: service.issue(actor, person, cert, cert.version, BASE_URL))

    def download(actor, person, cert_id):
        cert = db.session.get(Certificate, cert_id)
        out: list[bytes] = []
        took = _clock(lambda: out.append(service.download(actor, person, cert)))
        assert out[0].startswith(b"%PDF")
        return took

    data = request(reference)
    items, head, title = _words(data), data.letterhead, TEMPLATES[data.template].title.get("fr")
    marks = {"title": title, "organisation": head.organisation, "letterhead": [
        x for x in (head.site_name, head.address, f"{head.phone} · {head.email}") if x],
        "serial": f"N° {data.serial}", "footer": f"{title} · N° {data.serial}"}
    pages = [len(PdfReader(io.BytesIO(pdf)).pages)
             for pdf in (bare_render(items, marks), render_certificate(data, "fr"))]
    assert pages[0] == pages[1], f"the baseline must print as many pages: {pages}"

    times: dict[str, list[float]] = defaultdict(list)
    parts: dict[str, list[float]] = defaultdict(list)
    recorder, drafted = Parts(), []
    for n in range(rounds + 1):  # round 0 warms up (fonts, locale data, statements)
        # One of each per round, interleaved, so a busy moment falls on all of them alike.
        measured = {"bare": _clock(lambda: bare_render(items, marks)),
                    "render": _clock(lambda: render_certificate(data, "fr"))}
        measured["draft"] = request(lambda a, p: _clock(
            lambda: drafted.append(new_draft(a, p).id)))
        measured["issue"] = request(issue, drafted[-1], recorder)
        measured["download"] = request(download, drafted[-1])
        if n == 0:
            continue
        measured["both"] = measured["issue"] + measured["download"]
        for key, value in measured.items():
            times[key].append(value)
        for key, value in recorder.times.items():
            parts[key].append(value)
        parts["other (checks, consent, serial, compose, hashes)"].append(
            measured["issue"] - sum(recorder.times.values()))
    with app.app_context():
        db.engine.dispose()
    shutil.rmtree(folder, ignore_errors=True)

    med = {k: (statistics.median(v), min(v), max(v)) for k, v in times.items()}
    ms = {k: spread(v, 1000, "{:.1f}") for k, v in med.items()}
    ratio = med["both"][0] / med["bare"][0]
    part = {k: statistics.median(v) for k, v in parts.items()}
    top = max(part, key=part.get)
    why = f"{top} takes {part[top] * 1000:.0f} of the {med['issue'][0] * 1000:.0f} ms of issue"
    rows = [
        Row(BENCH, "bare reportlab, same words and fonts (ms)", ms["bare"], "baseline"),
        Row(BENCH, "caseflow render only (ms)", ms["render"], "report",
            f"{med['render'][0] / med['bare'][0]:.2f}x baseline"),
        Row(BENCH, "create draft, not in the ratio (ms)", ms["draft"]),
        Row(BENCH, "issue: render, sign, seal, encrypt, store, audit, commit (ms)", ms["issue"]),
        Row(BENCH, "download: decrypt, hash check, audit, commit (ms)", ms["download"]),
        Row(BENCH, "issue + download (ms)", ms["both"]),
        Row(BENCH, "ratio issue + download / bare reportlab", f"{ratio:.2f}x", "< 2x",
            "met" if ratio < 2 else f"missed by {ratio - 2:.2f}x: {why}"),
    ]
    rows += [Row(BENCH, f"issue part: {k} (ms, median)", f"{v * 1000:.1f}", "report")
             for k, v in sorted(part.items(), key=lambda kv: -kv[1])]
    return rows

