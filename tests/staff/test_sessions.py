"""Logging out ends the session on the server: a copied cookie stops working, other devices stay
logged in unless the clerk asks to log out everywhere (issue 15, item 9)."""
from __future__ import annotations

from ivr.extensions import db
from ivr.staff.models import StaffSession
from tests.staff.conftest import PASSWORD, TOKEN, post


def logged_in_browser(app, name="boris"):
    """A browser that logged in through the login form."""
    browser = app.test_client()
    with browser.session_transaction() as session:
        session["staff_csrf"] = TOKEN
    response = browser.post("/staff/login", data={"csrf_token": TOKEN, "username": name, "password": PASSWORD})
    assert response.status_code == 302
    assert browser.get("/staff/").status_code == 200
    return browser


def copy_of_cookie(app, browser):
    """Another browser holding a copy of ``browser``'s session cookie (e.g. stolen from a shared PC)."""
    thief = app.test_client()
    thief.set_cookie(app.config["SESSION_COOKIE_NAME"], browser.get_cookie(app.config["SESSION_COOKIE_NAME"]).value)
    return thief


def test_a_copied_cookie_stops_working_after_logout(app, staff):
    browser = logged_in_browser(app)
    thief = copy_of_cookie(app, browser)
    assert thief.get("/staff/").status_code == 200  # the copy works while the session is open ...
    assert post(browser, "/staff/logout").headers["Location"] == "/staff/login"
    assert browser.get("/staff/").status_code == 302
    assert thief.get("/staff/").status_code == 302  # ... and not after the clerk logged out
    assert thief.get("/staff/inbox").headers["Location"].startswith("/staff/login")


def test_logging_out_leaves_the_clerks_other_devices_logged_in(app, staff):
    office_pc, phone = logged_in_browser(app), logged_in_browser(app)
    post(office_pc, "/staff/logout")
    assert office_pc.get("/staff/").status_code == 302
    assert phone.get("/staff/").status_code == 200


def test_logging_out_everywhere_ends_every_session_of_the_account(app, staff):
    office_pc, phone, colleague = logged_in_browser(app), logged_in_browser(app), logged_in_browser(app, "anna")
    page = office_pc.get("/staff/two-factor").get_data(as_text=True)
    assert 'name="everywhere"' in page  # the "login and devices" page offers it
    post(office_pc, "/staff/logout", {"everywhere": "1"})
    assert office_pc.get("/staff/").status_code == 302
    assert phone.get("/staff/").status_code == 302
    assert colleague.get("/staff/").status_code == 200  # another clerk's sessions are not touched
    with app.app_context():
        assert db.session.query(StaffSession).count() == 1


def test_a_session_without_its_server_record_is_not_logged_in(app, staff):
    browser = logged_in_browser(app)
    with app.app_context():
        db.session.query(StaffSession).delete()
        db.session.commit()
    assert browser.get("/staff/").status_code == 302
