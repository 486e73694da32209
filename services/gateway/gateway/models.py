"""Gateway's tables: accounts and the tenants (stations' contests) it serves.

Accounts are not tenant rows: an applicant may register teams at any station,
a committee member spans every tenant. Each carries its home tenant instead.
"""
from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import UtcDateTime, new_id, utc_now


class Base(DeclarativeBase):
    pass


class Account(Base):
    __tablename__ = "accounts"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20))
    tenant: Mapped[str | None] = mapped_column(String(64))
    email: Mapped[str | None] = mapped_column(String(200))
    display_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)


class Tenant(Base):
    __tablename__ = "tenants"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    edition: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(10))  # station | national
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    tracks: Mapped[list] = mapped_column(JSON, default=list)
    registration_closes_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), nullable=True)
