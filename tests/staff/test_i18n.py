"""Every word the staff pages show exists in Russian and English."""
from __future__ import annotations

import re
from pathlib import Path

from ivr.content.prompts import DEFAULT_TEXTS
from ivr.languages import CODES
from ivr.schedule import Reason, State
from ivr.staff import i18n
from ivr.staff.forms.headlines import HEADLINE_ACTIONS
from ivr.staff.models import ROLES
from ivr.staff.testcall import DIAL_STATUSES

STAFF = Path(__file__).resolve().parents[2] / "ivr" / "staff"


def used_keys():
    keys = set()
    for path in list(STAFF.glob("templates/staff/*.html")) + list(STAFF.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        keys |= set(re.findall(r"""\bt\(\s*['"]([a-z_0-9-]+)['"]""", source))
    return {key for key in keys if not key.endswith("_")}  # "weekday_" + day: prefixes, checked below


def note_kinds():
    """Every kind of revision note the code saves (put into words as note_<kind> on the history page)."""
    kinds = set()
    for path in STAFF.parent.rglob("*.py"):
        kinds |= set(re.findall(r"""RevisionNote\(\s*['"]([a-z_]+)['"]""", path.read_text(encoding="utf-8")))
    prefixes = {kind for kind in kinds if kind.endswith("_")}  # "headline_" + action
    return (kinds - prefixes) | {"headline_" + action for action in HEADLINE_ACTIONS}


def problem_codes():
    codes = set()
    for path in STAFF.rglob("*.py"):
        codes |= set(re.findall(r"""problem\(\s*['"]([a-z_]+)['"]""", path.read_text(encoding="utf-8")))
    return codes


def test_every_message_the_pages_use_exists_in_both_languages():
    keys = used_keys()
    assert len(keys) > 150
    keys |= {"state_" + s.value for s in State} | {"next_state_" + s.value for s in State}
    keys |= {"reason_" + r.value for r in Reason if r not in (Reason.OPEN, Reason.LUNCH)}
    keys |= {"status_" + s for s in ("ready", "pending", "failed", "missing", "none")}
    keys |= {"weekday_" + d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    keys |= {"role_" + r for r in ROLES} | {"lang_" + lang for lang in CODES}
    keys |= {"dial_" + s for s in DIAL_STATUSES} | {"p_" + code for code in problem_codes()}
    keys |= {"headline_title", "headline_summary"}
    kinds = note_kinds()
    assert {"hours", "texts", "restored", "demo", "pronunciation_word", "headline_delete"} <= kinds
    keys |= {"note_" + kind for kind in kinds}
    missing = sorted(k for k in keys if k not in i18n.MESSAGES)
    assert missing == []
    for key, (ru, en) in i18n.MESSAGES.items():
        assert ru.strip() and en.strip(), key
        assert set(re.findall(r"\{(\w+)\}", ru)) == set(re.findall(r"\{(\w+)\}", en)), key


def test_prompts_have_labels_and_groups():
    labelled = [key for key in DEFAULT_TEXTS if key in i18n.PROMPT_LABELS]
    assert len(labelled) >= len(DEFAULT_TEXTS) - 5  # a prompt added since shows its key until labelled
    assert i18n.prompt_label("some.new_prompt", "ru") == "some.new_prompt"
    groups = {i18n.group_of(key) for key in DEFAULT_TEXTS}
    assert groups <= set(range(len(i18n.PROMPT_GROUPS))) and len(groups) == len(i18n.PROMPT_GROUPS)


def test_a_missing_key_shows_itself_and_bad_parameters_do_not_break_a_page():
    assert i18n.translate("no_such_key", "ru") == "no_such_key"
    assert i18n.translate("limit", "en", limit=5) == "At most 5 characters."
    assert i18n.translate("limit", "en") == "At most {limit} characters."


def test_a_menu_choices_prompt_is_named_by_its_row_in_the_menu_table():
    # The staff pages name "main.hours" by the main menu's row: its chart label and its key.
    assert i18n.prompt_label("main.hours", "en") == "Menu: office hours (1)"
    assert i18n.prompt_label("main.procedures", "ru") == "Меню: документы и процедуры (4)"
    assert "main.news" not in i18n.PROMPT_LABELS  # written once, in ivr/callflow/menus.py
