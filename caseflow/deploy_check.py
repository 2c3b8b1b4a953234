"""flask --app caseflow check-deploy: the running configuration checked for unsafe settings.

caseflow refuses to start only on what makes it unusable (no secret key, no key
directory). Many other mistakes let it run and quietly weaken it: a debugger
open to the network, keys readable by every account on the host, SQLite on an
NFS share (its locks do not work there), rate limits counted per worker. This
command names each one, says why it matters and how to fix it, so that an
administrator can run it before opening the service and after every change.

Each check is a function over a ``Deployment`` (the app's config, the
environment, the instance folder, the text of /proc/mounts, whether the shared
rate-limit storage answers) that returns findings, so tests can feed it real apps
and real files. Nothing here connects to the database or prints a secret:
findings name settings, files and modes; the only connection is one PING to the
rate-limit storage (Redis), whose address is never printed (it may hold a password).
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Config, Flask
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from caseflow.audit_checkpoints import DEFAULT_FILE_NAME
from caseflow.crypto.backup_cipher import key_path

ERROR = "error"
WARNING = "warning"
# Filesystems where SQLite's locks and WAL shared memory cannot be trusted (sqlite.org/wal.html).
NETWORK_FILESYSTEMS = frozenset({
    "nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "glusterfs",
    "fuse.glusterfs", "ceph", "fuse.ceph-fuse", "afs", "lustre",
})
# Substrings of secret keys copied from examples, tests and tutorials.
KNOWN_DEV_SECRETS = ("test-secret", "secret-key", "secret_key", "secretkey", "changeme",
                     "change-me", "change_me", "insecure", "example", "development",
                     "not-secret", "do-not-use", "dev-key")
MIN_SECRET_BYTES = 32
ANY_ACCESS, OTHERS_ACCESS, GROUP_OR_OTHERS_WRITE = 0o077, 0o007, 0o022  # which mode bits are errors


@dataclass(frozen=True)
class Finding:
    severity: str  # ERROR or WARNING
    code: str  # stable, short: scripts and tests match on it
    summary: str  # what is wrong, one line
    explanation: str  # why it is unsafe and how to fix it


@dataclass(frozen=True)
class Deployment:
    """What the checks look at; built from a live app by ``deployment_of``."""

    config: Mapping[str, Any]
    environ: Mapping[str, str]
    instance_path: Path
    instance_config: Mapping[str, Any] = field(default_factory=dict)  # instance/config.py
    refused: bool = False  # create_app could not finalise the config (see caseflow/__init__)
    workers: int | None = None  # --workers given to the command
    mounts: str | None = None  # text of /proc/mounts; None where there is none
    ratelimit_storage_answers: bool | None = None  # a PING to Redis; None: memory or unasked
    swaps: str | None = None  # text of /proc/swaps; None where there is none
    boxes_enrolled: int | None = None  # active clinic boxes in the register; None: unknown
    # Counts them from the database when boxes_enrolled is None: called by the last check
    # only, after the file checks (opening a SQLite database changes its -wal file).
    count_boxes: Callable[[], int | None] | None = None

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite database file (Flask-SQLAlchemy reads relative paths from the instance)."""
        try:
            url = make_url(str(self.config.get("SQLALCHEMY_DATABASE_URI") or ""))
        except ArgumentError:
            return None
        if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
            return None
        path = Path(url.database)
        return path if path.is_absolute() else self.instance_path / path

    @property
    def backend(self) -> str:
        uri = str(self.config.get("SQLALCHEMY_DATABASE_URI") or "")
        return uri.split(":", 1)[0].split("+", 1)[0]


def _f(severity: str, code: str, summary: str, *explanation: str) -> Finding:
    return Finding(severity, code, summary, " ".join(explanation))


def _exposure(mode: int) -> str:
    """Who besides the owner has any access: '', 'group', 'others' or 'group and others'."""
    who = [name for name, bits in (("group", 0o070), ("others", 0o007)) if mode & bits]
    return " and ".join(who)


def _mode(path: Path) -> int | None:
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        return None


# --- the checks ---------------------------------------------------------------------------------


def _too_open(path: Path, code: str, error_bits: int, why: str, fix: str) -> list[Finding]:
    """A finding when ``path`` lets the group or others in: an error if ``error_bits`` are set."""
    mode = _mode(path)
    if mode is None or not mode & 0o077:
        return []
    severity = ERROR if mode & error_bits else WARNING
    return [_f(severity, code, f"{path} is open to {_exposure(mode)} ({mode:04o}).", why, fix)]


