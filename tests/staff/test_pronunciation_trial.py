"""The pronunciation page lets a clerk try a word before saving it: its phonemes as eSpeak says
them, the stress shown, and its sound (issue 17, item 4)."""
from __future__ import annotations

import html
import re

from ivr.speech.telephone import is_silent, wav_info


def heard_rows(page: str) -> dict[str, str]:
    """Word -> IPA, from the page's "how the voice says it" table."""
    table = re.search(r'<table class="pron-heard".*?</table>', page, re.S)
    assert table, "no phonemes table"
    rows = re.findall(r"<tr><td>([^<]*)</td><td class=\"ipa\">([^<]*)</td></tr>", table.group())
    return {html.unescape(word): html.unescape(ipa) for word, ipa in rows}


def test_a_word_tried_shows_the_phonemes_with_the_lexicons_stress(clerk):
    page = clerk.get("/staff/pronunciation", query_string={"try": "націсніце Капыль", "lang": "be"}).get_data(as_text=True)
    rows = heard_rows(page)
    assert rows["наці́сніце"].startswith("nat͡sʲˈi")  # stressed on the second syllable, as the dictionary says
    assert rows["Ка́пыль"].startswith("kˈa")


def test_a_spelling_with_a_stress_mark_is_shown_before_it_is_saved(clerk):
    page = clerk.get("/staff/pronunciation", query_string={"try": "камітэ́та", "lang": "be"}).get_data(as_text=True)
    assert heard_rows(page)["камітэ́та"].endswith("tˈɛta")  # stressed where the mark is
    assert 'name="try" value="камітэ́та"' in page


def test_the_tried_word_can_be_played(clerk):
    page = clerk.get("/staff/pronunciation", query_string={"try": "навіны", "lang": "be"}).get_data(as_text=True)
    src = html.unescape(re.search(r'<audio controls preload="none" src="([^"]+)"', page).group(1))
    audio = clerk.get(src)
    assert audio.status_code == 200 and audio.mimetype == "audio/wav"
    assert wav_info(audio.data)["sample_rate"] == 8000 and not is_silent(audio.data)


def test_nothing_tried_shows_no_table_and_an_empty_try_is_refused(clerk):
    page = clerk.get("/staff/pronunciation").get_data(as_text=True)
    assert 'class="pron-heard"' not in page and 'name="try"' in page
    assert clerk.get("/staff/pronunciation/hear", query_string={"try": "  "}).status_code == 400


def test_the_sound_is_for_staff_only(client):
    assert client.get("/staff/pronunciation/hear", query_string={"try": "навіны", "lang": "be"}).status_code in (302, 401, 403)
