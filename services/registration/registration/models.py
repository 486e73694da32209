"""Registration's tables. Every row belongs to one tenant (a station's contest)."""
from datetime import datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import TenantScoped, UtcDateTime, new_id, utc_now


class Base(DeclarativeBase):
    pass


class Team(TenantScoped, Base):
    __tablename__ = "teams"
    # The index serves the list's pages in order (queries.TEAM_LIST): each reads its page, not the station.
    __table_args__ = (UniqueConstraint("tenant", "name"),
                      Index("ix_teams_page", "tenant", "registered_at", "id"))

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    owner_id: Mapped[str] = mapped_column(String(64), index=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    uscc: Mapped[str] = mapped_column(String(18))
    unit_kind: Mapped[str] = mapped_column(String(20))
    staff: Mapped[int] = mapped_column(Integer)
    revenue_cny: Mapped[int] = mapped_column(BigInteger)
    central_soe: Mapped[bool] = mapped_column(Boolean)
    group: Mapped[str] = mapped_column(String(10))
    track: Mapped[str] = mapped_column(String(40))
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_email: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8))
    representatives: Mapped[list] = mapped_column(JSON)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Project(TenantScoped, Base):
    __tablename__ = "projects"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    # One team, one project (001).
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    current_version: Mapped[int] = mapped_column(Integer, default=0)


class Submission(TenantScoped, Base):
    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("project_id", "version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    materials: Mapped[list] = mapped_column(JSON)
    submitted_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Material(TenantScoped, Base):
    __tablename__ = "materials"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(512))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    uploaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
