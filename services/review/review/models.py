"""Review's tables: what awaits review, the station's experts, who reviews what and who stands
aside, and the experts' score sheets."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, ForeignKey, Index, Integer, Numeric, String, UniqueConstraint
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
    uscc: Mapped[str | None] = mapped_column(String(18))  # the team's unit; None from older events
    # awaiting -> completed; an awaiting version becomes superseded by a newer one.
    status: Mapped[str] = mapped_column(String(12), default="awaiting")
    score: Mapped[Decimal | None] = mapped_column(Numeric(6, 2))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    completed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # set when its sheets diverged beyond the spread: it then needs one more sheet (Challenge Cup)
    flagged_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


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
    # submitted (locked) -> reopened by the station, with a reason -> submitted again (amended)
    status: Mapped[str] = mapped_column(String(10), default="submitted", server_default="submitted")
    reopened_reason: Mapped[str | None] = mapped_column(String(500))
    reopened_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    round: Mapped[str | None] = mapped_column(String(40))  # None: scored before the station had rounds


class Expert(TenantScoped, Base):
    """A station's expert: the account that scores, and what recusal and assignment need to know."""

    __tablename__ = "experts"
    __table_args__ = (UniqueConstraint("tenant", "expert_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    expert_id: Mapped[str] = mapped_column(String(64))  # the gateway's account id
    username: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(12))
    fields: Mapped[list] = mapped_column(JSON)          # track codes; [] reviews any track
    units: Mapped[list] = mapped_column(JSON)           # [{"uscc", "name", "until", "parent_uscc"}]
    declared: Mapped[list] = mapped_column(JSON)        # credit codes and team ids
    cap: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class Assignment(TenantScoped, Base):
    """An expert assigned to review a project (all its versions) in the online review."""

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("tenant", "project_id", "expert_id"),
                      Index("ix_assignments_expert", "tenant", "expert_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(String(32), index=True)
    expert_id: Mapped[str] = mapped_column(String(64))
    assigned_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Recusal(TenantScoped, Base):
    """An expert who stands aside from a project, with the rule and what matched (the audit keeps
    the same)."""

    __tablename__ = "recusals"
    __table_args__ = (UniqueConstraint("tenant", "project_id", "expert_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(String(32), index=True)
    expert_id: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str] = mapped_column(String(20))
    detail: Mapped[str] = mapped_column(String(300))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Draw(TenantScoped, Base):
    """A lot draw of presentation order: committed (sha256 of the seed, the teams), then revealed
    (the seed, the order it gives). contest_contracts.draw is the algorithm."""

    __tablename__ = "draws"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    commitment: Mapped[str] = mapped_column(String(64))
    teams: Mapped[list] = mapped_column(JSON)           # sorted team ids
    seed: Mapped[str | None] = mapped_column(String(64))
    order: Mapped[list | None] = mapped_column(JSON)
    committed_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    revealed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())


class Round(TenantScoped, Base):
    """A review round of the station: its rubric and its window for scoring (rounds.py)."""

    __tablename__ = "review_rounds"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    weights: Mapped[dict] = mapped_column(JSON)         # criterion -> weight, as text ("0.30")
    scale: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())  # set once, emitting round-closed
