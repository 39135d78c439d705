"""Build the Belarusian stress lexicon (ivr/phrases/data/be_stress.txt.gz) from the Belarusian
Grammar Database (GrammarDB, https://github.com/Belarus/GrammarDB, CC BY-SA 4.0).

GrammarDB writes every form of every word with "+" after the stressed vowel ("наці+сніце").
The lexicon keeps, for each form of two or more syllables, its one stressed spelling; a form
spelt the same with different stresses (in different paradigms or cases: "ру+кі" / "рукі+") is a
homograph and goes to the homograph list instead (ivr/phrases/data/be_homographs.txt.gz), where
the hotline's own prompts mark it by hand.

Input, either:
  python3 tools/build_stress_lexicon.py DIR            every *.xml under DIR (a release unpacked)
  python3 tools/build_stress_lexicon.py --from-git REPO
                                                     every data XML blob present in the history of
                                                     a GrammarDB git mirror (bare is fine), the
                                                     newest version of each path winning
Output: the two files above (or --out DIR), and a summary on stdout (forms, lemmas, files).
"""
from __future__ import annotations

import argparse
import gzip
import io
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path
from typing import Iterable, Iterator

VOWELS = set("аеёіоуыэюяи")
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "ivr" / "phrases" / "data"
LEXICON_NAME = "be_stress.txt.gz"
HOMOGRAPHS_NAME = "be_homographs.txt.gz"


def git_blobs(repo: str) -> Iterator[tuple[str, bytes]]:
    """(path, XML bytes) of every .xml path whose blob is present somewhere in ``repo``'s history,
    newest commit first for each path (only that version is read)."""
    git = ["git", "-C", repo]
    commits = subprocess.run(git + ["rev-list", "--all"], capture_output=True, text=True, check=True).stdout.split()
    seen: set[str] = set()
    for commit in commits:
        listing = subprocess.run(git + ["ls-tree", "-r", "-l", commit], capture_output=True, text=True, check=True)
        for line in listing.stdout.splitlines():
            meta, path = line.split("\t", 1)
            _mode, kind, sha, size = meta.split()
            # A blob the mirror lacks is listed with no size ("BAD" / "-"): skip it, an older
            # commit may still hold a present version of the same path.
            if kind != "blob" or not path.endswith(".xml") or not size.isdigit() or path in seen:
                continue
            blob = subprocess.run(git + ["cat-file", "blob", sha], capture_output=True, check=False)
            if blob.returncode != 0:
                continue
            seen.add(path)
            yield path, blob.stdout


def folder_files(folder: str) -> Iterator[tuple[str, bytes]]:
    """(path, XML bytes) of every .xml file under ``folder``."""
    for path in sorted(Path(folder).rglob("*.xml")):
        yield str(path.relative_to(folder)), path.read_bytes()


def current_spelling(element: ET.Element) -> bool:
    """False for a form or variant marked as spelt only by an older standard (pravapis without A2008)."""
    rules = element.get("pravapis")
    return not rules or "A2008" in rules


def stressed_forms(xml: bytes) -> Iterator[tuple[str, str]]:
    """(lemma, form with "+") of every form in one GrammarDB XML file; nothing for other XML."""
    for _event, element in ET.iterparse(io.BytesIO(xml)):
        if element.tag != "Paradigm":
            continue
        for variant in element.iter("Variant"):
            if not current_spelling(variant):
                continue
            lemma = variant.get("lemma") or element.get("lemma") or ""
            for form in variant.iter("Form"):
                if form.text and current_spelling(form):
                    yield lemma, form.text.strip()
        element.clear()


def syllables(word: str) -> int:
    """How many vowel letters (syllables) ``word`` has."""
    return sum(letter in VOWELS for letter in word)


def collect(files: Iterable[tuple[str, bytes]]) -> tuple[dict[str, set[str]], set[str], list[str]]:
    """form -> its stressed spellings, the lemmas seen, and the files read."""
    stresses: dict[str, set[str]] = defaultdict(set)
    lemmas: set[str] = set()
    used: list[str] = []
    for path, xml in files:
        count = 0
        try:
            for lemma, form in stressed_forms(xml):
                form = form.lower()
                plain = form.replace("+", "")
                # One stress mark, after a vowel, in a word of letters (and apostrophes, hyphens).
                if form.count("+") != 1 or form.startswith("+") or form[form.index("+") - 1] not in VOWELS:
                    continue
                if syllables(plain) < 2 or not plain.replace("'", "").replace("-", "").isalpha():
                    continue
                stresses[plain].add(form)
                lemmas.add(lemma.replace("+", "").lower())
                count += 1
        except ET.ParseError:
            continue
        if count:
            used.append(f"{path} ({count} forms)")
    return stresses, lemmas, used


def write(out: Path, stresses: dict[str, set[str]]) -> tuple[int, int]:
    """Write the lexicon and the homograph list, sorted by the plain form (the lookup bisects)."""
    out.mkdir(parents=True, exist_ok=True)
    single = [next(iter(s)) for plain, s in sorted(stresses.items()) if len(s) == 1]
    double = ["\t".join(sorted(s)) for plain, s in sorted(stresses.items()) if len(s) > 1]
    for name, lines in ((LEXICON_NAME, single), (HOMOGRAPHS_NAME, double)):
        # mtime=0: the same input gives byte-identical output.
        with gzip.GzipFile(out / name, "wb", compresslevel=9, mtime=0) as f:
            f.write(("\n".join(lines) + "\n").encode("utf-8"))
    return len(single), len(double)


def main(argv: list[str] | None = None) -> int:
    """Build the lexicon; print what it covers."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", help="a folder of GrammarDB XML files")
    parser.add_argument("--from-git", metavar="REPO", help="read every present data XML blob of a GrammarDB git mirror")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"output folder (default {DEFAULT_OUT})")
    args = parser.parse_args(argv)
    if bool(args.folder) == bool(args.from_git):
        parser.error("give either a FOLDER or --from-git REPO")
    files = git_blobs(args.from_git) if args.from_git else folder_files(args.folder)
    stresses, lemmas, used = collect(files)
    if not stresses:
        print("error: no GrammarDB forms found", file=sys.stderr)
        return 1
    forms, homographs = write(args.out, stresses)
    print(f"{forms} forms with one stress, {homographs} homographs, {len(lemmas)} lemmas, from {len(used)} files:")
    for line in used:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
