"""Shared code of the load benchmarks (bench/http_load.py, bench/write_load.py) and of
tests/test_write_load.py: a caseflow instance in a temporary folder, gunicorn on a free
loopback port, a stdlib HTTP client that signs in through the real form, and concurrent
note writers that POST the real note form.

Nothing here is imported from caseflow at module level: the client side only speaks
HTTP. What must run inside the application (creating the writers' accounts and their
people, finding what a load opens) runs in a subprocess with the instance's own
configuration, through ``Instance.call("module:function", **kwargs)``, so the bench and
the server read the same instance folder and ``CASEFLOW_*`` variables; counting the notes
afterwards only reads the database (``Instance.notes_kept``).
"""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SESSION_COOKIE = "caseflow_session"
RESULT_MARK = "LOAD_CLIENT_RESULT "


# -- the instance: configuration, flask commands, code inside the app ------------------


@dataclass
class Instance:
    """A caseflow instance folder (config.py, keys, SQLite file) and its environment.

    Production settings (CASEFLOW_ENV=production: secret key and keys from ``init``,
    argon2 at production cost, two-factor required for coordinators and administrators).
    Plain-HTTP loopback needs no override: session cookies are marked Secure only when
    the request arrived over HTTPS (caseflow.http_security), so they come back here.
    ``database_url`` None: the SQLite file of the instance folder.
    """

    folder: Path
    database_url: str | None = None

    @property
    def app_spec(self) -> str:
        return f"caseflow:create_app(instance_path={str(self.folder)!r})"

    def env(self) -> dict[str, str]:
        env = server_env()
        env["CASEFLOW_ENV"] = "production"
        # One limiter store per worker instead of docs/DEPLOY.md's Redis: every client here
        # is 127.0.0.1, and a shared count of sign-ins (20 per minute per address) would
        # refuse the writers of the second backend; the loads hit no other limited page.
        env["CASEFLOW_RATELIMIT_STORAGE"] = "memory://"
        if self.database_url:
            env["CASEFLOW_DATABASE_URL"] = self.database_url
        return env

    def flask(self, *args: str, check: bool = True,
              timeout: float | None = None) -> subprocess.CompletedProcess:
        """``flask --app caseflow ARGS`` on this instance (output captured)."""
        self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        done = subprocess.run([sys.executable, "-m", "flask", "--app", self.app_spec, *args],
                              cwd=ROOT, env=self.env(), capture_output=True, text=True,
                              timeout=timeout)
        if check and done.returncode != 0:
            raise RuntimeError(f"flask {' '.join(args)} failed ({done.returncode}):\n"
                               f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
        return done

    def notes_kept(self, logins: list[str], note_ids: list[str]) -> tuple[int, int]:
        """How many notes these accounts have in the database, and how many of note_ids
        (the ids the server answered with) are not there. Read with the models on a plain
        engine (no app: this process only reads)."""
        from sqlalchemy import create_engine, select

        from caseflow.models.note import Note
        from caseflow.models.user import User

        engine = create_engine(self.database_url or
                               f"sqlite:///{self.folder / 'caseflow.sqlite'}")
        try:
            with engine.connect() as conn:
                authors = select(User.id).where(User.login.in_(logins))
                kept = {i.hex for i in conn.scalars(
                    select(Note.id).where(Note.author_id.in_(authors)))}
        finally:
            engine.dispose()
        return len(kept), sum(1 for i in note_ids if uuid.UUID(i).hex not in kept)

    def call(self, target: str, **kwargs):
        """Run ``module:function(**kwargs)`` inside this instance's app context (a
        subprocess) and return its JSON-serialisable result."""
        done = subprocess.run([sys.executable, "-m", "bench.load_client", str(self.folder),
                               target], input=json.dumps(kwargs), cwd=ROOT, env=self.env(),
                              capture_output=True, text=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith(RESULT_MARK)]
        if done.returncode != 0 or not lines:
            raise RuntimeError(f"{target} failed ({done.returncode}):\n{done.stderr[-4000:]}")
        return json.loads(lines[-1][len(RESULT_MARK):])


def server_env() -> dict[str, str]:
    """This environment without the caller's own CASEFLOW_* and FLASK_* settings (a
    developer's shell), with the project on the path (bench.* modules)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CASEFLOW_", "FLASK_"))}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _call_main(folder: str, target: str) -> None:
    from caseflow import create_app

    module, _, name = target.partition(":")
    function = getattr(__import__(module, fromlist=[name]), name)
    kwargs = json.loads(sys.stdin.read() or "{}")
    app = create_app(instance_path=folder)
    with app.app_context():
        result = function(**kwargs)
    print(RESULT_MARK + json.dumps(result), flush=True)


# The PostgreSQL server the benchmarks create their own databases on.
PG_SERVER = os.environ.get("CASEFLOW_BENCH_PG_URL",
                           "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")


@contextmanager
def postgresql_database(server_url: str, name: str | None = None) -> Iterator[str]:
    """A fresh database on this PostgreSQL server (dropped first if a crashed run left it,
    dropped at the end); yields its URL. Only CREATE and DROP run in the server's
    maintenance database."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    url = make_url(server_url)
    if url.drivername == "postgresql":
        url = url.set(drivername="postgresql+psycopg")
    name = name or f"caseflow_load_{uuid.uuid4().hex[:12]}"
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name) or name in ("postgres", "test"):
        raise ValueError(f"refusing database name {name!r}")
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgresql_reachable(server_url: str) -> bool:
    done = subprocess.run([sys.executable, str(ROOT / "tests" / "pg_available.py"), server_url],
                          capture_output=True)
    return done.returncode == 0


