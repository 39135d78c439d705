"""The public "status of my request" form (issue 19, item 4): number and last four digits, the same
answer for a wrong pair and a missing number, a slow-down after several misses, no caching."""
from __future__ import annotations

from datetime import timedelta

from ivr.extensions import db
from ivr.messages.models import DONE, NEW, Message
from ivr.staff.auth import FREE_FAILURES

CALLER = "+375291234567"


def add_request(app, reference="47012", status=NEW, note="") -> None:
    with app.app_context():
        db.session.add(Message(kind="voice", status=status, call_sid="CA" + reference, caller=CALLER, lang="ru",
                               reference=reference, note=note))
        db.session.commit()


def ask(client, reference, last_four, lang="ru"):
    return client.post(f"/{lang}/request", data={"reference": reference, "last_four": last_four})


def test_the_page_links_to_the_form_and_the_form_is_not_cached(client):
    assert 'href="/ru/request"' in client.get("/ru").get_data(as_text=True)
    form = client.get("/be/request")
    assert form.status_code == 200 and form.headers["Cache-Control"] == "no-store"
    assert "form-action 'self'" in form.headers["Content-Security-Policy"]
    assert "Апошнія 4 лічбы вашага тэлефона" in form.get_data(as_text=True)


def test_the_number_and_the_right_last_four_digits_show_the_status_and_the_note(app, client):
    add_request(app, status=DONE, note="Ответ отправлен письмом")
    page = ask(client, "47012", "4567")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "<strong>Дан ответ</strong>" in text and "Пояснение: Ответ отправлен письмом" in text


def test_a_wrong_pair_and_a_missing_number_read_the_same(app, client):
    add_request(app)
    wrong = ask(client, "47012", "0000").get_data(as_text=True)
    missing = ask(client, "99999", "4567").get_data(as_text=True)
    sentence = "Обращение с такими номерами не найдено. Проверьте цифры."
    assert sentence in wrong and sentence in missing
    assert wrong.replace("47012", "N") == missing.replace("99999", "N")


def test_badly_typed_numbers_are_named(client):
    page = ask(client, "47", "12ab")
    assert page.status_code == 422 and "Нужны 5 цифр номера обращения и 4 цифры телефона." in page.get_data(as_text=True)


def test_guessing_is_slowed_down_like_the_staff_login(app, client, at):
    moment = at("2026-11-30 10:00")
    add_request(app)
    for n in range(FREE_FAILURES):
        assert ask(client, f"1000{n}", "1111").status_code == 200
    slowed = ask(client, "47012", "4567")
    assert slowed.status_code == 429 and "Слишком много попыток" in slowed.get_data(as_text=True)
    app.extensions["ivr.clock"] = lambda: moment + timedelta(minutes=20)  # the window has passed
    assert "Получено, ждёт рассмотрения" in ask(client, "47012", "4567").get_data(as_text=True)