# --- the checks ---------------------------------------------------------------------------------


def check_debug(d: Deployment) -> list[Finding]:
    """The Werkzeug debugger runs any Python code typed into an error page."""
    flag = (d.environ.get("FLASK_DEBUG") or "0").strip().lower()  # as Flask reads it
    if not (d.config.get("DEBUG") or flag not in ("0", "false", "no")
            or d.instance_config.get("DEBUG")):
        return []
    return [_f(ERROR, "debug-on", "Debug mode is on (FLASK_DEBUG, --debug or DEBUG = True).",
               "Under 'flask run' it opens the Werkzeug debugger, which runs any code typed into "
               "an error page; under gunicorn it lets exceptions escape caseflow's error pages.",
               "Fix: unset FLASK_DEBUG, remove DEBUG from instance/config.py, never pass --debug.")]


def check_environment(d: Deployment) -> list[Finding]:
    """Only production refuses a missing secret key and requires PUBLIC_URL for certificates."""
    env = d.config.get("CASEFLOW_ENV")
    if env != "production":
        return [_f(ERROR, "env-not-production", f"CASEFLOW_ENV is {env!r}, not 'production'.",
                   "Outside production caseflow starts without a secret key (it makes a temporary "
                   "one) and certificates take their verification address from the request.",
                   "Fix: CASEFLOW_ENV=production (or no CASEFLOW_ENV: it is the default).")]
    if d.config.get("TESTING"):
        return [_f(ERROR, "testing-on", "TESTING is on in production.",
                   "Testing mode skips the start-up refusals (secret key, key directory).",
                   "Fix: remove TESTING from instance/config.py.")]
    return []


def check_secret_key(d: Deployment) -> list[Finding]:
    """The secret key signs session cookies: whoever knows it can sign in as anyone."""
    fix = ("Fix: python3 -c 'import secrets; print(secrets.token_hex(32))' into SECRET_KEY in "
           "instance/config.py (mode 0600) or CASEFLOW_SECRET_KEY; everyone is signed out once.")
    key = d.config.get("SECRET_KEY")
    # Refused under 'flask', create_app runs on a temporary key: what counts is the sources.
    configured = d.environ.get("CASEFLOW_SECRET_KEY") or d.instance_config.get("SECRET_KEY")
    if not key or (d.refused and not configured):
        return [_f(ERROR, "secret-key-missing", "No secret key is configured.",
                   "caseflow refuses to serve pages without one in production; 'flask --app "
                   "caseflow init' writes one to instance/config.py.", fix)]
    raw = key.encode() if isinstance(key, str) else bytes(key)
    if len(raw) < MIN_SECRET_BYTES:
        return [_f(ERROR, "secret-key-short",
                   f"The secret key is {len(raw)} bytes long, fewer than {MIN_SECRET_BYTES}.",
                   "A short key can be guessed offline from one session cookie, and then cookies "
                   "for any account forged.", fix)]
    text = raw.decode("utf-8", "replace").lower()
    if any(word in text for word in KNOWN_DEV_SECRETS) or len(set(raw)) < 8:
        return [_f(ERROR, "secret-key-known", "The secret key looks like an example or test value.",
                   "Keys from documentation, tests or tutorials are public, and a few repeated "
                   "characters are no secret either.", fix)]
    return []


def check_https(d: Deployment) -> list[Finding]:
    """Session cookies must travel over HTTPS only, and caseflow must see which requests did."""
    out: list[Finding] = []
    proxies = int(d.config.get("PROXY_FIX_X_FOR") or 0)
    if not d.config.get("SESSION_COOKIE_SECURE"):
        out.append(_f(WARNING if proxies else ERROR, "cookie-not-secure",
                      "SESSION_COOKIE_SECURE is off.",
                      "caseflow then marks the session cookie Secure only on requests it sees as "
                      "HTTPS; a request over plain HTTP (or, with CASEFLOW_PROXIES=0, any request "
                      "through a TLS proxy) gets a cookie that a network observer can steal.",
                      "Fix: SESSION_COOKIE_SECURE = True in instance/config.py."))
    if d.config.get("PREFERRED_URL_SCHEME") != "https":
        out.append(_f(WARNING, "url-scheme-not-https", "PREFERRED_URL_SCHEME is not 'https'.",
                      "Addresses built outside a request (commands) would start with http://.",
                      "Fix: PREFERRED_URL_SCHEME = \"https\" in instance/config.py."))
    if not proxies:
        out.append(_f(WARNING, "proxies-not-set", "CASEFLOW_PROXIES is 0.",
                      "Behind a reverse proxy every request then seems to come from the proxy: "
                      "one client can exhaust everyone's sign-in limit, the audit records the "
                      "proxy's address.", "Fix: CASEFLOW_PROXIES=1 (one nginx or load balancer); "
                      "ignore only if clients reach gunicorn directly over TLS."))
    return out


