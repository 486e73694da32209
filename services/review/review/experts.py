"""A station's experts as review knows them: who they are, what they review, where they work and
worked, what they declared (001). The station's staff keep the profiles; recusal and assignment read
them (assignments.py)."""
from sqlalchemy import select

from contest_contracts.fields import PageQuery
from contest_contracts.review import Expert, ExpertProfile
from contest_contracts.vocabulary import COMMITTEE, STAFF, STATION_ADMIN
from contest_kit.boundary import load_arguments, load_or_refuse
from contest_kit.context import require
from contest_kit.paging import Keyset
from review import models

PROFILE, EXPERT, EXPERTS, QUERY = ExpertProfile(), Expert(), Expert(many=True), PageQuery()
ORDER = Keyset(models.Expert.id)
KEEPERS = (STATION_ADMIN, COMMITTEE)


def keep_expert(command, tenant, expert_id, username, data):
    """Create or replace the profile of the station's expert `expert_id` (the gateway checked that
    the account is one of the station's experts and gave its username).

    Records expert.profiled with the whole profile.
    """
    require(command.actor, tenant=tenant, roles=KEEPERS)
    profile = load_or_refuse(PROFILE, data)
    # kept as JSON: a date as its ISO text
    profile["units"] = [{**unit, "until": unit["until"] and unit["until"].isoformat()}
                        for unit in profile["units"]]
    with command.change(tenant) as change:
        row = change.session.scalar(select(models.Expert).where(models.Expert.expert_id == expert_id))
        if row is None:
            row = change.add(models.Expert(tenant=tenant, expert_id=expert_id, username=username, **profile))
        else:
            for name, value in {"username": username, **profile}.items():
                setattr(row, name, value)
        change.record("expert.profiled", {"expert_id": expert_id, "username": username, **profile})
        change.session.flush()
        return EXPERT.dump(row)


def list_experts(command, tenant, **arguments):
    """A page of the station's experts, in the order they were first profiled."""
    require(command.actor, tenant=tenant, roles=STAFF)
    query = load_arguments(QUERY, arguments)
    with command.read(tenant) as session:
        return ORDER.page(session, select(models.Expert), limit=query["limit"], cursor=query["cursor"],
                          total=True, dump=EXPERTS.dump)


def profiles(session):
    """Every expert of the session's tenant, in the order they were first profiled."""
    return session.scalars(select(models.Expert).order_by(models.Expert.id)).all()
