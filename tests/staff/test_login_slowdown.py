"""Failed logins slow down the guesser, never the clerk (issue 15, item 4).

Counters are kept per address and user name: a correct password from another client is never refused
because of someone else's failures; the attacker's address is slowed down, and a name under attack
only costs each client a few seconds after its own failure. Forwarded headers count only from the
configured proxies, so a client cannot rotate X-Forwarded-For to dodge the counters.
"""
from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from werkzeug.security import generate_password_hash

from ivr import create_app
from ivr.clock import fix
from ivr.config import ConfigError, Settings, config_for_tests
from ivr.content.store import ensure_database
from ivr.extensions import db
from ivr.staff import auth
from ivr.staff.models import StaffUser
from tests.conftest import MINSK
from tests.staff.conftest import PASSWORD, TOKEN

ATTACKER, OWNER, PROXY = "203.0.113.9", "198.51.100.7", "10.0.0.1"
NOON = datetime(2026, 11, 30, 12, 0, tzinfo=MINSK)


def log_in(client, name, password, address=None, forwarded=None):
    """POST the login form as a browser at ``address`` (or through the proxy, with ``forwarded``)."""
    with client.session_transaction() as session:
        session.setdefault("staff_csrf", TOKEN)
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/staff/login", data={"csrf_token": TOKEN, "username": name, "password": password},
                       headers=headers, environ_base={"REMOTE_ADDR": address or PROXY})


def wait_shown(response):
    """The seconds the login page asks to wait."""
    found = re.search(r"Повторите через (\d+) с", response.get_data(as_text=True))
    return int(found.group(1)) if found else 0


def clock_at(app, moment):
    fix(app, lambda: moment.astimezone(MINSK))


def fail_from_many_addresses(app, name, times, now):
    """``times`` failed logins on ``name`` from as many addresses (a spread-out attack)."""
    with app.app_context():
        for i in range(times):
            auth.record_attempt(name, f"192.0.2.{i + 1}", False, now)


def test_someone_elses_failures_never_refuse_a_correct_password(app, staff):
    clock_at(app, NOON)
    attacker, owner = app.test_client(), app.test_client()
    for _ in range(auth.FREE_FAILURES):
        assert log_in(attacker, "boris", "guess", ATTACKER).status_code == 401
    # The attacker's own address now waits, even with the right password ...
    refused = log_in(attacker, "boris", PASSWORD, ATTACKER)
    assert refused.status_code == 429 and wait_shown(refused) == auth.FIRST_DELAY
    # ... while the real owner, at another address, logs in at once.
    assert log_in(owner, "boris", PASSWORD, OWNER).status_code == 302
    assert owner.get("/staff/").status_code == 200


def test_the_attackers_address_waits_longer_and_longer(app, staff):
    clock_at(app, NOON)
    attacker = app.test_client()
    for _ in range(auth.FREE_FAILURES):
        log_in(attacker, "boris", "guess", ATTACKER)
    waits = []
    for step in range(3):
        with app.app_context():
            waits.append(auth.seconds_to_wait("boris", ATTACKER))
        clock_at(app, NOON + timedelta(seconds=sum(waits)))
        assert log_in(attacker, "boris", f"guess {step}", ATTACKER).status_code == 401
    assert waits == [auth.FIRST_DELAY, auth.FIRST_DELAY * 2, auth.FIRST_DELAY * 4]


def test_guessing_at_many_names_from_one_address_slows_that_address_only(app, staff):
    clock_at(app, NOON)
    attacker = app.test_client()
    for i in range(auth.ADDRESS_FREE_FAILURES):
        assert log_in(attacker, f"name{i}", "guess", ATTACKER).status_code == 401
    assert log_in(attacker, "boris", PASSWORD, ATTACKER).status_code == 429
    assert log_in(app.test_client(), "boris", PASSWORD, OWNER).status_code == 302


