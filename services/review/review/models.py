"""Review's tables: what awaits review, and the experts' score sheets."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import TenantScoped, UtcDateTime, utc_now


class Base(DeclarativeBase):
    pass


class ReviewItem(TenantScoped, Base):
    """One version of a project, as review knows it."""

    __tablename__ = "review_items"
    # The index serves a status's pages in order (queries.ORDER): each reads its page only.
    __table_args__ = (UniqueConstraint("tenant", "project_id", "version"),
                      Index("ix_review_items_page", "tenant", "status", "id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(String(32), index=True)
    team_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    track: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(10))
    # awaiting -> completed; an awaiting version becomes superseded by a newer one.
    status: Mapped[str] = mapped_column(String(12), default="awaiting")
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class ScoreSheet(TenantScoped, Base):
    __tablename__ = "score_sheets"
    __table_args__ = (UniqueConstraint("item_id", "expert_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("review_items.id"), index=True)
    expert_id: Mapped[str] = mapped_column(String(64))
    technical: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    application: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    commercial: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    defence: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    total: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
