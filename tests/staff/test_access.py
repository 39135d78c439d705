"""Who may open what: login on every staff URL, CSRF on every change, roles, cookies, the slow-down."""
from __future__ import annotations

import re
from datetime import timedelta

import pytest
from werkzeug.routing import IntegerConverter

from ivr import create_app
from ivr.clock import stamp
from ivr.config import config_for_tests
from ivr.content.models import Revision
from ivr.content.store import ensure_database
from ivr.extensions import db
from ivr.staff import auth
from ivr.staff.models import LoginAttempt, StaffUser
from ivr.staff import JSON_ENDPOINTS, PUBLIC_ENDPOINTS
from tests.staff.conftest import PASSWORD, TOKEN, log_in_session, post


def staff_rules(app):
    return [rule for rule in app.url_map.iter_rules() if rule.rule.startswith("/staff")]


def example_url(rule):
    """The rule's path with every variable filled in with something plausible."""
    values = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        values[name] = 1 if isinstance(converter, IntegerConverter) else "x"
    return rule.build(values)[1]


def revision_count(app):
    with app.app_context():
        return db.session.query(Revision).count()


def test_every_staff_url_but_the_login_page_requires_login(app, client):
    rules = staff_rules(app)
    assert len(rules) >= 20
    checked = 0
    for rule in rules:
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        url = example_url(rule)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            response = client.open(url, method=method, data={"csrf_token": "x"})
            if rule.endpoint in JSON_ENDPOINTS:
                assert response.status_code == 401, (method, url)
            else:
                assert response.status_code == 302, (method, url)
                assert response.headers["Location"].startswith("/staff/login?next="), (method, url)
            checked += 1
    assert checked >= 25
    assert revision_count(app) == 1  # nothing was changed by any of them


def test_the_login_page_and_static_files_are_open(client):
    assert client.get("/staff/login").status_code == 200
    with client.get("/staff/static/staff.css") as response:
        assert response.status_code == 200


def test_a_visitor_is_sent_to_the_login_page_and_back(client, staff):
    response = client.get("/staff/hours")
    assert response.headers["Location"] == "/staff/login?next=/staff/hours"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'name="next" value="/staff/hours"' in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    response = client.post("/staff/login", data={"csrf_token": token, "username": "Boris ", "password": PASSWORD,
                                                 "next": "/staff/hours"})
    assert response.status_code == 302 and response.headers["Location"] == "/staff/hours"
    assert client.get("/staff/hours").status_code == 200


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/staff", "/voice", "/staff\\..\\x"])
def test_login_never_redirects_off_the_staff_pages(client, staff, target):
    response = post(client, "/staff/login", {"username": "boris", "password": PASSWORD, "next": target})
    assert response.headers["Location"] == "/staff/"


