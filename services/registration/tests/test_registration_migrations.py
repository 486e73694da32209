"""Registration's Alembic history builds exactly the tables its models (and the kit's) declare."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

import contest_kit.audit  # noqa: F401 - registers the audit table on KitBase.metadata
import contest_kit.outbox  # noqa: F401 - registers outbox, inbox and parked events on KitBase.metadata
from contest_kit.db import KitBase, make_engine
from contest_kit.migrate import upgrade
from registration.models import Base


def test_registration_migrations_match_the_models(db_url):
    engine = make_engine(db_url)
    upgrade(engine, "registration:migrations")

    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, [KitBase.metadata, Base.metadata])
    engine.dispose()

    assert differences == []
