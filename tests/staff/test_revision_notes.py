"""Why each revision was saved: notes are saved as data and read in the clerk's language; the English
notes earlier versions wrote are converted by migration 0004 (and written back by its downgrade)."""
from __future__ import annotations

import html
import re

import sqlalchemy as sa
from alembic import command

from ivr.clock import as_utc
from ivr.content.models import Revision, RevisionNote
from ivr.extensions import db
from ivr.schema import alembic_config, upgrade_database
from tests.conftest import MINSK
from tests.staff.conftest import form_values, log_in_session, post

OLD_NOTES = ["hours", "texts (be)", "headline h-1a2b edited", "headline h-1a2b: hide", "restored revision 1",
             "pronunciation of камітэта (be)", "imported by hand from the old site"]


def text(response) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split())


def notes_shown(client, lang: str) -> list[str]:
    """The notes on the history page, newest first."""
    page = client.get(f"/staff/history?ui={lang}").get_data(as_text=True)
    return [html.unescape(" ".join(note.split())) for note in re.findall(r'<span class="hint">[^:<]+: ([^<]*)</span>', page)]


def test_a_save_records_why_as_data_and_the_history_says_it_in_either_language(app, clerk):
    page = clerk.get("/staff/texts/be").get_data(as_text=True)
    values = form_values(page)
    values["text-greeting"] = "Добры дзень, вы патэлефанавалі ў выканаўчы камітэт."
    assert post(clerk, "/staff/texts/be", values).status_code == 302
    with app.app_context():
        saved = db.session.get(Revision, 2)
        assert RevisionNote.from_json(saved.note_data) == RevisionNote("texts", {"lang": "be"}) and saved.note == ""
    assert notes_shown(clerk, "ru")[:2] == ["Тексты (белорусский)", "Демонстрационное содержимое"]
    assert notes_shown(clerk, "en")[:2] == ["Texts (Belarusian)", "Demo content"]


def test_old_english_notes_are_converted_and_an_unknown_one_is_shown_as_written(app, clerk, staff):
    with app.app_context():
        command.downgrade(alembic_config(), "0003")
        for number, note in enumerate(OLD_NOTES, start=2):
            db.session.execute(sa.text("INSERT INTO revision (id, created_at, author, note, data) "
                                       "SELECT :id, created_at, 'old', :note, data FROM revision WHERE id = 1"),
                               {"id": number, "note": note})
        db.session.commit()
    upgrade_database(app)
    log_in_session(clerk, staff["boris"])  # the downgrade dropped the table of open sessions (0007)
    with app.app_context():
        rows = {r.id: r for r in db.session.execute(sa.select(Revision)).scalars()}
    assert RevisionNote.from_json(rows[3].note_data) == RevisionNote("texts", {"lang": "be"})
    assert RevisionNote.from_json(rows[5].note_data) == RevisionNote("headline_hide", {"headline": "h-1a2b"})
    assert rows[8].note_data is None and rows[8].note == "imported by hand from the old site"
    first = as_utc(rows[1].created_at).astimezone(MINSK).strftime("%d.%m.%Y %H:%M")
    assert notes_shown(clerk, "en") == [
        "imported by hand from the old site", "Pronunciation: камітэта (Belarusian)", f"Everything returned to {first}",
        "Headline hidden", "Headline edited", "Texts (Belarusian)", "Office hours", "Demo content"]
    assert f"Возвращено всё как было {first}" in text(clerk.get("/staff/history/6?ui=ru"))


def test_the_downgrade_writes_the_english_notes_back(app):
    with app.app_context():
        db.session.add(Revision(id=2, author="clerk", data=db.session.get(Revision, 1).data,
                                note_data=RevisionNote("headline_up", {"headline": "h-9"}).to_json()))
        db.session.commit()
        command.downgrade(alembic_config(), "0003")
        notes = db.session.execute(sa.text("SELECT note FROM revision ORDER BY id")).scalars().all()
    assert notes == ["demo content", "headline h-9: up"]