def test_a_name_under_attack_costs_the_owner_a_few_seconds_at_most(app, staff):
    clock_at(app, NOON)
    fail_from_many_addresses(app, "boris", 60, NOON)
    owner = app.test_client()
    # The owner's first try from a new address is never held back, right or wrong ...
    assert log_in(owner, "boris", "a typo", OWNER).status_code == 401
    # ... after their own typo they wait a short moment (the name is being guessed at) ...
    refused = log_in(owner, "boris", PASSWORD, OWNER)
    assert refused.status_code == 429 and 0 < wait_shown(refused) <= auth.SHORT_DELAY <= 5
    # ... and then the right password works, however long the attack goes on.
    fail_from_many_addresses(app, "boris", 60, NOON + timedelta(seconds=2))
    clock_at(app, NOON + timedelta(seconds=auth.SHORT_DELAY))
    assert log_in(owner, "boris", PASSWORD, OWNER).status_code == 302


def test_the_slowdown_without_an_attack_leaves_typos_alone(app, staff):
    clock_at(app, NOON)
    owner = app.test_client()
    for _ in range(auth.FREE_FAILURES - 1):
        assert log_in(owner, "boris", "a typo", OWNER).status_code == 401
    assert log_in(owner, "boris", PASSWORD, OWNER).status_code == 302


def proxied_app(tmp_path, hops):
    application = create_app(config_for_tests(tmp_path, IVR_TRUST_PROXY=hops))
    ensure_database(application)
    with application.app_context():
        db.session.add(StaffUser(username="boris", role="editor", active=True, session_version=0, inbox=True,
                                 password_hash=generate_password_hash(PASSWORD)))
        db.session.commit()
    clock_at(application, NOON)
    return application


def test_rotating_x_forwarded_for_does_not_dodge_the_counters(tmp_path):
    app = proxied_app(tmp_path, 1)
    attacker = app.test_client()
    # nginx appends the address it saw to whatever the client sent; the client makes up the rest.
    for i in range(auth.FREE_FAILURES):
        assert log_in(attacker, "boris", "guess", forwarded=f"10.9.9.{i}, {ATTACKER}").status_code == 401
    refused = log_in(attacker, "boris", PASSWORD, forwarded=f"10.9.8.7, {ATTACKER}")
    assert refused.status_code == 429
    # The owner behind the same proxy, with their own address, is not refused.
    assert log_in(app.test_client(), "boris", PASSWORD, forwarded=OWNER).status_code == 302
    with app.app_context():
        addresses = {row.address for row in db.session.query(auth.LoginAttempt)}
    assert addresses == {ATTACKER, OWNER}


def test_without_a_trusted_proxy_forwarded_headers_are_ignored(app, staff):
    clock_at(app, NOON)
    attacker = app.test_client()
    for i in range(auth.FREE_FAILURES):
        log_in(attacker, "boris", "guess", ATTACKER, forwarded=f"10.9.9.{i}")
    assert log_in(attacker, "boris", PASSWORD, ATTACKER, forwarded=OWNER).status_code == 429


def test_two_proxies_in_front_take_the_address_the_outer_one_saw(tmp_path):
    app = proxied_app(tmp_path, 2)
    attacker = app.test_client()
    for i in range(auth.FREE_FAILURES):
        log_in(attacker, "boris", "guess", forwarded=f"10.9.9.{i}, {ATTACKER}, 172.16.0.2")
    assert log_in(attacker, "boris", PASSWORD, forwarded=f"1.2.3.4, {ATTACKER}, 172.16.0.2").status_code == 429
    assert log_in(app.test_client(), "boris", PASSWORD, forwarded=f"{OWNER}, 172.16.0.2").status_code == 302


@pytest.mark.parametrize("raw, hops", [("1", 1), ("true", 1), ("yes", 1), ("2", 2), ("0", 0), ("false", 0)])
def test_ivr_trust_proxy_counts_hops_and_keeps_true_meaning_one(raw, hops):
    assert Settings.from_env({"IVR_TRUST_PROXY": raw}).trust_proxy == hops


@pytest.mark.parametrize("raw", ["maybe", "-1", "9", "1.5"])
def test_ivr_trust_proxy_refuses_what_is_not_a_count(raw):
    with pytest.raises(ConfigError, match="IVR_TRUST_PROXY"):
        Settings.from_env({"IVR_TRUST_PROXY": raw})
