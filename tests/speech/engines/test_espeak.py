"""The offline eSpeak NG engine, through the real library."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import warnings
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import espeakng_loader
import pytest

from ivr.speech.engines import SpeechError, UnsupportedLanguage
from ivr.speech.engines import espeak as espeak_module
from ivr.speech.engines.espeak import EspeakEngine, rate_to_wpm
from ivr.speech.telephone import is_silent, wav_info

TEXTS = {
    "ru": "Здравствуйте! Вы позвонили в районный исполнительный комитет.",
    "be": "Добры дзень! Вы патэлефанавалі ў раённы выканаўчы камітэт.",
    "en": "Hello! You have reached the district executive committee.",
}


def check_telephone_wav(data: bytes) -> dict:
    info = wav_info(data)
    assert (info["format"], info["sample_rate"], info["channels"], info["bits"]) == (7, 8000, 1, 8)
    assert not is_silent(data)
    return info


@pytest.mark.parametrize("lang,voice", [("ru", "ru"), ("be", "be"), ("en", "en-us")])
def test_speaks_each_language(espeak: EspeakEngine, lang: str, voice: str) -> None:
    audio = espeak.synthesize(TEXTS[lang], lang)
    assert (audio.engine, audio.voice, audio.ext, audio.mime) == ("espeak", voice, "wav", "audio/wav")
    assert espeak.voice_for(lang) == voice
    info = check_telephone_wav(audio.data)
    words = len(TEXTS[lang].split())
    # Plausible speech: roughly 0.2 to 0.8 s per word at normal speed.
    assert 0.2 * words < info["duration"] < 0.8 * words


def test_slower_rate_is_longer(espeak: EspeakEngine) -> None:
    normal = wav_info(espeak.synthesize(TEXTS["ru"], "ru", 100).data)["duration"]
    slow = wav_info(espeak.synthesize(TEXTS["ru"], "ru", 75).data)["duration"]
    fast = wav_info(espeak.synthesize(TEXTS["ru"], "ru", 150).data)["duration"]
    assert slow > normal * 1.15
    assert fast < normal * 0.85


def test_rate_survives_voice_change(espeak: EspeakEngine) -> None:
    # The slow rate must hold when calls alternate languages (each switch selects
    # a new voice, which the engine follows by setting the rate again).
    first = wav_info(espeak.synthesize(TEXTS["en"], "en", 75).data)["duration"]
    espeak.synthesize(TEXTS["ru"], "ru", 100)
    again = wav_info(espeak.synthesize(TEXTS["en"], "en", 75).data)["duration"]
    assert again == pytest.approx(first, rel=0.05)


def test_rate_mapping() -> None:
    assert rate_to_wpm(100) == 175
    assert rate_to_wpm(75) < rate_to_wpm(100)
    assert rate_to_wpm(1) == 80
    assert rate_to_wpm(1000) == 450


def test_unsupported_and_empty(espeak: EspeakEngine) -> None:
    assert not espeak.supports("de")
    with pytest.raises(UnsupportedLanguage):
        espeak.synthesize("Guten Tag", "de")
    with pytest.raises(UnsupportedLanguage):
        espeak.voice_for("de")
    for nothing in ["", "   ", "."]:
        with pytest.raises(SpeechError):
            espeak.synthesize(nothing, "ru")


def test_is_much_faster_than_real_time(espeak: EspeakEngine) -> None:
    espeak.synthesize("прогрев", "ru")  # exclude one-off initialisation
    start = time.perf_counter()
    info = wav_info(espeak.synthesize(TEXTS["ru"] * 3, "ru").data)
    elapsed = time.perf_counter() - start
    assert elapsed / info["duration"] < 0.5  # measured ~0.01 on a 2-core dev machine


def test_concurrent_threads(espeak: EspeakEngine) -> None:
    # Each thread speaks a text of a different length in a different language;
    # crossed buffers would show up as wrong durations (or a crash).
    jobs = [
        (lang, " ".join([TEXTS[lang]] * (1 + i % 3)), 100 if i % 2 else 75)
        for i, lang in enumerate(["ru", "be", "en", "ru"] * 4)
    ]
    expected = {
        (lang, text, rate): wav_info(espeak.synthesize(text, lang, rate).data)["duration"]
        for lang, text, rate in set(jobs)
    }
    barrier = threading.Barrier(len(jobs))

    def run(job: tuple[str, str, int]) -> float:
        barrier.wait()
        audio = espeak.synthesize(job[1], job[0], job[2])
        return check_telephone_wav(audio.data)["duration"]

    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        durations = list(pool.map(run, jobs))
    for job, duration in zip(jobs, durations, strict=True):
        assert duration == pytest.approx(expected[job], rel=0.05)


def test_reinitialises_after_fork(espeak: EspeakEngine) -> None:
    reference = wav_info(espeak.synthesize(TEXTS["be"], "be").data)["duration"]
    read_fd, write_fd = os.pipe()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # 3.12+ warns on fork with threads
        pid = os.fork()
    if pid == 0:  # child: never return into pytest
        status = 1
        try:
            os.close(read_fd)
            # What the child inherited (read here: another test's background thread in the parent
            # may initialise the library again between the parent's synthesis and the fork).
            inherited_pid, inherited_inits = espeak_module._STATE.pid, espeak_module._STATE.inits
            info = wav_info(EspeakEngine().synthesize(TEXTS["be"], "be").data)
            state = espeak_module._STATE
            ok = (
                inherited_pid != os.getpid()
                and state.pid == os.getpid()
                and state.inits == inherited_inits + 1
                and abs(info["duration"] - reference) < 0.05 * reference
                and not is_silent(EspeakEngine().synthesize(TEXTS["ru"], "ru").data)
            )
            os.write(write_fd, b"ok" if ok else f"bad {info} {state.pid} {state.inits}".encode())
            status = 0
        except BaseException as exc:
            os.write(write_fd, f"error {exc!r}".encode())
        finally:
            os._exit(status)
    os.close(write_fd)
    with os.fdopen(read_fd, "rb") as r:
        report = r.read().decode()
    _, wait_status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(wait_status) == 0, report
    assert report == "ok"
    # The parent's library is its own still: it speaks, initialised by this process.
    check_telephone_wav(espeak.synthesize(TEXTS["en"], "en").data)
    assert espeak_module._STATE.pid == os.getpid()


def data_path_of_length(tmp_path: Path, size: int) -> str:
    """A symlink to the real eSpeak data whose path is exactly ``size`` bytes."""
    filler = size - len(str(tmp_path)) - len("/") - len("/espeak-ng-data")
    directory = tmp_path / ("d" * filler)
    directory.mkdir(parents=True)
    link = directory / "espeak-ng-data"
    link.symlink_to(espeakng_loader.get_data_path())
    assert len(str(link)) == size
    return str(link)


LIMITS_IN_A_FRESH_PROCESS = """
import sys
from ivr.speech.engines import SpeechError, espeak
from ivr.speech.telephone import is_silent
at_limit, over_limit, missing = sys.argv[1:4]
# The longest path espeak-ng accepts works (this re-initialises the library)...
assert not is_silent(espeak.EspeakEngine(at_limit).synthesize("да", "ru").data)
# ...one byte more is refused with a clear message, as is a missing directory.
for path, message in ((over_limit, "over espeak-ng's limit"), (missing, "no eSpeak NG data")):
    try:
        espeak.EspeakEngine(path).synthesize("да", "ru")
        sys.exit(f"no SpeechError for {path!r}")
    except SpeechError as exc:
        assert message in str(exc), exc
