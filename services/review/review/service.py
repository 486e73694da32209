"""Review's entrypoints: one line each, the work is in handlers.py and queries.py."""
from contest_contracts.events import SUBMISSION_RECEIVED, TEAM_DISQUALIFIED
from contest_kit.consumer import consumes
from contest_kit.service import ContestService, every, rpc
from contest_kit.settings import SettingsProvider
from review import assignments, draws, experts, handlers, progress, queries, rounds
from review.settings import ReviewSettings

BATCH = 50  # events applied in one transaction during a burst (contest_kit.consumer)


class ReviewService(ContestService):
    name = "review"

    settings = SettingsProvider(ReviewSettings)

    @consumes(SUBMISSION_RECEIVED, batch=BATCH)
    def on_submission_received(self, change, event):
        handlers.take_submission(change, event)

    @consumes(TEAM_DISQUALIFIED)
    def on_team_disqualified(self, change, event):
        handlers.withdraw_team(change, event)

    @rpc
    def list_items(self, tenant, status=None, group=None, track=None, limit=None, cursor=None):
        return queries.list_items(self.command, tenant, status=status, group=group, track=track, limit=limit,
                                  cursor=cursor)

    @rpc
    def submit_score_sheet(self, tenant, project_id, data):
        return handlers.submit_score_sheet(self.command, tenant, project_id, data,
                                           self.settings.sheets_per_project, self.settings.divergence_spread)

    @rpc
    def reopen_score_sheet(self, tenant, project_id, expert_id, data):
        return handlers.reopen_score_sheet(self.command, tenant, project_id, expert_id, data)

    @rpc
    def define_round(self, tenant, code, data):
        return rounds.define_round(self.command, tenant, code, data)

    @rpc
    def close_round(self, tenant, code):
        return rounds.close_round(self.command, tenant, code)

    @rpc
    def list_rounds(self, tenant, limit=None, cursor=None):
        return rounds.list_rounds(self.command, tenant, limit=limit, cursor=cursor)

    @every("ROUND_CHECK_SECONDS", 10.0)
    def close_due_rounds(self):
        rounds.close_due(self.command)

    @rpc
    def keep_expert(self, tenant, expert_id, username, data):
        return experts.keep_expert(self.command, tenant, expert_id, username, data)

    @rpc
    def list_experts(self, tenant, limit=None, cursor=None):
        return experts.list_experts(self.command, tenant, limit=limit, cursor=cursor)

    @rpc
    def assign_experts(self, tenant, data):
        return assignments.assign_experts(self.command, tenant, data)

    @rpc
    def list_assignments(self, tenant, limit=None, cursor=None):
        return assignments.list_assignments(self.command, tenant, limit=limit, cursor=cursor)

    @rpc
    def list_recusals(self, tenant, limit=None, cursor=None):
        return assignments.list_recusals(self.command, tenant, limit=limit, cursor=cursor)

    @rpc
    def review_progress(self, tenant):
        return progress.review_progress(self.command, tenant)

    @rpc
    def commit_draw(self, tenant, data):
        return draws.commit_draw(self.command, tenant, data)

    @rpc
    def reveal_draw(self, tenant, draw_id, data):
        return draws.reveal_draw(self.command, tenant, draw_id, data)

    @rpc
    def get_draw(self, tenant, draw_id):
        return draws.get_draw(self.command, tenant, draw_id)

    @rpc
    def draw_timetable(self, tenant, draw_id, **query):
        return draws.draw_timetable(self.command, tenant, draw_id, **query)

    @rpc
    def list_draws(self, tenant, limit=None, cursor=None):
        return draws.list_draws(self.command, tenant, limit=limit, cursor=cursor)
