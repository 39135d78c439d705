"""The peer of bench/webhooks.py: a phone menu written the way Twilio's own Flask IVR sample is.

    gunicorn -w 2 --chdir bench peer:app

Like Twilio's "ivr-phone-tree-python" sample (our own code, not a copy), it is a Flask app with a
welcome route and a menu route, and every answer is built per request with the twilio library's
``VoiceResponse``: a ``<Gather>`` of one key holding the ``<Say>`` of the menu, then a
``<Redirect>`` back to the menu for a caller who pressed nothing. The texts are constants in this
file; there is no database, no stored audio, no call state beyond the language in the URL, and,
as in the sample, no check of Twilio's signature.

It answers the same signed requests our app gets (any ``/voice/...`` step is the menu route, the
pressed key picks the answer), so the benchmark can drive both with one script: it is what a
typical small Flask IVR costs per answer on this machine, between the constant-answer baseline and
our app.
"""
from __future__ import annotations

from flask import Flask, Response, request, url_for
from twilio.twiml.voice_response import Gather, VoiceResponse

# language -> (Twilio's language code, voice)
VOICES = {"ru": ("ru-RU", "Polly.Tatyana"), "be": ("ru-RU", "Polly.Tatyana"), "en": ("en-GB", "Polly.Amy")}

# language -> (greeting, the menu's options, a wrong key, key -> what the caller hears)
TEXTS: dict[str, tuple[str, list[str], str, dict[str, list[str]]]] = {
    "ru": (
        "Здравствуйте! Вы позвонили в приёмную районной администрации.",
        ["Чтобы узнать часы работы, нажмите 1.", "Чтобы послушать новости, нажмите 2.",
         "Чтобы узнать адрес и телефоны, нажмите 3.", "Чтобы поговорить с сотрудником, нажмите 0."],
        "Такой кнопки нет в этом меню.",
        {"1": ["Приёмная работает с понедельника по пятницу, с восьми тридцати до семнадцати тридцати.",
               "Обед с тринадцати до четырнадцати."],
         "2": ["Новостей на сегодня нет."],
         "3": ["Наш адрес: улица Советская, дом один, кабинет пять."],
         "0": ["Сейчас сотрудники заняты. Оставьте сообщение после сигнала."]},
    ),
    "be": (
        "Добры дзень! Вы патэлефанавалі ў прыёмную раённай адміністрацыі.",
        ["Каб даведацца пра час працы, націсніце 1.", "Каб паслухаць навіны, націсніце 2.",
         "Каб даведацца адрас і тэлефоны, націсніце 3.", "Каб пагаварыць з супрацоўнікам, націсніце 0."],
        "Такой кнопкі няма ў гэтым меню.",
        {"1": ["Прыёмная працуе з панядзелка па пятніцу, з васьмі трыццаці да сямнаццаці трыццаці.",
               "Абед з трынаццаці да чатырнаццаці."],
         "2": ["Навін на сёння няма."],
         "3": ["Наш адрас: вуліца Савецкая, дом адзін, кабінет пяць."],
         "0": ["Зараз супрацоўнікі занятыя. Пакіньце паведамленне пасля сігналу."]},
    ),
    "en": (
        "Hello! You have called the district office.",
        ["To hear the office hours, press 1.", "To hear the news, press 2.",
         "For our address and phone numbers, press 3.", "To speak to a member of staff, press 0."],
        "There is no such key in this menu.",
        {"1": ["The office is open Monday to Friday, from eight thirty to five thirty.",
               "Lunch is from one to two."],
         "2": ["There is no news today."],
         "3": ["Our address is One Soviet Street, room five."],
         "0": ["All our staff are busy. Please leave a message after the tone."]},
    ),
}

app = Flask(__name__)


def _language() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in TEXTS else "ru"


def _say(verb: VoiceResponse | Gather, text: str, lang: str) -> None:
    language, voice = VOICES[lang]
    verb.say(text, language=language, voice=voice)


def _twiml(response: VoiceResponse) -> Response:
    return Response(str(response), mimetype="text/xml")


def _menu(response: VoiceResponse, lang: str) -> VoiceResponse:
    """The menu's options inside a one-key <Gather>, then back to the menu if nothing was pressed."""
    action = url_for("menu", step="step", lang=lang)
    gather = response.gather(num_digits=1, action=action, method="POST", timeout=6)
    for option in TEXTS[lang][1]:
        _say(gather, option, lang)
    response.redirect(action, method="POST")
    return response


@app.route("/voice", methods=["POST"])
def welcome() -> Response:
    """The call starts: the greeting and the menu."""
    lang = _language()
    response = VoiceResponse()
    _say(response, TEXTS[lang][0], lang)
    return _twiml(_menu(response, lang))


@app.route("/voice/<path:step>", methods=["POST"])
def menu(step: str) -> Response:
    """A key was pressed (or nothing): what it asked for, then the menu again."""
    lang = _language()
    response = VoiceResponse()
    answers = TEXTS[lang][3]
    digits = request.form.get("Digits", "")
    if digits in answers:
        for sentence in answers[digits]:
            _say(response, sentence, lang)
    elif digits:
        _say(response, TEXTS[lang][2], lang)
    return _twiml(_menu(response, lang))


@app.route("/voice/status", methods=["POST"])
@app.route("/voice/recording", methods=["POST"])
def callback() -> Response:
    """Twilio's status callbacks: nothing to say."""
    return _twiml(VoiceResponse())
