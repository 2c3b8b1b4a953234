"""Read load through the real server (issue 9): wrk against caseflow under gunicorn, on a
SQLite file and on PostgreSQL, with a bare Flask app under the same gunicorn as baseline.

Per backend: a temporary instance folder in production mode (``init``, then ``demo
--persons N --notes M``), gunicorn with WORKERS sync workers on a free loopback port,
sign-in of the demo doctor ``amina`` (Pantin) and of the data manager ``omar`` through
the real form (neither role needs two-factor), then wrk (16 connections, 2 threads) on:
the sign-in page (anonymous), a search for a common name, a person page whose timeline
shows 50 entries, the download of an issued certificate, and /indicators/.

Workers: 4 sync workers for 2 cores, as in docs/DEPLOY.md's gunicorn command (timeouts
included). A request is mostly Python (templates, decryption, argon2 at sign-in), with
short waits on the database (SQLite's write lock and fsync, PostgreSQL round trips): two
processes per core keep both cores busy during those waits without the memory and
context switches of more; wrk shares the same two cores. The bare Flask baseline runs
under the same gunicorn settings and is measured just before each page, so that a ratio
compares two moments of the same machine load. Each wrk run starts after one second of
warm-up and with idle workers (see Server.drain). Plain HTTP on the loopback needs no
override of production mode: session cookies are Secure only for requests that came
over HTTPS (rate limits: see Instance.env).
"""

from __future__ import annotations

import http.client
import json
import shutil
import statistics
import subprocess
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.common import Row, workdir
from bench.indicators import rows as indicator_rows
from bench.load_client import (
    PG_SERVER,
    Client,
    Instance,
    NoteWriter,
    Response,
    Server,
    postgresql_database,
    postgresql_reachable,
    server_env,
)
from bench.pages import PASSWORD, SEARCH_QUERY, found, timeline_entries
from bench.pages import rows as page_rows

WORKERS = 4
CONNECTIONS, THREADS = 16, 2
PG_DATABASE = "caseflow_bench_http"
FULL_SIZE, QUICK_SIZE = (100_000, 1_000_000), (5_000, 50_000)
TARGET_POPULATION = 100_000
TIMELINE_ENTRIES = 50

# done() of wrk: latency percentiles (µs), requests, socket errors, and answers other than
# 2xx counted in response() (wrk's own status count lets 3xx pass: a redirect to the
# sign-in page must count as an error here).
LUA = """
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) non2xx = 0 end
function response(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end
function done(summary, latency, requests)
  local bad = 0
  for _, thread in ipairs(threads) do bad = bad + thread:get("non2xx") end
  local e = summary.errors
  io.write(string.format('WRK_RESULT {"requests": %d, "duration_us": %d, "p50_us": %d, ' ..
    '"p95_us": %d, "p99_us": %d, "non2xx": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"timeout": %d}\\n', summary.requests, summary.duration, latency:percentile(50),
    latency:percentile(95), latency:percentile(99), bad, e.connect, e.read, e.write,
    e.timeout))
end
"""


@dataclass
class WrkResult:
    requests: int
    seconds: float
    p50: float  # ms
    p95: float
    p99: float
    non2xx: int
    socket_errors: int

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def errors(self) -> int:
        return self.non2xx + self.socket_errors

    def summary(self, baseline: WrkResult | None = None) -> str:
        if not self.requests:
            return (f"no answer within the {self.seconds:.0f} s of the measure; "
                    f"{self.errors} errors")
        text = (f"{self.rps:,.0f} req/s; p50 {self.p50:.1f} / p95 {self.p95:.1f} / "
                f"p99 {self.p99:.1f} ms; {self.errors} errors")
        if self.errors:
            text += f" ({self.non2xx} non-2xx, {self.socket_errors} socket)"
        if baseline is not None and baseline.rps:
            text += (f"; {self.rps / baseline.rps:.1%} of bare Flask "
                     f"({baseline.rps:,.0f} req/s just before)")
        return text