def check_public_url(d: Deployment) -> list[Finding]:
    """PUBLIC_URL is printed in every certificate's QR code, for as long as the paper lives."""
    url = d.config.get("PUBLIC_URL")
    if not url:
        return [_f(ERROR, "public-url-missing", "PUBLIC_URL is not set.",
                   "In production no certificate can be issued without it: the QR code must "
                   "point to the public verification page.",
                   "Fix: CASEFLOW_PUBLIC_URL=https://caseflow.example.org (your address).")]
    parts = urlsplit(str(url))
    if parts.scheme != "https":
        return [_f(ERROR, "public-url-not-https", f"PUBLIC_URL is {url}, not https://.",
                   "Certificates would send a court or a lawyer to a page that can be "
                   "impersonated on the way, and a printed QR code cannot be changed.",
                   "Fix: serve caseflow over TLS and set CASEFLOW_PUBLIC_URL=https://...")]
    host = (parts.hostname or "").lower()
    try:
        address = ipaddress.ip_address(host)
        internal = address.is_private or address.is_loopback or address.is_link_local
    except ValueError:
        internal = host in ("localhost", "") or host.endswith((".localhost", ".local"))
    if internal:
        return [_f(ERROR, "public-url-not-public", f"PUBLIC_URL {url} is not a public address.",
                   "Whoever checks a certificate (a judge, a lawyer, an officer) cannot reach a "
                   "loopback or private address.",
                   "Fix: CASEFLOW_PUBLIC_URL=https://<the public name of this server>.")]
    return []


def _keys_dir(d: Deployment) -> Path:
    return Path(str(d.config.get("KEYS_DIR") or d.instance_path / "keys"))


def check_keys(d: Deployment) -> list[Finding]:
    """Key files unwrap every person's data key: the caseflow account alone may read them."""
    keys_dir = _keys_dir(d)
    if not keys_dir.is_dir():
        return [_f(ERROR, "keys-dir-missing", f"Key directory {keys_dir} does not exist.",
                   "Without the keys nobody's record opens, and production refuses to start.",
                   "Fix: 'flask --app caseflow init' for a new installation, else restore the "
                   "directory from its offline copy; check CASEFLOW_KEYS_DIR.")]
    fix = (f"Fix: chmod 700 {keys_dir} && chmod 600 {keys_dir}/*, owned by the account that "
           "runs caseflow.")
    out = _too_open(keys_dir, "keys-dir-open", ANY_ACCESS,
                    "Other accounts on the host can list, and if writable replace, the keys.", fix)
    for path in sorted(p for p in keys_dir.iterdir() if p.is_file()):
        out += _too_open(path, "key-file-open", ANY_ACCESS, "Anyone who can read it and a copy of "
                         "the database reads every record it protects.", fix)
    return out + _keys_placement(d, keys_dir.resolve())


CLEAR_KEY_FILE = re.compile(r"^(kek-v\d+|blind-index|signing-ed25519|transport-x25519)\.key$")


def check_key_custody(d: Deployment) -> list[Finding]:
    """Memory custody (docs/OFFLINE.md) promises no usable key at rest: no clear key file
    beside the keyring, and no swap that could write the unlocked key to a disk."""
    if d.config.get("KEY_CUSTODY") != "memory":
        return []
    out = []
    keys_dir = _keys_dir(d)
    clear = sorted(p.name for p in keys_dir.iterdir() if CLEAR_KEY_FILE.match(p.name)) \
        if keys_dir.is_dir() else []
    if clear:
        out.append(_f(ERROR, "clear-keys-in-memory-custody",
                      f"Key files in clear beside the keyring: {', '.join(clear)}.",
                      "Memory custody keeps no usable key at rest; these files open every record "
                      "for whoever takes the machine.",
                      "Fix: 'flask --app caseflow lock-keys' moves them into the keyring and "
                      "erases them."))
    plain = [line.split()[0] for line in (d.swaps or "").splitlines()[1:]
             if line.split() and not line.split()[0].startswith(("/dev/dm-", "/dev/zram"))]
    if plain:
        out.append(_f(WARNING, "swap-in-memory-custody",
                      f"Swap on {', '.join(plain)}, not encrypted as far as caseflow can tell.",
                      "The unlocked key lives in RAM; a machine that swaps may write it to disk.",
                      "Fix: swapoff -a and remove the swap from /etc/fstab, or encrypt it "
                      "(docs/OFFLINE.md, A clinic's set-up)."))
    return out


