"""tools/build_stress_lexicon.py: GrammarDB XML (a folder, or a git mirror's history) -> the
stress lexicon and the homograph list."""
from __future__ import annotations

import gzip
import subprocess

import pytest

from tools.build_stress_lexicon import HOMOGRAPHS_NAME, LEXICON_NAME, main

NOUNS = """<?xml version="1.0" encoding="UTF-8"?>
<Wordlist>
  <Paradigm pdgId="1" lemma="наві+на" tag="NCIINF1">
    <Variant id="a" lemma="наві+на" pravapis="A2008">
      <Form tag="NS">наві+на</Form><Form tag="NP">наві+ны</Form><Form tag="GP">наві+н</Form>
    </Variant>
    <Variant id="b" lemma="навіна+" pravapis="A1957"><Form tag="NS">навіна+</Form></Variant>
  </Paradigm>
  <Paradigm pdgId="2" lemma="рука+" tag="NCIINF1">
    <Variant id="a" lemma="рука+"><Form tag="GS">рукі+</Form><Form tag="NP">ру+кі</Form></Variant>
  </Paradigm>
  <Paradigm pdgId="3" lemma="до+м" tag="NCIINM1"><Variant id="a" lemma="до+м"><Form tag="NS">до+м</Form></Variant></Paradigm>
</Wordlist>
"""


def lines(path):
    return gzip.open(path, "rt", encoding="utf-8").read().split()


def test_a_folder_of_grammardb_files_becomes_the_lexicon_and_the_homographs(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "N1.xml").write_text(NOUNS, encoding="utf-8")
    (tmp_path / "in" / "notes.xml").write_text("<notes/>", encoding="utf-8")  # not GrammarDB: ignored
    assert main([str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    # Current spelling only (not the 1957 "навіна+"), one-syllable "дом" left out, sorted.
    assert lines(tmp_path / "out" / LEXICON_NAME) == ["наві+н", "наві+на", "наві+ны"]
    assert gzip.open(tmp_path / "out" / HOMOGRAPHS_NAME, "rt", encoding="utf-8").read() == "ру+кі\tрукі+\n"
    out = capsys.readouterr().out
    assert out.startswith("3 forms with one stress, 1 homographs, 2 lemmas, from 1 files:") and "N1.xml (5 forms)" in out


def test_no_forms_is_an_error(tmp_path, capsys):
    assert main([str(tmp_path), "--out", str(tmp_path / "out")]) == 1
    assert capsys.readouterr().err == "error: no GrammarDB forms found\n"


def test_a_git_mirror_is_read_across_its_history_the_newest_version_winning(tmp_path):
    repo = tmp_path / "repo"
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "data").mkdir()
    (repo / "data" / "N1.xml").write_text(NOUNS.replace("наві+ны", "наві+намі"), encoding="utf-8")
    (repo / "data" / "R.xml").write_text(NOUNS.replace("наві+", "нава+"), encoding="utf-8")
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "old"], check=True)
    (repo / "data" / "N1.xml").write_text(NOUNS, encoding="utf-8")
    (repo / "data" / "R.xml").unlink()  # gone at HEAD, still in history
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "new"], check=True)
    assert main(["--from-git", str(repo), "--out", str(tmp_path / "out")]) == 0
    assert lines(tmp_path / "out" / LEXICON_NAME) == ["нава+н", "нава+на", "нава+ны", "наві+н", "наві+на", "наві+ны"]


@pytest.mark.parametrize("args", [[], ["folder", "--from-git", "repo"]])
def test_one_input_is_required(args):
    with pytest.raises(SystemExit) as exit_:
        main(args)
    assert exit_.value.code == 2
