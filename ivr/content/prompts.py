"""Every sentence the hotline speaks, per language, with a stable key.

Staff can override any of these texts (the office document's ``texts``); these are the defaults.
Placeholders in braces are filled by the call flow with words built by ``ivr.phrases`` (times,
days, phone numbers), so a voice never has to read digits.
"""
from __future__ import annotations

import re
import string
from typing import Mapping

from ivr.content.office import Office

DEFAULT_TEXTS: dict[str, dict[str, str]] = {
    # -- language menu: each line in its own language --
    "language.option": {
        "ru": "Русский — нажмите {key}.",
        "be": "Беларуская — націсніце {key}.",
        "en": "English — press {key}.",
    },
    # -- main menu --
    "greeting": {
        "ru": "Копыльский райисполком, здравствуйте.",
        "be": "Капыльскі райвыканкам, добры дзень.",
        "en": "Kopyl district office, hello.",
    },
    "main.hours": {
        "ru": "Часы работы — {key}.",
        "be": "Час працы — {key}.",
        "en": "Office hours — {key}.",
    },
    "main.news": {
        "ru": "Новости — {key}.",
        "be": "Навіны — {key}.",
        "en": "News — {key}.",
    },
    "main.contacts": {
        "ru": "Контакты и приёмы — {key}.",
        "be": "Кантакты і прыёмы — {key}.",
        "en": "Contacts and receptions — {key}.",
    },
    "main.sms": {
        "ru": "Часы работы и адрес в СМС — {key}.",
        "be": "Час працы і адрас у СМС — {key}.",
        "en": "Hours and address by text message — {key}.",
    },
    "info.web": {
        "ru": "Всё это есть и на сайте {web}.",
        "be": "Усё гэта ёсць і на сайце {web}.",
        "en": "All this is also on the web at {web}.",
    },
    "sms.sent": {
        "ru": "Мы отправляем вам СМС с часами работы и адресом.",
        "be": "Мы адпраўляем вам СМС з часам працы і адрасам.",
        "en": "We are sending you a text message with the hours and address.",
    },
    "sms.limit": {
        "ru": "Сегодня мы уже отправили вам несколько СМС. Пожалуйста, попробуйте завтра.",
        "be": "Сёння мы ўжо адправілі вам некалькі СМС. Калі ласка, паспрабуйце заўтра.",
        "en": "We have already sent you several text messages today. Please try again tomorrow.",
    },
    "sms.unavailable": {
        "ru": "К сожалению, сейчас мы не можем отправить СМС.",
        "be": "На жаль, зараз мы не можам адправіць СМС.",
        "en": "Sorry, we cannot send a text message right now.",
    },
    # -- the fixed keys, identical in every menu --
    "key.slower": {
        "ru": "Нужно больше времени — нажмите {key}.",
        "be": "Патрэбна больш часу — націсніце {key}.",
        "en": "More time — press {key}.",
    },
    "key.faster": {
        "ru": "Обычная скорость — нажмите {key}.",
        "be": "Звычайная хуткасць — націсніце {key}.",
        "en": "Normal speed — press {key}.",
    },
    "keys": {
        "ru": "Повтор 9, назад звёздочка, сотрудник 0.",
        "be": "Паўтор 9, назад зорачка, супрацоўнік 0.",
        "en": "Repeat 9, back star, a person 0.",
    },
    "keys.main": {
        "ru": "Сотрудник 0, повтор 9, назад звёздочка.",
        "be": "Супрацоўнік 0, паўтор 9, назад зорачка.",
        "en": "A person 0, repeat 9, back star.",
    },
    "keys.language": {
        "ru": "Повтор 9 или звёздочка, сотрудник 0.",
        "be": "Паўтор 9 або зорачка, супрацоўнік 0.",
        "en": "Repeat 9 or star, a person 0.",
    },
    "hint.speech": {
        "ru": "Можно нажать кнопку или сказать, что нужно: часы работы, новости, адрес, помощь.",
        "be": "Можна націснуць кнопку або сказаць, што трэба: час працы, навіны, адрас, дапамога.",
        "en": "Press a key, or say what you need: hours, news, address, help.",
    },
    "noinput": {
        "ru": "Мы не услышали вашего выбора.",
        "be": "Мы не пачулі вашага выбару.",
        "en": "We did not hear a choice.",
    },
    "invalid": {
        "ru": "Кнопки {key} в этом меню нет.",
        "be": "Кнопкі {key} у гэтым меню няма.",
        "en": "There is no key {key} in this menu.",
    },
    "invalid.other": {
        "ru": "Такого варианта в этом меню нет.",
        "be": "Такога варыянту ў гэтым меню няма.",
        "en": "That is not one of the choices here.",
    },
    "help.connecting": {
        "ru": "Похоже, вам нужна помощь. Соединяю с сотрудником, оставайтесь на линии.",
        "be": "Падобна, вам патрэбна дапамога. Злучаю з супрацоўнікам, заставайцеся на лініі.",
        "en": "It seems you need help. Putting you through to a person, please stay on the line.",
    },
    "help.message": {
        "ru": "Похоже, вам нужна помощь. Сотрудники сейчас не отвечают, но вы можете оставить сообщение.",
        "be": "Падобна, вам патрэбна дапамога. Супрацоўнікі зараз не адказваюць, але вы можаце пакінуць паведамленне.",
        "en": "It seems you need help. Nobody can answer now, but you can leave a message.",
    },
    "slower.on": {
        "ru": "Хорошо, теперь я буду говорить медленнее и ждать ответа дольше.",
        "be": "Добра, цяпер я буду гаварыць павольней і чакаць адказу даўжэй.",
        "en": "All right, I will now speak more slowly and wait longer for your answer.",
    },
    "slower.off": {
        "ru": "Хорошо, говорю в обычном темпе.",
        "be": "Добра, гавару ў звычайным тэмпе.",
        "en": "All right, back to normal speed.",
    },
    "goodbye": {
        "ru": "Спасибо за звонок. До свидания!",
        "be": "Дзякуй за званок. Да пабачэння!",
        "en": "Thank you for calling. Goodbye!",
    },
    "goodbye.noinput": {
        "ru": "Мы так и не услышали ответа. До свидания!",
        "be": "Мы так і не пачулі адказу. Да пабачэння!",
        "en": "We still have not heard an answer. Goodbye!",
    },
    "error": {
        "ru": "Извините, произошла техническая ошибка. Пожалуйста, попробуйте позвонить через несколько минут. До свидания!",
        "be": "Прабачце, адбылася тэхнічная памылка. Калі ласка, паспрабуйце патэлефанаваць праз некалькі хвілін. Да пабачэння!",
        "en": "Sorry, something went wrong on our side. Please try calling again in a few minutes. Goodbye!",
    },
    # -- office hours --
    "hours.days": {
        "ru": "Приёмная работает {days} {hours}.",
        "be": "Прыёмная працуе {days} {hours}.",
        "en": "The office is open {days}, {hours}.",
    },
    "hours.lunch": {
        "ru": "Обеденный перерыв {hours}.",
        "be": "Абедзенны перапынак {hours}.",
        "en": "The lunch break is {hours}.",
    },
    "hours.closed_days": {
        "ru": "{days} приёмная не работает.",
        "be": "{days} прыёмная не працуе.",
        "en": "The office is closed {days}.",
    },
    # The call's first sentence (and the hours answer's): one short sentence, whether the office is
    # open now and until when, or when it opens. ({at}: "в восемь тридцать"; {until}: "до тринадцати
    # часов"; {when}: "сегодня", "в понедельник"…)
    "status.open_until_lunch": {
        "ru": "Открыто {until}.",
        "be": "Адчынена {until}.",
        "en": "The office is open {until}.",
    },
    "status.open_until_close": {
        "ru": "Открыто {until}.",
        "be": "Адчынена {until}.",
        "en": "The office is open {until}.",
    },
    "status.lunch": {
        "ru": "Приёмная на обеде {until}.",
        "be": "Прыёмная на абедзе {until}.",
        "en": "The office is closed for lunch {until}.",
    },
    "status.before_opening": {
        "ru": "Приёмная откроется {when} {at}.",
        "be": "Прыёмная адчыніцца {when} {at}.",
        "en": "The office opens {when} {at}.",
    },
    "status.after_hours": {
        "ru": "Приёмная закрыта и откроется {when} {at}.",
        "be": "Прыёмная зачынена і адчыніцца {when} {at}.",
        "en": "The office is closed and opens {when} {at}.",
    },
    "status.weekend": {
        "ru": "Сегодня выходной, приёмная откроется {when} {at}.",
        "be": "Сёння выхадны, прыёмная адчыніцца {when} {at}.",
        "en": "Today is a day off; the office opens {when} {at}.",
    },
    "status.holiday": {
        "ru": "Сегодня праздник, {holiday}; приёмная откроется {when} {at}.",
        "be": "Сёння свята, {holiday}; прыёмная адчыніцца {when} {at}.",
        "en": "Today is a public holiday, {holiday}; the office opens {when} {at}.",
    },
    "status.moved_day_off": {
        "ru": "Сегодня нерабочий день, вместо него приёмная работает {worked}; она откроется {when} {at}.",
        "be": "Сёння непрацоўны дзень, замест яго прыёмная працуе {worked}; яна адчыніцца {when} {at}.",
        "en": "Today is a non-working day, the office works {worked} instead; it opens {when} {at}.",
    },
    "status.weekend_workday": {
        "ru": "Сегодня, {day}, рабочий день.",
        "be": "Сёння, {day}, працоўны дзень.",
        "en": "Today, {day}, is a working day.",
    },
    "status.closure": {
        "ru": "Сегодня приёмная не работает, {reason}; она откроется {when} {at}.",
        "be": "Сёння прыёмная не працуе, {reason}; яна адчыніцца {when} {at}.",
        "en": "The office is closed today, {reason}; it opens {when} {at}.",
    },
    "status.closed_indefinitely": {
        "ru": "Сейчас приёмная не работает.",
        "be": "Зараз прыёмная не працуе.",
        "en": "The office is closed now.",
    },
    # -- the office's services (issue 18): the name of the reception, open now for each service --
    "service.reception": {
        "ru": "приёмная",
        "be": "прыёмная",
        "en": "the reception",
    },
    "status.service.open_until_close": {
        "ru": "{service}: открыто {until}.",
        "be": "{service}: адчынена {until}.",
        "en": "{service}: open {until}.",
    },
    "status.service.open_until_lunch": {
        "ru": "{service}: открыто {until}.",
        "be": "{service}: адчынена {until}.",
        "en": "{service}: open {until}.",
    },
    "status.service.lunch": {
        "ru": "{service}: перерыв {until}.",
        "be": "{service}: перапынак {until}.",
        "en": "{service}: on a break {until}.",
    },
    "status.service.closed": {
        "ru": "{service}: сейчас не работает, откроется {when} {at}.",
        "be": "{service}: зараз не працуе, адчыніцца {when} {at}.",
        "en": "{service}: closed now, opens {when} {at}.",
    },
    "status.service.closure": {
        "ru": "{service}: сегодня не работает, {reason}. Откроется {when} {at}.",
        "be": "{service}: сёння не працуе, {reason}. Адчыніцца {when} {at}.",
        "en": "{service}: closed today, {reason}. Opens {when} {at}.",
    },
    "status.service.closed_indefinitely": {
        "ru": "{service}: сейчас не работает.",
        "be": "{service}: зараз не працуе.",
        "en": "{service}: closed now.",
    },
    "status.service.phone": {
        "ru": "{service}: телефон {phone}.",
        "be": "{service}: тэлефон {phone}.",
        "en": "{service}: call {phone}.",
    },
    # Hours that differ on a date: a special day, a closure, the shorter day before a holiday.
    "hours.special": {
        "ru": "{when} {service} работает {hours}.",
        "be": "{when} {service} працуе {hours}.",
        "en": "{when} {service} is open {hours}.",
    },
    "hours.special_closed": {
        "ru": "{when} {service} не работает: {reason}.",
        "be": "{when} {service} не працуе: {reason}.",
        "en": "{when} {service} is closed: {reason}.",
    },
    "hours.special_closed_plain": {
        "ru": "{when} {service} не работает.",
        "be": "{when} {service} не працуе.",
        "en": "{when} {service} is closed.",
    },
    # One service's week (the reception's is "hours.days").
    "hours.service_days": {
        "ru": "{service} работает {days} {hours}.",
        "be": "{service} працуе {days} {hours}.",
        "en": "{service} is open {days}, {hours}.",
    },
    "hours.service_closed_days": {
        "ru": "{days} {service} не работает.",
        "be": "{days} {service} не працуе.",
        "en": "{service} is closed {days}.",
    },
    # The hours menu: one option per service besides the reception.
    "hours.service_option": {
        "ru": "{service} — нажмите {key}.",
        "be": "{service} — націсніце {key}.",
        "en": "{service} — press {key}.",
    },
    # An urgent notice, heard first in a call.
    "notice": {
        "ru": "Важное объявление. {text}",
        "be": "Важнае паведамленне. {text}",
        "en": "An urgent notice. {text}",
    },
    # -- contacts --
    # The contacts answer in parts a caller can each hear again: the address, the numbers, e-mail and web.
    "contacts.address": {
        "ru": "Адрес: {address}.",
        "be": "Адрас: {address}.",
        "en": "The address: {address}.",
    },
    "contacts.postal_code": {
        "ru": "Индекс: {postal_code}.",
        "be": "Індэкс: {postal_code}.",
        "en": "Postal code: {postal_code}.",
    },
    "contacts.phone": {
        "ru": "Телефон приёмной: {number}.",
        "be": "Тэлефон прыёмнай: {number}.",
        "en": "The office phone: {number}.",
    },
    "contacts.phone_and_hotline": {
        "ru": "Телефон приёмной и горячей линии: {number}.",
        "be": "Тэлефон прыёмнай і гарачай лініі: {number}.",
        "en": "The office phone and hot line: {number}.",
    },
    "contacts.hotline": {
        "ru": "Горячая линия: {number}.",
        "be": "Гарачая лінія: {number}.",
        "en": "The hot line: {number}.",
    },
    "contacts.fax": {
        "ru": "Факс: {number}.",
        "be": "Факс: {number}.",
        "en": "Fax: {number}.",
    },
    "contacts.email": {
        "ru": "Электронная почта: {address}.",
        "be": "Электронная пошта: {address}.",
        "en": "E-mail: {address}.",
    },
    "contacts.web": {
        "ru": "Сайт: {address}.",
        "be": "Сайт: {address}.",
        "en": "Web site: {address}.",
    },
    "contacts.again_address": {
        "ru": "Адрес ещё раз — нажмите {key}.",
        "be": "Адрас яшчэ раз — націсніце {key}.",
        "en": "The address again, press {key}.",
    },
    "contacts.again_numbers": {
        "ru": "Телефоны ещё раз — нажмите {key}.",
        "be": "Тэлефоны яшчэ раз — націсніце {key}.",
        "en": "The phone numbers again, press {key}.",
    },
    "contacts.again_online": {
        "ru": "Почта и сайт ещё раз — нажмите {key}.",
        "be": "Пошта і сайт яшчэ раз — націсніце {key}.",
        "en": "E-mail and web site again, press {key}.",
    },
    # -- contacts and receptions (main menu key 3): the office, receptions, other bodies, by SMS --
    "contacts.menu_address": {
        "ru": "Адрес и телефоны райисполкома — нажмите {key}.",
        "be": "Адрас і тэлефоны райвыканкама — націсніце {key}.",
        "en": "The office's address and phones — press {key}.",
    },
    "contacts.menu_receptions": {
        "ru": "Личный приём и прямые телефонные линии — нажмите {key}.",
        "be": "Асабісты прыём і прамыя тэлефонныя лініі — націсніце {key}.",
        "en": "Personal receptions and direct phone lines — press {key}.",
    },
    "contacts.menu_directory": {
        "ru": "Телефоны других служб и организаций — нажмите {key}.",
        "be": "Тэлефоны іншых службаў і арганізацый — націсніце {key}.",
        "en": "Other services and organisations — press {key}.",
    },
    "contacts.menu_sms": {
        "ru": "Адрес, телефоны и ближайший приём в СМС — нажмите {key}.",
        "be": "Адрас, тэлефоны і бліжэйшы прыём у СМС — націсніце {key}.",
        "en": "The address, phones and next reception by text message — press {key}.",
    },
    # -- receptions and direct lines --
    "receptions.line_now": {
        "ru": "Сейчас идёт прямая телефонная линия, {hours}. Отвечает {who}. Номер: {number}.",
        "be": "Зараз ідзе прамая тэлефонная лінія, {hours}. Адказвае {who}. Нумар: {number}.",
        "en": "A direct phone line is on now, {hours}, answered by {who}. The number: {number}.",
    },
    "receptions.transfer": {
        "ru": "Чтобы вас соединили с прямой линией, нажмите {key}.",
        "be": "Каб вас злучылі з прамой лініяй, націсніце {key}.",
        "en": "To be put through to the direct line, press {key}.",
    },
    "receptions.connecting": {
        "ru": "Соединяю с прямой линией.",
        "be": "Злучаю з прамой лініяй.",
        "en": "Putting you through to the direct line.",
    },
    "receptions.direct_line": {
        "ru": "Прямая телефонная линия: {who}. Ближайшая — {when}, {hours}, по номеру {number}.",
        "be": "Прамая тэлефонная лінія: {who}. Бліжэйшая — {when}, {hours}, па нумары {number}.",
        "en": "Direct phone line: {who}. The next one is {when}, {hours}, on {number}.",
    },
    "receptions.reception": {
        "ru": "Личный приём: {who}. Ближайший — {when}, {hours}.",
        "be": "Асабісты прыём: {who}. Бліжэйшы — {when}, {hours}.",
        "en": "Personal reception: {who}. The next one is {when}, {hours}.",
    },
    "receptions.place": {
        "ru": "Место: {place}.",
        "be": "Месца: {place}.",
        "en": "Where: {place}.",
    },
    "receptions.signup": {
        "ru": "Запись: {signup}.",
        "be": "Запіс: {signup}.",
        "en": "To sign up: {signup}.",
    },
    "receptions.signup_phone": {
        "ru": "Записаться можно по телефону {number}.",
        "be": "Запісацца можна па тэлефоне {number}.",
        "en": "To sign up, call {number}.",
    },
    "receptions.none": {
        "ru": "Ближайших приёмов и прямых линий пока нет.",
        "be": "Бліжэйшых прыёмаў і прамых ліній пакуль няма.",
        "en": "No receptions or direct lines are planned yet.",
    },
    # -- where to go: other bodies, by topic (the order of ivr.content.office.TOPICS) --
    "directory.emergency": {
        "ru": "Экстренные службы — нажмите {key}.",
        "be": "Экстраныя службы — націсніце {key}.",
        "en": "Emergency services — press {key}.",
    },
    "directory.housing": {
        "ru": "Жилищно-коммунальные услуги — нажмите {key}.",
        "be": "Жыллё і камунальныя паслугі — націсніце {key}.",
        "en": "Housing and utilities — press {key}.",
    },
    "directory.health": {
        "ru": "Медицинская помощь — нажмите {key}.",
        "be": "Медыцынская дапамога — націсніце {key}.",
        "en": "Medical care — press {key}.",
    },
    "directory.social": {
        "ru": "Социальная помощь — нажмите {key}.",
        "be": "Сацыяльная дапамога — націсніце {key}.",
        "en": "Social support — press {key}.",
    },
    "directory.entry": {
        "ru": "{what}. Телефон: {number}.",
        "be": "{what}. Тэлефон: {number}.",
        "en": "{what}. Phone: {number}.",
    },
    "directory.hours": {
        "ru": "Работает: {hours}.",
        "be": "Працуе: {hours}.",
        "en": "Open: {hours}.",
    },
    # -- news --
    "news.item": {
        "ru": "{position}. {title}.",
        "be": "{position}. {title}.",
        "en": "{position}. {title}.",
    },
    "news.item_dated": {
        "ru": "{position}, {date}. {title}.",
        "be": "{position}, {date}. {title}.",
        "en": "{position}, {date}. {title}.",
    },
    "news.summary": {"ru": "{summary}", "be": "{summary}", "en": "{summary}"},
    "news.more": {
        "ru": "Чтобы услышать подробности, нажмите {key}.",
        "be": "Каб пачуць падрабязнасці, націсніце {key}.",
        "en": "For more about this story, press {key}.",
    },
    "news.next": {
        "ru": "Чтобы перейти к следующей новости, нажмите {key}.",
        "be": "Каб перайсці да наступнай навіны, націсніце {key}.",
        "en": "For the next headline, press {key}.",
    },
    "news.previous": {
        "ru": "Чтобы вернуться к предыдущей новости, нажмите {key}.",
        "be": "Каб вярнуцца да папярэдняй навіны, націсніце {key}.",
        "en": "For the previous headline, press {key}.",
    },
    "news.only": {
        "ru": "Сейчас одна новость",
        "be": "Зараз адна навіна",
        "en": "There is one headline",
    },
    "news.none": {
        "ru": "Сейчас новостей нет.",
        "be": "Зараз навін няма.",
        "en": "There is no news at the moment.",
    },
    "news.last": {
        "ru": "Это была последняя новость.",
        "be": "Гэта была апошняя навіна.",
        "en": "That was the last headline.",
    },
    "news.first": {
        "ru": "Это первая новость.",
        "be": "Гэта першая навіна.",
        "en": "This is the first headline.",
    },
    # -- a person --
    "person.connecting": {
        "ru": "Соединяю с сотрудником. Пожалуйста, оставайтесь на линии.",
        "be": "Злучаю з супрацоўнікам. Калі ласка, заставайцеся на лініі.",
        "en": "Putting you through to a member of staff. Please stay on the line.",
    },
    "person.closed": {
        "ru": "Сотрудники отвечают в рабочее время.",
        "be": "Супрацоўнікі адказваюць у працоўны час.",
        "en": "Staff answer during office hours.",
    },
    "person.no_answer": {
        "ru": "К сожалению, сейчас никто не может ответить. Вы можете оставить сообщение.",
        "be": "На жаль, зараз ніхто не можа адказаць. Вы можаце пакінуць паведамленне.",
        "en": "Sorry, nobody could answer just now. You can leave a message.",
    },
    # -- messages and call-backs --
    "message.offer_voice": {
        "ru": "Чтобы оставить голосовое сообщение, нажмите {key}.",
        "be": "Каб пакінуць галасавое паведамленне, націсніце {key}.",
        "en": "To leave a voice message, press {key}.",
    },
    "message.offer_callback": {
        "ru": "Чтобы мы перезвонили вам на этот номер, нажмите {key}.",
        "be": "Каб мы ператэлефанавалі вам на гэты нумар, націсніце {key}.",
        "en": "To ask us to call you back on this number, press {key}.",
    },
    # Where the line cannot record a message (jambonz): the call-back, or when to call again.
    "message.callback_only": {
        "ru": "На этой линии нельзя оставить голосовое сообщение, но мы можем вам перезвонить.",
        "be": "На гэтай лініі нельга пакінуць галасавое паведамленне, але мы можам вам ператэлефанаваць.",
        "en": "Voice messages cannot be left on this line, but we can call you back.",
    },
    "message.no_voice_hidden": {
        "ru": "На этой линии нельзя оставить голосовое сообщение, а ваш номер не определился. Пожалуйста, позвоните нам в рабочее время.",
        "be": "На гэтай лініі нельга пакінуць галасавое паведамленне, а ваш нумар не вызначыўся. Калі ласка, патэлефануйце нам у працоўны час.",
        "en": "Voice messages cannot be left on this line, and your number is hidden. Please call us during office hours.",
    },
    "message.record_intro": {
        "ru": "Пожалуйста, назовите своё имя и номер телефона и скажите, чем мы можем помочь. Говорите после сигнала. Когда закончите, нажмите решётку.",
        "be": "Калі ласка, назавіце сваё імя і нумар тэлефона і скажыце, чым мы можам дапамагчы. Гаварыце пасля сігналу. Калі скончыце, націсніце рашотку.",
        "en": "Please say your name, your phone number and how we can help. Speak after the tone. When you have finished, press the pound key.",
    },
    "message.nothing_heard": {
        "ru": "Мы не услышали сообщения.",
        "be": "Мы не пачулі паведамлення.",
        "en": "We did not hear a message.",
    },
    "recorded.done": {
        "ru": "Ваше сообщение записано.",
        "be": "Ваша паведамленне запісана.",
        "en": "Your message has been recorded.",
    },
    "recorded.listen": {
        "ru": "Чтобы прослушать его, нажмите {key}.",
        "be": "Каб праслухаць яго, націсніце {key}.",
        "en": "To listen to it, press {key}.",
    },
    "recorded.again": {
        "ru": "Чтобы записать заново, нажмите {key}.",
        "be": "Каб запісаць нанова, націсніце {key}.",
        "en": "To record it again, press {key}.",
    },
    "recorded.send": {
        "ru": "Чтобы отправить сообщение, нажмите {key}.",
        "be": "Каб адправіць паведамленне, націсніце {key}.",
        "en": "To send it, press {key}.",
    },
    "recorded.sent": {
        "ru": "Ваше сообщение передано сотрудникам. Мы ответим в рабочее время.",
        "be": "Ваша паведамленне перададзена супрацоўнікам. Мы адкажам у працоўны час.",
        "en": "Your message has been passed on to the staff. We will reply during office hours.",
    },
    "discard.ask": {
        "ru": "Ваше сообщение ещё не отправлено.",
        "be": "Ваша паведамленне яшчэ не адпраўлена.",
        "en": "Your message has not been sent yet.",
    },
    "discard.confirm": {
        "ru": "Удалить его — нажмите звёздочку ещё раз.",
        "be": "Выдаліць яго — націсніце зорачку яшчэ раз.",
        "en": "To delete it, press star again.",
    },
    "callback.confirm": {
        "ru": "Мы перезвоним вам на номер: {number}. Если номер верный, нажмите {key}.",
        "be": "Мы ператэлефануем вам на нумар: {number}. Калі нумар правільны, націсніце {key}.",
        "en": "We will call you back on: {number}. If that number is right, press {key}.",
    },
    "callback.unknown": {
        "ru": "Ваш номер не определился, поэтому мы не можем перезвонить автоматически. Пожалуйста, оставьте голосовое сообщение и назовите в нём свой номер.",
        "be": "Ваш нумар не вызначыўся, таму мы не можам ператэлефанаваць аўтаматычна. Калі ласка, пакіньце галасавое паведамленне і назавіце ў ім свой нумар.",
        "en": "Your number is hidden, so we cannot call you back automatically. Please leave a voice message and say your number in it.",
    },
    "callback.saved": {
        "ru": "Мы перезвоним вам в рабочее время.",
        "be": "Мы ператэлефануем вам у працоўны час.",
        "en": "We will call you back during office hours.",
    },
    # -- documents and administrative procedures --
    "main.procedures": {
        "ru": "Документы — {key}.",
        "be": "Дакументы — {key}.",
        "en": "Documents — {key}.",
    },
    "procedures.by_number": {
        "ru": "Если знаете номер процедуры — нажмите {key}.",
        "be": "Калі ведаеце нумар працэдуры — націсніце {key}.",
        "en": "If you know the procedure's number — press {key}.",
    },
    "procedures.my_request": {
        "ru": "Узнать, что с вашим обращением, — нажмите {key}.",
        "be": "Даведацца, што з вашым зваротам, — націсніце {key}.",
        "en": "What became of your message or call-back request — press {key}.",
    },
    "procedures.by_topic": {
        "ru": "Выбрать процедуру по теме — нажмите {key}.",
        "be": "Выбраць працэдуру па тэме — націсніце {key}.",
        "en": "To choose a procedure by topic — press {key}.",
    },
    "procedure.enter_number": {
        "ru": "Наберите номер процедуры: вместо точки нажимайте звёздочку, в конце нажмите решётку. Например, для процедуры один точка один точка пять: один, звёздочка, один, звёздочка, пять, решётка.",
        "be": "Набярыце нумар працэдуры: замест кропкі націскайце зорачку, у канцы націсніце рашотку. Напрыклад, для працэдуры адзін кропка адзін кропка пяць: адзін, зорачка, адзін, зорачка, пяць, рашотка.",
        "en": "Key the procedure's number: press star for each dot and hash at the end. For example, for procedure one point one point five: one, star, one, star, five, hash.",
    },
    "procedure.dot": {"ru": "точка", "be": "кропка", "en": "point"},
    "procedure.not_found": {
        "ru": "Процедуры {number} в нашем перечне нет.",
        "be": "Працэдуры {number} у нашым пераліку няма.",
        "en": "There is no procedure {number} in our list.",
    },
    "topics.option": {
        "ru": "{topic} — нажмите {key}.",
        "be": "{topic} — націсніце {key}.",
        "en": "{topic} — press {key}.",
    },
    "topics.more": {
        "ru": "Другие темы — нажмите решётку.",
        "be": "Іншыя тэмы — націсніце рашотку.",
        "en": "More topics — press hash.",
    },
    "topic.housing": {"ru": "Жильё", "be": "Жыллё", "en": "Housing"},
    "topic.family": {"ru": "Семья и дети", "be": "Сям'я і дзеці", "en": "Family and children"},
    "topic.social": {"ru": "Социальная поддержка", "be": "Сацыяльная падтрымка", "en": "Social support"},
    "topic.land": {"ru": "Земля и строительство", "be": "Зямля і будаўніцтва", "en": "Land and building"},
    "topic.documents": {"ru": "Документы и регистрация", "be": "Дакументы і рэгістрацыя",
                        "en": "Documents and registration"},
    "topic.option": {
        "ru": "Процедура {number}, {title} — нажмите {key}.",
        "be": "Працэдура {number}, {title} — націсніце {key}.",
        "en": "Procedure {number}, {title} — press {key}.",
    },
    "topic.more": {
        "ru": "Другие процедуры — нажмите решётку.",
        "be": "Іншыя працэдуры — націсніце рашотку.",
        "en": "More procedures — press hash.",
    },
    "procedure.title": {
        "ru": "Процедура {number}: {title}.",
        "be": "Працэдура {number}: {title}.",
        "en": "Procedure {number}: {title}.",
    },
    "procedure.no_documents": {
        "ru": "Приносить документы не нужно.",
        "be": "Прыносіць дакументы не трэба.",
        "en": "You need not bring any documents.",
    },
    "document.item": {
        "ru": "Документ {position}: {document}.",
        "be": "Дакумент {position}: {document}.",
        "en": "Document {position}: {document}.",
    },
    "document.next": {
        "ru": "Следующий документ — решётка, ещё раз — 9.",
        "be": "Наступны дакумент — рашотка, яшчэ раз — 9.",
        "en": "Next document — hash, again — 9.",
    },
    "procedure.fee": {"ru": "Плата: {fee}.", "be": "Плата: {fee}.", "en": "Fee: {fee}."},
    "procedure.term": {"ru": "Срок: {term}.", "be": "Тэрмін: {term}.", "en": "Term: {term}."},
    "procedure.validity": {
        "ru": "Срок действия: {validity}.",
        "be": "Тэрмін дзеяння: {validity}.",
        "en": "Valid for: {validity}.",
    },
    "procedure.where": {"ru": "Куда обращаться: {where}.", "be": "Куды звяртацца: {where}.", "en": "Where to go: {where}."},
    "procedure.sms": {
        "ru": "Чтобы получить этот перечень по СМС, нажмите {key}.",
        "be": "Каб атрымаць гэты пералік па СМС, націсніце {key}.",
        "en": "To get this list by text message, press {key}.",
    },
    "procedure.documents_again": {
        "ru": "Документы ещё раз — нажмите {key}.",
        "be": "Дакументы яшчэ раз — націсніце {key}.",
        "en": "The documents again — press {key}.",
    },
    "procedure.another": {
        "ru": "Другая процедура — нажмите {key}.",
        "be": "Іншая працэдура — націсніце {key}.",
        "en": "Another procedure — press {key}.",
    },
    "procedure.sms_sent": {
        "ru": "Мы отправляем вам СМС с перечнем документов.",
        "be": "Мы адпраўляем вам СМС з пералікам дакументаў.",
        "en": "We are sending you a text message with the list of documents.",
    },
    "callback.when": {
        "ru": "Мы перезвоним вам {when}, до конца рабочего дня: приёмная закрывается {at}.",
        "be": "Мы ператэлефануем вам {when}, да канца працоўнага дня: прыёмная зачыняецца {at}.",
        "en": "We will call you back {when}, before the office closes {at}.",
    },
    "request.reference": {
        "ru": "Номер вашего обращения: {reference}. Повторяю: {reference}.",
        "be": "Нумар вашага звароту: {reference}. Паўтараю: {reference}.",
        "en": "Your reference number is: {reference}. Again: {reference}.",
    },
    "request.reference_sms": {
        "ru": "Этот номер придёт вам и в СМС.",
        "be": "Гэты нумар прыйдзе вам і ў СМС.",
        "en": "We will also send it to you by text message.",
    },
    "request.check_later": {
        "ru": "Узнать, что с ним, можно по этой же линии: в главном меню скажите «моё обращение».",
        "be": "Даведацца, што з ім, можна па гэтай жа лініі: у галоўным меню скажыце «мой зварот».",
        "en": "To check on it, call this line again and say “my request” in the main menu.",
    },
    "request.check_later_keys": {
        "ru": "Узнать, что с ним, можно по этой же линии: в главном меню нажмите {menu}, затем {option}.",
        "be": "Даведацца, што з ім, можна па гэтай жа лініі: у галоўным меню націсніце {menu}, потым {option}.",
        "en": "To check on it, call this line again and press {menu} in the main menu, then {option}.",
    },
    "request.law": {
        "ru": "Сообщение по телефону не является обращением по Закону «Об обращениях граждан и юридических лиц». "
              "Официальное обращение можно подать письменно, в электронном виде на сайте обращения точка бел "
              "или устно на личном приёме.",
        "be": "Паведамленне па тэлефоне не з'яўляецца зваротам паводле Закона «Аб зваротах грамадзян і юрыдычных "
              "асоб». Афіцыйны зварот можна падаць пісьмова, у электронным выглядзе на сайце абращэння кропка бел "
              "або вусна на асабістым прыёме.",
        "en": "A phone message is not a formal appeal under the Law on Appeals of Citizens and Legal Entities. "
              "A formal appeal can be made in writing, electronically at the site obrashcheniya dot bel, "
              "or in person at a reception.",
    },
    "request.law_reception": {
        "ru": "Ближайший личный приём — {date}.",
        "be": "Бліжэйшы асабісты прыём — {date}.",
        "en": "The next personal reception is {date}.",
    },
    "request.ask": {
        "ru": "Введите пятизначный номер вашего обращения.",
        "be": "Увядзіце пяцізначны нумар вашага звароту.",
        "en": "Enter the five-digit reference number of your request.",
    },
    "request.ask_check": {
        "ru": "Введите номер обращения, а сразу за ним — последние четыре цифры телефона, с которого его оставили.",
        "be": "Увядзіце нумар звароту, а адразу за ім — апошнія чатыры лічбы тэлефона, з якога яго пакінулі.",
        "en": "Enter the reference number, followed by the last four digits of the phone it was left from.",
    },
    "request.check_needed": {
        "ru": "Статус сообщаем только по телефону, с которого оставлено обращение.",
        "be": "Статус паведамляем толькі па тэлефоне, з якога пакінуты зварот.",
        "en": "We tell the status only to the phone the request was left from.",
    },
    "request.bad_number": {
        "ru": "Номер обращения — это пять цифр. Попробуйте ещё раз.",
        "be": "Нумар звароту — гэта пяць лічбаў. Паспрабуйце яшчэ раз.",
        "en": "A reference number has five digits. Please try again.",
    },
    "request.bad_check": {
        "ru": "Нужно девять цифр: пять цифр номера обращения и четыре последние цифры телефона. Попробуйте ещё раз.",
        "be": "Трэба дзевяць лічбаў: пяць лічбаў нумара звароту і чатыры апошнія лічбы тэлефона. Паспрабуйце яшчэ раз.",
        "en": "That needs nine digits: the five of the reference number and the last four of the phone. Please try again.",
    },
    "request.not_found": {
        "ru": "Не нашли обращение с такими номерами. Проверьте цифры и попробуйте ещё раз.",
        "be": "Не знайшлі зварот з такімі нумарамі. Праверце лічбы і паспрабуйце яшчэ раз.",
        "en": "No request matches those numbers. Please check the digits and try again.",
    },
    "request.give_up": {
        "ru": "Номер обращения есть в СМС, которое мы присылали. Можно также спросить сотрудника.",
        "be": "Нумар звароту ёсць у СМС, якое мы дасылалі. Можна таксама спытаць супрацоўніка.",
        "en": "The reference number is in the text message we sent you. You can also ask a person.",
    },
    "request.status_new": {
        "ru": "Обращение {reference} поступило {date} и ждёт рассмотрения.",
        "be": "Зварот {reference} паступіў {date} і чакае разгляду.",
        "en": "Request {reference}, filed {date}, has been received and is waiting to be dealt with.",
    },
    "request.status_in_progress": {
        "ru": "Обращение {reference} поступило {date}. Сейчас им занимаются.",
        "be": "Зварот {reference} паступіў {date}. Зараз ім займаюцца.",
        "en": "Request {reference}, filed {date}, is being dealt with now.",
    },
    "request.status_done": {
        "ru": "На обращение {reference}, поступившее {date}, дан ответ.",
        "be": "На зварот {reference}, які паступіў {date}, дадзены адказ.",
        "en": "Request {reference}, filed {date}, has been answered.",
    },
    "request.status_forwarded": {
        "ru": "Обращение {reference}, поступившее {date}, передано для рассмотрения: {body}.",
        "be": "Зварот {reference}, які паступіў {date}, перададзены для разгляду: {body}.",
        "en": "Request {reference}, filed {date}, has been passed on to: {body}.",
    },
    "request.note": {
        "ru": "Пояснение: {note}",
        "be": "Тлумачэнне: {note}",
        "en": "Note: {note}",
    },

}


