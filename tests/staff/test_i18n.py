"""The staff pages' words: Babel catalogues in Russian and Belarusian (English is the msgid), the
standard pybabel commands find every word, and a clerk can use the pages in Belarusian."""
from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask_babel import force_locale

from ivr.content.prompts import DEFAULT_TEXTS
from ivr.languages import CODES
from ivr.messages.requests import AGE_GROUPS
from ivr.schedule import Reason, State
from ivr.staff import words
from ivr.staff.forms.headlines import HEADLINE_ACTIONS
from ivr.staff.i18n import TRANSLATIONS, UI_LANGS
from ivr.staff.models import ROLES
from ivr.staff.testcall import DIAL_STATUSES
from tests.staff.conftest import form_values, post
from tests.staff.test_desk import walk_calls

ROOT = Path(__file__).resolve().parents[2]
STAFF = ROOT / "ivr" / "staff"
CATALOGUES = ("ru", "be")
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """What `pybabel extract -F babel.cfg -o messages.pot .` (the README's command) finds."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    # `pybabel` is babel.messages.frontend: run so, it needs no activated virtual environment.
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]
    subprocess.run([*pybabel, "-q", "extract", "-F", "babel.cfg", "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as f:
        return read_po(f)


def catalogue(lang):
    with (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po").open("rb") as f:
        return read_po(f, locale=lang)


def test_the_extractor_finds_the_words_of_templates_python_code_and_the_menu_tables(template):
    found = {(m.context, m.id) for m in template if m.id}
    assert len(found) > 800
    assert (None, "Overview") in found  # a template's _()
    assert (None, "The day must close after it opens (%(opens)s).") in found  # a form problem, N_ in ivr/staff/words.py
    assert ("hours field", "Opens") in found and ("the office next", "Opens") in found  # one English text, two Russian words
    assert (None, "office hours") in found  # a chart label in the menu tables (ivr/callflow/menus.py)
    assert (None, "Greeting and menus") in found  # a heading of the texts page


@pytest.mark.parametrize("lang", CATALOGUES)
def test_every_word_is_translated_with_its_placeholders_and_nothing_is_obsolete(template, lang):
    translated = catalogue(lang)
    wanted = {(m.context, m.id): m for m in template if m.id}
    have = {(m.context, m.id): m for m in translated if m.id}
    assert sorted(set(wanted) - set(have), key=str) == []  # `pybabel update` would add these empty
    assert sorted(set(have) - set(wanted), key=str) == []  # ...and make these obsolete
    assert not translated.obsolete
    for ident, message in have.items():
        assert message.string.strip() and not message.fuzzy, ident
        assert set(PLACEHOLDER.findall(message.string)) == set(PLACEHOLDER.findall(message.id)), ident


@pytest.mark.parametrize("lang", CATALOGUES)
def test_the_compiled_catalogues_are_those_of_the_po_files(lang):
    compiled = io.BytesIO()
    write_mo(compiled, catalogue(lang))
    assert (TRANSLATIONS / lang / "LC_MESSAGES" / "messages.mo").read_bytes() == compiled.getvalue(), \
        f"run: pybabel compile -d {TRANSLATIONS.relative_to(ROOT)}"


def test_the_belarusian_words_avoid_the_jargon_the_clerks_did_not_understand():
    for message in catalogue("be"):
        assert not re.search(r"Twilio|\{key\}|версі[яі] \d", message.string), message.id


def named_in_code(pattern):
    found = set()
    for path in list(STAFF.glob("templates/staff/*.html")) + list(STAFF.parent.rglob("*.py")):
        found |= set(re.findall(pattern, path.read_text(encoding="utf-8")))
    return found


def test_every_word_the_pages_choose_by_a_code_has_a_msgid():
    keys = named_in_code(r"""\bword\(\s*['"]([a-z_0-9]+)['"]\s*[,)]""")
    keys |= {"state_" + s.value for s in State} | {"next_state_" + s.value for s in State}
    keys |= {"reason_" + r.value for r in Reason if r not in (Reason.OPEN, Reason.LUNCH)}
    keys |= {"status_" + s for s in ("ready", "pending", "failed", "missing", "none")}
    keys |= {"weekday_" + d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    keys |= {"role_" + r for r in ROLES} | {"lang_" + lang for lang in CODES} | {"age_" + a for a, _ in AGE_GROUPS}
    keys |= {"dial_" + s for s in DIAL_STATUSES} | {"p_" + code for code in named_in_code(r"""problem\(\s*['"]([a-z_]+)['"]""")}
    keys |= {"headline_title", "headline_summary", "service_n", "special_n", "notice_n"}
    keys |= {kind + part for kind in ("undo", "restore") for part in ("_title", "_explained", "_confirm", "_done")}
    kinds = named_in_code(r"""RevisionNote\(\s*['"]([a-z_]+)['"]""")
    kinds = {kind for kind in kinds if not kind.endswith("_")} | {"headline_" + action for action in HEADLINE_ACTIONS}
    assert {"hours", "texts", "restored", "demo", "pronunciation_word", "headline_delete"} <= kinds
    keys |= {"note_" + kind for kind in kinds}
    assert len(keys) > 120
    assert sorted(keys - set(words.KEYED)) == []


def test_prompts_have_labels_and_groups(app):
    labelled = [key for key in DEFAULT_TEXTS if key in words.PROMPT_LABELS]
    assert len(labelled) >= len(DEFAULT_TEXTS) - 5  # a prompt added since shows its key until labelled
    groups = {words.group_of(key) for key in DEFAULT_TEXTS}
    assert groups <= set(range(len(words.PROMPT_GROUPS))) and len(groups) == len(words.PROMPT_GROUPS)
    with app.test_request_context(), force_locale("be"):
        assert words.prompt_label("some.new_prompt") == "some.new_prompt"
        assert words.group_heading(0) == "Прывітанне і меню"


def test_a_missing_key_shows_itself_and_bad_parameters_do_not_break_a_page(app):
    with app.test_request_context(), force_locale("ru"):
        assert words.word("no_such_key") == "no_such_key"
        assert words.word("p_procedure_documents", limit=5) == "Не больше 5 документов."
        assert words.word("p_procedure_documents") == "Не больше %(limit)s документов."
    assert words.english("p_procedure_documents", limit=5) == "No more than 5 documents."


def test_a_menu_choices_prompt_is_named_by_its_row_in_the_menu_table(app):
    # The staff pages name "main.hours" by the main menu's row: its chart label and its key.
    with app.test_request_context():
        with force_locale("en"):
            assert words.prompt_label("main.hours") == "Menu: office hours (1)"
        with force_locale("ru"):
            assert words.prompt_label("main.procedures") == "Меню: документы и процедуры (4)"
        with force_locale("be"):
            assert words.prompt_label("main.news") == "Меню: навіны (2)"
    assert "main.news" not in words.PROMPT_LABELS  # written once, in ivr/callflow/menus.py


# -- a clerk who reads Belarusian ------------------------------------------------------------------

def test_belarusian_is_offered_in_the_page_language_switch(clerk):
    page = clerk.get("/staff/").get_data(as_text=True)
    assert UI_LANGS == ("ru", "be", "en")
    assert re.search(r'<a href="/staff/\?ui=be" lang="be" hreflang="be">Беларуская</a>', page)


def test_a_clerk_switches_to_belarusian_and_sees_the_overview_in_belarusian(clerk):
    page = clerk.get("/staff/?ui=be").get_data(as_text=True)
    assert '<html lang="be">' in page
    assert "<h1>Агляд</h1>" in page and "Патрабуе ўвагі" in page and ">Зараз</h2>" in page
    assert "Обзор" not in page
    assert '<span aria-current="true" lang="be">Беларуская</span>' in page


def test_the_hours_form_shows_its_problems_in_belarusian(clerk):
    clerk.get("/staff/?ui=be")
    values = form_values(clerk.get("/staff/hours").get_data(as_text=True))
    values.update(mon_lunch_start="18:00", mon_lunch_end="19:00", tue_closes="07:00")
    response = post(clerk, "/staff/hours", values)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Выпраўце, калі ласка:" in page
    assert re.search(r'<p class="error" id="mon_lunch_start-error">.*Абед павінен быць унутры працоўнага дня \(08:30–17:30\)', page)
    assert "Канец працоўнага дня павінен быць пазней за пачатак (08:30)" in page
    assert "Панядзелак" in page


def test_the_statistics_csv_follows_the_belarusian_page_language(app, clerk, at):
    walk_calls(app, at)
    clerk.get("/staff/?ui=be")
    page = clerk.get("/staff/statistics?from=2026-11-30&to=2026-12-01").get_data(as_text=True)
    assert "час працы" in page and "адрас і тэлефоны" in page  # the charts' labels
    data = clerk.get("/staff/statistics.csv?from=2026-11-30&to=2026-12-01")
    rows = list(csv.reader(io.StringIO(data.data.decode("utf-8-sig"))))
    assert rows[0] == ["Пачатак званка", "Нумар званка ў тэлефоннай службе", "Мова", "Што выбіралі ў меню",
                       "Праслухана навін", "Працягласць, с", "Чым скончыўся"]
    calls = rows[1:rows.index([])]  # the calls, then after an empty line the requests by status and age
    assert "атрымалі адказ" in {row[6] for row in calls}
    assert any("час працы" in row[3] for row in calls)
    assert rows[rows.index([]) + 2][0] == "Статус" and rows[rows.index([]) + 3][0] == "атрымана"
