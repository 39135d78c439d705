"""A clerk changes a request's status in real headless Chromium (issue 19, item 4), and the caller
then reads it on the public page; both pages pass an axe-core audit."""
from __future__ import annotations

import re

import pytest

from ivr.extensions import db
from ivr.messages.models import NEW, Message
from tests.staff.test_axe import AXE, audit
from tests.staff.test_browser import expect, log_in


@pytest.fixture
def request_id(app):
    with app.app_context():
        message = Message(kind="callback", status=NEW, call_sid="CA1", caller="+375291234567", lang="ru",
                          reference="47012")
        db.session.add(message)
        db.session.commit()
        return message.id


def test_a_clerk_forwards_a_request_and_the_caller_reads_it_on_the_public_page(app, live_server, page, staff,
                                                                              request_id):
    app.config["SESSION_COOKIE_SECURE"] = False  # the live server is plain http
    check = expect()
    log_in(page, live_server, then="/staff/inbox")
    item = page.locator(".inbox-item", has_text="обращение № 47012")
    item.get_by_text("Изменить статус").click()
    item.get_by_label("передано в другой орган").check()
    item.get_by_label("Короткое пояснение").fill("Ответ придёт письмом")
    item.get_by_role("button", name="Сохранить статус").click()
    # Forwarded, but not said where: the same form again, open, with the mistake named.
    refused = page.locator(".inbox-item", has_text="обращение № 47012")
    check(refused.get_by_role("alert")).to_have_text("Укажите, в какой орган передано обращение.")
    refused.get_by_label(re.compile("Куда передано")).fill("Копыльский РОВД")
    refused.get_by_role("button", name="Сохранить статус").click()
    check(page.locator(".flash")).to_contain_text("Сохранено.")
    page.get_by_role("link", name="передано в другой орган").click()
    done = page.locator(".inbox-item", has_text="обращение № 47012")
    check(done).to_contain_text("Передано: Копыльский РОВД")
    check(done).to_contain_text("передано в другой орган: boris")

    page.goto(live_server + "/ru/request")
    page.get_by_label("Номер обращения (5 цифр)").fill("47012")
    page.get_by_label("Последние 4 цифры вашего телефона").fill("4567")
    page.get_by_role("button", name="Показать статус").click()
    check(page.locator(".request-status")).to_contain_text("Передано для рассмотрения: Копыльский РОВД")
    check(page.locator(".request-status")).to_contain_text("Пояснение: Ответ придёт письмом")


def test_axe_finds_no_violations_on_the_request_pages(app, live_server, browser, staff, request_id):
    if not AXE.exists():
        pytest.skip("the accessibility audit needs axe-core: npm ci --prefix tests/public/a11y")
    app.config["SESSION_COOKIE_SECURE"] = False
    context = browser.new_context(locale="ru-RU", bypass_csp=True)
    tab = context.new_page()
    try:
        log_in(tab, live_server, then="/staff/inbox")
        found = {}
        for path in ("/staff/inbox", "/staff/inbox/callbacks", "/ru/request"):
            tab.goto(live_server + path)
            found[path] = audit(tab)["violations"]
        tab.get_by_label("Номер обращения (5 цифр)").fill("1")
        tab.get_by_label("Последние 4 цифры вашего телефона").fill("1")
        tab.evaluate("document.querySelector('form').noValidate = true")
        tab.get_by_role("button", name="Показать статус").click()
        found["/ru/request (refused)"] = audit(tab)["violations"]
    finally:
        context.close()
    assert found == {path: [] for path in found}