def placeholders(template: str) -> set[str]:
    """The names in braces that a template expects."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def prompt_template(office: Office, key: str, lang: str) -> str:
    """The text for ``key`` in ``lang``: the office's own wording if staff changed it, else the default."""
    own = office.texts.get(key, {}).get(lang)
    if own:
        return own
    return DEFAULT_TEXTS[key][lang]


def bare_placeholders(template: str) -> bool:
    """Whether every placeholder is a bare ``{name}``: no format spec (``{at:>5000000}`` would make
    one sentence megabytes long), no conversion and no attribute or index. ValueError for braces
    that are not closed."""
    return all(name is None or (name.isidentifier() and not spec and not conversion)
               for _, name, spec, conversion in string.Formatter().parse(template))


def render(template: str, values: Mapping[str, str]) -> str:
    """Fill a template's placeholders; an unknown or missing placeholder is left out, never a crash.

    Only the name of a placeholder counts: a format spec or conversion a stored text may still hold
    is ignored, so no wording can make a sentence longer than its words."""
    try:
        parts = [literal + (values.get(name, "") if name is not None else "")
                 for literal, name, _spec, _conversion in string.Formatter().parse(template)]
    except ValueError:
        # A clerk's text with a stray brace must still be spoken.
        return template
    text = "".join(parts)
    # "... at five thirty p.m." + "." in the template: one full stop, but keep an ellipsis.
    return re.sub(r"(?<!\.)\.\.(?!\.)", ".", text)
