"""Take the README's picture of the staff overview: `python -m tests.staff.screenshot [FILE]`.

Builds a throw-away install in a temporary folder (demo office, the real voice), makes all of its
audio, logs in as an admin in headless Chromium and saves docs/staff-overview.png.
"""
from __future__ import annotations

import sys
import tempfile
import threading
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from werkzeug.serving import make_server

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import current_office, ensure_database
from ivr.speech.synthesis import synthesizer
from tests.conftest import CHROMIUM, CHROMIUM_ARGS

MOMENT = datetime(2026, 11, 30, 10, 15, tzinfo=ZoneInfo("Europe/Minsk"))
OUT = Path(__file__).resolve().parents[2] / "docs" / "staff-overview.png"


def main(out: Path = OUT) -> None:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(config_for_tests(tmp, IVR_SECURE_COOKIES=False, IVR_SYNTH_WORKERS=1))
        ensure_database(app)
        app.extensions["ivr.clock"] = lambda: MOMENT
        with app.test_request_context():
            synthesizer(app).synthesize_all(current_office().office, MOMENT)
            from ivr.staff.auth import create_user

            create_user("anna", "a screenshot password", "admin")
        server = make_server("127.0.0.1", 0, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        base = f"http://127.0.0.1:{server.server_port}"
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                page = browser.new_page(viewport={"width": 1200, "height": 1100}, locale="ru-RU")
                page.goto(base + "/staff/login")
                page.fill("#username", "anna")
                page.fill("#password", "a screenshot password")
                page.click("button[type=submit]")
                page.wait_for_url(base + "/staff/")
                out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(out))
                browser.close()
        finally:
            server.shutdown()
            thread.join(timeout=10)
    print(f"wrote {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT)