# -- gunicorn --------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _gunicorn_options() -> list[str]:
    # gunicorn 27 opens a control socket at one fixed path per user: two servers at once
    # (two backends, or the test suite beside a bench) would fight over it.
    from gunicorn.config import Config

    return ["--no-control-socket"] if "control_socket_disable" in Config().settings else []


class Server:
    """gunicorn on 127.0.0.1 and a free port, for as long as the ``with`` block runs.

    The production command of docs/DEPLOY.md: sync workers (one request at a time per
    process, the connection closed after each response), ``--timeout 120`` (a worker busy
    that long with one request is killed and its client gets no answer), no access log.
    """

    def __init__(self, app_spec: str, env: dict[str, str], workers: int, log: Path,
                 ready_path: str = "/healthz"):
        self.app_spec, self.env, self.workers, self.log = app_spec, env, workers, log
        self.ready_path = ready_path
        self.port = 0
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Server:
        self.port = free_port()
        command = [sys.executable, "-m", "gunicorn", "-w", str(self.workers),
                   "-b", f"127.0.0.1:{self.port}", "--timeout", "120",
                   "--graceful-timeout", "30", *_gunicorn_options(), self.app_spec]
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited ({self.process.returncode}):\n"
                                   + self.log.read_text(errors="replace")[-4000:])
            try:
                status = Client(self.port, timeout=5).get(self.ready_path).status
            except OSError:
                status = 0
            if status:
                return self
            if time.monotonic() > deadline:
                self.__exit__(None, None, None)
                raise RuntimeError("gunicorn did not answer within 60 s")
            time.sleep(0.2)

    def __exit__(self, *_exc) -> None:
        self.stop()
        self.wait()

    def stop(self) -> None:
        """Ask gunicorn to stop (its workers finish the request in hand)."""
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()

    def wait(self) -> None:
        if self.process is None:
            return
        try:
            self.process.wait(timeout=45)  # beyond the graceful timeout of 30 s
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def drain(self, limit: float = 300) -> None:
        """Wait until every worker is idle again. A load that stops leaves requests queued
        in gunicorn (a sync worker finishes a request whose client left): without this,
        the next measure would start behind them. Idle: one request per worker, all at
        once, each answered within half a second."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            times: list[float] = []

            def probe(times: list[float] = times) -> None:
                try:
                    times.append(Client(self.port, timeout=limit).get(self.ready_path).seconds)
                except OSError:
                    times.append(limit)

            probes = [threading.Thread(target=probe) for _ in range(self.workers)]
            for thread in probes:
                thread.start()
            for thread in probes:
                thread.join()
            if max(times) < 0.5:
                return
        raise RuntimeError(f"gunicorn still busy {limit:.0f} s after the load stopped")

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def errors_logged(self) -> list[str]:
        """Tracebacks and worker timeouts in gunicorn's log (the app logs 500s there)."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        return [line for line in text.splitlines()
                if "Traceback" in line or "WORKER TIMEOUT" in line or "[ERROR]" in line]


# -- the HTTP client ----------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    @property
    def location(self) -> str:
        return self.headers.get("location", "")


class SignInError(RuntimeError):
    pass


