"""RPC through the kit: results, errors and what cannot be serialised reach the caller; replies
leave nothing behind on the broker (transient, read without acknowledgements)."""
import subprocess

import pytest
from nameko.exceptions import RemoteError
from nameko.testing.services import entrypoint_hook

from contest_kit.errors import Conflict
from contest_kit.replies import ServiceProxy
from contest_kit.service import rpc


class Answering:
    name = "answering"

    @rpc
    def page(self, size):
        return {"items_json": "[" + ",".join(["{}"] * size) + "]", "next": None, "total": size}

    @rpc
    def refuse(self):
        raise Conflict("already there")

    @rpc
    def unsendable(self):
        return object()


class Asking:
    name = "asking"
    answering = ServiceProxy("answering")

    @rpc
    def ask(self, method, *args):
        return getattr(self.answering, method)(*args)


def queues(vhost):
    """name -> (messages ready, messages unacknowledged, durable) of the vhost's queues."""
    listed = subprocess.run(["rabbitmqctl", "-q", "list_queues", "-p", vhost, "--no-table-headers",
                             "name", "messages_ready", "messages_unacknowledged", "durable"],
                            capture_output=True, text=True, check=True).stdout
    rows = [line.split("\t") for line in listed.splitlines() if line.strip()]
    return {name: (int(ready), int(unacked), durable) for name, ready, unacked, durable in rows}


def test_results_errors_and_unsendable_results_reach_the_caller(container_factory, rabbit_config):
    container_factory(Answering, rabbit_config).start()
    asking = container_factory(Asking, rabbit_config)
    asking.start()

    with entrypoint_hook(asking, "ask") as ask:
        answers = [ask("page", size) for size in (0, 50, 2000)]
        with pytest.raises(Conflict, match="already there"):  # the kit's errors travel as themselves
            ask("refuse")
        with pytest.raises(RemoteError) as unsendable:
            ask("unsendable")

    assert [answer["total"] for answer in answers] == [0, 50, 2000]
    assert answers[2]["items_json"].count("{}") == 2000
    assert unsendable.value.exc_type == "UnserializableValueError"


def test_a_burst_of_calls_leaves_no_reply_waiting_or_unacknowledged(container_factory, rabbit_config):
    container_factory(Answering, rabbit_config).start()
    asking = container_factory(Asking, rabbit_config)
    asking.start()

    with entrypoint_hook(asking, "ask") as ask:
        assert [ask("page", n)["total"] for n in range(100)] == list(range(100))

    reply_queues = {name: state for name, state in queues(rabbit_config["VHOST"]).items()
                    if name.startswith("rpc.reply-asking")}
    assert len(reply_queues) == 1
    assert list(reply_queues.values())[0][:2] == (0, 0)
