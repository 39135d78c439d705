"""The feeds page: internal addresses refused in the clerk's words, import problems said plainly (no
status codes, exception names or hints about ports), and an import that hangs holds up no recording."""
from __future__ import annotations

import socket
import threading
import time

from sqlalchemy import select

from ivr.config import change
from ivr.extensions import db
from ivr.jobs import background_jobs, news_jobs
from ivr.messages.models import FETCHED, Message
from ivr.news.models import Feed
from ivr.voice.signature import sign
from tests.messages.conftest import media  # noqa: F401 (a fixture)
from tests.messages.twilio_media import RECORDING, new_message
from tests.news.test_fetch_safety import FEED, send, serving
from tests.news.test_import import LOOPBACK
from tests.staff.conftest import post


def test_an_internal_address_is_refused_with_the_form_again(app, clerk):
    answer = post(clerk, "/staff/feeds", {"url": "http://192.168.1.10/rss", "lang": "ru", "name": "сервер"})
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "адрес во внутренней сети; загружать можно только общедоступные ленты" in page
    assert 'value="http://192.168.1.10/rss"' in page and 'aria-invalid="true"' in page
    with app.app_context():
        assert db.session.execute(select(Feed)).scalars().all() == []


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_import_problems_are_plain_and_the_same_for_any_failure_to_connect(app, clerk):
    with serving(send(b"no such feed", status=404)) as (base, _):
        change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK)
        assert post(clerk, "/staff/feeds", {"url": base + "/missing", "lang": "ru", "name": "missing"}).status_code == 302
        assert post(clerk, "/staff/feeds", {"url": f"http://127.0.0.1:{closed_port()}/rss", "lang": "ru",
                                            "name": "closed"}).status_code == 302
        imported = post(clerk, "/staff/feeds/import", follow_redirects=True).get_data(as_text=True)
    assert "«missing»: не загружено — ленту не удалось получить (прежние новости остались)" in imported
    assert "«closed»: не загружено — ленту не удалось получить (прежние новости остались)" in imported
    assert imported.count("ошибка: ленту не удалось получить") == 2
    for telltale in ("404", "HTTP", "Error", "refused", "Connection", "Errno"):
        assert telltale not in imported


def test_a_recording_is_copied_while_an_import_hangs(app, clerk, media):  # noqa: F811
    # One worker in the pool that copies recordings, as in the default settings.
    background_jobs(app).workers = 1
    news_jobs(app).workers = 1
    asked = threading.Event()

    def hang(handler):
        asked.set()
        time.sleep(3)
        send(FEED)(handler)

    with serving(hang) as (base, _):
        change(app, IVR_FEED_ALLOW_NETWORKS=LOOPBACK, IVR_NEWS_TIMEOUT=10.0)
        post(clerk, "/staff/feeds", {"url": base + "/rss", "lang": "ru", "name": "slow"})
        assert post(clerk, "/staff/feeds/import").status_code == 302
        assert asked.wait(5), "the import did not start"
        started = time.monotonic()
        message_id = new_message(app, "")
        form = {"RecordingSid": RECORDING, "RecordingUrl": media, "RecordingStatus": "completed", "RecordingDuration": "1"}
        headers = {"X-Twilio-Signature": sign("test-auth-token", "https://hotline.test/voice/recording", form)}
        assert app.test_client().post("/voice/recording", data=form, headers=headers).status_code == 200
        background_jobs(app).wait(10)
        took = time.monotonic() - started
        with app.app_context():
            assert db.session.get(Message, message_id).fetch_status == FETCHED
        assert took < 2, f"the recording waited {took:.1f} s for the feed import"
        news_jobs(app).wait(20)
