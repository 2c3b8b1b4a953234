"""With several workers the login rate limit lives in Redis, shared by every process."""

import uuid

import pytest
import redis

from tests.conftest import IN_CI, csrf_token_from, make_app

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
