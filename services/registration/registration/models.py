"""Registration's tables. Teams, projects and materials belong to one tenant (a station's contest);
the edition, its stations and the people registered belong to the edition, across its tenants."""
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


class Edition(Base):
    """An edition (届) of the contest, as the committee defined it."""

    __tablename__ = "editions"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # e.g. 2023
    name: Mapped[str] = mapped_column(String(100))
    theme: Mapped[str] = mapped_column(String(200))
    year: Mapped[int] = mapped_column(Integer)
    registration_closes_at: Mapped[datetime] = mapped_column(UtcDateTime())
    cutoffs: Mapped[list] = mapped_column(JSON)  # [{"stage", "at"}], at as ISO 8601
    tracks: Mapped[list] = mapped_column(JSON)  # [{"code", "name_zh", "name_en"}]
    thresholds: Mapped[dict] = mapped_column(JSON)
    max_representatives: Mapped[int] = mapped_column(Integer)


class Station(Base):
    """A tenant of an edition: a station's local contest or the committee's, with its settings."""

    __tablename__ = "stations"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)  # the tenant, e.g. 2023-ningbo
    edition: Mapped[str] = mapped_column(ForeignKey("editions.code"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    tracks: Mapped[list] = mapped_column(JSON)  # codes
    registration_closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    organisers: Mapped[list] = mapped_column(JSON)  # [{"uscc", "name"}]
    affiliates: Mapped[list] = mapped_column(JSON)  # [{"uscc", "name", "relation", "of"}]
    conflict_relations: Mapped[list] = mapped_column(JSON)


class PersonClaim(Base):
    """A person in a team of the edition (001: a person represents one team only, across all
    stations). Not a tenant row, since the rule spans tenants; it holds no name, phone or address,
    only a keyed hash of one (registration.people), and a station never reads another's claims."""

    __tablename__ = "person_claims"
    __table_args__ = (UniqueConstraint("edition", "person_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    edition: Mapped[str] = mapped_column(String(16))
    person_key: Mapped[str] = mapped_column(String(64))
    tenant: Mapped[str] = mapped_column(String(64))
    team_id: Mapped[str] = mapped_column(String(32), index=True)


class PriorWinner(Base):
    """A project that won a 1st, 2nd or 3rd prize in an edition (001: it may not enter a later one),
    imported by the committee or recorded from this platform's own awards. Not a tenant row: the
    rule spans editions. `title_key` is the title as the check compares it (domain.winners)."""

    __tablename__ = "prior_winners"
    __table_args__ = (UniqueConstraint("edition", "uscc", "title_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    edition: Mapped[str] = mapped_column(String(16))
    year: Mapped[int] = mapped_column(Integer)
    uscc: Mapped[str] = mapped_column(String(18), index=True)
    unit_name: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    title_key: Mapped[str] = mapped_column(String(200))
    prize: Mapped[str] = mapped_column(String(10))
    source: Mapped[str] = mapped_column(String(16))
    recorded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


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
    # The administrative division embedded in the credit code (characters 3-8, GB/T 2260).
    division_code: Mapped[str | None] = mapped_column(String(6), nullable=True)
    unit_kind: Mapped[str] = mapped_column(String(20))
    staff: Mapped[int] = mapped_column(Integer)
    revenue_cny: Mapped[int] = mapped_column(BigInteger)
    central_soe: Mapped[bool] = mapped_column(Boolean)
    group: Mapped[str] = mapped_column(String(10))
    # Why the team is in its group: the unit's figures, the thresholds, the rule that decided, and
    # the committee's override with its reason when there is one.
    group_basis: Mapped[dict | None] = mapped_column(JSON, nullable=True)
    track: Mapped[str] = mapped_column(String(40))
    contact_name: Mapped[str] = mapped_column(String(100))
    contact_email: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8))
    representatives: Mapped[list] = mapped_column(JSON)
    registered_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    # The committee's decisions on the team (001: false information disqualifies; finalists pass due
    # diligence): kept with the team, audited, and announced by events.
    status: Mapped[str] = mapped_column(String(16), default="active", server_default="active")
    disqualification_reason: Mapped[str | None] = mapped_column(Text, nullable=True)
    due_diligence: Mapped[dict | None] = mapped_column(JSON, nullable=True)


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


class Upload(TenantScoped, Base):
    """A file a team announced and may send straight to object storage through a presigned URL;
    it becomes a material version only when registration has confirmed what arrived."""

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    key: Mapped[str] = mapped_column(String(512))
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Material(TenantScoped, Base):
    """One confirmed version of one kind of a team's material (001: teams iterate; the last version
    before a cut-off is judged). Never changed once written."""

    __tablename__ = "materials"
    __table_args__ = (UniqueConstraint("team_id", "kind", "version", name="uq_materials_version"),
                      UniqueConstraint("upload_id", name="uq_materials_upload"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    version: Mapped[int] = mapped_column(Integer)
    upload_id: Mapped[str] = mapped_column(String(32))
    filename: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(120))
    key: Mapped[str] = mapped_column(String(512))
    # The object storage's version of the key (S3 bucket versioning): what was checked is what is read.
    object_version: Mapped[str | None] = mapped_column(String(128), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    stage: Mapped[str | None] = mapped_column(String(20), nullable=True)
    confirmed_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Freeze(TenantScoped, Base):
    """A stage's cut-off passed at a tenant and its materials were frozen. The unique pair is what
    makes the freeze happen once when several replicas' timers race for it."""

    __tablename__ = "freezes"
    __table_args__ = (UniqueConstraint("tenant", "stage"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    stage: Mapped[str] = mapped_column(String(20))
    cutoff: Mapped[datetime] = mapped_column(UtcDateTime())
    frozen_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class FrozenMaterial(TenantScoped, Base):
    """The version of a kind of a team's material that a stage judges."""

    __tablename__ = "frozen_materials"
    __table_args__ = (UniqueConstraint("team_id", "stage", "kind"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("teams.id"), index=True)
    stage: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    material_id: Mapped[int] = mapped_column(ForeignKey("materials.id"))
