"""Pages measured inside the process (issue 22): the person page and the name search
against the sign-in page, through Flask's test client on the data bench/http_load.py
generates (so the search runs among 100,000 people).

Why in-process beside the HTTP load: it takes gunicorn, wrk and the machine's load out
of the ratio, so a change to a page's Python work shows in its own figure. Each page is
requested ``repeat`` times after two warm-up requests; the median is reported, and the
ratio compares medians of the same run. ``profile`` (python -m bench.pages FOLDER
--profile person|search, FOLDER an instance folder with demo data, e.g. made by
``flask demo --persons 20000 --notes 200000``) prints where a page's time goes.
"""

from __future__ import annotations

import os
import re
import statistics
import time

from flask import current_app

PASSWORD = "bench-load demo password 2026"
SEARCH_QUERY = "Diallo"  # a frequent family name of these programmes (West Africa)
GOAL = 4.0  # issue 22: a person page with 30+ entries and a frequent-name search ≤ 4× sign-in
# The profile's order and length: BENCH_PROFILE_SORT=tottime, BENCH_PROFILE_LINES=300.
SORT = tuple(os.environ.get("BENCH_PROFILE_SORT", "cumulative").split(","))
LINES = int(os.environ.get("BENCH_PROFILE_LINES", "45"))


def _client(app, login: str | None):
    from bench.load_client import csrf_token

    client = app.test_client()
    if login:
        page = client.get("/login").get_data(as_text=True)
        answer = client.post("/login", data={"login": login, "password": PASSWORD,
                                             "csrf_token": csrf_token(page), "next": ""})
        if answer.status_code != 302:
            raise RuntimeError(f"sign-in of {login} answered {answer.status_code}")
    return client


def timeline_entries(html: str) -> int:
    return len(re.findall(r'<li class="timeline-entry', html))


def found(html: str) -> int | None:
    """The number of people a results page says it found."""
    match = re.search(r"<h2>(\d[\d\s\u202f\xa0]*)", html)
    return int(re.sub(r"\D", "", match.group(1))) if match else None


def resolved(client, path: str) -> str:
    """The address a page ends at: a search typed as ?q= answers 303 to an opaque ?s=
    token (no name in an address), and that address is what a reader reloads."""
    answer = client.get(path)
    if answer.status_code == 303:
        return answer.headers["Location"]
    return path


def _times(client, path: str, repeat: int) -> tuple[list[float], str]:
    for _ in range(2):
        body = client.get(path).get_data(as_text=True)
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        answer = client.get(path)
        samples.append(time.perf_counter() - started)
        if answer.status_code != 200:
            raise RuntimeError(f"{path} answered {answer.status_code} "
                               f"{answer.headers.get('Location') or ''}")
    return samples, body


def _statements(engine, client, path: str) -> int:
    from sqlalchemy import event

    seen = {"n": 0}

    def count(*_args) -> None:
        seen["n"] += 1

    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get(path)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return seen["n"]


def _outside_context(work):
    """Run work(app) in a thread of its own: Instance.call holds an app context, and test
    client requests made inside it would share its ``g`` (the signed-in user, the CSRF
    token) between clients; a fresh thread starts with no context, as a server's does."""
    import threading

    from caseflow.extensions import db

    app, engine = current_app._get_current_object(), db.engine
    result: dict = {}

    def target() -> None:
        try:
            result["value"] = work(app, engine)
        except BaseException as error:  # re-raised in the caller's thread
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def measure_pages(person_id: str, repeat: int = 30) -> dict:
    """Inside an app context (Instance.call): median ms of each page, entries shown,
    people found, SQL statements per page."""
    return _outside_context(lambda app, engine: _measure(app, engine, person_id, repeat))


def _measure(app, engine, person_id: str, repeat: int) -> dict:
    anonymous, amina = _client(app, None), _client(app, "amina")
    search = f"/people/?q={SEARCH_QUERY}"
    person = f"/people/{person_id}"
    out = {}
    for name, client, path in (("sign-in", anonymous, "/login"), ("person", amina, person),
                               ("search", amina, resolved(amina, search))):
        samples, body = _times(client, path, repeat)
        out[name] = {"ms": statistics.median(samples) * 1000,
                     "min": min(samples) * 1000, "max": max(samples) * 1000,
                     "statements": _statements(engine, client, path)}
        if name == "person":
            out[name]["entries"] = timeline_entries(body)
        if name == "search":
            out[name]["found"] = found(body)
    return out


def profile(person_id: str, page: str, repeat: int = 20) -> str:
    """cProfile of one page (person or search), cumulative, top 40 lines."""
    return _outside_context(lambda app, _engine: _profile(app, person_id, page, repeat))


def _profile(app, person_id: str, page: str, repeat: int) -> str:
    import cProfile
    import io
    import pstats

    client = _client(app, "amina")
    path = (resolved(client, f"/people/?q={SEARCH_QUERY}") if page == "search"
            else f"/people/{person_id}")
    client.get(path)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(path)
    profiler.disable()
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats(*SORT).print_stats(LINES)
    return text.getvalue()


def rows(label: str, people: int, result: dict) -> list:
    from bench.common import Row

    bench = f"in-process, {label}, {people:,} people"
    base = result["sign-in"]["ms"]
    out = [Row(bench, "sign-in page, anonymous (ms)",
               f"{base:.1f} ({result['sign-in']['min']:.1f}–{result['sign-in']['max']:.1f}); "
               f"{result['sign-in']['statements']} SQL statements", "baseline", "")]
    for key, name in (("person", f"person page, {result['person'].get('entries')} entries"),
                      ("search", f"search '{SEARCH_QUERY}' "
                                 f"({result['search'].get('found')} found)")):
        ms = result[key]["ms"]
        ratio = ms / base if base else float("inf")
        at_size = key == "person" or people >= 100_000
        verdict = ("met" if ratio <= GOAL else f"missed by {ratio - GOAL:.1f}x") if at_size \
            else "not at this size"
        out.append(Row(bench, f"{name} (ms)",
                       f"{ms:.1f} ({result[key]['min']:.1f}–{result[key]['max']:.1f}); "
                       f"{ratio:.1f}x sign-in; {result[key]['statements']} SQL statements",
                       f"≤ {GOAL:g}x sign-in", verdict))
    return out


if __name__ == "__main__":
    import sys
    from pathlib import Path

    from bench.load_client import Instance

    folder, *rest = sys.argv[1:]
    instance = Instance(Path(folder))
    targets = instance.call("bench.http_load:find_targets")
    if rest and rest[0] == "--profile":
        print(instance.call("bench.pages:profile", person_id=targets["person_id"],
                            page=rest[1]))
    else:
        result = instance.call("bench.pages:measure_pages", person_id=targets["person_id"])
        for row in rows("SQLite", targets["people"], result):
            print(f"{row.benchmark} | {row.measure} | {row.value} | {row.target} | "
                  f"{row.verdict}")
