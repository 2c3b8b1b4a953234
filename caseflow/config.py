"""Configuration: defaults, then instance/config.py, then CASEFLOW_* environment variables.

Every value read from the environment is parsed here and a bad value stops the
start with a message naming the variable: a medical record system must not run
half-configured.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from caseflow import languages


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or unreadable."""


ENVIRONMENTS = ("production", "development", "testing")


class Defaults:
    CASEFLOW_ENV = "production"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None  # filled from the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    KEYS_DIR: str | None = None  # default instance/keys
    # Key custody (docs/OFFLINE.md): "files" (key files in KEYS_DIR) or "memory" (a
    # passphrase-locked keyring; unlocked keys only in a RAM file under KEY_VAULT_DIR,
    # gone when sealed or when the machine stops): clinic boxes and hostile sites.
    KEY_CUSTODY = "files"
    KEY_VAULT_DIR = "/dev/shm"  # noqa: S108 (checked to be a RAM file system)
    KEYRING_SCRYPT_N = 2 ** 17
    UNLOCK_RATE_LIMIT = "10 per minute"
    # The clinic boxes' API on the central server (/sync/v1), per address.
    SYNC_RATE_LIMIT = "120 per minute"
    # On a clinic box: the central server's address (https://...), for join-central and sync.
    SYNC_CENTRAL_URL: str | None = None
    # Operations per push request (a slow link sends smaller batches; tests make it small).
    SYNC_PUSH_BATCH = 200
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = False
    RATELIMIT_STRATEGY = "fixed-window"
    LOGIN_RATE_LIMIT = "20 per minute"
    # Audit trail (issue 7): signed checkpoints outside the database (default
    # instance/audit-checkpoints.jsonl) and the retention of events (CNIL: 6 months to 1 year).
    AUDIT_CHECKPOINT_FILE: str | None = None
    AUDIT_RETENTION_DAYS = 365
    # Break-glass: how long an emergency access lasts, and the cap on code lookups outside
    # one's own sites.
    BREAK_GLASS_MINUTES = 120
    BREAK_GLASS_LOOKUP_LIMIT = "30 per hour"
    # Two-factor sign-in: required for these roles (a site may require it for everyone);
    # a sign-in or re-authentication counts as recent for REAUTH_MINUTES.
    TWO_FACTOR_REQUIRED_ROLES = ("coordinator", "admin")
    TWO_FACTOR_STEP_MINUTES = 5
    TWO_FACTOR_ISSUER = "caseflow"
    REAUTH_MINUTES = 5
    # Retention of records (docs/FIELD.md, Retention): 20 years after the last contact,
    # minors until 28;
    # shorter rules per site code, e.g. {"TRI": 10}.
    RETENTION_YEARS = 20
    RETENTION_YEARS_BY_SITE: dict[str, int] = {}
    # Backups: the key that encrypts them, distinct from the KEKs (default KEYS_DIR/backup.key).
    BACKUP_KEY_FILE: str | None = None
    # Indicators leaving a site show counts below this as "<5" (docs/FIELD.md, Indicators).
    INDICATOR_SUPPRESSION_THRESHOLD = 5
    # The public verification page of certificates: no sign-in, so a per-address limit.
    VERIFY_RATE_LIMIT = "30 per minute"
    # The address printed in certificates' QR codes (https://caseflow.example.org); when
    # unset, the address the issuing request came in on.
    PUBLIC_URL: str | None = None
    LOGIN_LOCK_THRESHOLD = 5
    LOGIN_LOCK_MINUTES = 15
    IDLE_TIMEOUT = timedelta(minutes=30)
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    SESSION_COOKIE_NAME = "caseflow_session"
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False  # also set per request when served over HTTPS
    WTF_CSRF_TIME_LIMIT = 12 * 3600
    # The interface languages are caseflow/languages.py's registry, not a setting: each
    # needs its catalogue, shipped with the code.
    BABEL_DEFAULT_LOCALE = languages.DEFAULT
    BABEL_DEFAULT_TIMEZONE = "UTC"
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Number of reverse proxies in front of the app (0: none); see README, Production.
    PROXY_FIX_X_FOR = 0
    PASSWORD_MIN_LENGTH = 12
    # argon2id parameters: OWASP's minimum is m=19 MiB, t=2, p=1.
    ARGON2_TIME_COST = 2
    ARGON2_MEMORY_COST = 19 * 1024
    ARGON2_PARALLELISM = 1
    # Clinic boxes (issue 21, caseflow/sync): "central" (the default) or "box"; a box's id;
    # whether central records its own changes as operations for boxes to pull.
    SYNC_ROLE = "central"
    SYNC_DEVICE = "central"
    SYNC_RECORD_CENTRAL = False


