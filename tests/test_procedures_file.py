"""The procedures catalogue as a file: `procedures import FILE` (CSV or JSON, all rows or none, a
line-numbered report of bad rows) and `procedures export [FILE]` (read back unchanged); and the
`call` command keying a procedure's number (issue 19, items 1 and 2)."""
from __future__ import annotations

import json

from sqlalchemy import func, select

from ivr.content.models import Revision
from ivr.content.store import current_office
from ivr.extensions import db

GOOD_ROW = ("7.1,land,https://pravo.by/,Разрешение на строительство,заявление|план участка,бесплатно,1 месяц,"
            "2 года,отдел архитектуры и строительства,,,,,,,,,,,,")


def catalogue(app):
    with app.app_context():
        return current_office().office.procedures


def revisions(app) -> int:
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Revision)).scalar_one()


def test_an_export_is_read_back_unchanged_in_both_formats(app, runner, tmp_path):
    before = catalogue(app)
    for name in ("all.csv", "all.json"):
        path = tmp_path / name
        exported = runner.invoke(args=["procedures", "export", str(path)])
        assert exported.exit_code == 0, exported.output
        imported = runner.invoke(args=["procedures", "import", str(path)])
        assert imported.exit_code == 0, imported.output
        assert f"imported {len(before)} procedure(s)" in imported.output
        assert catalogue(app) == before
        again = tmp_path / f"again-{name}"
        runner.invoke(args=["procedures", "export", str(again)])
        assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


def test_an_export_without_a_file_prints_json(app, runner):
    result = runner.invoke(args=["procedures", "export"])
    assert result.exit_code == 0
    numbers = [p["number"] for p in json.loads(result.output)["procedures"]]
    assert numbers[:2] == ["1.1.5", "1.3.1"] and len(numbers) >= 10


def test_the_demo_names_the_page_each_procedure_was_read_on_and_offers_every_topic(app, runner):
    """Each demo procedure links to the one-stop page its details were read on (not just the national
    list), and the demo has procedures in every topic, land and building too (README's table)."""
    exported = json.loads(runner.invoke(args=["procedures", "export"]).output)["procedures"]
    assert all(p["source"].startswith(("https://", "http://")) and "pravo.by" not in p["source"] for p in exported)
    assert {p["topic"] for p in exported} == {"housing", "family", "social", "land", "documents"}
    land = next(p for p in exported if p["topic"] == "land")
    assert land["number"] == "1.15.3" and land["term"] == {"ru": "15 дней со дня подачи заявления",
                                                           "be": "15 дзён з дня падачы заявы"}


def test_a_file_with_bad_rows_is_reported_by_line_and_nothing_is_imported(app, runner, tmp_path):
    header = runner.invoke(args=["procedures", "export", "--format", "csv"]).output.splitlines()[0]
    path = tmp_path / "new.csv"
    path.write_text("\n".join([
        header,
        GOOD_ROW,
        GOOD_ROW.replace("7.1,land", "seven,land"),
        GOOD_ROW.replace("7.1,land", "7.2,weather"),
        GOOD_ROW.replace("Разрешение на строительство", ""),
        GOOD_ROW,
    ]) + "\n", encoding="utf-8")
    count, before = revisions(app), catalogue(app)
    result = runner.invoke(args=["procedures", "import", str(path)])
    assert result.exit_code != 0
    report = result.output.splitlines()
    assert f"{path}:3: 'seven' is not a procedure number like 1.1.5" in report
    assert any(line.startswith(f"{path}:4: topic 'weather' is not one of housing") for line in report)
    assert f"{path}:5: the title is missing" in report
    assert f"{path}:6: procedure 7.1 is already on line 2" in report
    assert report[-1] == f"Error: 4 bad row(s) in {path}; nothing was imported"
    assert revisions(app) == count and catalogue(app) == before


def test_a_good_file_adds_its_procedures_and_callers_hear_them(app, runner, tmp_path):
    path = tmp_path / "new.json"
    path.write_text(json.dumps({"procedures": [{
        "number": "7.1", "topic": "land", "title": {"ru": "Разрешение на строительство"},
        "documents": {"ru": ["заявление", "план участка"]}, "fee": {"ru": "бесплатно"}, "source": "https://pravo.by/",
    }]}, ensure_ascii=False), encoding="utf-8")
    assert runner.invoke(args=["procedures", "import", str(path)]).exit_code == 0
    assert [p.number for p in catalogue(app)][-1] == "7.1"
    call = runner.invoke(args=["call", "4", "1", "7*1#", "--at", "2026-11-30 10:00"])
    assert call.exit_code == 0, call.output
    assert "── the caller keys 7*1#" in call.output
    assert "Процедура семь точка один: Разрешение на строительство." in call.output
    assert "Документ номер один из двух: заявление." in call.output


def test_a_bad_json_entry_is_reported_with_its_line(app, runner, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('{"procedures": [\n  {"number": "1.1", "topic": "housing", "title": {"ru": "А"}},\n'
                    '  {"number": "1.2", "topic": "housing", "title": "Б"}\n]}\n', encoding="utf-8")
    result = runner.invoke(args=["procedures", "import", str(path)])
    assert result.exit_code != 0
    assert f"{path}:3: title must be texts by language" in result.output.splitlines()


def test_an_unknown_format_or_a_missing_file_is_one_line(app, runner, tmp_path):
    odd = tmp_path / "list.txt"
    odd.write_text("x", encoding="utf-8")
    result = runner.invoke(args=["procedures", "import", str(odd)])
    assert result.exit_code != 0 and "say --format csv or json" in result.output
    missing = runner.invoke(args=["procedures", "import", str(tmp_path / "none.csv")])
    assert missing.exit_code != 0 and missing.output.strip().splitlines()[-1].startswith("Error: cannot read")
