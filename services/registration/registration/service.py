"""Registration's entrypoints: one line each, the work is in handlers.py and queries.py."""
from contest_contracts.events import AWARD_GRANTED, AWARD_REVOKED
from contest_kit.blobstore import Blobs
from contest_kit.consumer import consumes
from contest_kit.service import ContestService, every, rpc
from contest_kit.settings import SettingsProvider
from registration import committee, editions, freezes, handlers, imports, materials, queries, winners
from registration.settings import RegistrationSettings


class RegistrationService(ContestService):
    name = "registration"

    settings = SettingsProvider(RegistrationSettings)
    blobs = Blobs()

    @consumes(AWARD_GRANTED)
    def on_award_granted(self, change, event):
        winners.record_award(change, event)

    @consumes(AWARD_REVOKED)
    def on_award_revoked(self, change, event):
        winners.revoke_award(change, event)

    @rpc
    def define_edition(self, edition, data):
        return editions.define_edition(self.command, edition, data)

    @rpc
    def get_edition(self, edition):
        return editions.get_edition(self.command, edition)

    @rpc
    def define_station(self, tenant, data):
        return editions.define_station(self.command, tenant, data)

    @rpc
    def get_station(self, tenant):
        return editions.get_station(self.command, tenant)

    @rpc
    def import_prior_winners(self, edition, data):
        return winners.import_prior_winners(self.command, edition, data)

    @rpc
    def list_prior_winners(self, edition):
        return winners.list_prior_winners(self.command, edition)

    @rpc
    def register_team(self, tenant, data, request_id=None):
        return handlers.register_team(self.command, tenant, data, request_id, self.settings.person_key_secret)

    @rpc
    def import_teams(self, tenant, data):
        return imports.import_teams(self.command, tenant, data, self.settings.person_key_secret)

    @rpc
    def override_group(self, tenant, team_id, data):
        return committee.override_group(self.command, tenant, team_id, data)

    @rpc
    def disqualify(self, tenant, team_id, data):
        return committee.disqualify(self.command, tenant, team_id, data)

    @rpc
    def record_due_diligence(self, tenant, team_id, data):
        return committee.record_due_diligence(self.command, tenant, team_id, data)

    @rpc
    def request_upload(self, tenant, team_id, data):
        return materials.request_upload(self.command, tenant, team_id, data, self.blobs,
                                        self.settings.upload_url_seconds)

    @rpc
    def confirm_upload(self, tenant, team_id, upload_id):
        return materials.confirm_upload(self.command, tenant, team_id, upload_id, self.blobs)

    @rpc
    def team_materials(self, tenant, team_id):
        return materials.team_materials(self.command, tenant, team_id)

    @rpc
    def download_material(self, tenant, team_id, kind, version=None, stage=None):
        return materials.download(self.command, tenant, team_id, kind, self.blobs,
                                  self.settings.download_url_seconds, version=version, stage=stage)

    @every("FREEZE_CHECK_SECONDS", 10.0)
    def freeze_materials(self):
        freezes.freeze_due(self.command)

    @rpc
    def submit_project(self, tenant, team_id, data, request_id=None):
        return handlers.submit_project(self.command, tenant, team_id, data, request_id)

    @rpc
    def get_team(self, tenant, team_id):
        return queries.get_team(self.command, tenant, team_id)

    @rpc
    def list_teams(self, tenant, group=None, track=None, limit=None, cursor=None):
        return queries.list_teams(self.command, tenant, group=group, track=track, limit=limit, cursor=cursor)
