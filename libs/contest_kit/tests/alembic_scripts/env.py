"""A service's migrations/env.py in miniature: the tests' Alembic script location."""
from sqlalchemy import MetaData

from contest_kit.migrate import run_env

run_env(MetaData())
