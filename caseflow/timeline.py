"""One chronological timeline per person, assembled from every kind of record.

Each source (notes, pathway state changes, consents, appointments, referrals,
TB episodes and hospital stays) provides its entries through a function

    entries(person, viewer, window: Window) -> list[TimelineEntry]

that returns, newest first, at most `window.limit` entries the viewer may see
(the access decision is made there, in SQL where it can be, never in a
template). The timeline merges them and cuts the page: each page costs one
query per source, whatever the number of entries. The sources are listed by
the services layer (services/care/timeline_sources.py) and handed to `build`: this
module sits below the services and imports none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from caseflow.disciplines import Discipline

Source = Callable[..., list["TimelineEntry"]]


@dataclass(frozen=True)
class Window:
    """Which entries a page wants: a period, a discipline, and how many at most."""

    since: datetime | None = None
    until: datetime | None = None
    discipline: Discipline | None = None
    limit: int = 50


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # note, state_change, consent, appointment, referral, certificate,
    # tb_episode, hospital_stay
    title: str
    discipline: Discipline | None = None
    body: str | None = None
    site: str | None = None
    author: str | None = None
    url: str | None = None
    # data-* attributes that tell tests and reviewers what the entry is (docs/ARCHITECTURE.md,
    # Stable interface).
    attrs: dict[str, str] = field(default_factory=dict)
    details: list[tuple[str, str]] = field(default_factory=list)
    # Fills body/details for entries actually shown: decryption only for the page.
    loader: Callable[[TimelineEntry], None] | None = None


@dataclass
class Page:
    entries: list[TimelineEntry]
    page: int
    has_more: bool


def build(person, viewer, window: Window, sources: Iterable[Source], page: int = 1) -> Page:
    """Entries of one page, newest first, from every source the viewer may see."""
    page = max(page, 1)
    wanted = page * window.limit + 1
    per_source = Window(window.since, window.until, window.discipline, wanted)
    entries: list[TimelineEntry] = []
    for source in sources:
        entries.extend(source(person, viewer, per_source))
    entries.sort(key=lambda e: e.when, reverse=True)
    start = (page - 1) * window.limit
    chunk = entries[start:start + window.limit + 1]
    shown = chunk[:window.limit]
    for entry in shown:
        if entry.loader is not None:
            entry.loader(entry)
    return Page(shown, page, len(chunk) > window.limit)
