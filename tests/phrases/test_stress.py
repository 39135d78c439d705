"""Stress from a dictionary for every word the hotline says (issue 17): the lexicon, the hotline's
own words, the office's table on top, and what eSpeak then speaks."""
from __future__ import annotations

import gzip
import re

import pytest

from ivr.callflow.catalogue import Sentence
from ivr.content.store import current_office
from ivr.phrases.stress import DATA, STRESS_MARK, lexicon, stress_text, syllables, unknown_words
from ivr.speech.clips import clip_key, spoken_text
from ivr.speech.synthesis import synthesizer
from tests.phrases.spoken import catalogue_texts, generated_texts
from tests.speech.apps import ToneEngine, make_app

WORD = re.compile(r"[^\W\d_][\w\u0301'’ʼ-]*")
# Words the test does not require a dictionary stress for: none of the hotline's own words. The
# office's headlines are its content (imported news), listed by `pronounce --unknown` instead.
NAMES: frozenset[str] = frozenset()
IPA_VOWELS = set("aeiouyɨɛɔəʊɐæɪʌɑɵʉ")


def unstressed(text: str, lang: str) -> list[str]:
    """The words of two or more syllables in a spoken text that carry no stress mark."""
    return [w for w in WORD.findall(text) for part in w.split("-")
            if syllables(part, lang) > 1 and STRESS_MARK not in part]


def headline_words(office, lang: str) -> set[str]:
    return {w.lower() for h in office.headlines for part in ("title", "summary") for w in WORD.findall(h.text(part, lang))}


def test_every_belarusian_word_the_hotline_says_is_stressed_from_the_lexicon_or_the_table(app):
    office, texts = catalogue_texts(app, "be")
    texts |= set(generated_texts("be"))
    news = headline_words(office, "be")
    missing = {w.lower() for text in texts for w in unstressed(spoken_text(text, "be", office), "be")} - news - NAMES
    assert len(texts) > 1000
    assert sorted(missing) == [], " ".join(sorted(missing))


def stressed_syllable_of_ipa(ipa: str) -> int | None:
    """The 0-based syllable eSpeak stresses in one word's IPA (vowel groups before its "ˈ")."""
    if ipa.count("ˈ") != 1 or " " in ipa:
        return None
    before = ipa.split("ˈ")[0]
    return len(re.findall(f"[{''.join(IPA_VOWELS)}]+", before))


def stressed_syllable_of_word(word: str, lang: str) -> int:
    """The 0-based syllable a stress mark in ``word`` stands on."""
    return syllables(word[: word.index(STRESS_MARK)], lang) - 1


# A sample: GrammarDB's own forms (numerals, adverbs, pronouns, names) and the hotline's words.
SAMPLE_BE = ("сямнаццаці трынаццаці трыццаці васьмі чатырнаццаці дзевятнаццаці сёння заўтра калі "
             "гэты некалькі пасля напрыклад наці́сніце навіны паведамленне даведацца паўтарыць адчынена "
             "гадзіне панядзелка нядзелю меню Капыльскага абедзенны перапынак пабачэння")


def test_say_phonemes_puts_the_stress_on_the_dictionarys_syllable(runner):
    result = runner.invoke(args=["say", SAMPLE_BE, "--lang", "be", "--phonemes"])
    assert result.exit_code == 0, result.output
    lines = [line.split("\t") for line in result.output.splitlines() if "\t" in line]
    assert len(lines) == len(SAMPLE_BE.split())
    wrong = [(word, ipa) for word, ipa in lines
             if STRESS_MARK not in word or stressed_syllable_of_ipa(ipa) != stressed_syllable_of_word(word, "be")]
    assert wrong == []


def test_say_phonemes_in_russian_stresses_the_office_name_and_the_numerals(runner):
    result = runner.invoke(args=["say", "Копыльского сорок", "--lang", "ru", "--phonemes"])
    assert result.exit_code == 0, result.output
    ipa = dict(line.split("\t") for line in result.output.splitlines() if "\t" in line)
    assert stressed_syllable_of_ipa(ipa["Ко́пыльского"]) == 0
    assert stressed_syllable_of_ipa(ipa["со́рок"]) == 0


