"""Ranking's tables."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, Boolean, Index, Integer, Numeric, String, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import TenantScoped, UtcDateTime, new_id, utc_now


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


class Sheet(TenantScoped, Base):
    """An expert's score sheet as review sent it (`score-submitted`): what a round is ranked from by
    any method, and what calibrates its experts. An amended sheet replaces it."""

    __tablename__ = "ranking_sheets"
    __table_args__ = (UniqueConstraint("tenant", "project_id", "version", "expert_id"),
                      Index("ix_ranking_sheets_round", "tenant", "round", "group"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round: Mapped[str | None] = mapped_column(String(40))  # None: the station defined no rounds
    project_id: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer)
    team_id: Mapped[str] = mapped_column(String(32))
    group: Mapped[str] = mapped_column(String(10))
    track: Mapped[str] = mapped_column(String(40))
    expert_id: Mapped[str] = mapped_column(String(64))
    # Each criterion in cents (88.50 -> 8850): a round of 1.3 million sheets is read as whole numbers,
    # not parsed from JSON row by row (docs/benchmarks.md, the recompute from the database).
    technical: Mapped[int] = mapped_column(Integer)
    application: Mapped[int] = mapped_column(Integer)
    commercial: Mapped[int] = mapped_column(Integer)
    defence: Mapped[int] = mapped_column(Integer)
    weights: Mapped[dict] = mapped_column(JSON)   # criterion -> "0.30"
    total: Mapped[Decimal] = mapped_column(Numeric(6, 2))
    received_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class RoundMethod(TenantScoped, Base):
    """How a round's sheets are aggregated, as the station or the committee chose (audit: ranking.method-set);
    a round without one is ranked by the mean."""

    __tablename__ = "ranking_round_methods"
    __table_args__ = (UniqueConstraint("tenant", "round"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round: Mapped[str] = mapped_column(String(40))
    aggregation: Mapped[str] = mapped_column(String(20))
    k: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class Deliberation(TenantScoped, Base):
    """The panel's or the committee's order of an open tie (合议), with its reason; it applies while its
    projects are still one open tie of the ranking (audit: ranking.tie-deliberated)."""

    __tablename__ = "ranking_deliberations"
    __table_args__ = (Index("ix_ranking_deliberations_round", "tenant", "round", "group"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(10))
    track: Mapped[str] = mapped_column(String(40), default="")  # "": the whole group
    order: Mapped[list] = mapped_column(JSON)   # project ids, first place first
    reason: Mapped[str] = mapped_column(String(500))
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class AdvancementDecision(TenantScoped, Base):
    """Who of a group (and track) of a round goes on, decided once (audit: ranking.advanced)."""

    __tablename__ = "ranking_advancements"
    __table_args__ = (UniqueConstraint("tenant", "round", "group", "track"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(10))
    track: Mapped[str] = mapped_column(String(40), default="")  # "": the whole group
    rule: Mapped[str] = mapped_column(String(20))
    value: Mapped[Decimal] = mapped_column(Numeric(9, 2))
    method: Mapped[str] = mapped_column(String(20))
    teams: Mapped[list] = mapped_column(JSON)   # [{"team_id", "project_id", "rank", "score"}]
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class PlacesSplit(TenantScoped, Base):
    """How a number of places was split among a round's groups, or a group's tracks, in proportion to
    the projects each ranked, decided once (audit: ranking.places-split)."""

    __tablename__ = "ranking_splits"
    __table_args__ = (UniqueConstraint("tenant", "round", "among", "group"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round: Mapped[str] = mapped_column(String(40))
    among: Mapped[str] = mapped_column(String(10))     # "group" or "track"
    group: Mapped[str] = mapped_column(String(10), default="")  # among tracks: whose; else ""
    places: Mapped[int] = mapped_column(Integer)
    shares: Mapped[list] = mapped_column(JSON)   # [{"name", "ranked", "places"}], in name order
    decided_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class QuotaAllocation(TenantScoped, Base):
    """The places of a code (say, the national final's) allocated among stations or any units by the
    committee; allocating the code again replaces it (audit: ranking.quota-allocated, with the one
    before)."""

    __tablename__ = "ranking_quotas"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    method: Mapped[str] = mapped_column(String(20))
    seats: Mapped[int] = mapped_column(Integer)
    minimum: Mapped[int] = mapped_column(Integer)
    maximum: Mapped[int | None] = mapped_column(Integer)
    units: Mapped[list] = mapped_column(JSON)   # [{"name", "weight", "maximum", "seats"}], as given
    recommend_by: Mapped[datetime | None] = mapped_column(UtcDateTime())  # lists refused after it
    allocated_by: Mapped[str] = mapped_column(String(64))
    allocated_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class Recommendation(TenantScoped, Base):
    """A station's recommendation list (推荐名单) for the places of a code, kept in the station's tenant;
    submitted again before the deadline, it replaces the last (audit: ranking.recommended)."""

    __tablename__ = "ranking_recommendations"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    quota: Mapped[int] = mapped_column(Integer)
    projects: Mapped[list] = mapped_column(JSON)  # [{"priority", "project_id", "team_id"}], first first
    submitted_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class Finalist(TenantScoped, Base):
    """A station's recommended project the committee admitted to the places of a code, kept in the
    station's tenant; a failed due diligence later takes it out of the final (`removed`)."""

    __tablename__ = "ranking_finalists"
    __table_args__ = (UniqueConstraint("tenant", "code", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    project_id: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    priority: Mapped[int] = mapped_column(Integer)
    admitted_by: Mapped[str] = mapped_column(String(64))
    admitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    removed: Mapped[str | None] = mapped_column(String(500))  # why it is out of the final


class DueDiligence(TenantScoped, Base):
    """Registration's latest due diligence on a team (`due-diligence-recorded`): a failed one keeps it
    from the final (DOMAIN.md)."""

    __tablename__ = "ranking_due_diligence"
    __table_args__ = (UniqueConstraint("tenant", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    passed: Mapped[bool] = mapped_column(Boolean)
    reason: Mapped[str] = mapped_column(String(500))


class AwardScheme(TenantScoped, Base):
    """The prize tiers of a code (the final's) and the pool they are paid from (audit:
    ranking.award-scheme-set); none kept: 001's (domain.awards.DEFAULT_TIERS)."""

    __tablename__ = "ranking_award_schemes"
    __table_args__ = (UniqueConstraint("tenant", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    tiers: Mapped[list] = mapped_column(JSON)  # [{"tier", "count", "amount"}], first tier first
    pool: Mapped[int] = mapped_column(Integer)
    set_by: Mapped[str] = mapped_column(String(64))
    set_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now, onupdate=utc_now)


class Award(TenantScoped, Base):
    """A prize granted to a project of the final, by its place (audit: ranking.award-granted)."""

    __tablename__ = "ranking_awards"
    __table_args__ = (UniqueConstraint("tenant", "code", "project_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    round: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(10))
    track: Mapped[str] = mapped_column(String(40), default="")
    project_id: Mapped[str] = mapped_column(String(32))
    team_id: Mapped[str] = mapped_column(String(32))
    rank: Mapped[int] = mapped_column(Integer)
    tier: Mapped[str] = mapped_column(String(40))
    amount: Mapped[int] = mapped_column(Integer)  # CNY, pre-tax
    granted_by: Mapped[str] = mapped_column(String(64))
    granted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    revoked: Mapped[str | None] = mapped_column(String(500))  # the ruling that revoked it, or None
    recovered: Mapped[int] = mapped_column(Integer, default=0)  # the prize to recover, CNY


class Notice(TenantScoped, Base):
    """The public notice (公示) of a code's awards, for 30 days; published again (a new version) when
    an award is revoked. `heads`: each service's audit chain head for the edition when published."""

    __tablename__ = "ranking_notices"
    __table_args__ = (UniqueConstraint("tenant", "code", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    code: Mapped[str] = mapped_column(String(40))
    version: Mapped[int] = mapped_column(Integer)
    awards: Mapped[list] = mapped_column(JSON)   # the awards standing when published
    revoked: Mapped[list] = mapped_column(JSON)  # the awards revoked so far, with why
    heads: Mapped[list] = mapped_column(JSON)    # [{"service", "tenant", "seq", "hash"}]
    opened_at: Mapped[datetime] = mapped_column(UtcDateTime())  # the first version's: the window's start
    closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Complaint(TenantScoped, Base):
    """A real-name complaint (举报) against an award of the notice, and each step the committee took."""

    __tablename__ = "ranking_complaints"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), index=True)
    project_id: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(100))
    contact: Mapped[str] = mapped_column(String(200))
    statement: Mapped[str] = mapped_column(String(4000))
    evidence: Mapped[str] = mapped_column(String(4000))
    state: Mapped[str] = mapped_column(String(20))
    steps: Mapped[list] = mapped_column(JSON)    # [{"action", "note", "by", "at"}]
    filed_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Publication(TenantScoped, Base):
    """A group's (and track's) ranking of a round as published: the whole export, frozen, and where
    the audit chain stood (audit: ranking.published, whose entry holds the export's digest)."""

    __tablename__ = "ranking_publications"
    __table_args__ = (Index("ix_ranking_publications_round", "tenant", "round", "group", "track"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    round: Mapped[str] = mapped_column(String(40))
    group: Mapped[str] = mapped_column(String(10))
    track: Mapped[str] = mapped_column(String(40), default="")  # "": the whole group
    export: Mapped[dict] = mapped_column(JSON)
    digest: Mapped[str] = mapped_column(String(64))
    audit_seq: Mapped[int] = mapped_column(Integer)
    audit_head: Mapped[str] = mapped_column(String(64))
    published_by: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
