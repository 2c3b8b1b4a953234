"""With several workers the login rate limit lives in Redis, shared by every process."""

import uuid

import pytest
import redis

from tests.support.app import make_app
from tests.support.web import IN_CI, csrf_token_from

REDIS_URL = "redis://127.0.0.1:6379/15"


def _redis_up() -> bool:
    try:
        return redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


@pytest.fixture
def shared_storage():
    if not _redis_up():
        if IN_CI:
            pytest.fail("Redis must be running on 127.0.0.1:6379 under CI")
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    return {"RATELIMIT_STORAGE_URI": REDIS_URL, "RATELIMIT_KEY_PREFIX": uuid.uuid4().hex}


def _attempt(app, n):
    client = app.test_client()
    codes = []
    for i in range(n):
        page = client.get("/login")
        if page.status_code != 200:
            codes.append(page.status_code)
            continue
        codes.append(client.post("/login", data={
            "login": f"nobody{i}", "password": "wrong password",
            "csrf_token": csrf_token_from(page.text)}).status_code)
    return codes


def test_it_counts_sign_in_attempts_across_workers(app, database_url, keys_dir, shared_storage):
    worker_a = make_app(database_url, keys_dir, **shared_storage)
    worker_b = make_app(database_url, keys_dir, **shared_storage)
    assert 429 not in _attempt(worker_a, 15)
    codes = _attempt(worker_b, 10)
    assert codes[:5] == [401] * 5
    assert codes[5:] == [429] * 5


# --- Redis stops in the middle of a run -------------------------------------------------------


@pytest.fixture
def own_redis(tmp_path):
    """A real redis-server of the test's own, on a free loopback port, that the test can stop."""
    import shutil
    import socket
    import subprocess
    import time

    server = shutil.which("redis-server")
    if server is None:
        if IN_CI:
            pytest.fail("redis-server must be installed under CI")
        pytest.skip("redis-server is not installed")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 10
    while True:
        try:
            if redis.Redis.from_url(url, socket_connect_timeout=0.2).ping():
                break
        except redis.RedisError:
            if time.monotonic() > deadline:
                process.kill()
                pytest.fail("redis-server did not start")
            time.sleep(0.05)

    def stop():
        if process.poll() is None:
            process.terminate()
            process.wait(timeout=10)

    yield url, stop
    stop()


def _sign_in(app, login, password):
    from tests.support.web import PERSONA_PASSWORD

    client = app.test_client()
    page = client.get("/login")
    if page.status_code != 200:
        return page.status_code
    return client.post("/login", data={
        "login": login, "password": PERSONA_PASSWORD if password is None else password,
        "csrf_token": csrf_token_from(page.text)}).status_code


def test_it_keeps_people_signing_in_when_redis_stops(app, database_url, keys_dir, own_redis,
                                                     caplog):
    url, stop_redis = own_redis
    worker = make_app(database_url, keys_dir, RATELIMIT_STORAGE_URI=url,
                      RATELIMIT_KEY_PREFIX=uuid.uuid4().hex, LOGIN_RATE_LIMIT="6 per minute")
    health = worker.test_client()
    assert health.get("/healthz").get_json() == {"status": "ok", "ratelimit": "ok"}
    assert _sign_in(worker, "amina", None) == 302
    assert _sign_in(worker, "nobody1", "wrong password") == 401
    stop_redis()
    with caplog.at_level("INFO"):
        assert _sign_in(worker, "amina", None) == 302  # not a 500: people keep working
        assert _sign_in(worker, "hugo", None) == 302
        codes = [_sign_in(worker, f"nobody{i}", "wrong password") for i in range(2, 8)]
        health_after = health.get("/healthz")
    # The limit still holds, counted in this process from the moment Redis stopped.
    assert codes[:4] == [401] * 4 and codes[4:] == [429] * 2, codes
    assert health_after.status_code == 200
    assert health_after.get_json() == {"status": "ok", "ratelimit": "degraded"}
    ours = [r for r in caplog.records if r.name.startswith("caseflow")
            and "storage unreachable" in r.getMessage()]
    assert len(ours) == 1  # once, not once per request
    for text in ("amina", "hugo", "nobody", url):
        assert text not in caplog.text
    assert "127.0.0.1" not in ours[0].getMessage()
