"""Each service's Alembic history (its branch and the kit's) builds exactly the tables its models declare."""
import importlib

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from contest_kit.db import make_engine
from contest_kit.migrate import upgrade_service
from contest_kit.tables import KitBase

SERVICES = ("registration", "review", "ranking", "notify", "gateway")


@pytest.mark.parametrize("service", SERVICES)
def test_migrations_match_the_models(service, db_url):
    models = importlib.import_module(f"{service}.models")

    upgrade_service(service, db_url)

    engine = make_engine(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, [KitBase.metadata, models.Base.metadata])
    engine.dispose()
    assert differences == []
