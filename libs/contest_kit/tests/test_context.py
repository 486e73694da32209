import pytest

from contest_contracts.i18n import use_locale
from contest_kit.context import Actor, Call, CallContext, current_correlation_id, require
from contest_kit.errors import Forbidden, Unauthenticated


@pytest.mark.parametrize("actor", [Actor("u-1", "station_admin", "2023-ningbo"), Actor("u-2", "committee")])
def test_actor_round_trips_through_the_worker_context(actor):
    data = actor.as_context()

    assert Actor.from_context(data) == actor


def test_actor_as_context_is_what_nameko_forwards_as_headers():
    assert Actor("u-1", "expert", "2023-ningbo").as_context() == {
        "actor_id": "u-1", "actor_role": "expert", "actor_tenant": "2023-ningbo"}


@pytest.mark.parametrize("data", [{}, {"actor_id": "u-1"}, {"actor_role": "expert"},
                                  {"actor_id": "", "actor_role": "expert"}])
def test_actor_from_context_without_an_identity_is_none(data):
    assert Actor.from_context(data) is None


def _refusal(locale, actor, **rule):
    with use_locale(locale), pytest.raises((Unauthenticated, Forbidden)) as caught:
        require(actor, **rule)
    return type(caught.value).__name__, caught.value.message


@pytest.mark.parametrize(("locale", "message"), [(None, "需要登录"), ("en", "authentication required")])
def test_require_refuses_no_actor_as_unauthenticated(locale, message):
    assert _refusal(locale, None, tenant="2023-ningbo", roles=("applicant",)) == ("Unauthenticated", message)


@pytest.mark.parametrize(("locale", "message"), [(None, "角色 applicant 无权执行此操作"),
                                                 ("en", "role applicant may not do this")])
def test_require_refuses_a_role_not_listed(locale, message):
    actor = Actor("u-1", "applicant", "2023-ningbo")

    assert _refusal(locale, actor, tenant="2023-ningbo", roles=("expert", "station_admin")) == (
        "Forbidden", message)


@pytest.mark.parametrize(("locale", "message"), [(None, "无权访问赛站 2023-wuhan"),
                                                 ("en", "not allowed in tenant 2023-wuhan")])
def test_require_refuses_another_tenant(locale, message):
    actor = Actor("u-1", "station_admin", "2023-ningbo")

    assert _refusal(locale, actor, tenant="2023-wuhan", roles=("station_admin",)) == ("Forbidden", message)


@pytest.mark.parametrize("role", ["committee", "operator"])
def test_require_lets_national_roles_act_in_any_tenant(role):
    actor = Actor("u-9", role, "2023-national")

    assert require(actor, tenant="2023-wuhan", roles=(role,)) is actor


def test_require_accepts_an_actor_in_its_own_tenant():
    actor = Actor("u-1", "applicant", "2023-ningbo")

    assert require(actor, tenant="2023-ningbo", roles=("applicant",)) is actor


def test_require_refuses_an_actor_without_tenant_in_a_tenant():
    actor = Actor("u-1", "expert")

    with pytest.raises(Forbidden):
        require(actor, tenant="2023-ningbo")


class _WorkerContext:
    def __init__(self, data):
        self.data = data


def test_call_bind_puts_actor_and_correlation_id_in_the_context():
    ctx = _WorkerContext({})
    call = Call(ctx)

    call.bind(actor=Actor("u-1", "expert", "2023-ningbo"), correlation_id="corr-7")

    assert (call.actor, call.correlation_id, current_correlation_id()) == (
        Actor("u-1", "expert", "2023-ningbo"), "corr-7", "corr-7")


def test_call_context_keeps_a_forwarded_correlation_id_and_clears_it_after():
    ctx = _WorkerContext({"correlation_id": "from-gateway"})
    provider = CallContext()

    provider.worker_setup(ctx)
    during = (provider.get_dependency(ctx).correlation_id, current_correlation_id())
    provider.worker_teardown(ctx)

    assert during == ("from-gateway", "from-gateway")
    assert current_correlation_id() is None
