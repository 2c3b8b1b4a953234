"""Flask extensions, created unbound and attached in create_app (flaskr style)."""

from __future__ import annotations

import logging
from functools import cached_property
from typing import Any

import flask_limiter
from flask import g
from flask_babel import Babel, Domain
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from limits.errors import StorageError
from limits.storage import MemoryStorage

from caseflow.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()


class _RequestDomain(Domain):
    """Flask-Babel's domain, with the request's catalogue kept beside its locale.

    Why: Flask-Babel finds the catalogue again for every string (the request context
    three times, the locale, its name, a dictionary lookup): about 375 strings on a
    person page cost some 19 ms of a 50 ms page. The catalogue found first is kept on
    the request's Babel state with the locale object it was found for; a locale forced
    for a document (``force_locale``) or refreshed is another object, so its strings
    come from its own catalogue, as before.
    """

    def get_translations(self):
        state = _babel_state()
        held = state.__dict__.get("caseflow_translations") if state is not None else None
        if held is not None and held[0] is state.__dict__.get("babel_locale"):
            return held[1]
        translations = super().get_translations()  # sets the request's locale and state
        state = _babel_state()
        locale = state.__dict__.get("babel_locale") if state is not None else None
        if locale is not None:
            state.caseflow_translations = (locale, translations)
        return translations


def _babel_state():
    """Flask-Babel's per-request namespace (locale, forced locale), or None outside an app
    context or before Flask-Babel made it."""
    return g.__dict__.get("_flask_babel") if g else None


class _Babel(Babel):
    @cached_property
    def domain_instance(self) -> Domain:
        return _RequestDomain(domain=self.domain)


babel = _Babel()

log = logging.getLogger("caseflow.ratelimit")
# A shared storage that does not answer within these many seconds counts as down, so that
# a Redis host that drops packets slows one request per re-check, not every sign-in.
SHARED_STORAGE_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}


class Limiter(flask_limiter.Limiter):
    """Flask-Limiter, kept working when its shared storage (Redis) is down.

    Why: with several servers the counters live in Redis; when Redis stops, every
    request that counts (each sign-in) raised, and nobody could work. Flask-Limiter's
    in-memory fallback (``in_memory_fallback_enabled``) then counts each limit per
    process, with the same limits, and goes back to Redis once it answers again
    (re-checked with back-off). Two things it leaves out are added here: services
    that count through ``limiter.limiter`` directly (unknown logins, break-glass
    lookups) fall back too instead of raising, and the switch is logged once per
    outage by caseflow (no address, login or storage URL: nothing personal or secret).
    ``swallow_errors`` is left off: it would drop the limits altogether.
    """

    def __init__(self, **kwargs: Any) -> None:
        self._caseflow_dead = False
        super().__init__(in_memory_fallback_enabled=True, **kwargs)

    @property
    def _storage_dead(self) -> bool:  # Flask-Limiter's own flag, watched to log its changes
        return self._caseflow_dead

    @_storage_dead.setter
    def _storage_dead(self, dead: bool) -> None:
        if dead and not self._caseflow_dead:
            log.warning("Rate-limit storage unreachable: limits are counted per process "
                        "until it answers again.")
        elif self._caseflow_dead and not dead:
            log.warning("Rate-limit storage answers again: limits are shared again.")
        self._caseflow_dead = dead

    def init_app(self, app) -> None:
        uri = str(app.config.get("RATELIMIT_STORAGE_URI") or "")
        if uri.startswith(("redis://", "rediss://", "redis+unix://")):
            app.config["RATELIMIT_STORAGE_OPTIONS"] = {
                **SHARED_STORAGE_TIMEOUTS, **(app.config.get("RATELIMIT_STORAGE_OPTIONS") or {})}
        super().init_app(app)
        self._caseflow_dead = False  # a new app (a new process in production) starts afresh

    def storage_state(self) -> str | None:
        """"ok", or "degraded" while the shared storage does not answer (per-process limits);
        None when the counters are in memory by configuration (nothing shared to lose).

        Asks the storage (a Redis PING, bounded by the timeouts above): a monitor
        calling /healthz learns of the outage before the next sign-in does.
        """
        if not self.initialized or not self.enabled or isinstance(self.storage, MemoryStorage):
            return None
        if self._caseflow_dead:
            return "degraded"
        if not self.storage.check():
            self._storage_dead = True  # count per process now, rather than wait for a failure
            return "degraded"
        return "ok"

    @property
    def limiter(self):
        strategy = super().limiter
        fallback = self._fallback_limiter
        if self._caseflow_dead or fallback is None or strategy is fallback:
            return strategy
        return _FallingBack(self, strategy, fallback)

    def _storage_errors(self) -> tuple[type[BaseException], ...]:
        try:
            base = self.storage.base_exceptions
        except (NotImplementedError, AttributeError):
            base = ()
        return (StorageError, *(base if isinstance(base, tuple) else (base,)))


class _FallingBack:
    """A rate-limiting strategy that switches to the in-memory one when the storage fails."""

    def __init__(self, owner: Limiter, strategy, fallback) -> None:
        self._owner, self._strategy, self._fallback = owner, strategy, fallback

    def __getattr__(self, name: str):
        method = getattr(self._strategy, name)
        if not callable(method):
            return method

        def call(*args, **kwargs):
            try:
                return method(*args, **kwargs)
            except self._owner._storage_errors():
                self._owner._storage_dead = True
                return getattr(self._fallback, name)(*args, **kwargs)

        return call


# Storage comes from RATELIMIT_STORAGE_URI (CASEFLOW_RATELIMIT_STORAGE): memory for one
# process, redis:// when several workers must share the counters.
limiter = Limiter(key_func=get_remote_address, default_limits=[])
