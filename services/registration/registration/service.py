"""Registration's entrypoints: one line each, the work is in handlers.py and queries.py."""
from contest_kit.blobstore import Blobs
from contest_kit.service import ContestService, rpc
from contest_kit.settings import SettingsProvider
from registration import handlers, queries
from registration.settings import RegistrationSettings


class RegistrationService(ContestService):
    name = "registration"

    settings = SettingsProvider(RegistrationSettings)
    blobs = Blobs()

    @rpc
    def register_team(self, tenant, data, request_id=None):
        return handlers.register_team(self.command, tenant, data, request_id)

    @rpc
    def upload_material(self, tenant, team_id, kind, filename, content_b64):
        return handlers.upload_material(self.command, tenant, team_id, kind, filename, content_b64,
                                        self.blobs)

    @rpc
    def submit_project(self, tenant, team_id, data, request_id=None):
        return handlers.submit_project(self.command, tenant, team_id, data, request_id)

    @rpc
    def get_team(self, tenant, team_id):
        return queries.get_team(self.command, tenant, team_id)

    @rpc
    def list_teams(self, tenant, group=None, track=None, limit=None, cursor=None):
        return queries.list_teams(self.command, tenant, group=group, track=track, limit=limit, cursor=cursor)
