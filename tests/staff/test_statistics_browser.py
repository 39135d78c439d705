"""The statistics page's charts in real headless Chromium."""
from __future__ import annotations

import re

from tests.staff.conftest import PASSWORD
from tests.staff.test_desk import walk_calls


def test_the_charts_render(app, at, live_server, page, staff, tmp_path):
    walk_calls(app, at)
    page.goto(live_server + "/staff/statistics?from=2026-11-30&to=2026-12-01")
    page.get_by_label("Имя пользователя").fill("anna")
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(re.compile(r"/staff/statistics"))
    assert page.get_by_role("heading", name="Звонки по дням").is_visible()
    days = page.locator("svg.columns rect.fill")
    assert days.count() == 2
    heights = [float(days.nth(i).get_attribute("height")) for i in range(2)]
    assert heights[0] > heights[1] > 0  # two calls on Monday, one on Tuesday
    choice_bars = page.locator("section[aria-labelledby=choices] rect.fill")
    assert choice_bars.count() == 5
    box = choice_bars.first.bounding_box()
    assert box is not None and box["width"] > 50  # drawn, not just present in the markup
    assert page.locator("table.heatmap td.heat-4").count() >= 1
    page.screenshot(path=str(tmp_path / "statistics.png"), full_page=True)
