"""The call flow is pure: no web framework, database, Twilio or adapter code in ivr/callflow, even
in a function-local import."""
from __future__ import annotations

import ast
from pathlib import Path

import ivr.callflow

PACKAGE = Path(ivr.callflow.__file__).parent
ALLOWED = ("ivr.callflow", "ivr.phrases", "ivr.schedule", "ivr.timetable", "ivr.receptions", "ivr.content.office",
           "ivr.content.procedures", "ivr.content.prompts", "ivr.languages")
THIRD_PARTY_REFUSED = ("flask", "sqlalchemy", "twilio", "werkzeug", "requests", "redis", "rq")


def imported(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            # ``from ivr import phrases`` imports ivr.phrases.
            found |= {f"{node.module}.{alias.name}" if node.module == "ivr" else node.module for alias in node.names}
    return found


def test_the_call_flow_imports_only_pure_modules():
    modules = sorted(PACKAGE.glob("*.py"))
    assert {p.stem for p in modules} >= {"steps", "context", "menus", "flow", "catalogue", "events"}
    for path in modules:
        for name in imported(path):
            top = name.split(".")[0]
            assert top not in THIRD_PARTY_REFUSED, f"{path.name} imports {name}"
            if top == "ivr":
                assert name.startswith(ALLOWED), f"{path.name} imports {name}"
