"""Notify's entrypoints: one line each, the work is in handlers.py, queries.py and mailer.py."""
from contest_contracts.events import (
    DUE_DILIGENCE_RECORDED,
    FINALIST_ADMITTED,
    MATERIALS_FROZEN,
    RANKING_UPDATED,
    REVIEW_COMPLETED,
    SUBMISSION_RECEIVED,
    TEAM_DISQUALIFIED,
    TEAM_REGISTERED,
    TEAMS_ADVANCED,
)
from contest_kit.consumer import consumes
from contest_kit.service import ContestService, rpc
from contest_kit.settings import SettingsProvider
from notify import handlers, queries
from notify.mailer import Mailer
from notify.settings import NotifySettings

BATCH = 50  # events applied in one transaction during a burst (contest_kit.consumer)


class NotifyService(ContestService):
    name = "notify"

    settings = SettingsProvider(NotifySettings)
    mailer = Mailer()

    @consumes(TEAM_REGISTERED, batch=BATCH)
    def on_team_registered(self, change, event):
        handlers.register_recipient(change, event)

    @consumes(SUBMISSION_RECEIVED, batch=BATCH)
    def on_submission_received(self, change, event):
        handlers.tell(change, event)

    @consumes(MATERIALS_FROZEN, batch=BATCH)
    def on_materials_frozen(self, change, event):
        handlers.tell(change, event)

    @consumes(TEAM_DISQUALIFIED, batch=BATCH)
    def on_team_disqualified(self, change, event):
        handlers.tell(change, event)

    @consumes(DUE_DILIGENCE_RECORDED, batch=BATCH)
    def on_due_diligence_recorded(self, change, event):
        handlers.tell(change, event)

    @consumes(REVIEW_COMPLETED, batch=BATCH)
    def on_review_completed(self, change, event):
        handlers.tell(change, event)

    @consumes(RANKING_UPDATED, batch=BATCH)
    def on_ranking_updated(self, change, event):
        handlers.tell(change, event)

    @consumes(FINALIST_ADMITTED, batch=BATCH)
    def on_finalist_admitted(self, change, event):
        handlers.tell(change, event)

    @consumes(TEAMS_ADVANCED, batch=BATCH)
    def on_teams_advanced(self, change, event):
        handlers.tell_each(change, event)

    @rpc
    def inbox(self, tenant, team_id, locale=None, limit=None, cursor=None):
        return queries.inbox(self.command, tenant, team_id, locale, limit=limit, cursor=cursor)