def check_box_sync(d: Deployment) -> list[Finding]:
    """A central server with clinic boxes must record its own changes for them to pull."""
    if d.config.get("SYNC_ROLE", "central") != "central" or d.config.get("SYNC_RECORD_CENTRAL"):
        return []
    enrolled = d.boxes_enrolled
    if enrolled is None and d.count_boxes is not None:
        enrolled = d.count_boxes()
    if not enrolled:
        return []
    return [_f(ERROR, "boxes-without-central-recording",
               f"{enrolled} clinic box(es) enrolled, but SYNC_RECORD_CENTRAL is off.",
               "The boxes would never receive what is recorded here for their people (a note, "
               "a corrected phone number, a consent withdrawn).",
               "Fix: SYNC_RECORD_CENTRAL = True (CASEFLOW_SYNC_RECORD_CENTRAL=1) on every "
               "application server (docs/OFFLINE.md, Sync).")]


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _keys_placement(d: Deployment, keys_dir: Path) -> list[Finding]:
    """Encryption is worth what separates the keys from the ciphertexts: a copy of one folder
    (a backup, an rsync, a stolen disk image of it) must not carry both."""
    move = ("Fix: move the key directory out, e.g. sudo install -d -o caseflow -m 700 "
            "/etc/caseflow/keys, move the files there, set CASEFLOW_KEYS_DIR=/etc/caseflow/keys "
            "(docs/DEPLOY.md, The keys); keep the offline copy.")
    out = []
    database = d.sqlite_file
    if database is not None and _within(keys_dir, database.parent.resolve()):
        out.append(_f(WARNING, "keys-beside-database",
                      f"The key directory {keys_dir} sits beside the database "
                      f"{database.name}, in {database.parent.resolve()}.",
                      "A copy of that folder, or a backup of it, carries the ciphertexts and the "
                      "keys that open them: the encryption then protects nothing.", move))
    if d.config.get("CASEFLOW_ENV") == "production" and _within(
            keys_dir, d.instance_path.resolve()):
        out.append(_f(WARNING, "keys-in-instance",
                      f"The key directory {keys_dir} is inside the instance folder "
                      f"{d.instance_path.resolve()}.",
                      "The instance folder is what gets copied and backed up with the "
                      "configuration (and, by default, the SQLite database): the keys travel "
                      "with it.", move))
    return out


def check_backup_key(d: Deployment) -> list[Finding]:
    """Found as caseflow.backup.archive.backup_key_path finds it: config, environment, KEYS_DIR."""
    path = key_path(_keys_dir(d), d.config.get("BACKUP_KEY_FILE")
                    or d.environ.get("CASEFLOW_BACKUP_KEY_FILE"))
    if _mode(path) is None:
        return [_f(WARNING, "backup-key-missing", f"No backup key at {path}.",
                   "No backup was made here yet, or the key was not brought back to a restored "
                   "server: old backups cannot be opened without it.",
                   "Fix: run 'flask --app caseflow backup FILE' once (it creates the key, 0600) "
                   "and keep a copy in the organisation's safe (docs/DEPLOY.md, Backups).")]
    if path.parent.resolve() == _keys_dir(d).resolve():
        return []  # check_keys looks at its mode
    return _too_open(path, "key-file-open", ANY_ACCESS, "With it any stolen backup file opens.",
                     f"Fix: chmod 600 {path}, owned by the account that runs caseflow.")


def check_instance_config(d: Deployment) -> list[Finding]:
    """instance/config.py holds the secret key, often a database password too."""
    path = d.instance_path / "config.py"
    return _too_open(path, "instance-config-open", OTHERS_ACCESS,
                     "It holds the secret key (which forges sessions) and any database password.",
                     f"Fix: chmod 600 {path}.")


