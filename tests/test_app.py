"""The app factory has no side effects; the server starts the background work explicitly."""
from __future__ import annotations

from sqlalchemy import inspect

from ivr import create_app, start_background
from ivr.config import config_for_tests
from ivr.extensions import db
from ivr.phrases import stress
from ivr.speech.synthesis import synthesizer
from tests.speech.apps import ToneEngine


def test_creating_the_app_touches_nothing(tmp_path):
    app = create_app(config_for_tests(tmp_path, IVR_SYNTH_WORKERS=1, IVR_NEWS_INTERVAL=60))
    assert inspect_tables(app) == set()
    assert "ivr.news_scheduler" not in app.extensions and "ivr.synth_daily" not in app.extensions


def test_the_server_start_makes_the_database_and_starts_the_threads(tmp_path):
    app = create_app(config_for_tests(tmp_path, IVR_SYNTH_WORKERS=1, IVR_NEWS_INTERVAL=60))
    synthesizer(app).use_engine(ToneEngine())  # the day's audio run is made by a quick stand-in voice
    stress.lexicon.cache_clear()
    start_background(app)
    try:
        # The stress lexicons are read at the start, so the first call's webhook reads no data file.
        assert stress.lexicon.cache_info().currsize >= 3
        assert "revision" in inspect_tables(app)
        news, daily = app.extensions["ivr.news_scheduler"][0], app.extensions["ivr.synth_daily"][0]
        assert news.is_alive() and daily.is_alive()
        start_background(app)  # once per process
        assert app.extensions["ivr.news_scheduler"][0] is news
    finally:
        app.extensions["ivr.news_scheduler"][1].set()
        app.extensions["ivr.synth_daily"][1].set()
        app.extensions["ivr.daily_purge"][1].set()
        app.extensions["ivr.synth"].wait(60)


def inspect_tables(app) -> set[str]:
    with app.app_context():
        return set(inspect(db.engine).get_table_names())


def test_the_database_the_instance_folder_and_recordings_are_the_service_users_only(tmp_path):
    import stat

    from ivr.content.store import ensure_database
    from ivr.messages.recordings import recordings_store

    app = create_app(config_for_tests(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'calls.sqlite3'}"))
    ensure_database(app)
    recordings_store(app).write("a" * 64 + ".wav", b"RIFF")

    def mode(path):
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(tmp_path / "calls.sqlite3") == 0o600
    assert mode(tmp_path / "instance") == 0o700
    recordings = tmp_path / "recordings"
    assert mode(recordings) == 0o700 and mode(recordings / ("a" * 64 + ".wav")) == 0o600
