"""The procedures on the public site (issue 19, item 3): a page per language with what a caller
hears under key 4, a search that works without JavaScript (a GET form), and the catalogue in
/info.json."""
from __future__ import annotations

import json
from html.parser import HTMLParser

MONDAY_MORNING = "2026-11-30 10:00"


class Outline(HTMLParser):
    """The page's headings, its form and the text of each procedure's description list."""

    def __init__(self) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.forms: list[dict[str, str | None]] = []
        self.inputs: list[dict[str, str | None]] = []
        self.text: list[str] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3"):
            self._in = tag
            self.headings.append("")
        elif tag == "form":
            self.forms.append(dict(attrs))
        elif tag == "input":
            self.inputs.append(dict(attrs))

    def handle_endtag(self, tag):
        if tag == self._in:
            self._in = None

    def handle_data(self, data):
        if self._in:
            self.headings[-1] += data
        if data.strip():
            self.text.append(" ".join(data.split()))


def outline(response) -> Outline:
    parsed = Outline()
    parsed.feed(response.get_data(as_text=True))
    return parsed


def test_the_page_lists_the_procedures_by_topic_with_documents_fee_term_and_source(client, at):
    at(MONDAY_MORNING)
    response = client.get("/ru/procedures")
    assert response.status_code == 200 and response.headers["Content-Language"] == "ru"
    page = outline(response)
    assert page.headings[0] == "Документы и административные процедуры"
    assert page.headings[1:3] == ["Жильё", "1.1.5. Постановка на учёт граждан, нуждающихся в улучшении жилищных условий"]
    assert "Документы и регистрация" in page.headings
    text = page.text
    at_131 = text.index("1.3.1. Справка о состоянии на учёте нуждающихся в улучшении жилищных условий")
    assert text[at_131 + 1:at_131 + 11] == [
        "Документы", "паспорт или иной документ, удостоверяющий личность", "Плата", "бесплатно", "Срок",
        "в день обращения", "Срок действия", "6 месяцев", "Куда обращаться",
        "служба «одно окно» райисполкома, площадь Ленина, 6"]
    assert "http://mogoktgreu.by/one-window/item/2116-adm-proc-1-3-1" in text


def test_the_search_is_a_plain_get_form_and_filters_by_number_or_words(client, at):
    at(MONDAY_MORNING)
    page = outline(client.get("/be/procedures"))
    assert page.forms == [{"method": "get", "action": "", "role": "search"}]
    assert any(i.get("name") == "q" and i.get("type") == "search" for i in page.inputs)
    by_words = outline(client.get("/be/procedures?q=шлюбу"))
    assert [h for h in by_words.headings if h[:1].isdigit()] == ["5.2. Рэгістрацыя заключэння шлюбу"]
    assert "Знойдзена працэдур: 1" in by_words.text
    by_number = outline(client.get("/ru/procedures?q=2.1"))
    assert [h for h in by_number.headings if h[:1].isdigit()] == ["2.1. Выписка (копия) из трудовой книжки"]
    nothing = outline(client.get("/ru/procedures?q=вертолёт"))
    assert "Ничего не найдено." in nothing.text


def test_the_search_form_may_submit_to_the_page_itself(client, at):
    at(MONDAY_MORNING)
    policy = client.get("/en/procedures").headers["Content-Security-Policy"]
    assert "form-action 'self'" in policy and "script-src" not in policy
    assert "form-action 'none'" in client.get("/en").headers["Content-Security-Policy"]


def test_the_main_page_links_to_the_procedures(client, at):
    at(MONDAY_MORNING)
    assert 'href="/ru/procedures"' in client.get("/ru").get_data(as_text=True)
    assert client.get("/de/procedures").status_code == 404


def test_info_json_includes_the_catalogue(client, at):
    at(MONDAY_MORNING)
    doc = json.loads(client.get("/info.json").data)
    first = doc["procedures"][0]
    assert first["number"] == "1.1.5" and first["topic"] == "housing"
    assert first["title"]["be"].startswith("Пастаноўка на ўлік")
    assert first["documents"]["ru"][0] == "заявление"
    assert first["source"] == "https://mogcp.by/one-window/ap-clinic12/item/792-procedure1-1-5"
    assert len(doc["procedures"]) >= 10