class Client:
    """One browser: a cookie (the session), one connection to 127.0.0.1:port, no redirects
    followed (a redirect is an answer to check, not a page to load)."""

    def __init__(self, port: int, timeout: float = 60):
        self.port, self.timeout = port, timeout
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, fields=None) -> Response:
        headers = {"Accept-Language": "fr"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        start = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            answer = self.connection.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException):
            self.connection.close()
            raise
        seconds = time.perf_counter() - start
        for header in answer.headers.get_all("Set-Cookie") or []:
            pair = header.split(";", 1)[0]
            name, _, value = pair.partition("=")
            if value and "expires=thu, 01 jan 1970" not in header.lower():
                self.cookies[name.strip()] = value.strip()
            else:
                self.cookies.pop(name.strip(), None)
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, data,
                        seconds)

    def get(self, path: str) -> Response:
        return self.request("GET", path)

    def post(self, path: str, fields) -> Response:
        return self.request("POST", path, fields)

    def sign_in(self, login: str, password: str) -> None:
        """The real sign-in form: its CSRF token, the password check, the audit event."""
        page = self.get("/login")
        answer = self.post("/login", {"login": login, "password": password,
                                      "csrf_token": csrf_token(page.text), "next": ""})
        target = urlsplit(answer.location).path
        if answer.status != 302 or target.startswith(("/login", "/account")):
            raise SignInError(f"sign-in of {login} answered {answer.status} -> "
                              f"{answer.location or '(no redirect)'}")

    def cookie_header(self) -> str:
        return f"{SESSION_COOKIE}={self.cookies[SESSION_COOKIE]}"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    if not match:
        raise SignInError("no CSRF token on the page")
    return match.group(1)


class _Forms(HTMLParser):
    """Every <form> of a page, with what a browser would submit without touching it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.forms.append({"method": (a.get("method") or "get").lower(),
                               "action": a.get("action") or "", "fields": []})
        if not self.forms:
            return
        fields = self.forms[-1]["fields"]
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            fields.append((a["name"], a.get("value") or ("on" if kind == "checkbox" else "")))
        elif tag == "select" and a.get("name"):
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value") or "", "selected" in a))
        elif tag == "textarea" and a.get("name"):
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data):
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = [v for v, selected in self._options if selected] or \
                [v for v, _ in self._options[:1]]
            self.forms[-1]["fields"].extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.forms[-1]["fields"].append((self._textarea, self._text.lstrip("\n")))
            self._textarea = None


def page_form(html: str, action: str = "") -> list[tuple[str, str]]:
    """The fields of the page's POST form whose action is ``action`` ("" = the page itself)."""
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] == "post" and form["action"] == action:
            return form["fields"]
    raise ValueError(f"no POST form with action {action!r} on the page")


NOTE_ID = re.compile(r"#note-([0-9a-fA-F-]+)$")


class NoteWriter:
    """One clinician recording notes about one person through the real note form: the form
    is opened once (its defaults: kind, site, date and time, interpreter, confidentiality,
    and the session's CSRF token), then submitted again and again with a new text."""

    def __init__(self, client: Client, person_id: str):
        self.client, self.path = client, f"/people/{person_id}/notes/new"
        page = client.get(self.path)
        if page.status != 200:
            raise RuntimeError(f"GET {self.path} answered {page.status}")
        self.fields = [(k, v) for k, v in page_form(page.text) if k != "text"]

    def post(self, text: str) -> tuple[Response, str | None]:
        """One note; the id of the note created (from the redirect), or None."""
        answer = self.client.post(self.path, [*self.fields, ("text", text)])
        match = NOTE_ID.search(answer.location) if answer.status == 302 else None
        return answer, match.group(1) if match else None


# -- concurrent writers ---------------------------------------------------------------------


