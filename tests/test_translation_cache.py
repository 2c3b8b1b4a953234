"""The request's catalogue is found once, and a document's forced language still wins.

caseflow keeps the catalogue Flask-Babel found for a request beside its locale
(caseflow/extensions.py, issue 22): a certificate printed in English for a French
reader, an Arabic referral letter, a language changed in the middle of a request
must each still get their own strings.
"""

from __future__ import annotations

from flask_babel import force_locale, gettext, refresh

from caseflow.extensions import babel


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


def test_it_keeps_one_catalogue_per_request(app):
    with app.test_request_context("/", headers={"Accept-Language": "fr"}):
        first = babel.domain_instance.get_translations()
        assert babel.domain_instance.get_translations() is first
    with app.test_request_context("/", headers={"Accept-Language": "ar"}):
        assert babel.domain_instance.get_translations() is not first
        assert gettext("Frequent choices") == "الخيارات الشائعة"