# The default engine initialises again and speaks.
assert not is_silent(espeak.EspeakEngine().synthesize("Приёмная открыта.", "ru").data)
print("ok")
"""


def test_data_path_limits_are_reported_and_recover(tmp_path: Path) -> None:
    # In a fresh interpreter: initialising eSpeak NG again with other data is what this checks, and
    # the test process's own library is then left as every other test expects it.
    limit = espeak_module.MAX_DATA_PATH_BYTES
    paths = [data_path_of_length(tmp_path / "at", limit), data_path_of_length(tmp_path / "over", limit + 1),
             str(tmp_path / "missing")]
    result = subprocess.run([sys.executable, "-c", LIMITS_IN_A_FRESH_PROCESS, *paths],
                            cwd=Path(__file__).resolve().parents[3], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr[-2000:]


FRESH_PROCESS_INIT = """
import sys
from ivr.speech.engines import espeak
from ivr.speech.engines import SpeechError
espeak._check_data_path = lambda path: None  # let the bad path reach espeak_Initialize
try:
    espeak.EspeakEngine(sys.argv[1]).synthesize("да", "ru")
except SpeechError as exc:
    print(exc)
    sys.exit(0)
sys.exit("no SpeechError")
"""


def test_initialize_returning_zero_is_a_speech_error(tmp_path: Path) -> None:
    # espeak_Initialize reports failure (returns 0) only in a process not yet
    # initialised, so this runs in a fresh interpreter.
    too_long = data_path_of_length(tmp_path, espeak_module.MAX_DATA_PATH_BYTES + 1)
    root = Path(__file__).resolve().parents[3]
    result = subprocess.run(
        [sys.executable, "-c", FRESH_PROCESS_INIT, too_long],
        cwd=root, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "espeak_Initialize returned 0" in result.stdout
