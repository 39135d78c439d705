"""The inbox, the news feeds and the statistics pages."""
from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timezone


from ivr.config import settings
from ivr.extensions import db
from ivr.messages.models import DONE, IN_PROGRESS, NEW, Message
from ivr.messages.recordings import recordings_store
from ivr.news.models import HIDDEN, LIVE, PENDING, Feed, ImportedHeadline
from ivr.speech.store import AudioStore
from tests.staff.conftest import post


def add_message(app, *, caller="+375291234567", kind="voice", audio=b"", status=NEW):
    with app.app_context():
        message = Message(kind=kind, status=status, call_sid="CA1", caller=caller, lang="ru", seconds=12.0)
        if audio:
            name = AudioStore.filename("a" * 64, "wav")
            recordings_store(app).write(name, audio)
            message.audio_file, message.fetch_status = name, "pending"
        db.session.add(message)
        db.session.commit()
        return message.id


def test_the_inbox_needs_a_login(client):
    response = client.get("/staff/inbox")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.get("/staff/inbox/1/recording").status_code == 302


def test_the_inbox_lists_new_items_with_a_player(app, clerk):
    voice = add_message(app, audio=b"RIFF....WAVEfmt ")
    add_message(app, kind="callback", caller="+375447654321")
    page = clerk.get("/staff/inbox").get_data(as_text=True)
    assert "Голосовое сообщение: +375291234567" in page and "Просьба перезвонить: +375447654321" in page
    assert f'src="/staff/inbox/{voice}/recording"' in page
    audio = clerk.get(f"/staff/inbox/{voice}/recording")
    assert audio.status_code == 200 and audio.data.startswith(b"RIFF") and audio.headers["Cache-Control"] == "no-store"


def test_taking_a_message_on_and_closing_it_keeps_who_and_when(app, clerk):
    message_id = add_message(app)
    assert post(clerk, f"/staff/inbox/{message_id}/status", {"status": IN_PROGRESS}).status_code == 302
    with app.app_context():
        message = db.session.get(Message, message_id)
        assert (message.status, message.handled_by) == (IN_PROGRESS, "boris") and message.handled_at
    post(clerk, f"/staff/inbox/{message_id}/status", {"status": DONE})
    page = clerk.get("/staff/inbox?status=done").get_data(as_text=True)
    assert "дан ответ: boris" in page


def test_a_failed_fetch_is_shown_with_a_retry_button(app, clerk):
    with app.app_context():
        message = Message(kind="voice", status=NEW, call_sid="CA2", caller="+375291234567", recording_url="https://evil.example/x",
                          fetch_status="failed", fetch_error="the server answered HTTP 503", fetch_attempts=4)
        db.session.add(message)
        db.session.commit()
        message_id = message.id
    page = clerk.get("/staff/inbox").get_data(as_text=True)
    assert "Запись не удалось загрузить (4 попыт.): the server answered HTTP 503" in page
    post(clerk, f"/staff/inbox/{message_id}/fetch")
    with app.app_context():
        assert "refusing" in db.session.get(Message, message_id).fetch_error


def test_the_overview_counts_new_items(app, clerk):
    add_message(app)
    add_message(app)
    assert "Новых сообщений и просьб перезвонить: 2." in clerk.get("/staff/").get_data(as_text=True)


def test_feeds_page_adds_a_feed_and_keeps_a_bad_address(app, clerk):
    bad = post(clerk, "/staff/feeds", {"url": "ftp://kopyl.example/rss", "lang": "ru", "name": "x"})
    assert bad.status_code == 422
    page = bad.get_data(as_text=True)
    assert 'value="ftp://kopyl.example/rss"' in page and 'aria-invalid="true"' in page
    assert "адрес должен начинаться с http:// или https://" in page and "is not a web address" not in page
    summary = page.split('class="error-summary"')[1].split("</div>")[0]  # an error summary links to the field
    assert '<a href="#url">Адрес ленты: адрес должен начинаться' in summary
    assert post(clerk, "/staff/feeds", {"url": "https://kopyl.example/rss", "lang": "be", "name": "Капыль"}).status_code == 302
    listed = clerk.get("/staff/feeds").get_data(as_text=True)
    assert "Капыль" in listed and "https://kopyl.example/rss" in listed
    assert "Последняя загрузка: ни разу" in listed


