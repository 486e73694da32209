"""The STACK.md baselines: a bare nameko http entrypoint that answers "ok", and one that dispatches one event.

Run by bench/submission_burst.py beside the platform, on the same broker.
"""
from nameko.events import EventDispatcher
from nameko.web.handlers import http


class BaselineService:
    name = "baseline"

    dispatch = EventDispatcher()

    @http("GET", "/echo")
    def echo(self, request):
        return 200, "ok"

    @http("POST", "/dispatch")
    def dispatch_one(self, request):
        self.dispatch("something-happened", {"size": len(request.get_data())})
        return 201, "ok"
