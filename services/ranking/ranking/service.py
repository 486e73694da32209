"""Ranking's entrypoints: one line each, the work is in handlers.py and queries.py."""
from contest_contracts.events import DUE_DILIGENCE_RECORDED, REVIEW_COMPLETED, SCORE_SUBMITTED
from contest_kit.consumer import consumes
from contest_kit.service import ContestService, rpc
from contest_kit.settings import SettingsProvider
from ranking import (
    allocations,
    awarding,
    decisions,
    finalists,
    handlers,
    notices,
    publications,
    queries,
    recommendations,
    sheets,
)
from ranking.settings import RankingSettings

BATCH = 50  # events applied in one transaction during a burst (contest_kit.consumer)


class RankingService(ContestService):
    name = "ranking"

    settings = SettingsProvider(RankingSettings)

    @consumes(REVIEW_COMPLETED, batch=BATCH)
    def on_review_completed(self, change, event):
        handlers.enter_result(change, event)

    @consumes(SCORE_SUBMITTED, batch=BATCH)
    def on_score_submitted(self, change, event):
        sheets.keep_sheet(change, event)

    @consumes(DUE_DILIGENCE_RECORDED, batch=BATCH)
    def on_due_diligence_recorded(self, change, event):
        finalists.keep_due_diligence(change, event)

    @rpc
    def round_ranking(self, tenant, code, **query):
        return sheets.round_ranking(self.command, tenant, code, **query)

    @rpc
    def round_export(self, tenant, code, **query):
        return sheets.round_export(self.command, tenant, code, **query)

    @rpc
    def round_calibration(self, tenant, code, **query):
        return sheets.round_calibration(self.command, tenant, code, **query)

    @rpc
    def set_round_method(self, tenant, code, data):
        return decisions.set_method(self.command, tenant, code, data)

    @rpc
    def deliberate(self, tenant, code, data):
        return decisions.deliberate(self.command, tenant, code, data)

    @rpc
    def advance_teams(self, tenant, code, data):
        return decisions.advance_teams(self.command, tenant, code, data)

    @rpc
    def split_places(self, tenant, code, data):
        return decisions.split_places(self.command, tenant, code, data)

    @rpc
    def publish_ranking(self, tenant, code, data):
        return publications.publish(self.command, tenant, code, data)

    @rpc
    def published_ranking(self, tenant, code, **query):
        return publications.published(self.command, tenant, code, **query)

    @rpc
    def allocate_quota(self, tenant, code, data):
        return allocations.allocate_quota(self.command, tenant, code, data)

    @rpc
    def quota(self, tenant, code):
        return allocations.quota(self.command, tenant, code)

    @rpc
    def recommend(self, tenant, code, data):
        return recommendations.recommend(self.command, tenant, code, data)

    @rpc
    def recommendations(self, tenant, code):
        return recommendations.recommendations(self.command, tenant, code)

    @rpc
    def admit_finalists(self, tenant, code, data):
        return finalists.admit(self.command, tenant, code, data)

    @rpc
    def finalists(self, tenant, code):
        return finalists.finalists(self.command, tenant, code)

    @rpc
    def set_award_scheme(self, tenant, code, data):
        return awarding.set_scheme(self.command, tenant, code, data)

    @rpc
    def grant_awards(self, tenant, code, data):
        return awarding.grant_awards(self.command, tenant, code, data)

    @rpc
    def awards(self, tenant, code):
        return awarding.awards(self.command, tenant, code)

    @rpc
    def publish_notice(self, tenant, code, data):
        return notices.publish(self.command, tenant, code, data)

    @rpc
    def notice(self, tenant, code):
        return notices.notice(self.command, tenant, code)

    @rpc
    def file_complaint(self, tenant, code, data):
        return notices.file_complaint(self.command, tenant, code, data)

    @rpc
    def complaints(self, tenant, code):
        return notices.complaints(self.command, tenant, code)

    @rpc
    def complaint_step(self, tenant, complaint_id, data):
        return notices.take_step(self.command, tenant, complaint_id, data)

    @rpc
    def get_ranking(self, tenant, group=None, track=None, limit=None, cursor=None):
        return queries.get_ranking(self.command, tenant, group=group, track=track, limit=limit, cursor=cursor)
