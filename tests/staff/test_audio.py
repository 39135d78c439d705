"""The audio on the staff pages: each prompt's state and player, and the progress after a save.

These run on a copy of an install whose audio was all made before (with a quick stand-in voice),
as a real install has it; the app itself makes nothing in the background here (the tests say when).
"""
from __future__ import annotations

import re

import pytest

from ivr.content.store import current_office
from ivr.speech.clips import READY
from ivr.speech.synthesis import synthesizer
from tests.staff.conftest import TOKEN, copy_install, form_values, post
from tests.staff.test_pages import step


@pytest.fixture
def app(tmp_path, installed):
    return copy_install(installed, tmp_path)


def text(response):
    return response.get_data(as_text=True)


def test_the_audio_page_plays_ready_audio_for_each_language(app, clerk):
    page = text(clerk.get("/staff/audio"))
    assert re.search(r"Звук готов для (\d+) из \1 фраз; ещё готовится: 0; не удалось: 0", page)  # exactly what the synthesizer makes
    news = page.split('<th scope="row">Меню: новости (2)</th>')[1].split("</tr>")[0]
    assert news.count("<audio controls") == 3
    assert 'aria-label="Прослушать: Меню: новости (2) (белорусский)"' in news
    assert "Приветствие" in page and "Часы: обед" in page


def test_the_texts_page_plays_each_prompt_as_it_sounds(app, clerk):
    page = text(clerk.get("/staff/texts/en"))
    sounds = page.split('id="text-main.news"')[1].split('class="prompt"')[0]
    assert "<q lang=\"en\">News — 2.</q>" in sounds and "<audio controls" in sounds


def test_after_a_save_the_page_lists_the_new_sentences_until_their_audio_is_ready(app, clerk):
    values = form_values(text(clerk.get("/staff/hours")))
    values.update({f"{d}_lunch_start": "12:00" for d in ("mon", "tue", "wed", "thu", "fri")})
    values.update({f"{d}_lunch_end": "13:00" for d in ("mon", "tue", "wed", "thu", "fri")})
    location = post(clerk, "/staff/hours", values).headers["Location"]
    page = text(clerk.get(location))
    lunch = re.search(r'<li><span class="lang-tag">ru</span> <q lang="ru">Обеденный перерыв с двенадцати до тринадцати.</q>'
                      r'\s*<span class="audio-state" data-clip-keys="([0-9a-f ]+)" data-status="missing"', page)
    assert lunch, "the changed sentence is listed, its audio not made yet"
    keys = lunch.group(1).split()
    assert len(keys) == 2  # the normal and the slow speech
    assert "Готово 0 из" in page
    assert "Меню: новости" not in page and "Чтобы послушать новости" not in page  # only what changed
    # The synthesizer makes them (here in the foreground; the app does it in the background).
    synth = synthesizer(app)
    with app.test_request_context():
        counts = synth.synthesize_all(current_office().office, app.extensions["ivr.clock"]())
    assert 0 < counts.made < counts.reused  # only the changed sentences were made again
    states = clerk.post("/staff/audio/status", json={"keys": keys + ["nonsense"]}, headers={"X-CSRF-Token": TOKEN}).get_json()
    assert set(states["states"]) == set(keys)
    assert all(s["status"] == READY and s["url"].startswith("/audio/") for s in states["states"].values())
    page = text(clerk.get(location))
    assert "Всё готово: звонящие уже слышат новый звук." in page
    played = re.search(r'<q lang="ru">Обеденный перерыв с двенадцати до тринадцати.</q>.*?'
                       r'<audio controls preload="none" src="(/audio/[0-9a-f]+\.wav)"', page, re.S)
    with clerk.get(played.group(1)) as audio:
        assert audio.status_code == 200 and audio.mimetype == "audio/wav"


def test_a_failed_sentence_is_shown_as_failed(app, clerk):
    from ivr.extensions import db
    from ivr.speech.clips import FAILED, AudioClip

    with app.app_context():
        clip = db.session.query(AudioClip).filter_by(lang="en", text="News — 2.").first()
        clip.status, clip.filename, clip.error = FAILED, None, "engine down"
        db.session.commit()
    assert "Не удалось озвучить фраз: 1" in text(clerk.get("/staff/"))  # the overview says so
    page = text(clerk.get("/staff/audio"))
    assert "не удалось: 1" in page
    row = page.split('<th scope="row">Меню: новости (2)</th>')[1].split("</tr>")[0]
    assert 'data-status="failed"' in row and "ошибка" in row


def test_the_test_call_plays_stored_audio_as_a_call_would(app, clerk, caller):
    turns = step(clerk, "/staff/test-call/step", start="1", answer_lang="ru", time="09:00")
    heard = turns[-1]["heard"]
    assert all(h["kind"] == "play" and h["url"].startswith("/audio/") for h in heard)
    assert heard[0]["text"].startswith("Часы работы")
    # The very files a Twilio call plays.
    call = caller()
    call.start()
    real = call.press("1")
    assert [h.text.rsplit("/", 1)[-1] for h in real.heard] == [h["url"].rsplit("/", 1)[-1] for h in heard]


def test_the_staff_login_leaves_other_responses_uncookied(app, clerk):
    """Logins live in the staff pages only: audio (and the webhooks) never vary by cookie."""
    page = text(clerk.get("/staff/audio"))
    name = re.search(r'src="/audio/([0-9a-f]{64}\.wav)"', page).group(1)
    with clerk.get(f"/audio/{name}") as response:
        assert response.status_code == 200
        assert "Cookie" not in response.headers.get("Vary", "") and "Set-Cookie" not in response.headers
