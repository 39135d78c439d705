"""The office's content: demo data, revisions, edit conflicts, the JSON round trip."""
from __future__ import annotations

import json
from datetime import time

import pytest

from ivr.content.demo import DEMO_OFFICE
from ivr.content.models import Revision
from ivr.content.office import ContentError, office_from_dict, office_to_dict
from ivr.content.store import EditConflict, current_office, ensure_database, save_office
from ivr.extensions import db


def test_a_new_database_gets_the_kopyl_office(app):
    with app.test_request_context():
        now = current_office()
    office = now.office
    assert now.revision == 1
    assert office.name["ru"] == "Копыльский районный исполнительный комитет"
    assert office.postal_code == "223927"
    assert "площадь Ленина, дом 6" in office.address["ru"]
    assert office.phones == ("+375 (1719) 28-2-60",)
    assert [(c.kind, c.value) for c in office.contacts] == [("phone", "+375 (1719) 28-2-60"), ("fax", "+375 (1719) 55-2-41")]
    assert office.hotline == "+375 (1719) 28-2-60"
    monday = office.week[0]
    assert (monday.opens, monday.closes, monday.lunch_start, monday.lunch_end) == (time(8, 30), time(17, 30), time(13), time(14))
    assert office.week[5] is None and office.week[6] is None
    assert office.headlines[0].title["en"] == "Lukashenko: Tashkent talks helped thrash out cooperation plans"
    assert all(office.headlines[0].summary[lang] for lang in ("ru", "be", "en"))


def test_seeding_twice_adds_nothing(app):
    assert ensure_database(app) is False
    with app.app_context():
        assert db.session.query(Revision).count() == 1


def test_every_save_is_a_new_revision_and_nothing_is_lost(app, edit_office):
    second = edit_office(hotline="+375 (1719) 99-9-99")
    third = edit_office(hotline="+375 (1719) 11-1-11")
    assert (second, third) == (2, 3)
    with app.app_context():
        rows = db.session.query(Revision).order_by(Revision.id).all()
        assert [json.loads(r.data)["hotline"] for r in rows] == ["+375 (1719) 28-2-60", "+375 (1719) 99-9-99", "+375 (1719) 11-1-11"]
        assert rows[-1].author == "clerk"


def test_saving_on_top_of_an_old_revision_is_a_conflict(app, edit_office):
    with app.test_request_context():
        loaded = current_office()
    edit_office(hotline="+375 (1719) 99-9-99")  # someone else saves first
    with app.test_request_context(), pytest.raises(EditConflict) as err:
        save_office(loaded.office.with_changes(hotline="+375 (1719) 11-1-11"), author="late", base=loaded.revision)
    assert (err.value.base, err.value.latest) == (1, 2)
    with app.test_request_context():
        assert current_office().office.hotline == "+375 (1719) 99-9-99"


def test_the_document_survives_the_json_round_trip():
    office = office_from_dict(DEMO_OFFICE)
    assert office_from_dict(json.loads(json.dumps(office_to_dict(office)))) == office


@pytest.mark.parametrize(
    "broken, message",
    [
        ({"week": {"mon": {"opens": "8:3O", "closes": "17:30"}}}, "is not a time"),
        ({"week": {"mon": {"closes": "17:30"}}}, "need 'opens'"),
        ({"closures": [{"start": "2026-13-01"}]}, "is not a date"),
        ({"headlines": [{"title": {}}]}, "incomplete"),
    ],
)
def test_a_broken_document_is_refused_with_the_reason(broken, message):
    with pytest.raises(ContentError, match=message):
        office_from_dict({**DEMO_OFFICE, **broken})


def test_a_document_saved_before_contacts_had_kinds_loads_with_kinds_from_its_labels():
    from ivr.content.demo import DEMO_OFFICE
    from ivr.content.office import office_from_dict, office_to_dict

    old = {k: v for k, v in DEMO_OFFICE.items() if k != "contacts"}
    old["phones"] = ["+375 (1719) 28-2-60", "факс: +375 (1719) 55-2-41", "+375 (1719) 55-2-42 (fax)",
                     "горячая линия 28-2-61", "kopyl@mail.by", "www.kopyl.gov.by"]
    office = office_from_dict(old)
    assert [c.kind for c in office.contacts] == ["phone", "fax", "fax", "hotline", "email", "web"]
    assert office.phones == ("+375 (1719) 28-2-60",)
    assert office_from_dict(office_to_dict(office)) == office  # saved again in the new form, it loads the same