def wrk(url: str, seconds: float, script: Path, cookie: str | None = None) -> WrkResult:
    # A request counts as failed after 120 s, as behind docs/DEPLOY.md's nginx and gunicorn.
    command = ["wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "120s",
               "-s", str(script), "-H", "Accept-Language: fr"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    done = subprocess.run([*command, url], capture_output=True, text=True, check=True)
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK_RESULT "))
    r = json.loads(line.removeprefix("WRK_RESULT "))
    return WrkResult(r["requests"], r["duration_us"] / 1e6, r["p50_us"] / 1e3,
                     r["p95_us"] / 1e3, r["p99_us"] / 1e3, r["non2xx"],
                     r["connect"] + r["read"] + r["write"] + r["timeout"])


def measure(server: Server, path: str, seconds: float, script: Path,
            cookie: str | None = None) -> WrkResult:
    """One second of warm-up (every worker renders the page once), then the measure; each
    starts and ends with idle workers (Server.drain)."""
    wrk(server.url(path), 1, script, cookie)
    server.drain()
    result = wrk(server.url(path), seconds, script, cookie)
    server.drain()
    return result


# -- inside the app (through Instance.call) ------------------------------------------------


def find_targets() -> dict:
    """What the load opens: the Pantin person with the most notes, an issued certificate of
    amina's, and the size of the data."""
    from sqlalchemy import func, select

    from caseflow.extensions import db
    from caseflow.models import Person
    from caseflow.models.certificate import Certificate, CertificateStatus
    from caseflow.models.enrolment import Enrolment
    from caseflow.models.note import Note
    from caseflow.models.site import Site
    from caseflow.models.user import User

    pantin = db.session.scalar(select(Site.id).where(Site.code == "PAN"))
    amina = db.session.scalar(select(User.id).where(User.login == "amina"))
    followed = select(Enrolment.person_id).where(Enrolment.site_id == pantin,
                                                 Enrolment.ended_on.is_(None))
    busiest = db.session.execute(
        select(Note.person_id, func.count(Note.id).label("n"))
        .where(Note.person_id.in_(followed)).group_by(Note.person_id)
        .order_by(func.count(Note.id).desc()).limit(1)).first()
    certificate = db.session.scalar(
        select(Certificate.id).where(Certificate.status == CertificateStatus.ISSUED,
                                     Certificate.author_id == amina,
                                     Certificate.site_id == pantin)
        .order_by(Certificate.serial).limit(1))
    return {"person_id": str(busiest.person_id), "person_notes": busiest.n,
            "certificate_id": str(certificate) if certificate else None,
            "people": db.session.scalar(select(func.count(Person.id))),
            "notes": db.session.scalar(select(func.count(Note.id)))}


# -- the run ----------------------------------------------------------------------------------


def demo_arguments(instance: Instance, size: tuple[int, int]) -> list[str]:
    """--persons/--notes when this caseflow's demo command has them (programme-size data)."""
    help_text = instance.flask("demo", "--help").stdout
    if "--persons" not in help_text:
        return []
    return ["--persons", str(size[0]), "--notes", str(size[1])]


def fill_timeline(client: Client, person_id: str) -> int:
    """Add amina's notes through the note form until the page shows 50 timeline entries."""
    page = client.get(f"/people/{person_id}")
    shown = timeline_entries(page.text)
    if shown < TIMELINE_ENTRIES:
        writer = NoteWriter(client, person_id)
        for i in range(TIMELINE_ENTRIES - shown):
            answer, note_id = writer.post(f"Consultation de suivi n° {i + 1}, sans particularité.")
            if not note_id:
                raise RuntimeError(f"a timeline note was refused: {answer.status}")
        shown = timeline_entries(client.get(f"/people/{person_id}").text)
    return shown


def _results_address(client: Client, path: str) -> str:
    """Where a typed search sends the browser (path and query of its 303), else path."""
    answer = client.get(path)
    if answer.status == 303 and answer.location:
        target = urlsplit(answer.location)
        return f"{target.path}?{target.query}" if target.query else target.path
    return path


def _before(client: Client, path: str) -> tuple[str, Response | None]:
    """One request before the load: its answer, or what went wrong."""
    try:
        answer = client.get(path)
    except (OSError, http.client.HTTPException) as error:
        return f"{type(error).__name__}", None
    return ("" if answer.status == 200 else str(answer.status)), answer


def _load_backend(label: str, instance: Instance, folder: Path, size: tuple[int, int],
                  seconds: float, script: Path, baseline: Callable[[], WrkResult]) -> list[Row]:
    started = time.perf_counter()
    instance.flask("init")
    scale = demo_arguments(instance, size)
    instance.flask("demo", "--password", PASSWORD, *scale)
    setup = time.perf_counter() - started
    targets = instance.call("bench.http_load:find_targets")
    people, notes = targets["people"], targets["notes"]
    bench = f"HTTP, {label}, {people:,} people"
    rows = [Row(bench, "data: demo" + (f" --persons {size[0]} --notes {size[1]}" if scale
                                       else " (no --persons option yet)"),
                f"{people:,} people, {notes:,} notes; init + demo {setup:.0f} s", "report", "")]
    # The indicator dashboard computed in this data, before any load (bench/indicators.py).
    dashboard = instance.call("bench.indicators:measure_dashboard", repeat=5)
    rows += indicator_rows(label, {**dashboard, "dashboard": tuple(dashboard["dashboard"]),
                                   "floor": tuple(dashboard["floor"])})
    with Server(instance.app_spec, instance.env(), WORKERS, folder / "gunicorn.log") as server:
        amina, omar = Client(server.port), Client(server.port)
        amina.sign_in("amina", PASSWORD)
        omar.sign_in("omar", PASSWORD)
        person = targets["person_id"]
        shown = fill_timeline(amina, person)
        # A search typed as ?q= answers 303 to an opaque ?s= address (no name in an
        # address); the load reloads that results page, with the cookie that keeps it.
        search_path = _results_address(amina, f"/people/?q={SEARCH_QUERY}")
        search_problem, search = _before(amina, search_path)
        # Inside the process, before any load: the pages against the sign-in page.
        rows += page_rows(label, people, instance.call("bench.pages:measure_pages",
                                                       person_id=person))
        pages = [
            ("sign-in page, anonymous", "/login", None),
            (f"search '{SEARCH_QUERY}' ({found(search.text) if search else '?'} found)",
             search_path, amina.cookie_header(), search_problem),
            (f"person page, {shown}-entry timeline", f"/people/{person}",
             amina.cookie_header()),
        ]
        certificate = targets["certificate_id"]
        if certificate:
            problem, pdf = _before(amina, f"/certificates/{certificate}.pdf")
            if pdf is not None and pdf.headers.get("content-type") != "application/pdf":
                problem = problem or pdf.headers.get("content-type", "no content type")
            pages.append((f"certificate download, PDF {len(pdf.body) // 1024 if pdf else '?'} KB",
                          f"/certificates/{certificate}.pdf", amina.cookie_header(), problem))
        else:
            rows.append(Row(bench, "certificate download", "no issued certificate of amina's "
                            "at Pantin in the data", "0 errors", "not measured"))
        problem, _ = _before(omar, "/indicators/")
        pages.append(("indicator dashboard /indicators/ (omar)", "/indicators/",
                      omar.cookie_header(), problem))
        for name, path, cookie, *problem in pages:
            bare = baseline()
            result = measure(server, path, seconds, script, cookie)
            if problem and problem[0]:
                name += f" (before the load: {problem[0]})"
            rows.append(Row(bench, name, result.summary(bare), *_target(
                name, result, bare, people)))
        logged = server.errors_logged()
    rows.append(Row(bench, "gunicorn log: tracebacks, worker timeouts", str(len(logged)), "0",
                    "met" if not logged else f"missed: {logged[0][:120]}"))
    audit = instance.flask("verify-audit", check=False)
    message = (audit.stdout.strip() or audit.stderr.strip()).splitlines()
    rows.append(Row(bench, "verify-audit after the load",
                    message[0][:100] if message else "", "passes",
                    "met" if audit.returncode == 0 else "missed"))
    return rows


def _backend(label: str, instance: Instance, folder: Path, size: tuple[int, int],
             seconds: float, script: Path, baseline: Callable[[], WrkResult]) -> list[Row]:
    """One backend's rows; a failure becomes a row (and a traceback on stderr) so that the
    other backend and the other benchmarks still run."""
    try:
        return _load_backend(label, instance, folder, size, seconds, script, baseline)
    except Exception as error:
        traceback.print_exc()
        return [Row(f"HTTP, {label}", "run", f"failed: {type(error).__name__}: "
                    f"{(str(error).splitlines() or [''])[0][:200]}", "", "missed")]


def _target(name: str, result: WrkResult, baseline: WrkResult,
            people: int) -> tuple[str, str]:
    errors = f"missed: {result.errors} errors" if result.errors else ""
    if not result.requests:
        errors = "missed: no answer during the measure"
    if name.startswith("search"):
        target = f"p95 < 50 ms at {TARGET_POPULATION:,} people; 0 errors"
        if errors:
            return target, errors
        if people < TARGET_POPULATION:
            return target, "not measured at this size"
        return target, "met" if result.p95 < 50 else f"missed: p95 {result.p95:.0f} ms"
    if name.startswith("person page"):
        target = "≥ 10% of bare Flask req/s, p99 < 100 ms, 0 errors"
        share = result.rps / baseline.rps if baseline.rps else 0.0
        misses = [m for m in (errors.removeprefix("missed: "),
                              f"{share:.1%} of bare Flask" if share < 0.10 else "",
                              f"p99 {result.p99:.0f} ms" if result.p99 >= 100 else "") if m]
        return target, "missed: " + ", ".join(misses) if misses else "met"
    return "0 errors", errors or "met"


def run(quick: bool = False) -> list[Row]:
    if shutil.which("wrk") is None:
        return [Row("HTTP load", "wrk", "not installed (apt-get install wrk)", "",
                    "not measured")]
    seconds = 3 if quick else 10
    size = QUICK_SIZE if quick else FULL_SIZE
    base = workdir()
    script = base / "report.lua"
    script.write_text(LUA)
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() \
        else "unknown"
    # The bare Flask app stays up for the whole run and is measured just before each page:
    # on a shared machine, the ratio compares two loads of the same moment.
    bare: list[WrkResult] = []

    def baseline() -> WrkResult:
        bare.append(measure(hello, "/", seconds, script))
        return bare[-1]

    rows = []
    with Server("bench.hello_app:app", server_env(), WORKERS, base / "hello.log",
                ready_path="/") as hello:
        folder = base / "sqlite"
        rows += _backend("SQLite", Instance(folder / "instance"), folder, size, seconds,
                         script, baseline)
        if postgresql_reachable(PG_SERVER):
            folder = base / "postgresql"
            with postgresql_database(PG_SERVER, PG_DATABASE) as url:
                rows += _backend("PostgreSQL", Instance(folder / "instance", url), folder,
                                 size, seconds, script, baseline)
        else:
            rows.append(Row("HTTP, PostgreSQL", "all pages", f"PostgreSQL not reachable at "
                            f"{PG_SERVER}", "", "not measured"))
    rates = sorted(b.rps for b in bare)
    summary = (f"{statistics.median(rates):,.0f} req/s median ({rates[0]:,.0f}–{rates[-1]:,.0f}"
               f") over {len(rates)} runs; p99 ≤ {max(b.p99 for b in bare):.1f} ms; "
               f"{sum(b.errors for b in bare)} errors") if bare else "not measured"
    return [Row("HTTP, bare Flask", f"'hello' page, gunicorn -w {WORKERS} (sync), wrk "
                f"-t{THREADS} -c{CONNECTIONS} -d{seconds}s, just before each page", summary,
                "baseline", ""),
            Row("HTTP, bare Flask", "machine load average (1 min) before the run", load,
                "report", ""), *rows]
