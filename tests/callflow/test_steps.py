"""The call's state: node names are checked, a URL cannot send a caller anywhere unknown."""
from __future__ import annotations

import pytest

from ivr.callflow.steps import CallState, Node


def test_a_node_name_typo_in_code_fails_instead_of_sending_callers_to_the_start():
    with pytest.raises(AttributeError):
        Node.MIAN  # noqa: B018
    with pytest.raises(ValueError):
        CallState(node="mian")
    with pytest.raises(ValueError):
        CallState().to("contcats")


def test_a_node_named_by_its_string_is_the_node():
    assert CallState(node="news").node is Node.NEWS
    assert CallState().to(Node.HOURS).node is Node.HOURS


@pytest.mark.parametrize("raw", ["", "mian", "NEWS", "news ", "<script>", "0" * 500])
def test_an_unknown_node_in_a_url_starts_the_call_again(raw):
    assert CallState.from_query({"node": raw, "lang": "en"}) == CallState(node=Node.START, lang="en")


def test_the_state_survives_its_url():
    state = CallState(node=Node.RECORDED, lang="be", slow=True, tries=2, item=3, msg=41)
    query = state.to_query()
    assert query["node"] == "recorded"
    assert CallState.from_query(query) == state


def test_an_unknown_language_in_a_url_becomes_the_default():
    assert CallState.from_query({"node": "main", "lang": "de"}).lang == "ru"
