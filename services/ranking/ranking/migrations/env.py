from contest_kit.migrate import run_env
from ranking.models import Base

run_env(Base.metadata)