def test_wrong_passwords_and_unknown_names_get_the_same_answer(client, staff):
    wrong = post(client, "/staff/login", {"username": "boris", "password": "nope"})
    unknown = post(client, "/staff/login", {"username": "nobody", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Неверное имя пользователя или пароль" in wrong.get_data(as_text=True)
    assert 'value="boris"' in wrong.get_data(as_text=True)  # the name typed is kept, the password is not
    assert PASSWORD not in wrong.get_data(as_text=True)


def test_an_inactive_account_cannot_log_in(app, client, staff):
    with app.app_context():
        db.session.get(StaffUser, staff["boris"]).active = False
        db.session.commit()
    assert post(client, "/staff/login", {"username": "boris", "password": PASSWORD}).status_code == 401


def test_repeated_failed_logins_are_slowed_down(app, client, staff):
    for _ in range(auth.FREE_FAILURES):
        assert post(client, "/staff/login", {"username": "boris", "password": "guess"}).status_code == 401
    # Now even the right password must wait: nothing is checked until the pause is over.
    response = post(client, "/staff/login", {"username": "boris", "password": PASSWORD})
    assert response.status_code == 429
    assert re.search(r"Повторите через \d+ с", response.get_data(as_text=True))
    # The pause is kept in the database, so every worker and host sees it; once it is over, the
    # right password works again.
    with app.app_context():
        for attempt in db.session.query(LoginAttempt):
            attempt.at = attempt.at - timedelta(seconds=auth.FIRST_DELAY + 1)
        db.session.commit()
        assert auth.seconds_to_wait("boris", "127.0.0.1") == 0
    assert post(client, "/staff/login", {"username": "boris", "password": PASSWORD}).status_code == 302


def test_the_pause_grows_and_holds_per_address_too(app, staff):
    with app.app_context():
        now = stamp()
        for i in range(auth.ADDRESS_FREE_FAILURES + 2):
            auth.record_attempt(f"name{i}", "10.0.0.9", False, now)
        assert auth.seconds_to_wait("someone-else", "10.0.0.9", now) == auth.FIRST_DELAY * 4
        assert auth.seconds_to_wait("someone-else", "10.0.0.8", now) == 0
        assert auth.seconds_to_wait("x", "10.0.0.9", now + auth.WINDOW + timedelta(seconds=1)) == 0


def test_logout_needs_a_post_with_the_token(client, clerk):
    assert client.get("/staff/logout").status_code == 405
    assert client.post("/staff/logout").status_code == 400
    response = post(client, "/staff/logout")
    assert response.headers["Location"] == "/staff/login"
    assert client.get("/staff/").status_code == 302


@pytest.mark.parametrize("url, data", [
    ("/staff/hours", {"base": "1", "mon_works": "1", "mon_opens": "9:00", "mon_closes": "18:00"}),
    ("/staff/contacts", {"base": "1", "hotline": "+375 17 000 00 00"}),
    ("/staff/texts/ru", {"base": "1"}),
    ("/staff/headlines/new", {"base": "1", "title-ru": "Новость"}),
    ("/staff/headlines/tashkent-talks/delete", {"base": "1"}),
    ("/staff/pronunciation", {"base": "1"}),
    ("/staff/history/1/restore", {"base": "1"}),
    ("/staff/accounts", {"username": "vera", "role": "editor", "password": "x" * 12, "password_again": "x" * 12}),
    ("/staff/password", {"current_password": PASSWORD, "password": "y" * 12, "password_again": "y" * 12}),
])
def test_every_form_is_refused_without_the_csrf_token(app, login, url, data):
    client = login("anna")
    for token in (None, "forged-token"):
        sent = dict(data, **({"csrf_token": token} if token else {}))
        response = client.post(url, data=sent)
        assert response.status_code == 400, url
        assert "Форма устарела" in response.get_data(as_text=True)
    assert revision_count(app) == 1
    with app.app_context():
        assert db.session.query(StaffUser).count() == 2
        assert db.session.get(StaffUser, 1).check_password(PASSWORD)


def test_the_script_endpoints_need_the_token_too(login):
    client = login("boris")
    assert client.post("/staff/audio/status", json={"keys": []}).status_code == 400
    assert client.post("/staff/audio/status", json={"keys": []}, headers={"X-CSRF-Token": TOKEN}).status_code == 200
    assert client.post("/staff/test-call/step", data={"start": "1"}).status_code == 400


def test_the_login_form_needs_the_token(client, staff):
    response = client.post("/staff/login", data={"username": "boris", "password": PASSWORD})
    assert response.status_code == 400


def test_twilio_webhooks_and_audio_stay_outside_login_and_csrf(app, client, caller, login):
    # Not logged in, no CSRF token: the signed webhook answers as always.
    call = caller()
    assert call.start().gather is not None
    assert client.get("/audio/" + "0" * 64 + ".wav").status_code == 404
    # Logged in does not change that either (no CSRF token is ever asked of Twilio).
    login("boris")
    assert caller().start().gather is not None
    assert client.post("/voice").status_code == 403  # the signature check still applies


def test_only_admins_manage_accounts(app, login):
    editor = login("boris")
    assert editor.get("/staff/accounts").status_code == 403
    data = {"username": "vera", "role": "admin", "password": "x" * 12, "password_again": "x" * 12}
    assert post(editor, "/staff/accounts", data).status_code == 403
    assert post(editor, "/staff/accounts/1", {"role": "editor", "active": "1"}).status_code == 403
    assert "Учётные записи" not in editor.get("/staff/").get_data(as_text=True)
    admin = login("anna")
    assert admin.get("/staff/accounts").status_code == 200
    assert post(admin, "/staff/accounts", data).status_code == 302
    with app.app_context():
        vera = auth.find_user("vera")
        assert vera.role == "admin" and vera.check_password("x" * 12) and vera.password_hash != "x" * 12


def test_account_forms_are_checked(app, login):
    admin = login("anna")
    response = post(admin, "/staff/accounts", {"username": "Vera Ivanova", "role": "boss", "password": "short",
                                               "password_again": "short"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="username-error"' in page and 'id="role-error"' in page and 'id="password-error"' in page
    assert 'value="Vera Ivanova"' in page
    response = post(admin, "/staff/accounts", {"username": "boris", "role": "editor", "password": "x" * 12,
                                               "password_again": "y" * 12})
    page = response.get_data(as_text=True)
    assert "Такое имя уже занято" in page and "Пароли не совпадают" in page


def test_the_last_admin_cannot_be_demoted_or_locked_out(app, login, staff):
    admin = login("anna")
    post(admin, f"/staff/accounts/{staff['anna']}", {"role": "editor", "active": "1"})
    with app.app_context():
        assert db.session.get(StaffUser, staff["anna"]).role == "admin"
    post(admin, f"/staff/accounts/{staff['boris']}", {"role": "editor"})  # "active" unchecked: locked out
    with app.app_context():
        assert db.session.get(StaffUser, staff["boris"]).active is False


def test_a_deactivated_or_repassworded_account_loses_its_open_sessions(app, client, staff):
    log_in_session(client, staff["boris"])
    assert client.get("/staff/").status_code == 200
    with app.app_context():
        db.session.get(StaffUser, staff["boris"]).set_password("a new password 1")
        db.session.commit()
    assert client.get("/staff/").status_code == 302


def test_changing_ones_own_password(app, clerk):
    response = post(clerk, "/staff/password", {"current_password": "wrong", "password": "n" * 12, "password_again": "n" * 12})
    assert response.status_code == 422 and "Неверный текущий пароль" in response.get_data(as_text=True)
    response = post(clerk, "/staff/password", {"current_password": PASSWORD, "password": "n" * 12, "password_again": "n" * 12})
    assert response.status_code == 302
    assert clerk.get("/staff/").status_code == 200  # this session goes on
    with app.app_context():
        assert auth.find_user("boris").check_password("n" * 12)


def cookie_flags(response):
    return response.headers.get("Set-Cookie", "")


def test_session_cookie_is_httponly_samesite_and_secure_over_https(client, staff):
    response = client.get("/staff/login")
    header = cookie_flags(response)
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" in header  # IVR_PUBLIC_URL is https


def test_session_cookie_is_not_secure_for_a_plain_http_install(tmp_path):
    app = create_app(config_for_tests(tmp_path, IVR_PUBLIC_URL="http://localhost:5000"))
    ensure_database(app)
    header = cookie_flags(app.test_client().get("/staff/login"))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Secure" not in header
    forced = create_app(config_for_tests(tmp_path / "b", IVR_PUBLIC_URL="http://localhost", IVR_SECURE_COOKIES=True))
    assert forced.config["SESSION_COOKIE_SECURE"] is True


def test_staff_pages_are_not_cached_framed_or_open_to_other_scripts(clerk):
    response = clerk.get("/staff/")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "<script>" not in response.get_data(as_text=True)  # no inline scripts anywhere


def test_the_staff_language_switch_is_remembered(clerk):
    page = clerk.get("/staff/hours?ui=en").get_data(as_text=True)
    assert '<html lang="en">' in page and "Office hours" in page
    page = clerk.get("/staff/contacts").get_data(as_text=True)
    assert "Office phone numbers" in page
    page = clerk.get("/staff/contacts?ui=ru").get_data(as_text=True)
    assert '<html lang="ru">' in page and "Телефоны приёмной" in page
