"""What a clerk sees, measured in Chromium (issue 21, item 4): a focus ring of at least 3:1 against
what surrounds it, readable charts (16 px words, numbers on the columns, a table alternative), a
favicon, and the test call's transcript above its keypad."""
from __future__ import annotations

from urllib.parse import unquote

from tests.staff.test_desk import walk_calls
from tests.staff.test_small_screens import log_in_as_admin

# For every focusable element: focus it, then read its outline colour and the colour behind it (the first
# ancestor with a background), both as the browser computed them from the CSS.
FOCUS_COLOURS = """() => {
    const rgb = text => (text.match(/[\\d.]+/g) || []).map(Number);
    const behind = el => {
        for (let e = el.parentElement; e; e = e.parentElement) {
            const c = rgb(getComputedStyle(e).backgroundColor);
            if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
        }
        return [255, 255, 255];
    };
    const out = [];
    for (const el of document.querySelectorAll('a[href], button:not([disabled]), input:not([type=hidden]), select, textarea, summary')) {
        if (!el.getClientRects().length) continue;
        el.focus();
        const style = getComputedStyle(el);
        out.push({what: el.outerHTML.slice(0, 60), width: parseFloat(style.outlineWidth), style: style.outlineStyle,
                  ring: rgb(style.outlineColor).slice(0, 3), around: behind(el)});
    }
    return out;
}"""


def luminance(rgb: list[float]) -> float:
    """WCAG relative luminance of an sRGB colour (0–255 channels)."""
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: list[float], other: list[float]) -> float:
    light, dark = sorted((luminance(one), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_focus_ring_stands_out_three_to_one_everywhere(app, live_server, page, staff):
    app.config["SESSION_COOKIE_SECURE"] = False
    log_in_as_admin(page, live_server)
    checked = 0
    weak = []
    for url in ("/staff/", "/staff/hours", "/staff/headlines", "/staff/test-call"):
        page.goto(live_server + url)
        for found in page.evaluate(FOCUS_COLOURS):
            checked += 1
            ratio = contrast(found["ring"], found["around"])
            if found["style"] == "none" or found["width"] < 2 or ratio < 3:
                weak.append((url, found["what"], round(ratio, 2)))
    assert checked > 40 and weak == []
    assert contrast([0xFF, 0xBF, 0x47], [255, 255, 255]) < 3  # the old yellow ring on white: what this fixes


def test_the_charts_are_readable_and_have_a_table(app, at, live_server, page, staff):
    app.config["SESSION_COOKIE_SECURE"] = False
    walk_calls(app, at)
    log_in_as_admin(page, live_server)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + "/staff/statistics?from=2026-11-30&to=2026-12-01")
    sizes = page.evaluate("""() => [...document.querySelectorAll('.chart text, .hbars li')]
        .map(e => e.getBoundingClientRect().height && parseFloat(getComputedStyle(e).fontSize)
                   * (e.ownerSVGElement ? e.ownerSVGElement.getScreenCTM().a : 1))""")
    assert len(sizes) > 8 and min(sizes) >= 16
    numbers = page.locator("svg.columns text.value")
    assert [numbers.nth(i).text_content() for i in range(numbers.count())] == ["2", "1"]  # a number on each column
    tables = page.locator("details.numbers")
    assert tables.count() == 4
    tables.first.locator("summary").click()
    assert tables.first.locator("table tbody tr").count() == 2


def test_the_staff_pages_have_a_favicon(app, live_server, page, staff):
    app.config["SESSION_COOKIE_SECURE"] = False
    log_in_as_admin(page, live_server)
    href = page.locator("link[rel=icon]").get_attribute("href")
    assert href.startswith("data:image/svg+xml,") and "<svg" in unquote(href)
    size = page.evaluate("""href => new Promise(done => { const img = new Image();
        img.onload = () => done([img.naturalWidth, img.naturalHeight]); img.onerror = () => done(null); img.src = href; })""",
                         href)
    assert size and size[0] > 0  # the browser draws it


def test_the_transcript_comes_before_the_keypad(app, live_server, page, staff):
    app.config["SESSION_COOKIE_SECURE"] = False
    log_in_as_admin(page, live_server)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + "/staff/test-call")
    page.click("#start-call")
    page.locator("#transcript .turn").first.wait_for()
    transcript = page.locator("#transcript").bounding_box()
    keypad = page.locator("#keypad").bounding_box()
    assert transcript["y"] + transcript["height"] <= keypad["y"]
