"""Notify's tables: who to tell (recipients) and what they were told (messages)."""
from datetime import datetime

from sqlalchemy import JSON, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from contest_kit.db import TenantScoped, UtcDateTime, new_id, utc_now


class Base(DeclarativeBase):
    pass


class Recipient(TenantScoped, Base):
    __tablename__ = "recipients"
    __table_args__ = (UniqueConstraint("tenant", "team_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    team_id: Mapped[str] = mapped_column(String(32))
    owner_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(8))


class Message(TenantScoped, Base):
    """A message in a team's inbox; it doubles as the mail outbox (mailed_at)."""

    __tablename__ = "messages"
    # The index serves an inbox's pages, newest first (queries.ORDER): each reads its page only.
    __table_args__ = (Index("ix_messages_page", "team_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    team_id: Mapped[str] = mapped_column(String(32), index=True)
    # One message per event: the inbox already dedupes, this makes it a hard rule.
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    cause: Mapped[str] = mapped_column(String(64))
    # The request that caused it, for the notification-delivered event the mail sends later.
    correlation_id: Mapped[str | None] = mapped_column(String(64))
    params: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utc_now)
    mailed_at: Mapped[datetime | None] = mapped_column(UtcDateTime(), index=True)
    mail_attempts: Mapped[int] = mapped_column(Integer, default=0)
    mail_error: Mapped[str | None] = mapped_column(Text)
