"""A clerk edits a procedure in real headless Chromium (issue 19, item 1); skips without Chromium."""
from __future__ import annotations

import re

import pytest

from ivr.speech.queue import synthesis_queue
from tests.staff.conftest import copy_install
from tests.staff.test_browser import expect, log_in


@pytest.fixture
def app(tmp_path, installed):
    """A copy of an install with its audio, background synthesis on, cookies for plain http."""
    application = copy_install(installed, tmp_path, IVR_SYNTH_WORKERS=1, IVR_SECURE_COOKIES=False)
    yield application
    synthesis_queue(application).wait(60)


def test_a_clerk_edits_a_procedure_and_the_public_page_and_the_call_have_it(live_server, page, staff):
    check = expect()
    log_in(page, live_server, then="/staff/procedures")
    page.get_by_role("link", name="2.6").click()
    check(page.get_by_role("heading", level=1)).to_have_text("Процедура 2.6")
    page.get_by_label("Плата (русский)").fill("бесплатно")
    page.get_by_label("Документы (русский)").fill("заявление\nпаспорт\nсвидетельство о рождении ребёнка")
    page.get_by_role("button", name="Сохранить").click()
    check(page.locator(".flash")).to_contain_text("Сохранено.")
    # The new sentences are listed, and their audio is made in the background.
    line = page.locator(".spoken-lines li", has_text="Документ номер три из трёх: свидетельство о рождении ребёнка.")
    check(line.first.locator(".state-text")).to_have_text("готово", timeout=30_000)
    page.goto(live_server + "/ru/procedures?q=2.6")
    article = page.locator("article.procedure")
    check(article).to_contain_text("свидетельство о рождении ребёнка")
    check(article).to_contain_text(re.compile(r"Плата\s*бесплатно"))
