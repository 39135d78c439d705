"""Passwords refuse the commonest ones and the user name; two-factor login with codes from an
authenticator app, computed here by pyotp at the project's clock (issue 15, item 17)."""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pyotp
import pytest

from ivr.clock import fix
from ivr.extensions import db
from ivr.staff import auth
from ivr.staff.models import StaffUser
from tests.conftest import MINSK
from tests.staff.conftest import PASSWORD, TOKEN, post

# Far from the machine's time: a code only works if the server reads the project's clock too.
MORNING = datetime(2026, 11, 30, 9, 0, 10, tzinfo=MINSK)


def new_account(admin, name, password):
    return post(admin, "/staff/accounts", {"username": name, "role": "editor", "password": password,
                                            "password_again": password})


@pytest.mark.parametrize("password", ["qwertyuiop", "Password123", "1q2w3e4r5t", "йцукенгшщз", " 1234567890 "])
def test_the_commonest_passwords_are_refused(app, login, password):
    response = new_account(login("anna"), "vera", password)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="password-error"' in page and "самых распространённых паролей" in page
    with app.app_context():
        assert auth.find_user("vera") is None


def test_a_password_holding_the_user_name_is_refused(app, login):
    admin = login("anna")
    response = new_account(admin, "vera.ivanova", "Vera.Ivanova-2026")
    assert response.status_code == 422 and "не должен содержать имя" in response.get_data(as_text=True)
    # Changing one's own password and an admin setting another's follow the same rules.
    response = post(login("boris"), "/staff/password", {"current_password": PASSWORD, "password": "boris boris boris",
                                                        "password_again": "boris boris boris"})
    assert response.status_code == 422 and "не должен содержать имя" in response.get_data(as_text=True)
    assert new_account(login("anna"), "vera", "a good long passphrase").status_code == 302


def test_the_command_line_refuses_them_too(app, runner, monkeypatch):
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "qwertyuiop")
    result = runner.invoke(args=["create-staff", "vera"])
    assert result.exit_code != 0 and result.output.startswith("Error: ") and "commonest" in result.output
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "vera-2026-vera")
    result = runner.invoke(args=["create-staff", "vera"])
    assert result.exit_code != 0 and "user name" in result.output
    with app.app_context():
        assert auth.find_user("vera") is None


def test_the_shipped_list_says_where_it_comes_from():
    text = auth.COMMON_PASSWORDS.read_text(encoding="utf-8")
    assert text.startswith("# ") and "Written for this project" in text
    assert len(auth.common_passwords()) >= 80
    assert all(len(word) >= auth.PASSWORD_MIN for word in auth.common_passwords())


# -- two-factor login -------------------------------------------------------------------------------

def code_at(secret, moment):
    return pyotp.TOTP(secret).at(moment)


def enrol(app, browser):
    """Turn on two-factor login for the logged-in clerk; the secret, as the page shows it."""
    page = post(browser, "/staff/two-factor", {"action": "start"}).get_data(as_text=True)
    secret = re.search(r'<code class="totp-secret">([A-Z2-7]+)</code>', page).group(1)
    uri = re.search(r'<code class="totp-uri">([^<]+)</code>', page).group(1)
    assert uri.startswith("otpauth://totp/") and f"secret={secret}" in uri
    wrong = post(browser, "/staff/two-factor", {"action": "confirm", "code": "000000"})
    assert wrong.status_code == 422 and 'id="code-error"' in wrong.get_data(as_text=True)
    confirmed = post(browser, "/staff/two-factor", {"action": "confirm", "code": code_at(secret, MORNING)})
    assert confirmed.status_code == 302
    return secret


def password_step(app, name="anna"):
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["staff_csrf"] = TOKEN
    response = browser.post("/staff/login", data={"csrf_token": TOKEN, "username": name, "password": PASSWORD})
    return browser, response


def code_step(browser, code):
    with browser.session_transaction() as session:
        session["staff_csrf"] = TOKEN
    return browser.post("/staff/login/code", data={"csrf_token": TOKEN, "code": code})


def test_an_admin_turns_on_two_factor_login_and_every_login_then_asks_for_a_code(app, login):
    fix(app, lambda: MORNING)
    secret = enrol(app, login("anna"))
    with app.app_context():
        assert auth.find_user("anna").totp_on
    browser, response = password_step(app)
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login/code"
    assert browser.get("/staff/").status_code == 302  # the password alone does not log in
    assert code_step(browser, "123456").status_code == 401
    fix(app, lambda: MORNING + timedelta(seconds=30))
    response = code_step(browser, code_at(secret, MORNING + timedelta(seconds=30)))
    assert response.status_code == 302 and response.headers["Location"] == "/staff/"
    assert browser.get("/staff/accounts").status_code == 200


def test_a_code_is_good_once_and_only_near_the_projects_clock(app, login):
    fix(app, lambda: MORNING)
    secret = enrol(app, login("anna"))
    browser, _ = password_step(app)
    assert code_step(browser, code_at(secret, MORNING + timedelta(minutes=5))).status_code == 401
    assert code_step(browser, code_at(secret, datetime.now(MINSK))).status_code in (401, 429)
    fix(app, lambda: MORNING + timedelta(seconds=60))
    used = code_at(secret, MORNING + timedelta(seconds=60))
    other, _ = password_step(app)
    assert code_step(other, used).status_code == 302
    again, _ = password_step(app)
    assert code_step(again, used).status_code in (401, 429)  # the same code cannot log in twice


def test_code_guesses_count_as_failed_logins(app, login):
    fix(app, lambda: MORNING)
    enrol(app, login("anna"))
    browser, _ = password_step(app)
    for _ in range(auth.FREE_FAILURES):
        assert code_step(browser, "000000").status_code == 401
    assert code_step(browser, "000000").status_code == 429


def test_the_code_page_needs_the_password_first(app, staff):
    browser = app.test_client()
    response = browser.get("/staff/login/code")
    assert response.status_code == 302 and response.headers["Location"] == "/staff/login"


def test_an_admin_resets_anothers_two_factor_login(app, login, staff):
    fix(app, lambda: MORNING)
    enrol(app, login("boris"))
    _, response = password_step(app, "boris")
    assert response.headers["Location"] == "/staff/login/code"
    admin = login("anna")
    post(admin, f"/staff/accounts/{staff['boris']}", {"role": "editor", "active": "1", "inbox": "1",
                                                      "reset_two_factor": "1"})
    with app.app_context():
        boris = db.session.get(StaffUser, staff["boris"])
        assert not boris.totp_on and boris.totp_secret is None
    _, response = password_step(app, "boris")
    assert response.headers["Location"] == "/staff/"


def test_turning_two_factor_login_off_takes_a_current_code(app, login):
    fix(app, lambda: MORNING)
    clerk = login("boris")
    secret = enrol(app, clerk)
    assert post(clerk, "/staff/two-factor", {"action": "off", "code": "000000"}).status_code == 422
    fix(app, lambda: MORNING + timedelta(seconds=30))
    assert post(clerk, "/staff/two-factor", {"action": "off",
                                             "code": code_at(secret, MORNING + timedelta(seconds=30))}).status_code == 302
    with app.app_context():
        assert not auth.find_user("boris").totp_on
