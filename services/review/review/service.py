"""Review's entrypoints: one line each, the work is in handlers.py and queries.py."""
from contest_contracts.events import SUBMISSION_RECEIVED
from contest_kit.consumer import consumes
from contest_kit.service import ContestService, rpc
from contest_kit.settings import SettingsProvider
from review import handlers, queries
from review.settings import ReviewSettings

BATCH = 50  # events applied in one transaction during a burst (contest_kit.consumer)


class ReviewService(ContestService):
    name = "review"

    settings = SettingsProvider(ReviewSettings)

    @consumes(SUBMISSION_RECEIVED, batch=BATCH)
    def on_submission_received(self, change, event):
        handlers.take_submission(change, event)

    @rpc
    def list_items(self, tenant, status=None, group=None, track=None, limit=None, cursor=None):
        return queries.list_items(self.command, tenant, status=status, group=group, track=track, limit=limit,
                                  cursor=cursor)

    @rpc
    def submit_score_sheet(self, tenant, project_id, data):
        return handlers.submit_score_sheet(self.command, tenant, project_id, data,
                                           self.settings.sheets_per_project)
