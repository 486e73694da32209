"""ranking0007 carries each kept sheet's JSON scores over into whole cents, and back on downgrade."""
import json

import sqlalchemy as sa
from alembic import command

from contest_kit.db import make_engine
from contest_kit.migrate import alembic_config, upgrade

SCRIPTS = "ranking:migrations"
ROW = {"tenant": "2023-ningbo", "round": "online-review", "project_id": "p-a", "version": 1,
       "team_id": "t-a", "group": "emerging", "track": "quality", "expert_id": "e1",
       "weights": json.dumps({"technical": "0.30"}), "total": "80.10",
       "received_at": "2026-11-25 00:00:00+00:00"}


def test_scores_become_cents_and_come_back(db_url):
    engine = make_engine(db_url)
    try:
        upgrade(engine, SCRIPTS, "ranking0006")
        with engine.begin() as connection:
            connection.execute(sa.text(
                'INSERT INTO ranking_sheets (tenant, round, project_id, version, team_id, "group", track, '
                "expert_id, scores, weights, total, received_at) VALUES (:tenant, :round, :project_id, "
                ":version, :team_id, :group, :track, :expert_id, :scores, :weights, :total, :received_at)"),
                {**ROW, "scores": json.dumps({"technical": "88.5", "application": "70.05",
                                              "commercial": "100.00", "defence": "0"})})
        upgrade(engine, SCRIPTS, "ranking0007")
        with engine.connect() as connection:
            cents = connection.execute(sa.text(
                "SELECT technical, application, commercial, defence FROM ranking_sheets")).one()
        config = alembic_config(SCRIPTS)
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "ranking0006")
        with engine.connect() as connection:
            scores = connection.execute(sa.text("SELECT scores FROM ranking_sheets")).scalar_one()
    finally:
        engine.dispose()

    assert tuple(cents) == (8850, 7005, 10000, 0)
    assert (json.loads(scores) if isinstance(scores, str) else scores) == {
        "technical": "88.50", "application": "70.05", "commercial": "100.00", "defence": "0.00"}
