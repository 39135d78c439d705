"""Recording prompts by phone, as FreePBX's "System Recordings" do: the staff line on the hot line.

A clerk reaches it from the language menu by pressing * and then # (an ordinary caller's # alone
chooses the first language, * alone repeats the menu), then keys IVR_STAFF_PIN and #. Without the
setting the path does not exist. A call gets MAX_PIN_TRIES tries at the PIN, then it is ended.
Then: the prompt's number (the staff texts page shows it) and #, the language, the prompt's text
read out, <Record> after the beep, the recording played back, and 1 to keep it, 2 to record again,
3 for another prompt.

After the PIN, every URL carries a token (an HMAC of the call's CallSid under the app's secret
key): a URL of one call is no use in another, even where webhook signatures are switched off.
Keeping a recording queues a background job that copies it from Twilio by the private recordings
path (``ivr.messages.recordings``: credentials to Twilio's host only), keeps it in the private
store only until it is processed like an upload (``ivr.speech.recorded``), then deletes both
that copy and, if so configured, Twilio's.

These sentences are heard by staff only, in Russian, by Twilio's own voice (<Say>): they are no
prompts of the office and never in the audio catalogue.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import time

from flask import current_app, url_for
from twilio.twiml.voice_response import VoiceResponse

from ivr.config import settings
from ivr.content.prompts import prompt_template
from ivr.content.recordings import prompt_numbers, recordable
from ivr.content.store import EditConflict, current_office
from ivr.jobs import background_jobs
from ivr.languages import language
from ivr.messages.recordings import FetchError, delete_at_twilio, download, recordings_store, url_at_provider
from ivr.speech.recorded import MAX_SECONDS, RecordingError, keep_recording
from ivr.speech.store import AudioStore
from ivr.voice.answer import as_called_by_twilio

log = logging.getLogger(__name__)

MAX_PIN_TRIES = 3
WAIT = 10  # seconds a clerk has for each answer
AUTHOR = "phone"
STAFF_LANG = "ru"

WORDS = {
    "pin": "Служебный вход. Введите код и нажмите решётку.",
    "wrong_pin": "Код неверный.",
    "goodbye": "До свидания.",
    "number": "Введите номер текста со служебной страницы и нажмите решётку.",
    "no_such": "Такого текста нет, или в нём есть подстановки: он не записывается.",
    "language": "Выберите язык записи.",
    "read": "Текст: ",
    "record": "После сигнала прочитайте текст и нажмите решётку.",
    "nothing": "Ничего не записано.",
    "listen": "Вы записали:",
    "choices": "Сохранить — нажмите 1. Записать заново — 2. Другой текст — 3.",
    "kept": "Запись сохраняется. Через минуту её услышат звонящие.",
}


def staff_line_on() -> bool:
    """Whether the staff line exists: IVR_STAFF_PIN is set, and so is Twilio's token, so that only
    signed webhooks (real calls) can try a PIN, never a script posting unsigned requests."""
    cfg = settings()
    return bool(cfg.staff_pin and cfg.twilio_auth_token)


def token(call_sid: str) -> str:
    """The token of one call's staff line session (see the module's docstring)."""
    secret = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(secret, f"staff-line:{call_sid}".encode(), hashlib.sha256).hexdigest()[:32]


def signed_in(call_sid: str, sent: str) -> bool:
    """Whether ``sent`` is this call's token (the clerk keyed the PIN in this call)."""
    return bool(call_sid) and staff_line_on() and hmac.compare_digest(token(call_sid), sent)


def _say(parent, text: str, lang: str = STAFF_LANG) -> None:  # type: ignore[no-untyped-def]
    spoken = language(lang)
    parent.say(text, voice=spoken.say_voice, language=spoken.say_language)


def _ask(response: VoiceResponse, action: str, *sentences: str, digits: int = 0) -> str:
    """Sentences read while listening for keys (``digits`` keys, or any number ended by #); silence
    asks again."""
    gather = response.gather(input="dtmf", action=action, method="POST", timeout=WAIT, finish_on_key="#",
                             num_digits=digits or None)
    for sentence in sentences:
        _say(gather, sentence)
    response.redirect(action, method="POST")
    return str(response)


def _url(endpoint: str, **args: object) -> str:
    return as_called_by_twilio(url_for(endpoint, **args))


def pin_prompt(tries: int = 0, before: str = "") -> str:
    """Ask for the PIN."""
    return _ask(VoiceResponse(), _url("voice.staff_pin", tries=tries), *(s for s in (before, WORDS["pin"]) if s))


def check_pin(digits: str, tries: int, call_sid: str) -> str:
    """The PIN keyed: the prompt menu, or another try, or after MAX_PIN_TRIES the end of the call."""
    if staff_line_on() and call_sid and hmac.compare_digest(digits.encode(), settings().staff_pin.encode()):
        return prompt_menu(token(call_sid))
    log.warning("staff line: a wrong PIN (try %s of %s)", tries + 1, MAX_PIN_TRIES)
    if tries + 1 >= MAX_PIN_TRIES:
        response = VoiceResponse()
        _say(response, f"{WORDS['wrong_pin']} {WORDS['goodbye']}")
        response.hangup()
        return str(response)
    return pin_prompt(tries + 1, WORDS["wrong_pin"])


