"""Ranking's tables."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import TenantScoped, UtcDateTime, utc_now


class Base(DeclarativeBase):
    pass


class RankedProject(TenantScoped, Base):
    __tablename__ = "ranked_projects"
    __table_args__ = (UniqueConstraint("tenant", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    track: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(10), index=True)
    score: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)