def filesystem_of(path: str | Path, mounts: str) -> tuple[str, str] | None:
    """(mount point, filesystem type) holding ``path``, from /proc/mounts-formatted text.

    The longest mount point that contains the path wins; of equal ones the last,
    since a later mount hides an earlier one on the same directory.
    """
    target = os.path.realpath(path)
    best: tuple[str, str] | None = None
    for line in mounts.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        # /proc/mounts escapes space, tab, newline and backslash as octal (\040 ...).
        point = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), fields[1])
        inside = point == "/" or target == point or target.startswith(point.rstrip("/") + "/")
        if inside and (best is None or len(point) >= len(best[0])):
            best = (point, fields[2])
    return best


def check_sqlite(d: Deployment) -> list[Finding]:
    """SQLite's locking and WAL need a local disk; its file holds every ciphertext and the audit."""
    database = d.sqlite_file
    if database is None:
        return []
    out = []
    if d.mounts is not None:
        folder = database.parent
        while not folder.exists() and folder != folder.parent:
            folder = folder.parent
        found = filesystem_of(folder, d.mounts)
        if found and found[1] in NETWORK_FILESYSTEMS:
            out.append(_f(ERROR, "database-on-network-share",
                          f"The SQLite database {database} is on a {found[1]} share "
                          f"({found[0]}).",
                          "SQLite's file locks and the shared memory of its write-ahead log do "
                          "not work across a network filesystem: concurrent writes can corrupt "
                          "the database.", "Fix: move it to a local disk "
                          "(CASEFLOW_DATABASE_URL=sqlite:////var/lib/caseflow/caseflow.sqlite), "
                          "or use PostgreSQL."))
    for suffix in ("", "-wal", "-shm"):
        path = Path(f"{database}{suffix}")
        out += _too_open(path, "database-file-open", OTHERS_ACCESS,
                         "It holds coded fields, wrapped keys and the audit trail: others could "
                         "copy it or, if writable, alter it.",
                         f"Fix: chmod 600 {database}*; 'flask --app caseflow init' does it.")
    return out


def workers_expected(environ: Mapping[str, str], option: int | None = None) -> int:
    """The most gunicorn workers that --workers, WEB_CONCURRENCY or GUNICORN_CMD_ARGS announce."""
    counts = re.findall(r"^\s*(\d+)\s*$", environ.get("WEB_CONCURRENCY") or "")
    counts += re.findall(r"(?:^|\s)(?:-w\s*|--workers[=\s]\s*)(\d+)(?!\S)",
                         environ.get("GUNICORN_CMD_ARGS") or "")
    return max([option or 1, *map(int, counts)])


