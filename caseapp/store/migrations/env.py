"""Alembic environment: migrations run on a connection the store hands in, never from a URL
in a config file (the key lives only in memory)."""

from alembic import context

import caseapp.models  # noqa: F401  (registers every table on the metadata)
from caseapp.models import metadata
from caseapp.store.migrations.filters import include_object


def run_migrations_online() -> None:
    connection = context.config.attributes["connection"]
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        include_object=include_object,
        transaction_per_migration=False,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    raise RuntimeError("caseapp migrations run online only")
run_migrations_online()
