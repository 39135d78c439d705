"""Belarusian answers transcribed by Twilio's Russian model (in Russian spelling) still choose the
option they name (issue 17, item 5)."""
from __future__ import annotations

import pytest

from ivr.callflow.menus import key_from_speech
from ivr.callflow.steps import Node
from ivr.phrases.spelling import russian_spelling, russian_spellings


@pytest.mark.parametrize(("node", "transcript", "key"), [
    (Node.MAIN, "навины", "2"),  # навіны
    (Node.MAIN, "хочу послушать навины пожалуйста", "2"),
    (Node.MAIN, "супрацовник", "0"),  # супрацоўнік, ў heard as в
    (Node.MAIN, "супрацоуник", "0"),  # ... or as у
    (Node.MAIN, "гадзины працы", "1"),  # гадзіны працы
    (Node.MAIN, "паутарыць", "9"),  # паўтарыць
    (Node.MAIN, "адрас и тэлефоны", "3"),
    (Node.NEWS, "папяредняя", "3"),  # папярэдняя
    (Node.NEWS, "адзин", "1"),  # адзін, a number word
    (Node.MESSAGE, "паведамленне", "1"),
    (Node.RECORDED, "праслухаць", "1"),
    (Node.RECORDED, "перазапис", "2"),  # перазапіс
    (Node.CALLBACK, "правильна", "2"),
])
def test_a_belarusian_word_in_russian_spelling_chooses_its_option(node, transcript, key):
    assert key_from_speech(node, transcript) == key


@pytest.mark.parametrize(("node", "transcript", "key"), [
    (Node.MAIN, "навіны", "2"), (Node.MAIN, "супрацоўнік", "0"), (Node.MAIN, "новости", "2"),
    (Node.MAIN, "сотрудник", "0"), (Node.NEWS, "наступная", "2"),
])
def test_belarusian_and_russian_spellings_still_work(node, transcript, key):
    assert key_from_speech(node, transcript) == key


def test_an_unrelated_answer_chooses_nothing():
    assert key_from_speech(Node.MAIN, "добры вечар") is None


def test_the_spelling_a_recogniser_writes():
    assert russian_spelling("паўтарыць тэлефон сям'я") == "паутарыць телефон сямя"
    assert russian_spellings("супрацоўнік") == {"супрацоуник", "супрацовник"}
