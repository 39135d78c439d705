"""The migrations in migrations/ make exactly the models' schema, keep data, and run once at a time.

SQLite always; the same checks on PostgreSQL where the integration servers are available.
"""
from __future__ import annotations

import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from ivr import create_app
from ivr.config import config_for_tests
from ivr.content.store import ensure_database
from ivr.extensions import db
from ivr.schema import alembic_config, head_revisions, upgrade_database
from tests.integration.servers import ROOT, hotline_env


def sqlite_app(tmp_path: Path, **overrides: Any) -> Flask:
    return create_app(config_for_tests(tmp_path, **overrides))


def schema_differences(app: Flask) -> list[Any]:
    """What autogenerate would write for this database: [] when it matches the models."""
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def revisions_oldest_first() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def sample_value(column: sa.Column[Any]) -> Any:
    """A value of the column's type that fits it (one row per table, so 1 for every integer)."""
    kind = column.type
    if isinstance(kind, sa.Boolean):
        return True
    if isinstance(kind, sa.Integer):
        return 1
    if isinstance(kind, (sa.Float, sa.Numeric)):
        return 1.5
    if isinstance(kind, sa.DateTime):
        return datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    if isinstance(kind, sa.Date):
        return date(2026, 1, 2)
    if isinstance(kind, sa.String):
        text = f"kept {column.name}"
        return text[: kind.length] if kind.length else text
    raise AssertionError(f"no sample value for {column.table.name}.{column.name} ({kind!r}): teach sample_value")


def fill_every_table(connection: sa.Connection) -> dict[str, dict[str, Any]]:
    """One row in every table the database has now (by reflection); returns what was written."""
    metadata = sa.MetaData()
    metadata.reflect(connection)
    written: dict[str, dict[str, Any]] = {}
    for table in metadata.sorted_tables:  # parents before children: foreign keys point at id 1
        if table.name == "alembic_version":
            continue
        row = {column.name: sample_value(column) for column in table.columns}
        connection.execute(table.insert().values(**row))
        written[table.name] = row
    connection.commit()
    return written


def rows_still_there(connection: sa.Connection, written: dict[str, dict[str, Any]]) -> None:
    metadata = sa.MetaData()
    metadata.reflect(connection)
    for name, row in written.items():
        assert name in metadata.tables, f"the upgrade dropped the table {name} with its data"
        table = metadata.tables[name]
        found = connection.execute(sa.select(table)).mappings().all()
        assert len(found) == 1, f"{name}: {len(found)} rows after the upgrade, 1 before"
        for column, value in row.items():
            if column in table.columns:
                got = found[0][column]
                if isinstance(value, datetime) and isinstance(got, datetime) and got.tzinfo is None:
                    got = got.replace(tzinfo=timezone.utc)  # SQLite keeps no time zone
                assert got == value, f"{name}.{column} was {value!r} before the upgrade, {got!r} after"


def check_upgrades_keep_data(app: Flask) -> None:
    """From every revision to the newest: a row in every table survives with its values."""
    revisions = revisions_oldest_first()
    assert revisions, "migrations/versions has no revisions"
    for start in revisions:
        with app.app_context(), db.engine.begin() as connection:
            everything = sa.MetaData()
            everything.reflect(connection)
            everything.drop_all(connection)
        upgrade_database(app, start)
        with app.app_context(), db.engine.connect() as connection:
            written = fill_every_table(connection)
        upgrade_database(app)
        with app.app_context(), db.engine.connect() as connection:
            rows_still_there(connection, written)


# -- SQLite (always) --------------------------------------------------------------------------------


def test_the_migrations_make_exactly_the_models_schema(tmp_path: Path) -> None:
    """A model changed without a new revision fails here: run `flask --app wsgi db migrate -m ...`."""
    app = sqlite_app(tmp_path)
    upgrade_database(app)
    assert schema_differences(app) == [], (
        "the models and migrations/ differ: write a revision with `python3 -m flask --app wsgi db migrate -m "
        "'what changed'`, check it, and commit it")


def test_flask_db_check_agrees(tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    runner = app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["db", "check"])
    assert result.exit_code == 0, result.output


