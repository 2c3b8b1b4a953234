"""The request's catalogue is found once, and a document's forced language still wins.

caseflow keeps the catalogue Flask-Babel found for a request beside its locale
(caseflow/extensions.py, issue 22): a certificate printed in English for a French
reader, an Arabic referral letter, a language changed in the middle of a request
must each still get their own strings.
"""

from __future__ import annotations

from flask_babel import force_locale, gettext, refresh


def test_it_translates_a_forced_language_and_comes_back(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        assert gettext("Frequent choices") == "Choix fréquents"
        with force_locale("ar"):
            assert gettext("Frequent choices") == "الخيارات الشائعة"
            with force_locale("en"):
                assert gettext("Frequent choices") == "Frequent choices"
            assert gettext("Frequent choices") == "الخيارات الشائعة"
        assert gettext("Frequent choices") == "Choix fréquents"


def test_it_follows_a_language_chosen_during_the_request(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        from flask import session

        assert gettext("Frequent choices") == "Choix fréquents"
        session["lang"] = "ar"  # what the language switch stores
        refresh()
        assert gettext("Frequent choices") == "الخيارات الشائعة"


def test_it_translates_templates_in_the_forced_language(app):
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        template = app.jinja_env.from_string("{{ _('Frequent choices') }}")
        assert template.render() == "Frequent choices"
        with force_locale("fr"):
            assert template.render() == "Choix fréquents"
        assert template.render() == "Frequent choices"


def test_it_finds_the_catalogue_once_per_request(app, monkeypatch):
    """Flask-Babel's own lookup (context, locale, its name, the cache) runs once for a
    page's hundreds of strings, not once per string."""
    from flask_babel import Domain

    found = {"n": 0}
    lookup = Domain.get_translations

    def counted(self):
        found["n"] += 1
        return lookup(self)

    monkeypatch.setattr(Domain, "get_translations", counted)
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        for _ in range(50):
            assert gettext("Frequent choices") == "Choix fréquents"
        assert app.jinja_env.from_string("{{ _('Frequent choices') }}").render() == (
            "Choix fréquents")
    assert found["n"] == 1
    with app.test_request_context("/", headers={"Accept-Language": "ar"}):
        assert gettext("Frequent choices") == "الخيارات الشائعة"
    assert found["n"] == 2
