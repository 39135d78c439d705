"""jambonz's own verb specification (@jambonz/verb-specifications, pinned in tests/jambonz/spec/package-lock.json,
installed by `npm ci --prefix tests/jambonz/spec`), run by node on the documents a test collected."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

SPEC = Path(__file__).resolve().parent / "spec"


def refused(documents: list[list[dict]]) -> list[tuple[int, str]]:
    """The documents jambonz's specification refuses, as (index, its error); [] when all pass."""
    node = shutil.which("node")
    assert node, "the jambonz tests need node (and `npm ci --prefix tests/jambonz/spec`)"
    assert (SPEC / "node_modules" / "@jambonz" / "verb-specifications").is_dir(), \
        "run `npm ci --prefix tests/jambonz/spec` first"
    done = subprocess.run([node, str(SPEC / "validate.js")], input=json.dumps(documents), capture_output=True,
                          text=True, timeout=120, check=True)
    return [tuple(pair) for pair in json.loads(done.stdout)]