@dataclass
class WriteResult:
    seconds: float = 0.0
    note_ids: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)  # every POST, in seconds
    statuses: Counter = field(default_factory=Counter)
    socket_errors: list[str] = field(default_factory=list)
    writers: int = 0
    per_writer: Counter = field(default_factory=Counter)  # notes created, by login

    @property
    def idle_writers(self) -> int:
        """Writers that recorded nothing during the load."""
        return self.writers - len(self.per_writer)

    @property
    def created(self) -> int:
        return len(self.note_ids)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def refused(self) -> int:
        """Answers that are neither a note created nor a 5xx (form errors, 4xx)."""
        return sum(self.statuses.values()) - self.created - self.server_errors

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def write_notes(port: int, accounts: list[dict], seconds: float,
                password: str) -> WriteResult:
    """Every account signs in and opens its note form (all at once), then all POST notes
    together, as fast as the answers come, for ``seconds``.
    accounts: [{"login", "person_id"}]."""
    result = WriteResult()
    lock = threading.Lock()
    clock = {"began": 0.0, "deadline": 0.0}

    def start() -> None:  # run once, before any writer is released
        clock["began"] = time.monotonic()
        clock["deadline"] = clock["began"] + seconds

    ready = threading.Barrier(len(accounts) + 1, action=start)
    failures: list[BaseException] = []

    def work(index: int, account: dict) -> None:
        try:
            client = Client(port)
            client.sign_in(account["login"], password)
            writer = NoteWriter(client, account["person_id"])
        except BaseException as error:  # reported by the caller, after the others stop
            failures.append(error)
            ready.abort()
            return
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            return
        n = 0
        while time.monotonic() < clock["deadline"]:
            n += 1
            try:
                answer, note_id = writer.post(f"Note de charge {index}-{n} : constantes prises, "
                                              "pansement refait, revoir dans 48 h.")
            except (OSError, http.client.HTTPException) as error:
                with lock:
                    result.socket_errors.append(f"{type(error).__name__}: {error}")
                continue
            with lock:
                result.latencies.append(answer.seconds)
                result.statuses[answer.status] += 1
                if note_id:
                    result.note_ids.append(note_id)
                    result.per_writer[account["login"]] += 1

    threads = [threading.Thread(target=work, args=(i, a), daemon=True)
               for i, a in enumerate(accounts)]
    for thread in threads:
        thread.start()
    with suppress(threading.BrokenBarrierError):
        ready.wait()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]
    result.seconds = time.monotonic() - clock["began"]
    result.writers = len(accounts)
    return result


# -- inside the app (run through Instance.call) ------------------------------------------


def prepare_writers(count: int, password: str, site: str = "PAN",
                    prefix: str = "loadnurse") -> list[dict]:
    """``count`` nurses at one site (no two-factor: not a coordinator's or administrator's
    role, and the site does not require it), each with a person of their own registered
    there through the services. The demo sites are created if missing."""
    from sqlalchemy import select

    from caseflow.demo import seed_sites
    from caseflow.disciplines import Discipline
    from caseflow.extensions import db
    from caseflow.models.site import Site
    from caseflow.roles import Role
    from caseflow.services.care.consents import ConsentInput
    from caseflow.services.intake.people import Identity, register_person
    from caseflow.services.staff.accounts import AccountFields, create_user
    from caseflow.vocabulary import ConsentDecision, ConsentPurpose, Sex

    seed_sites()
    site_row = db.session.scalar(select(Site).where(Site.code == site))
    accounts = []
    for i in range(count):
        login = f"{prefix}{i:02d}"
        user, _ = create_user(None, AccountFields(
            login=login, display_name=f"Infirmier·e de charge {i}", role=Role.NURSE,
            discipline=Discipline.MEDICAL, profession="infirmier", site_ids={site_row.id}),
            password, must_change_password=False)
        person = register_person(
            user, Identity(family_name=f"Chargetest{i:02d}", given_names="Ousmane",
                           sex=Sex.MALE),
            site_id=site_row.id, programme="general",
            consents=[ConsentInput(ConsentPurpose.CARE, ConsentDecision.GIVEN)],
            confirmed_distinct_from=[])
        accounts.append({"login": login, "person_id": str(person.id)})
    return accounts


@dataclass
class WriteCheck:
    """A write load and what the database and the audit chain say about it afterwards."""

    result: WriteResult
    written: int
    missing: int
    audit_ok: bool
    audit_message: str
    logged: list[str] = field(default_factory=list)  # tracebacks in gunicorn's log

    @property
    def lost(self) -> int:
        """Notes the server said it recorded and that are not in the database."""
        return self.missing

    @property
    def unacknowledged(self) -> int:
        """Notes in the database that no answer reported (e.g. a request cut after commit)."""
        return self.written - (self.result.created - self.missing)


def run_write_load(instance: Instance, workdir: Path, users: int, seconds: float,
                   workers: int, password: str) -> WriteCheck:
    """Accounts, gunicorn, the concurrent writers, then the count and verify-audit."""
    accounts = instance.call("bench.load_client:prepare_writers", count=users,
                             password=password)
    server = Server(instance.app_spec, instance.env(), workers, workdir / "gunicorn.log")
    with server:
        result = write_notes(server.port, accounts, seconds, password)
        server.stop()  # the audit check runs while gunicorn stops
        audit = instance.flask("verify-audit", check=False)
        written, missing = instance.notes_kept([a["login"] for a in accounts], result.note_ids)
    message = (audit.stdout.strip() or audit.stderr.strip()).splitlines()
    return WriteCheck(result, written, missing,
                      audit.returncode == 0, message[0] if message else "",
                      server.errors_logged())


if __name__ == "__main__":
    _call_main(sys.argv[1], sys.argv[2])
