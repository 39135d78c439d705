"""The same answers by text message, on request in the call (Twilio's REST API through its HTTP seam)."""
from __future__ import annotations

import json
import logging
from datetime import datetime

import pytest
from sqlalchemy import select
from twilio.http import HttpClient
from twilio.http.response import Response

from ivr.config import change, settings
from ivr.content.office import Notice
from ivr.extensions import db
from ivr.messages.sms import FAILED, SENT, SmsRequest, request_sms, send_sms
from ivr.voice.walk import CallWalker

MONDAY_LUNCH = "2026-11-30 13:30"


class TwilioApi(HttpClient):
    """Twilio's REST API as a test stand-in: records each request and answers like Twilio."""

    def __init__(self, status: int = 201):
        super().__init__(logging.getLogger("twilio.http_client"), False)
        self.status = status
        self.sent: list[dict[str, str]] = []

    def request(self, method, url, params=None, data=None, headers=None, auth=None, timeout=None,
                allow_redirects=False):
        self.sent.append({"method": method, "url": url, **{k: str(v) for k, v in (data or {}).items()}})
        if self.status >= 400:
            return Response(self.status, json.dumps({"code": 21211, "message": "The 'To' number is not valid.",
                                                     "status": self.status}))
        return Response(self.status, json.dumps({"sid": "SM" + "1" * 32, "status": "queued", "body": data.get("Body")}))


@pytest.fixture
def sms_app(app):
    change(app, IVR_SMS_FROM="+375171900000", IVR_SMS_PER_DAY=2)
    api = TwilioApi()
    app.extensions["ivr.twilio_http"] = api
    return app, api


def caller_in(app, lang="ru", caller="+375291234567"):
    call = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url, caller=caller)
    call.start()
    call.press({"ru": "1", "be": "2", "en": "3"}[lang])
    return call


def requests_of(app):
    with app.app_context():
        rows = db.session.execute(select(SmsRequest).order_by(SmsRequest.id)).scalars().all()
        db.session.expunge_all()
        return rows


def hears_procedure(call, keys="1*3*1"):
    """From the main menu: documents and procedures (4), by number (1), the number, then # past the
    documents to the procedure's summary, where the SMS is offered."""
    call.press("4")
    call.press("1")
    page = call.press(keys)
    while page.gather is not None and "node=document&" in page.gather["action"]:
        page = call.press("#")
    return page


def test_the_main_menu_offers_no_sms_row_any_more(sms_app, at):
    app, _ = sms_app
    at(MONDAY_LUNCH)
    page = caller_in(app).page
    assert not any("СМС" in text for text in page.texts)
    assert caller_in(app).press("4").texts[0] != "Мы отправляем вам СМС с часами работы и адресом."


def test_without_sms_configured_the_option_is_not_offered(app, at):
    at(MONDAY_LUNCH)
    page = hears_procedure(caller_in(app))
    assert not any("СМС" in text for text in page.texts)
    call = caller_in(app)
    hears_procedure(call)
    assert call.press("1").texts[0] == "Кнопки 1 в этом меню нет."


def test_the_option_is_announced_when_configured(sms_app, at):
    app, _ = sms_app
    at(MONDAY_LUNCH)
    assert "Чтобы получить этот перечень по СМС, нажмите 1." in hears_procedure(caller_in(app)).texts
    assert not any("СМС" in t for t in hears_procedure(caller_in(app, caller="anonymous")).texts)


def test_pressing_1_queues_a_text_and_says_so(sms_app, at):
    app, api = sms_app
    at(MONDAY_LUNCH)
    call = caller_in(app)
    hears_procedure(call)
    page = call.press("1")
    assert page.texts[0] == "Мы отправляем вам СМС с перечнем документов."
    assert page.gather is not None and "node=procedure&" in page.gather["action"]  # back to the procedure's choices
    [request] = requests_of(app)
    assert request.status == "queued" and request.number == "+375291234567" and request.procedure == "1.3.1"
    assert api.sent == []  # nothing is sent on the webhook's path