def test_say_needs_a_file_or_phonemes(runner):
    result = runner.invoke(args=["say", "навіны", "--lang", "be"])
    assert result.exit_code != 0 and "-o FILE" in result.output


def test_the_lexicon_stresses_belarusian_and_the_table_wins():
    assert stress_text("Націсніце 2, каб паслухаць навіны па-беларуску.", "be") == \
        "Наці́сніце 2, каб паслу́хаць наві́ны па-белару́ску."
    assert stress_text("горад Капыль", "be") == "го́рад Ка́пыль"  # the town, not GrammarDB's капы́ль
    assert stress_text("горад Капыль", "be", {"Капыль": "Капыль-горад"}) == "го́рад Капыль-горад"
    assert stress_text("Ка́пыль", "be") == "Ка́пыль"  # a word already marked is kept
    assert stress_text("Press 1.", "en") == "Press 1."


def test_a_homograph_is_never_guessed_and_is_listed_as_unknown():
    homographs = [line.split("\t") for line in gzip.open(DATA / "be_homographs.txt.gz", "rt", encoding="utf-8")]
    word = next(forms[0].replace("+", "") for forms in homographs if forms[0].startswith("абмя"))
    assert stress_text(word, "be") == word
    assert unknown_words([word], "be") == {word: 1}


def test_the_hotline_marks_the_homographs_of_its_own_prompts():
    # GrammarDB stresses «зараз» two ways (за́раз "now", зара́з "at once"): the prompts mean "now".
    assert lexicon("be").homographs.isdisjoint({"зараз", "яна", "буду"})
    assert stress_text("Зараз прыёмная адчынена.", "be").startswith("За́раз")


def test_russian_names_numerals_sms_and_menu():
    assert stress_text("Копыльский райисполком, сорок, меню, СМС", "ru") == \
        "Ко́пыльский райисполко́м, со́рок, меню́, эсэмэ́с"
    assert stress_text("СМС на гэты нумар, меню", "be") == "эсэмэ́с на гэ́ты ну́мар, меню́"


def test_the_data_files_are_well_formed():
    assert len(lexicon("be").stressed) > 50_000
    for name in ("be_words.txt", "ru_words.txt"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].strip().split("=")[-1].strip()
            if entry:
                assert entry.count("+") == 1 and entry[entry.index("+") - 1] in "аеёіоуыэюяи", (name, line)
                assert re.fullmatch(r"[а-яёіў'+-]+", entry), (name, line)


def test_the_audio_is_made_from_the_stressed_text_under_a_new_key(tmp_path):
    engine = ToneEngine()
    app = make_app(tmp_path, engine, IVR_SYNTH_WORKERS=0)
    sentence = Sentence("be", "Каб паслухаць навіны, націсніце 2.", 100)
    with app.test_request_context():
        office = current_office().office
        synth = synthesizer(app)
        key = synth.key(sentence, office)
        synth.synthesize(sentence, office)
    # A file made from the text as written (before the lexicon) is not this sentence's audio.
    assert key != clip_key(synth.tts, "be", 100, sentence.text)
    assert engine.spoken == [("Каб паслу́хаць наві́ны, наці́сніце 2.", "be", 100)]


def test_pronounce_unknown_lists_the_words_without_a_stress_most_frequent_first(runner):
    result = runner.invoke(args=["pronounce", "--unknown", "--lang", "be"])
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.output.splitlines() if "\t" in line]
    words = [word for _, word in rows]
    assert "перамовы" in words  # a word of the demo headline
    assert "націсніце" not in words and "навіны" not in words
    counts = [int(n) for n, _ in rows]
    assert counts == sorted(counts, reverse=True)


def test_pronounce_unknown_takes_no_word(runner):
    result = runner.invoke(args=["pronounce", "--unknown", "слова"])
    assert result.exit_code != 0 and "--unknown takes no WORD" in result.output


@pytest.mark.parametrize("lang", ["be", "ru"])
def test_every_generated_phrase_is_stressed(lang):
    missing = {w for text in generated_texts(lang) for w in unstressed(stress_text(text, lang), lang)}
    assert sorted(missing) == [], " ".join(sorted(missing))
