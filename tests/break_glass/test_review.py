"""The medical coordinator reviews every emergency access: justified or not."""

import pytest

from tests.break_glass.conftest import REASON, code_of, events, grants
from tests.support.web import csrf_token_from


@pytest.fixture
def opened(app, client, open_glass, zwara_person):
    assert open_glass("charlie", zwara_person).status_code == 302
    return zwara_person


def review(client, grant, token, **data):
    return client.post(f"/break-glass/{grant.id}/review",
                       data={"version": grant.version, "csrf_token": token, **data})


def test_it_lists_the_access_with_its_reason_for_the_coordinator(app, client, as_user,
                                                                 opened):
    as_user("claire")
    page = client.get("/break-glass/")
    assert page.status_code == 200
    (grant,) = grants(app)
    code = code_of(app, opened)
    assert f'data-grant="{grant.id}" data-grant-code="{code}"' in page.text
    assert 'data-grant-review="pending"' in page.text and 'data-grant-active="yes"' in page.text
    assert REASON in page.text
    assert "Charlie Okafor" in page.text and "Tripoli" in page.text
    assert 'data-break-glass-pending="1"' in page.text
    (shown,) = events(app, object_type="break_glass_access", action="view")
    assert (shown.person_code, shown.purpose, shown.details) == (code, "break_glass_review",
                                                                  None)


def test_it_lists_pending_accesses_first(app, client, as_user, open_glass, opened, register):
    other = register("claire", "ZWA", "Kamara", "Ibrahim")
    open_glass("charlie", other, reason="Second emergency, chest pain at the shelter")
    as_user("claire")
    first = grants(app)[0]
    token = csrf_token_from(client.get("/break-glass/").text)
    assert review(client, first, token, decision="justified").status_code == 303
    page = client.get("/break-glass/").text
    pending_at = page.index('data-grant-review="pending"')
    assert pending_at < page.index('data-grant-review="justified"')


def test_it_records_a_justified_access(app, client, as_user, opened):
    as_user("claire")
    token = csrf_token_from(client.get("/break-glass/").text)
    (grant,) = grants(app)
    answer = review(client, grant, token, decision="justified", note="Seen in the ER, fine")
    assert answer.status_code == 303
    (grant,) = grants(app)
    assert (grant.review, grant.version) == ("justified", 2)
    assert grant.reviewed_by_id is not None and grant.reviewed_at is not None
    (event,) = events(app, object_type="break_glass_access", action="update")
    assert event.details == {"review": "justified", "ended": False}
    assert "Seen in the ER" not in str(event.details) and event.purpose == "break_glass_review"
    page = client.get("/break-glass/").text
    assert 'data-grant-review="justified"' in page and "Seen in the ER, fine" in page
    as_user("charlie")  # a justified access goes on until it expires
    assert client.get(f"/people/{opened}").status_code == 200


def test_it_ends_an_access_marked_not_justified(app, client, as_user, opened):
    as_user("claire")
    token = csrf_token_from(client.get("/break-glass/").text)
    (grant,) = grants(app)
    refused = review(client, grant, token, decision="unjustified", note="")
    assert refused.status_code == 303
    assert "Indiquez pourquoi cet accès n’était pas justifié." in client.get("/break-glass/").text
    assert grants(app)[0].review == "pending"
    review(client, grant, token, decision="unjustified", note="No patient at the shelter")
    assert grants(app)[0].review == "unjustified"
    (event,) = events(app, object_type="break_glass_access", action="update")
    assert event.details == {"review": "unjustified", "ended": True}
    as_user("charlie")
    assert client.get(f"/people/{opened}").status_code == 404


def test_it_detects_a_review_made_meanwhile(app, client, as_user, opened):
    as_user("claire")
    token = csrf_token_from(client.get("/break-glass/").text)
    (stale,) = grants(app)
    review(client, stale, token, decision="justified")
    review(client, stale, token, decision="unjustified", note="Changed my mind")
    page = client.get("/break-glass/").text
    assert "Quelqu’un d’autre a examiné cet accès entre-temps." in page
    assert grants(app)[0].review == "justified"


@pytest.mark.parametrize("data", [{"decision": "maybe"}, {}, {"decision": "justified",
                                                               "version": "x"},
                                  {"decision": "justified", "note": "n" * 1001}])
def test_it_answers_bad_review_input_clearly(app, client, as_user, opened, data):
    as_user("claire")
    token = csrf_token_from(client.get("/break-glass/").text)
    (grant,) = grants(app)
    answer = client.post(f"/break-glass/{grant.id}/review", data={"csrf_token": token, **data})
    assert answer.status_code == 303
    assert 'class="flash flash-error"' in client.get("/break-glass/").text
    assert grants(app)[0].review == "pending"


def test_it_needs_csrf_and_a_real_grant(app, client, as_user, opened):
    as_user("claire")
    (grant,) = grants(app)
    assert client.post(f"/break-glass/{grant.id}/review",
                       data={"decision": "justified", "version": 1}).status_code == 400
    token = csrf_token_from(client.get("/break-glass/").text)
    for bad in ("not-a-uuid", "00000000-0000-0000-0000-000000000000"):
        assert client.post(f"/break-glass/{bad}/review", data={
            "decision": "justified", "version": 1, "csrf_token": token}).status_code == 404


@pytest.mark.parametrize("login", ["charlie", "amina", "hugo", "yasmine", "sara", "lea",
                                   "omar", "admin"])
def test_it_keeps_the_review_for_the_coordinator(app, client, as_user, opened, login):
    as_user(login)
    (grant,) = grants(app)
    assert client.get("/break-glass/").status_code == 403
    token = csrf_token_from(client.get("/", follow_redirects=True).text)
    assert review(client, grant, token, decision="justified").status_code == 403
    assert grants(app)[0].review == "pending"
