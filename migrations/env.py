"""Alembic's environment: the app's database and models, one migration run at a time.

Used by `flask --app wsgi db ...` (Flask-Migrate) and by ivr.schema.upgrade_database, which the app
runs on start. Either way the run holds ivr.schema's migration lock, so two processes starting
together never migrate the same database at once.
"""
import logging

from alembic import context
from flask import current_app

from ivr.schema import migration_lock

config = context.config
log = logging.getLogger("alembic.env")
# `flask db ...` in a terminal says what it does; the app's own upgrades (quiet) and tests leave
# logging as the app set it up (no logging.config here: it would replace every handler).
if not config.attributes.get("quiet") and not current_app.testing:
    alembic_log = logging.getLogger("alembic")
    if not [h for h in alembic_log.handlers if not isinstance(h, logging.NullHandler)]:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-5.5s [%(name)s] %(message)s"))
        alembic_log.addHandler(handler)
        alembic_log.setLevel(logging.INFO)


def target_metadata():
    """Every table of every model (create_app imports the model modules)."""
    return current_app.extensions["migrate"].db.metadata


def run_migrations_offline() -> None:
    """`flask db upgrade --sql`: print the SQL instead of running it."""
    engine = current_app.extensions["migrate"].db.engine
    context.configure(url=engine.url, target_metadata=target_metadata(), literal_binds=True,
                      **current_app.extensions["migrate"].configure_args)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    def skip_empty_revision(context, revision, directives):  # noqa: ANN001, ARG001
        # `flask db migrate` with no model change writes no empty revision file.
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            log.info("No changes in schema detected.")

    args = dict(current_app.extensions["migrate"].configure_args)
    args.setdefault("process_revision_directives", skip_empty_revision)
    engine = current_app.extensions["migrate"].db.engine
    with engine.connect() as connection:
        with migration_lock(connection):
            sqlite = connection.dialect.name == "sqlite"
            # SQLite can change its schema in a transaction too: all or nothing, and one write to
            # disk instead of one per statement.
            context.configure(connection=connection, target_metadata=target_metadata(),
                              **({"transactional_ddl": True} if sqlite else {}), **args)
            with context.begin_transaction():
                if sqlite and not connection.connection.dbapi_connection.in_transaction:
                    connection.exec_driver_sql("BEGIN")  # pysqlite would run each DDL statement alone
                context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