def _int(name: str, raw: str, minimum: int = 0) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def from_environment(environ: dict[str, str] | None = None) -> dict[str, Any]:
    """Read CASEFLOW_* variables into config keys; raise ConfigError on a bad value."""
    env = os.environ if environ is None else environ
    out: dict[str, Any] = {}
    if "CASEFLOW_ENV" in env:
        value = env["CASEFLOW_ENV"].strip().lower()
        if value not in ENVIRONMENTS:
            raise ConfigError(
                f"CASEFLOW_ENV must be one of {', '.join(ENVIRONMENTS)}, got {value!r}"
            )
        out["CASEFLOW_ENV"] = value
    if env.get("CASEFLOW_SECRET_KEY"):
        out["SECRET_KEY"] = env["CASEFLOW_SECRET_KEY"]
    if env.get("CASEFLOW_DATABASE_URL"):
        url = env["CASEFLOW_DATABASE_URL"]
        if not url.startswith(("sqlite:", "postgresql:", "postgresql+psycopg:")):
            raise ConfigError("CASEFLOW_DATABASE_URL must be a sqlite:// or postgresql:// URL")
        if url.startswith("postgresql:"):
            url = "postgresql+psycopg:" + url.removeprefix("postgresql:")
        out["SQLALCHEMY_DATABASE_URI"] = url
    if env.get("CASEFLOW_KEYS_DIR"):
        out["KEYS_DIR"] = env["CASEFLOW_KEYS_DIR"]
    if env.get("CASEFLOW_KEY_CUSTODY"):
        custody = env["CASEFLOW_KEY_CUSTODY"].strip().lower()
        if custody not in ("files", "memory"):
            raise ConfigError(f"CASEFLOW_KEY_CUSTODY must be files or memory, got {custody!r}")
        out["KEY_CUSTODY"] = custody
    if env.get("CASEFLOW_KEY_VAULT_DIR"):
        out["KEY_VAULT_DIR"] = env["CASEFLOW_KEY_VAULT_DIR"]
    # Clinic boxes (docs/OFFLINE.md): a box's role, code and central address; central's
    # recording of its own changes for boxes to pull.
    if env.get("CASEFLOW_SYNC_ROLE"):
        out["SYNC_ROLE"] = env["CASEFLOW_SYNC_ROLE"].strip().lower()
    if env.get("CASEFLOW_SYNC_DEVICE"):
        out["SYNC_DEVICE"] = env["CASEFLOW_SYNC_DEVICE"].strip().upper()
    if env.get("CASEFLOW_SYNC_CENTRAL_URL"):
        central = env["CASEFLOW_SYNC_CENTRAL_URL"].strip().rstrip("/")
        if not central.startswith(("https://", "http://")):
            raise ConfigError("CASEFLOW_SYNC_CENTRAL_URL must be an http(s):// address")
        out["SYNC_CENTRAL_URL"] = central
    if env.get("CASEFLOW_SYNC_PUSH_BATCH"):
        out["SYNC_PUSH_BATCH"] = _int("CASEFLOW_SYNC_PUSH_BATCH",
                                      env["CASEFLOW_SYNC_PUSH_BATCH"], 1)
    if env.get("CASEFLOW_SYNC_RECORD_CENTRAL"):
        out["SYNC_RECORD_CENTRAL"] = env["CASEFLOW_SYNC_RECORD_CENTRAL"].strip().lower() in (
            "1", "true", "yes", "on")
    if env.get("CASEFLOW_RATELIMIT_STORAGE"):
        storage = env["CASEFLOW_RATELIMIT_STORAGE"]
        if not storage.startswith(("memory://", "redis://", "rediss://", "redis+unix://")):
            raise ConfigError("CASEFLOW_RATELIMIT_STORAGE must be memory:// or a redis:// URL")
        out["RATELIMIT_STORAGE_URI"] = storage
    if env.get("CASEFLOW_IDLE_TIMEOUT_MINUTES"):
        minutes = _int("CASEFLOW_IDLE_TIMEOUT_MINUTES", env["CASEFLOW_IDLE_TIMEOUT_MINUTES"], 1)
        out["IDLE_TIMEOUT"] = timedelta(minutes=minutes)
    if env.get("CASEFLOW_SESSION_MAX_HOURS"):
        hours = _int("CASEFLOW_SESSION_MAX_HOURS", env["CASEFLOW_SESSION_MAX_HOURS"], 1)
        out["PERMANENT_SESSION_LIFETIME"] = timedelta(hours=hours)
    if env.get("CASEFLOW_PROXIES"):
        out["PROXY_FIX_X_FOR"] = _int("CASEFLOW_PROXIES", env["CASEFLOW_PROXIES"], 0)
    for name, key, minimum in (("CASEFLOW_AUDIT_RETENTION_DAYS", "AUDIT_RETENTION_DAYS", 1),
                               ("CASEFLOW_BREAK_GLASS_MINUTES", "BREAK_GLASS_MINUTES", 1),
                               ("CASEFLOW_REAUTH_MINUTES", "REAUTH_MINUTES", 1),
                               ("CASEFLOW_RETENTION_YEARS", "RETENTION_YEARS", 1),
                               ("CASEFLOW_INDICATOR_SUPPRESSION_THRESHOLD",
                                "INDICATOR_SUPPRESSION_THRESHOLD", 1)):
        if env.get(name):
            out[key] = _int(name, env[name], minimum)
    for name, key in (("CASEFLOW_AUDIT_CHECKPOINT_FILE", "AUDIT_CHECKPOINT_FILE"),
                      ("CASEFLOW_BACKUP_KEY_FILE", "BACKUP_KEY_FILE")):
        if env.get(name):
            out[key] = env[name]
    if env.get("CASEFLOW_PUBLIC_URL"):
        public = env["CASEFLOW_PUBLIC_URL"].strip().rstrip("/")
        if not public.startswith(("https://", "http://")):
            raise ConfigError("CASEFLOW_PUBLIC_URL must be an http(s):// address, e.g. "
                              "https://caseflow.example.org")
        out["PUBLIC_URL"] = public
    if env.get("CASEFLOW_LOGIN_LOCK_THRESHOLD"):
        out["LOGIN_LOCK_THRESHOLD"] = _int(
            "CASEFLOW_LOGIN_LOCK_THRESHOLD", env["CASEFLOW_LOGIN_LOCK_THRESHOLD"], 1
        )
    return out


def finalise(config: dict[str, Any], instance_path: str) -> None:
    """Fill instance-relative defaults and refuse an unsafe production start."""
    instance = Path(instance_path)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'caseflow.sqlite'}"
    if not config.get("KEYS_DIR"):
        config["KEYS_DIR"] = str(instance / "keys")
    config["TESTING"] = config.get("TESTING", False) or config["CASEFLOW_ENV"] == "testing"
    if config["CASEFLOW_ENV"] == "production" and not config.get("TESTING"):
        if not config.get("SECRET_KEY"):
            raise ConfigError(
                "No secret key: run 'flask --app caseflow init' or set CASEFLOW_SECRET_KEY."
            )
        if len(config["SECRET_KEY"]) < 32:
            raise ConfigError("The secret key is shorter than 32 characters.")
        if not Path(config["KEYS_DIR"]).is_dir():
            raise ConfigError(
                f"Key directory {config['KEYS_DIR']} does not exist: run "
                "'flask --app caseflow init' or set CASEFLOW_KEYS_DIR."
            )
    if not config.get("SECRET_KEY"):
        # Development and tests only: an ephemeral key, sessions end with the process.
        config["SECRET_KEY"] = os.urandom(32).hex()
