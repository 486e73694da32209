"""A station imports teams it registered by other means (a sheet of teams): each row is registered
by the same rules as a team's own registration, in a transaction of its own, so that valid rows land,
invalid rows come back with their reasons, and nothing is half-written. A row whose team is there
already (same name, same credit code) is reported unchanged: importing a sheet twice changes nothing.
"""
from sqlalchemy import select

from contest_contracts.registration import ImportReport, TeamForm, TeamImport
from contest_contracts.vocabulary import COMMITTEE, STATION_ADMIN
from contest_kit.boundary import load_or_refuse
from contest_kit.context import require
from contest_kit.errors import ContestError
from registration import models
from registration.domain.people import person_key
from registration.domain.uscc import normalise
from registration.handlers import register

TEAM_FORM, IMPORT, REPORT = TeamForm(), TeamImport(), ImportReport()


def import_teams(command, tenant, data, person_secret):
    """Register each row of `data` (`{"rows": [{"row", "team"}]}`) at the station.

    Each imported team belongs to no account yet (its owner is a key derived from the station and the
    team's name); its people are claimed as any team's, so a contact or representative already in a
    team of the edition is refused on that row. Emits
    team-registered and records team.registered (with the importing account) per created row.
    """
    actor = require(command.actor, tenant=tenant, roles=(STATION_ADMIN, COMMITTEE))
    batch = load_or_refuse(IMPORT, data)
    results = [_import_row(command, tenant, item, actor.id, person_secret) for item in batch["rows"]]
    counts = {status: sum(r["status"] == status for r in results) for status in ("created", "unchanged",
                                                                                  "refused")}
    return REPORT.dump({**counts, "rows": results})


def _import_row(command, tenant, item, importer, person_secret):
    number = item["row"]
    try:
        form = load_or_refuse(TEAM_FORM, item["team"])
        with command.change(tenant) as change:
            there = change.session.scalar(select(models.Team).where(models.Team.name == form["name"]))
            if there is not None and there.uscc == normalise(form["unit"]["uscc"]):
                return {"row": number, "status": "unchanged", "team_id": there.id}
            owner = "import:" + person_key(person_secret, f"team:{tenant}:{form['name']}")[:40]
            team = register(change, form, owner_id=owner, person_secret=person_secret, imported_by=importer)
            return {"row": number, "status": "created", "team_id": team.id}
    except ContestError as refused:
        _message, fields, codes = refused.args
        return {"row": number, "status": "refused", "fields": fields, "codes": codes}