def test_a_new_database_is_at_the_newest_revision_with_the_demo_office(tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    assert ensure_database(app) is True
    with app.app_context():
        versions = db.session.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
        assert tuple(versions) == head_revisions()
        assert db.session.execute(sa.text("SELECT count(*) FROM revision")).scalar() == 1
    assert ensure_database(app) is False  # the second start changes nothing


def test_upgrading_keeps_the_data_sqlite(tmp_path: Path) -> None:
    check_upgrades_keep_data(sqlite_app(tmp_path))


def test_a_database_made_before_migrations_is_adopted_with_its_data(tmp_path: Path) -> None:
    """Installs that ran create_all (before migrations/) keep every row and get the newest schema."""
    app = sqlite_app(tmp_path)
    with app.app_context():
        db.create_all()  # what ensure_database did before migrations
    assert ensure_database(app) is True  # seeds the demo office, as the old code did
    with app.app_context():
        db.session.execute(sa.text("DROP TABLE alembic_version"))
        db.session.execute(sa.text("DROP TABLE staff_login_attempt"))  # a table added in a later release
        db.session.execute(sa.text("INSERT INTO feed (id, url, lang, name, active, last_error, last_added) "
                                   "VALUES (7, 'https://example.org/rss', 'ru', 'kept', 1, '', 0)"))
        db.session.commit()
        before = db.session.execute(sa.text("SELECT id, data FROM revision")).all()
    assert upgrade_database(app) is True
    assert schema_differences(app) == []
    with app.app_context():
        assert db.session.execute(sa.text("SELECT id, data FROM revision")).all() == before
        assert db.session.execute(sa.text("SELECT name FROM feed WHERE id = 7")).scalar() == "kept"


def start_together(url: str, tmp_path: Path, count: int = 4) -> list[str]:
    """``count`` processes call ensure_database on ``url`` at the same moment; what each returned."""
    import time

    env = hotline_env(DATABASE_URL=url, IVR_INSTANCE_PATH=str(tmp_path / "instance"), IVR_SECRET_KEY="s",
                      IVR_SYNTH_WORKERS="0", IVR_JOB_WORKERS="0", IVR_NEWS_INTERVAL="0",
                      IVR_AUDIO_DIR=str(tmp_path / "audio"))
    script = ("import sys, time\n"
              "from ivr import create_app\n"
              "from ivr.content.store import ensure_database\n"
              "app = create_app()\n"
              "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"
              "print(ensure_database(app))\n")
    go = str(time.time() + 5)  # after every process has imported the app
    processes = [subprocess.Popen([sys.executable, "-c", script, go], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True) for _ in range(count)]
    outputs = [p.communicate(timeout=120) for p in processes]
    assert [p.returncode for p in processes] == [0] * count, [err[-2000:] for _, err in outputs]
    return sorted(out.strip() for out, _ in outputs)


def check_started_together(url: str, tmp_path: Path) -> None:
    assert start_together(url, tmp_path) == ["False", "False", "False", "True"]  # one seeded
    app = sqlite_app(tmp_path, SQLALCHEMY_DATABASE_URI=url)
    try:
        with app.app_context():
            assert db.session.execute(sa.text("SELECT count(*) FROM revision")).scalar() == 1
        assert schema_differences(app) == []
    finally:
        with app.app_context():
            db.engine.dispose()  # close the pooled connections now, not whenever the app is collected


def test_processes_starting_together_migrate_and_seed_once_sqlite(tmp_path: Path) -> None:
    check_started_together(f"sqlite:///{tmp_path / 'shared.sqlite3'}", tmp_path)


# -- PostgreSQL (where the integration servers run) --------------------------------------------------


def test_postgresql_migrations_match_the_models_and_keep_data(tmp_path: Path, postgres: Any) -> None:
    app = sqlite_app(tmp_path, SQLALCHEMY_DATABASE_URI=postgres.create_database("migrate"))
    try:
        upgrade_database(app)
        assert schema_differences(app) == []
        check_upgrades_keep_data(app)
    finally:
        with app.app_context():
            db.engine.dispose()  # close the pooled connections now, not whenever the app is collected


def test_processes_starting_together_migrate_and_seed_once_postgresql(tmp_path: Path, postgres: Any) -> None:
    check_started_together(postgres.create_database("together"), tmp_path)