def test_imported_headlines_are_approved_hidden_and_corrected_from_the_page(app, clerk):
    with app.app_context():
        feed = Feed(url="https://kopyl.example/rss", lang="ru", name="kopyl", last_error="no answer within 10 s",
                    last_import_at=datetime(2026, 11, 28, 7, 0, tzinfo=timezone.utc))
        db.session.add(feed)
        db.session.flush()
        row = ImportedHeadline(feed_id=feed.id, guid="1", lang="ru", title="Ярмарка <b>в субботу</b> & <script>x()</script>",
                               summary="", published=date(2026, 11, 27), status=PENDING)
        db.session.add(row)
        db.session.commit()
        row_id = row.id
    page = clerk.get("/staff/feeds").get_data(as_text=True)
    assert "ошибка: no answer within 10 s" in page and "ждёт одобрения" in page
    assert "&lt;script&gt;" in page and "<script>x()" not in page
    post(clerk, f"/staff/feeds/headline/{row_id}", {"action": LIVE})
    post(clerk, f"/staff/feeds/headline/{row_id}", {"action": "edit", "title": "Ярмарка в субботу", "summary": "На площади."})
    with app.app_context():
        row = db.session.get(ImportedHeadline, row_id)
        assert (row.status, row.spoken_title, row.edited_by) == (LIVE, "Ярмарка в субботу", "boris")
    refused = post(clerk, f"/staff/feeds/headline/{row_id}", {"action": "edit", "title": "!!!", "summary": ""})
    assert refused.status_code == 422 and "слова, которые можно прочитать вслух" in refused.get_data(as_text=True)
    post(clerk, f"/staff/feeds/headline/{row_id}", {"action": HIDDEN})
    with app.app_context():
        assert db.session.get(ImportedHeadline, row_id).status == HIDDEN


def walk_calls(app, at):
    from ivr.voice.walk import CallWalker

    for moment, keys in (("2026-11-30 10:05", "11"), ("2026-11-30 11:40", "33"), ("2026-12-01 09:10", "2")):
        at(moment)
        call = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url)
        call.start()
        for key in keys:
            call.press(key)
        call.hangs_up()


def test_statistics_page_and_csv(app, clerk, at):
    walk_calls(app, at)
    page = clerk.get("/staff/statistics?from=2026-11-30&to=2026-12-01").get_data(as_text=True)
    assert "Звонков за период: 3" in page
    rows = [[re.sub(r"<[^>]+>", "", cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", page)]
    assert ["часы работы", "1", "50"] in rows and ["адрес и телефоны", "1", "50"] in rows  # the tables of the charts
    assert ["повесили трубку в первом меню", "1", "33"] in rows
    assert ["30.11.2026", "2"] in rows and ["01.12.2026", "1"] in rows
    data = clerk.get("/staff/statistics.csv?from=2026-11-30&to=2026-12-01")
    assert data.mimetype == "text/csv" and data.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.data.decode("utf-8-sig"))))
    rows = rows[:rows.index([])]  # the calls; the requests by status and age follow an empty line
    assert len(rows) == 4 and rows[0] == ["Начало звонка", "Номер звонка в телефонной службе", "Язык", "Что выбирали в меню",
                                          "Прослушано новостей", "Длительность, с", "Чем закончился"]
    assert {row[6] for row in rows[1:]} <= {"получили ответ", "повесили трубку в первом меню", "ничего не выбрали (нет ввода)"}
    assert {row[2] for row in rows[1:]} <= {"русский", "белорусский", "английский", "не выбран"}
    assert any("часы работы" in row[3] for row in rows[1:])


def test_statistics_bad_dates_say_so(clerk):
    page = clerk.get("/staff/statistics?from=2026-12-10&to=2026-12-01").get_data(as_text=True)
    assert "первая не позже второй" in page
