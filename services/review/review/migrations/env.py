from contest_kit.migrate import run_env
from review.models import Base

run_env(Base.metadata)