@pytest.mark.parametrize(
    "lang, words",
    [
        ("ru", ["1.3.1. Справка о состоянии на учёте нуждающихся в улучшении жилищных условий",
                "1) паспорт или иной документ, удостоверяющий личность", "Плата: бесплатно", "Срок: в день обращения",
                "Срок действия: 6 месяцев", "http://mogoktgreu.by/one-window/item/2116-adm-proc-1-3-1"]),
        ("be", ["1.3.1. Даведка аб знаходжанні на ўліку", "1) пашпарт", "Плата: бясплатна", "Тэрмін дзеяння: 6 месяцаў"]),
    ],
)
def test_the_procedure_text_in_the_call_language(sms_app, at, lang, words):
    app, api = sms_app
    at(MONDAY_LUNCH)
    call = caller_in(app, lang)
    hears_procedure(call)
    call.press("1")
    [request] = requests_of(app)
    with app.test_request_context():
        assert send_sms(request.id) is True
    [sent] = api.sent
    assert sent["To"] == "+375291234567" and sent["From"] == "+375171900000"
    for word in words:
        assert word in sent["Body"], (word, sent["Body"])
    [done] = requests_of(app)
    assert done.status == SENT and done.number == ""  # number forgotten


@pytest.mark.parametrize(
    "lang, words",
    [
        ("ru", ["Копыльский районный исполнительный комитет", "Обеденный перерыв до 14:00", "Понедельник–пятница 08:30–17:30, перерыв 13:00–14:00",
                "Адрес: 223927, Минская область, город Копыль, площадь Ленина, дом 6", "+375 (1719) 28-2-60", "https://hotline.test/ru"]),
        ("be", ["Капыльскі раённы выканаўчы камітэт", "08:30–17:30", "Мінская вобласць", "https://hotline.test/be"]),
        ("en", ["Kopyl District Executive Committee", "Lunch break until 14:00", "6 Lenin Square", "https://hotline.test/en"]),
    ],
)
def test_the_office_text_in_the_call_language(sms_app, at, lang, words):
    app, api = sms_app
    at(MONDAY_LUNCH)
    with app.test_request_context():
        assert request_sms("+375291234567", lang, "CA1") == "queued"
    [request] = requests_of(app)
    with app.test_request_context():
        assert send_sms(request.id) is True
    [sent] = api.sent
    assert sent["url"].endswith(f"/Accounts/{settings(app).twilio_account_sid}/Messages.json")
    for word in words:
        assert word in sent["Body"], (word, sent["Body"])


def asks_for_sms(app, caller="+375291234567"):
    call = caller_in(app, caller=caller)
    hears_procedure(call)
    return call.press("1")


def test_the_daily_limit(sms_app, at):
    app, _ = sms_app
    at(MONDAY_LUNCH)
    assert asks_for_sms(app).texts[0].startswith("Мы отправляем вам СМС")
    assert asks_for_sms(app).texts[0].startswith("Мы отправляем вам СМС")
    assert asks_for_sms(app).texts[0] == "Сегодня мы уже отправили вам несколько СМС. Пожалуйста, попробуйте завтра."
    assert asks_for_sms(app, caller="+375447654321").texts[0].startswith("Мы отправляем вам СМС")
    assert len(requests_of(app)) == 3


def test_a_failed_send_is_kept_for_staff(sms_app, at):
    app, api = sms_app
    api.status = 400
    at(MONDAY_LUNCH)
    asks_for_sms(app)
    [request] = requests_of(app)
    with app.test_request_context():
        assert send_sms(request.id) is False
        from ivr.messages.sms import failed_requests

        [failed] = failed_requests()
    assert failed.status == FAILED and "not valid" in failed.error and failed.number == ""


def test_sms_by_speech(sms_app, at):
    app, _ = sms_app
    at(MONDAY_LUNCH)
    call = caller_in(app)
    hears_procedure(call)
    assert call.say("пришлите смс").texts[0] == "Мы отправляем вам СМС с перечнем документов."


def test_an_urgent_notice_heads_the_text(sms_app, at, edit_office):
    app, api = sms_app
    edit_office(notices=(Notice("n", {"ru": "Приём переносится."}, datetime(2026, 11, 30, 8, 0),
                                datetime(2026, 11, 30, 18, 0)),))
    at(MONDAY_LUNCH)
    call = caller_in(app, "ru")
    call.press("3")  # contacts and receptions
    call.press("4")  # by SMS
    [request] = requests_of(app)
    with app.test_request_context():
        assert send_sms(request.id) is True
    assert api.sent[0]["Body"].startswith("Приём переносится.\nКопыльский")