def check_rate_limit_storage(d: Deployment) -> list[Finding]:
    """memory:// counts per process: N workers multiply every sign-in and lookup limit by N."""
    storage = str(d.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    if not storage.startswith("memory://"):
        if d.ratelimit_storage_answers is False:
            return [_f(ERROR, "ratelimit-storage-unreachable",
                       "The rate-limit storage (CASEFLOW_RATELIMIT_STORAGE) does not answer.",
                       "caseflow keeps people signing in, but counts each limit per process "
                       "until it answers again: with N workers and hosts, the sign-in, "
                       "verification and lookup limits are N times looser (/healthz says "
                       "\"ratelimit\": \"degraded\").",
                       "Fix: start Redis (systemctl status redis-server), check the address, "
                       "password and firewall in CASEFLOW_RATELIMIT_STORAGE.")]
        return []
    workers = workers_expected(d.environ, d.workers)
    fix = ("Fix: CASEFLOW_RATELIMIT_STORAGE=redis://127.0.0.1:6379/0 (one Redis shared by every "
           "worker and host), or run a single worker.")
    if workers > 1:
        return [_f(ERROR, "ratelimit-memory",
                   f"Rate limits are kept in memory with {workers} workers expected.",
                   "Each worker counts on its own, so the sign-in, verification and lookup "
                   f"limits become {workers} times looser, and a restart forgets them.", fix)]
    if d.backend == "postgresql":
        return [_f(WARNING, "ratelimit-memory", "Rate limits are kept in memory with PostgreSQL.",
                   "A PostgreSQL installation usually runs several workers or hosts, each "
                   "counting on its own. Run 'check-deploy --workers N' with your gunicorn "
                   "count to check.", fix)]
    return []


def check_audit_checkpoints(d: Deployment) -> list[Finding]:
    """Checkpoints prove the audit trail was not rewritten: they live apart from the database."""
    configured = d.config.get("AUDIT_CHECKPOINT_FILE")
    path = Path(configured) if configured else d.instance_path / DEFAULT_FILE_NAME
    if _mode(path) is None:
        out = [_f(WARNING, "checkpoint-file-missing", f"No audit checkpoint file at {path}.",
                  "Until 'audit-checkpoint' runs, a database administrator can rewrite the whole "
                  "audit trail unnoticed.", "Fix: run 'flask --app caseflow audit-checkpoint' "
                  "now and hourly (docs/DEPLOY.md, Scheduled jobs).")]
    else:
        out = _too_open(path, "checkpoint-file-open", GROUP_OR_OTHERS_WRITE,
                        "An account that can write it can truncate the evidence; one that can "
                        "read it learns the activity volume.", f"Fix: chmod 600 {path}.")
    database = d.sqlite_file
    if database is not None:
        db_dir, folder = database.parent.resolve(), path.parent.resolve()
        if folder == db_dir or db_dir in folder.parents:
            out.append(_f(WARNING, "checkpoint-beside-database",
                          f"Audit checkpoints are kept in the database's folder {db_dir}.",
                          "Whoever can replace the database file can replace the checkpoints "
                          "with it, and a copy of the folder carries both.",
                          "Fix: CASEFLOW_AUDIT_CHECKPOINT_FILE=/var/lib/caseflow-audit/"
                          "checkpoints.jsonl (directory 0700), and ship each line to syslog."))
    return out


CHECKS: tuple[Callable[[Deployment], list[Finding]], ...] = (
    check_debug, check_environment, check_secret_key, check_https, check_public_url,
    check_keys, check_key_custody, check_backup_key, check_instance_config,
    check_sqlite, check_rate_limit_storage, check_audit_checkpoints,
    check_box_sync,  # last: it may open the database (Deployment.count_boxes)
)


def run_checks(deployment: Deployment) -> list[Finding]:
    """Every finding, errors first, in the order of CHECKS."""
    findings = [finding for check in CHECKS for finding in check(deployment)]
    return sorted(findings, key=lambda f: f.severity != ERROR)


def _refused(app: Flask) -> bool:
    """create_app installs this hook when finalise() refused the configuration under 'flask'."""
    return any(getattr(hook, "__qualname__", "").startswith("_refuse_requests_until_configured")
               for hook in app.before_request_funcs.get(None, ()))


def storage_answers(uri: str) -> bool:
    """One PING to a shared rate-limit storage, bounded by the limiter's timeouts."""
    from limits.storage import storage_from_string

    from caseflow.extensions import SHARED_STORAGE_TIMEOUTS

    try:
        return bool(storage_from_string(uri, **SHARED_STORAGE_TIMEOUTS).check())
    except Exception:  # a malformed address or a missing driver: it does not answer either
        return False


def _boxes_enrolled(app: Flask) -> int | None:
    """Active boxes in the register, or None when the database cannot say (not created yet)."""
    from sqlalchemy import func, select
    from sqlalchemy.exc import SQLAlchemyError

    from caseflow.extensions import db
    from caseflow.models.clinic_box import ClinicBox

    try:
        with app.app_context():
            return db.session.scalar(select(func.count()).select_from(ClinicBox)
                                     .where(ClinicBox.revoked_at.is_(None)))
    except SQLAlchemyError:
        return None


def deployment_of(app: Flask, workers: int | None = None,
                  environ: Mapping[str, str] | None = None,
                  mounts: str | None = None) -> Deployment:
    """The app as it runs, plus what instance/config.py says (the flask command resets
    DEBUG from FLASK_DEBUG, so a DEBUG = True there would otherwise go unseen)."""
    instance_config = Config(app.instance_path)
    with contextlib.suppress(OSError):  # unreadable by this account: the mode checks remain
        instance_config.from_pyfile("config.py", silent=True)
    if mounts is None:
        try:
            mounts = Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
        except OSError:
            mounts = None
    try:
        swaps = Path("/proc/swaps").read_text(encoding="utf-8", errors="replace")
    except OSError:
        swaps = None
    storage = str(app.config.get("RATELIMIT_STORAGE_URI") or "memory://")
    answers = None if storage.startswith("memory://") else storage_answers(storage)
    return Deployment(config=app.config, environ=os.environ if environ is None else environ,
                      instance_path=Path(app.instance_path), instance_config=instance_config,
                      refused=_refused(app), workers=workers, mounts=mounts,
                      ratelimit_storage_answers=answers, swaps=swaps,
                      count_boxes=lambda: _boxes_enrolled(app))
