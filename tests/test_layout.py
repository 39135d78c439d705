"""The package's shape: imports point one way, the clock is read in one place."""
from __future__ import annotations

import re

from tools.import_graph import ROOT, cycles, imports

# Function-local imports of ivr modules are allowed only where a circle cannot be avoided, each
# with a comment saying why; this many at the most.
MAX_LOCAL_IMPORTS = 5


def test_no_module_imports_itself_back_through_others():
    assert cycles(imports()) == []


def test_function_local_imports_of_ivr_modules_are_few():
    local = [imp for imp in imports() if imp.local]
    assert len(local) <= MAX_LOCAL_IMPORTS, [f"{imp.importer}:{imp.line} {imp.imported}" for imp in local]


def test_the_call_flow_is_pure():
    flow = [imp for imp in imports() if imp.importer.startswith("ivr.callflow")]
    outside = {imp.imported for imp in flow} - {
        "ivr.languages", "ivr.phrases", "ivr.phrases.spelling", "ivr.schedule", "ivr.timetable", "ivr.receptions",
        "ivr.content.office", "ivr.content.procedures", "ivr.content.prompts"}
    assert {name for name in outside if not name.startswith("ivr.callflow")} == set()
    for path in (ROOT / "callflow").glob("*.py"):
        assert not re.search(r"^\s*(from|import) (flask|sqlalchemy|twilio|werkzeug)\b", path.read_text(), re.M), path


def test_only_the_clock_reads_the_time():
    readers = [f"{path}:{n}" for path in ROOT.rglob("*.py") if path.name != "clock.py"
               for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
               if re.search(r"datetime\.now\(|date\.today\(|datetime\.utcnow\(", line)]
    assert readers == []


def test_defaults_are_written_once():
    # Settings are read as fields of ivr.config.Settings, never from app.config with a default.
    restated = [f"{path}:{n}" for path in ROOT.rglob("*.py")
                for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if re.search(r"config(\.get\(|\[)\"(IVR|TWILIO|REDIS|DATABASE)_", line)]
    assert restated == []
