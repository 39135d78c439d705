"""Moves the staff pages' words from the old key table into Babel catalogues (issue 21, item 3).

Until issue 21 the staff words were one Python table, ``key -> (Russian, English)`` in
ivr/staff/i18n.py. The catalogues use the gettext convention instead: the msgid is the English text.

    python3 tools/staff_catalogues.py convert       # ran once (commit e8896d9, on the table of its
                                                    # parent): rewrote every t("key") caller, wrote
                                                    # ivr/staff/words.py and tools/staff_keys.json
    python3 tools/staff_catalogues.py catalogues    # writes ru/be messages.po from tools/staff_keys.json
                                                    # (be from --belarusian JSON) and compiles them

``tools/staff_keys.json`` keeps, for every old key, its context, msgid and Russian text, so words
written the old way (a branch that still adds ``"key": (Russian, English)``: write its caller as
``_("English")`` and add its row here; or Belarusian texts keyed by the old keys) can still be moved in. Afterwards translators work on the .po files with the
ordinary pybabel commands (README, "Staff pages' languages and translations"); running
``catalogues`` again rewrites the ru and be catalogues from the key file, so use it only while
words are being moved in.
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
STAFF = ROOT / "ivr" / "staff"
TRANSLATIONS = STAFF / "translations"
KEYS = ROOT / "tools" / "staff_keys.json"
WORDS = STAFF / "words.py"
BELARUSIAN = Path("/work/wt/be_staff_words.json")
NAMES = {"ru": "Russian", "be": "Belarusian"}

# Where one English text stands for two different Russian words: each gets a context.
CONTEXTS = {
    ("messages", "login_title"): "page title", ("messages", "login_button"): "button",
    ("messages", "next_state_open"): "the office next", ("messages", "opens"): "hours field",
    ("messages", "next_state_closed"): "the office next", ("messages", "closes"): "hours field",
    ("messages", "status_failed"): "audio", ("messages", "dial_failed"): "test call transfer",
    ("messages", "reception_who"): "person",
    ("messages", "procedure_title"): "procedure", ("messages", "headline_title"): "headline",
    ("messages", "callbacks_link"): "link", ("messages", "callbacks_title"): "page title",
}
CALL = re.compile(r"""(?<![\w.])t\(\s*(['"])([A-Za-z0-9_.-]+)\1(?=\s*[,)])""")
ANY_CALL = re.compile(r"(?<![\w.])t\(")


def gettext_format(text: str) -> str:
    """``{name}`` -> ``%(name)s``; a literal ``%`` doubled (Jinja's new-style gettext always formats)."""
    return re.sub(r"\{(\w+)\}", r"%(\1)s", text.replace("%", "%%"))


def old_entries() -> list[dict[str, str]]:
    """Every word of the old tables: section, key, English, Russian."""
    from ivr.callflow import menus
    from ivr.staff import i18n

    rows = [("messages", k, ru, en) for k, (ru, en) in i18n.MESSAGES.items()]
    rows += [("prompt_labels", k, ru, en) for k, (ru, en) in i18n.PROMPT_LABELS.items()]
    rows += [("prompt_groups", en, ru, en) for (ru, en), _ in i18n.PROMPT_GROUPS]
    rows += [("menu_labels", o.statistic, o.label[0], o.label[1])
             for o in {o for menu in menus.MENUS.values() for o in menu.options} | set(menus.FIXED) if o.statistic]
    return [dict(section=s, key=k, context=CONTEXTS.get((s, k), ""), msgid=gettext_format(en), ru=gettext_format(ru))
            for s, k, ru, en in rows]


def check_unambiguous(entries: list[dict[str, str]]) -> None:
    seen: dict[tuple[str, str], str] = {}
    for e in entries:
        was = seen.setdefault((e["context"], e["msgid"]), e["ru"])
        if was != e["ru"]:
            sys.exit(f"{e['msgid']!r} means both {was!r} and {e['ru']!r}: give {e['key']} a context in CONTEXTS")


def literal(text: str, quote: str = '"') -> str:
    """A string literal for Python or Jinja, in the quotes the call had (an f-string may hold it)."""
    if quote == "'" and "'" not in text and "\\" not in text:
        return f"'{text}'"
    return json.dumps(text, ensure_ascii=False)


def sources() -> list[Path]:
    skip = {STAFF / "i18n.py", WORDS}
    return [p for p in sorted(STAFF.rglob("*.py")) if p not in skip] + sorted(STAFF.glob("templates/staff/*.html"))


def convert() -> None:
    """Rewrite the callers: a literal key becomes gettext/pgettext/_ of its msgid; a key chosen at run
    time goes through ``word`` and the table of ivr/staff/words.py."""
    entries = old_entries()
    check_unambiguous(entries)
    messages = {e["key"]: e for e in entries if e["section"] == "messages"}
    texts = {p: p.read_text(encoding="utf-8") for p in sources()}
    literal_uses, all_mentions = Counter(), Counter()
    for text in texts.values():
        literal_uses.update(m.group(2) for m in CALL.finditer(text))
        all_mentions.update(re.findall(r"""['"]([a-z0-9_]+)['"]""", text))
    # A key also named outside a t("key") call (a menu entry, a field's part) is chosen at run time.
    keyed = [k for k in messages if literal_uses[k] == 0 or all_mentions[k] > literal_uses[k]]

    def rewrite(path: Path, text: str) -> str:
        template = path.suffix == ".html"

        def one(m: re.Match[str]) -> str:
            key = m.group(2)
            if key not in messages or key in keyed:
                return f"word({m.group(1)}{key}{m.group(1)}"
            e, quote = messages[key], m.group(1)
            if e["context"]:
                return f"pgettext({literal(e['context'], quote)}, {literal(e['msgid'], quote)}"
            return f"{'_' if template else 'gettext'}({literal(e['msgid'], quote)}"

        text = CALL.sub(one, text)
        return ANY_CALL.sub("word(", text)

    for path, text in texts.items():
        new = rewrite(path, text)
        if new != text:
            path.write_text(new, encoding="utf-8")
    write_words(entries, keyed)
    KEYS.write_text("[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in entries) + "\n]\n", encoding="utf-8")
    print(f"{len(messages) - len(keyed)} keys became msgids at their callers, {len(keyed)} stay keyed in {WORDS.name}")


def marker(e: dict[str, str]) -> str:
    if e["context"]:
        return f"NP_({literal(e['context'])}, {literal(e['msgid'])})"
    return f"N_({literal(e['msgid'])})"


def write_words(entries: list[dict[str, str]], keyed: list[str]) -> None:
    by_section: dict[str, dict[str, dict[str, str]]] = {}
    for e in entries:
        by_section.setdefault(e["section"], {})[e["key"]] = e
    lines = [f"    {literal(k)}: {marker(by_section['messages'][k])}," for k in keyed]
    labels = [f"    {literal(k)}: {marker(e)}," for k, e in by_section["prompt_labels"].items()]
    WORDS.write_text("KEYED = {\n" + "\n".join(lines) + "\n}\n\nPROMPT_LABELS = {\n" + "\n".join(labels) + "\n}\n",
                     encoding="utf-8")


def belarusian_texts(path: Path, entries: list[dict[str, str]]) -> dict[tuple[str, str], str]:
    """(section, old key) -> Belarusian, from the JSON the Belarusian wording is written in (a list,
    such as the prompt groups' headings, is in the old table's order)."""
    if not path.exists():
        return {}
    raw = json.loads(path.read_text(encoding="utf-8"))
    found = {}
    for section, words in raw.items():
        if isinstance(words, list):
            words = dict(zip([e["key"] for e in entries if e["section"] == section], words))
        if isinstance(words, dict):
            for key, text in words.items():
                if isinstance(text, str) and text.strip():
                    found[(section, key)] = gettext_format(text.strip())
    return found


def catalogues(belarusian: Path) -> None:
    """Extract the template, then write ru and be from the key file and compile them."""
    pot = ROOT / "messages.pot"
    pybabel = [sys.executable, "-m", "babel.messages.frontend"]  # the `pybabel` command, found without PATH
    subprocess.run([*pybabel, "-q", "extract", "-F", "babel.cfg", "-o", str(pot), "."], cwd=ROOT, check=True)
    with pot.open("rb") as f:
        template = read_po(f)
    pot.unlink()
    entries = json.loads(KEYS.read_text(encoding="utf-8"))
    be_words = belarusian_texts(belarusian, entries)
    ru: dict[tuple[str, str], str] = {}
    be: dict[tuple[str, str], str] = {}
    for e in entries:
        ident = (e["context"], e["msgid"])
        ru.setdefault(ident, e["ru"])
        if (e["section"], e["key"]) in be_words:
            be.setdefault(ident, be_words[(e["section"], e["key"])])
    for lang, words in (("ru", ru), ("be", be)):
        catalog = Catalog(locale=lang, project="hotline", domain="messages", fuzzy=False,
                          header_comment=f"# The staff pages' words in {NAMES[lang]} (msgid: the English text).\n"
                                         "# Edit with any .po editor; README, \"Staff pages' languages and translations\".",
                          msgid_bugs_address="", language_team="", last_translator="")
        missing = 0
        for message in template:
            if not message.id:
                continue
            text = words.get((message.context or "", message.id), "")
            missing += not text
            catalog.add(message.id, text, locations=message.locations, flags=message.flags - {"fuzzy"},
                        auto_comments=message.auto_comments, context=message.context)
        folder = TRANSLATIONS / lang / "LC_MESSAGES"
        folder.mkdir(parents=True, exist_ok=True)
        with (folder / "messages.po").open("wb") as f:
            write_po(f, catalog)
        with (folder / "messages.mo").open("wb") as f:
            write_mo(f, catalog)
        print(f"{lang}: {len(template) - missing} of {len(template)} msgids translated, {missing} left empty")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("convert", "catalogues"))
    parser.add_argument("--belarusian", type=Path, default=BELARUSIAN, help="the Belarusian words by old key (JSON)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.step == "convert":
        convert()
    else:
        catalogues(args.belarusian)


if __name__ == "__main__":
    main()
