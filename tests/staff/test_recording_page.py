"""A prompt's recording on the staff pages (issue 20): upload WAV, MP3 or a broken file, the texts
page's number and state of each prompt, «устарела» after an edit, and restoring a revision."""
from __future__ import annotations

import html
import io
import re

import pytest

from ivr.content.recordings import prompt_number
from ivr.content.store import current_office
from ivr.speech.telephone import EDGE_SILENCE, TARGET_LUFS, levels
from tests.speech.recorded_audio import mp3_file, spoken_prompt_wav, voice_like, with_silence
from tests.staff.conftest import post

PAGE = "/staff/texts/ru/recording/greeting"


def page_text(response) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def upload(clerk, data: bytes, name: str, url: str = PAGE):
    return post(clerk, url, {"audio": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def prompt_line(clerk, key: str, lang: str = "ru") -> str:
    """The texts page's line about the recording of ``key``."""
    page = clerk.get(f"/staff/texts/{lang}").get_data(as_text=True)
    found = re.search(rf'<p class="recording-link[^"]*" id="recording-{re.escape(key)}">([^<]*)', page)
    assert found, key
    return html.unescape(found.group(1))


def recorded_url(app, key: str = "greeting", lang: str = "ru") -> str:
    with app.test_request_context():
        return "/audio/recorded/" + current_office().office.recordings[key][lang].file


def test_the_texts_page_numbers_each_prompt_and_says_which_can_be_recorded(clerk):
    assert prompt_line(clerk, "greeting").startswith(f"№ {prompt_number('greeting')}. Запись: не записан")
    assert "подстановки" in prompt_line(clerk, "main.hours")  # stays synthesized: no link to record it
    page = clerk.get("/staff/texts/ru").get_data(as_text=True)
    assert 'href="/staff/texts/ru/recording/greeting"' in page
    assert 'href="/staff/texts/ru/recording/main.hours"' not in page
    form = clerk.get(PAGE).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in form and 'type="file"' in form  # works without scripts


@pytest.mark.parametrize("kind", ["wav", "mp3"])
def test_an_uploaded_file_becomes_the_prompt_callers_hear(app, clerk, caller, kind):
    rate = 44100 if kind == "wav" else 22050
    data = spoken_prompt_wav(seconds=1.5) if kind == "wav" else mp3_file(
        with_silence(voice_like(1.5, rate), rate, 0.5, 0.5), rate)
    response = upload(clerk, data, f"greeting.{kind}")
    assert response.status_code == 302
    assert "записан: звонящие слышат эту запись" in page_text(clerk.get(PAGE))
    assert prompt_line(clerk, "greeting").startswith(f"№ {prompt_number('greeting')}. Запись: записан")
    url = recorded_url(app)
    first = caller().start().heard[0]
    assert first.kind == "play" and first.text.endswith(url)
    heard = levels(clerk.get(url).get_data())
    assert heard.duration == pytest.approx(1.5 + 2 * EDGE_SILENCE, abs=0.1)
    assert heard.loudness == pytest.approx(TARGET_LUFS, abs=1.0)


@pytest.mark.parametrize(("data", "name", "said"), [
    (b"\x00\x01garbage, not audio" * 200, "greeting.wav", "Этот файл не удалось прочитать как звук"),
    (b"", "", "Выберите файл или сделайте запись"),
    (b"RIFF\x10\x00\x00\x00WAVEfmt ", "cut.wav", "Этот файл не удалось прочитать как звук"),
], ids=["garbage", "no file", "cut short"])
def test_a_file_that_is_not_audio_comes_back_with_what_was_wrong(app, clerk, caller, data, name, said):
    response = upload(clerk, data, name)
    assert response.status_code == 422
    assert said in page_text(response)
    assert 'aria-describedby="audio-hint audio-error"' in response.get_data(as_text=True)
    assert "не записан" in page_text(response)
    assert caller().start().heard[0].kind != "play" or "/audio/recorded/" not in caller().start().heard[0].text


def test_a_changed_text_makes_the_recording_out_of_date_and_restoring_brings_it_back(app, clerk, caller):
    assert upload(clerk, spoken_prompt_wav(), "greeting.wav").status_code == 302
    recorded_at = current_revision(app)
    new_text = "Добрый день! Вы позвонили в Копыльский райисполком."
    form = {**_texts_form(clerk), "text-greeting": new_text, "base": str(recorded_at)}
    assert post(clerk, "/staff/texts/ru", form).status_code == 302
    assert prompt_line(clerk, "greeting").startswith(f"№ {prompt_number('greeting')}. Запись: устарела")
    first = caller().start().heard[0]
    assert first.kind == "say" and first.text == new_text
    restored = post(clerk, f"/staff/history/{recorded_at}/restore", {"base": str(current_revision(app))})
    assert restored.status_code == 302
    assert caller().start().heard[0].text.endswith(recorded_url(app))
    assert "Запись: записан" in prompt_line(clerk, "greeting")


def test_removing_the_recording_brings_synthesis_back(app, clerk, caller):
    assert upload(clerk, spoken_prompt_wav(), "greeting.wav").status_code == 302
    assert post(clerk, PAGE, {"remove": "1"}).status_code == 302
    assert "не записан" in page_text(clerk.get(PAGE))
    assert caller().start().heard[0].kind == "say"


def current_revision(app) -> int:
    with app.test_request_context():
        return current_office().revision


def _texts_form(clerk) -> dict[str, str]:
    from tests.staff.conftest import form_values

    return form_values(clerk.get("/staff/texts/ru").get_data(as_text=True))


def test_the_history_shows_the_recording_that_went_with_a_revision(app, clerk):
    assert upload(clerk, spoken_prompt_wav(), "greeting.wav").status_code == 302
    revision = current_revision(app)
    shown = page_text(clerk.get(f"/staff/history/{revision}"))
    assert "Запись: Приветствие (русский)" in shown and re.search(r"запись [\d.]+ с, файл [0-9a-f]{12}…", shown)
    assert re.search(r"Примечание: +Запись: Приветствие \(русский\)", page_text(clerk.get("/staff/history")))
