"""The inbox (callers' messages, call-backs, recordings) and the calls export are a permission of
their own: an editor who maintains texts need not read callers' messages (issue 15, item 19)."""
from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from ivr import create_app
from ivr.config import config_for_tests
from ivr.extensions import db
from ivr.schema import upgrade_database
from ivr.staff import auth
from ivr.staff.models import StaffUser
from tests.staff.conftest import log_in_session, post
from tests.staff.test_desk import add_message

INBOX_URLS = ["/staff/inbox", "/staff/inbox?status=done", "/staff/inbox/{id}/recording", "/staff/statistics.csv"]
INBOX_POSTS = ["/staff/inbox/{id}/status", "/staff/inbox/{id}/fetch"]


def texts_editor(app, client):
    """A new editor without the inbox permission, logged in on ``client``."""
    with app.app_context():
        user = auth.create_user("olga", "a long passphrase", "editor")
        ident = user.id
    log_in_session(client, ident, version=1)  # setting the password made version 1
    return ident


def a_message(app):
    return add_message(app, audio=b"RIFF recording")


def test_an_editor_without_the_permission_sees_no_callers_messages(app, client, staff):
    message_id = a_message(app)
    texts_editor(app, client)
    for url in INBOX_URLS:
        response = client.get(url.format(id=message_id))
        assert response.status_code == 403, url
        assert "375291234567" not in response.get_data(as_text=True)
    for url in INBOX_POSTS:
        assert post(client, url.format(id=message_id), {"status": "done"}).status_code == 403, url
    overview = client.get("/staff/").get_data(as_text=True)
    assert 'href="/staff/inbox"' not in overview  # neither the menu nor the new-items notice
    statistics = client.get("/staff/statistics")
    assert statistics.status_code == 200 and "statistics.csv" not in statistics.get_data(as_text=True)
    assert client.get("/staff/texts/ru").status_code == 200  # the texts stay theirs


def test_an_admin_gives_and_takes_the_permission(app, client, staff):
    message_id = a_message(app)
    olga = texts_editor(app, client)
    other = app.test_client()
    log_in_session(other, staff["anna"])
    post(other, f"/staff/accounts/{olga}", {"role": "editor", "active": "1", "inbox": "1"})
    page = client.get("/staff/inbox")
    assert page.status_code == 200 and "+375291234567" in page.get_data(as_text=True)
    assert client.get("/staff/statistics.csv").status_code == 200
    assert post(client, f"/staff/inbox/{message_id}/status", {"status": "done"}).status_code == 302
    post(other, f"/staff/accounts/{olga}", {"role": "editor", "active": "1"})
    assert client.get("/staff/inbox").status_code == 403


def test_new_accounts_get_the_inbox_only_when_asked(app, login):
    admin = login("anna")
    form = {"role": "editor", "password": "a long passphrase", "password_again": "a long passphrase"}
    post(admin, "/staff/accounts", {**form, "username": "olga"})
    post(admin, "/staff/accounts", {**form, "username": "petr", "inbox": "1"})
    with app.app_context():
        assert not auth.find_user("olga").sees_inbox and auth.find_user("petr").sees_inbox
    page = admin.get("/staff/accounts").get_data(as_text=True)
    assert 'name="inbox"' in page


def test_the_upgrade_gives_every_existing_account_the_inbox(tmp_path: Path):
    app = create_app(config_for_tests(tmp_path))
    upgrade_database(app, "0005")
    with app.app_context():
        for name, role in (("anna", "admin"), ("boris", "editor")):
            db.session.execute(sa.text(
                "INSERT INTO staff_user (username, password_hash, role, active, session_version, created_at) "
                "VALUES (:name, 'x', :role, :yes, 0, '2026-01-01 00:00:00')"), {"name": name, "role": role, "yes": True})
        db.session.commit()
    upgrade_database(app)
    with app.app_context():
        users = db.session.query(StaffUser).order_by(StaffUser.username).all()
        assert [(u.username, u.sees_inbox, u.totp_on) for u in users] == [("anna", True, False), ("boris", True, False)]
        db.engine.dispose()


def test_the_command_line_gives_the_inbox_to_the_first_account_or_when_asked(app, runner, monkeypatch):
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "a long passphrase")
    assert "with the inbox" in runner.invoke(args=["create-staff", "anna"]).output
    assert "without the inbox" in runner.invoke(args=["create-staff", "olga"]).output
    assert "(with the inbox)" in runner.invoke(args=["create-staff", "petr", "--inbox"]).output
    listing = runner.invoke(args=["list-staff"]).output.splitlines()
    assert listing == ["anna\tadmin +inbox", "olga\teditor", "petr\teditor +inbox"]
