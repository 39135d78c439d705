"""`flask create-staff`, `staff-password` and `list-staff`."""
from __future__ import annotations

from ivr.extensions import db
from ivr.staff.auth import find_user
from ivr.staff.models import StaffUser


def account(app, name):
    with app.app_context():
        user = find_user(name)
        db.session.expunge_all()
        return user


def test_the_first_account_is_an_admin_with_a_password_asked_twice(app, runner):
    result = runner.invoke(args=["create-staff", "Anna"], input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    assert "created the admin account anna" in result.output
    assert result.output.count("Password") == 1 and "Repeat for confirmation" in result.output
    user = account(app, "anna")
    assert user.role == "admin" and user.check_password("a long password")
    assert "a long password" not in user.password_hash


def test_later_accounts_are_editors_unless_told(app, runner, monkeypatch, tmp_path):
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "from the environment")
    assert runner.invoke(args=["create-staff", "anna"]).exit_code == 0
    assert runner.invoke(args=["create-staff", "boris"]).exit_code == 0
    monkeypatch.delenv("IVR_STAFF_PASSWORD")
    secret = tmp_path / "pw.txt"
    secret.write_text("from a file 123\nignored second line\n", encoding="utf-8")
    result = runner.invoke(args=["create-staff", "vera", "--role", "admin", "--password-file", str(secret)])
    assert result.exit_code == 0, result.output
    assert account(app, "boris").role == "editor" and account(app, "boris").check_password("from the environment")
    assert account(app, "vera").role == "admin" and account(app, "vera").check_password("from a file 123")
    listing = runner.invoke(args=["list-staff"]).output
    assert listing.splitlines() == ["anna\tadmin +inbox", "boris\teditor", "vera\tadmin"]


def one_line_error(result):
    lines = [line for line in result.output.splitlines() if line.strip()]
    return result.exit_code != 0 and len(lines) == 1 and lines[0].startswith("Error: ")


def test_bad_input_is_one_line_and_a_non_zero_exit(app, runner, monkeypatch):
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "long enough pw")
    assert runner.invoke(args=["create-staff", "anna"]).exit_code == 0
    for args in (["create-staff", "Anna Ivanova"], ["create-staff", "ab"], ["create-staff", "anna"],
                 ["create-staff", "vera", "--role", "boss"], ["staff-password", "nobody"]):
        result = runner.invoke(args=args)
        assert result.exit_code != 0, args
        assert len([line for line in result.output.splitlines() if line.startswith("Error")]) == 1, result.output
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "short")
    result = runner.invoke(args=["create-staff", "vera"])
    assert one_line_error(result) and "too short" in result.output
    monkeypatch.delenv("IVR_STAFF_PASSWORD")
    result = runner.invoke(args=["create-staff", "vera"], input="one password\nanother one\none password\none password\n")
    assert "do not match" in result.output.lower() or "don't match" in result.output.lower()
    with app.app_context():
        assert db.session.query(StaffUser).count() == 2  # the mismatch was asked again, then it was made


def test_a_forgotten_password_is_reset_from_the_command_line(app, runner, monkeypatch):
    monkeypatch.setenv("IVR_STAFF_PASSWORD", "first password")
    runner.invoke(args=["create-staff", "anna"])
    with app.app_context():
        user = find_user("anna")
        user.active = False
        db.session.commit()
    result = runner.invoke(args=["staff-password", "anna"], input="second password\nsecond password\n",
                           env={"IVR_STAFF_PASSWORD": ""})
    assert result.exit_code == 0, result.output
    user = account(app, "anna")
    assert user.check_password("second password") and user.active