def prompt_menu(sent: str, before: str = "") -> str:
    """Ask for a prompt's number."""
    return _ask(VoiceResponse(), _url("voice.staff_prompt", t=sent), *(s for s in (before, WORDS["number"]) if s))


def choose_prompt(sent: str, digits: str) -> str:
    """A prompt's number keyed: its language next (or, with one language, its recording)."""
    key = prompt_numbers().get(int(digits)) if digits.isdigit() and len(digits) <= 4 else None
    langs = settings().languages
    if key is None or not any(recordable(key, lang) for lang in langs):
        return prompt_menu(sent, WORDS["no_such"])
    if len(langs) == 1:
        return record_step(sent, int(digits), langs[0])
    names = [f"{language(lang).name} — {i}." for i, lang in enumerate(langs, start=1)]
    return _ask(VoiceResponse(), _url("voice.staff_language", t=sent, p=int(digits)), WORDS["language"], *names,
                digits=1)


def choose_language(sent: str, number: int, digits: str) -> str:
    """The language keyed: the prompt's recording step."""
    langs = settings().languages
    index = int(digits) - 1 if digits.isdigit() else -1
    if not 0 <= index < len(langs):
        return choose_prompt(sent, str(number))
    return record_step(sent, number, langs[index])


def record_step(sent: str, number: int, lang: str) -> str:
    """Read the prompt's text, then record after the beep."""
    key = prompt_numbers().get(number)
    if key is None or not recordable(key, lang):
        return prompt_menu(sent, WORDS["no_such"])
    response = VoiceResponse()
    _say(response, WORDS["read"])
    _say(response, prompt_template(current_office().office, key, lang), lang)
    _say(response, WORDS["record"])
    after = _url("voice.staff_recorded", t=sent, p=number, lang=lang)
    response.record(action=after, method="POST", max_length=int(MAX_SECONDS), timeout=5, finish_on_key="#",
                    play_beep=True, trim="trim-silence")
    response.redirect(after, method="POST")  # nothing recorded: Twilio goes on to the next verb
    return str(response)


def recorded(sent: str, number: int, lang: str, recording_sid: str) -> str:
    """After <Record>: the recording played back, and keep / record again / another prompt."""
    if not settings().provider.is_recording_sid(recording_sid):
        response = VoiceResponse()
        _say(response, WORDS["nothing"])
        response.redirect(_url("voice.staff_record", t=sent, p=number, lang=lang), method="POST")
        return str(response)
    response = VoiceResponse()
    try:
        played = url_at_provider(recording_sid, settings())
    except FetchError as exc:  # the account or media host is misconfigured: keeping it would fail too
        log.error("staff line: cannot play recording %s back: %s", recording_sid, exc)
        _say(response, WORDS["nothing"])
        response.redirect(_url("voice.staff_record", t=sent, p=number, lang=lang), method="POST")
        return str(response)
    _say(response, WORDS["listen"])
    response.play(played)
    return _ask(response, _url("voice.staff_keep", t=sent, p=number, lang=lang, r=recording_sid), WORDS["choices"],
                digits=1)


def keep_or_not(sent: str, number: int, lang: str, recording_sid: str, digits: str) -> str:
    """1: keep the recording (copied and processed in the background); 2: record again; 3: another prompt."""
    key = prompt_numbers().get(number)
    if digits == "1" and key is not None and settings().provider.is_recording_sid(recording_sid):
        background_jobs(current_app._get_current_object()).submit(keep_phone_recording, recording_sid, key, lang)  # type: ignore[attr-defined]
        return prompt_menu(sent, WORDS["kept"])
    if digits == "2":
        return record_step(sent, number, lang)
    if digits == "3":
        return prompt_menu(sent)
    return recorded(sent, number, lang, recording_sid)


def keep_phone_recording(recording_sid: str, key: str, lang: str) -> bool:
    """Background job: copy a recording from Twilio into the private store (retrying as the
    messages' recordings do), make it the prompt's recording, then delete the private copy (and
    Twilio's, if so configured). True when it was kept."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    cfg = settings(app)
    private = recordings_store(app)
    for attempt, delay in enumerate(cfg.recording_retry_delays, start=1):
        if delay:
            time.sleep(delay)
        try:
            data = download(url_at_provider(recording_sid, cfg), (cfg.twilio_account_sid, cfg.twilio_auth_token),
                            float(cfg.fetch_timeout))
        except FetchError as exc:
            log.warning("staff line: recording %s, attempt %s: %s", recording_sid, attempt, exc)
            continue
        name = AudioStore.filename(hashlib.sha256(data).hexdigest(), "wav")
        path = private.write(name, data)
        try:
            keep_recording(app, key, lang, path.read_bytes(), author=AUTHOR)
        except (RecordingError, EditConflict) as exc:
            log.warning("staff line: recording %s of %s (%s) not kept: %s", recording_sid, key, lang, exc)
            return False
        finally:
            path.unlink(missing_ok=True)
        if cfg.delete_twilio_recordings:
            delete_at_twilio(recording_sid, cfg)
        return True
    return False
