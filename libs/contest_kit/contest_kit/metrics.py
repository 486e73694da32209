"""Prometheus metrics the kit records for every service, and `/health` + `/metrics`."""
import json

from nameko.web.handlers import http
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest
from werkzeug.wrappers import Response

EVENTS_PUBLISHED = Counter("contest_events_published_total",
                           "Events published from the outbox", ["service", "type"])
EVENTS_UNROUTABLE = Counter("contest_events_unroutable_total",
                            "Events the broker returned for want of a queue; kept in the outbox",
                            ["service", "type"])
OUTBOX_PENDING = Gauge("contest_outbox_pending", "Outbox rows not yet published", ["service"])
EVENTS_HANDLED = Counter("contest_events_handled_total", "Events received by consumers",
                         ["service", "type", "outcome"])
EVENTS_PARKED = Counter("contest_events_parked_total", "Events parked for an operator",
                        ["service", "type"])
HANDLE_SECONDS = Histogram("contest_event_handle_seconds", "Time to apply one event",
                           ["service", "type"])
RPC_SECONDS = Histogram("contest_rpc_seconds", "Time to serve one RPC command",
                        ["service", "method"])


class Observable:
    """Mixin giving a nameko service `/health` (DB reachable) and `/metrics`.

    The service must have a `db` dependency (contest_kit.db.Database) and a `name`.
    """

    @http("GET", "/health")
    def health(self, request):
        try:
            self.db.ping()
        except Exception as exc:  # health must answer, whatever broke
            return _json(503, {"status": "down", "service": self.name, "db": str(exc)[:200]})
        return _json(200, {"status": "ok", "service": self.name})

    @http("GET", "/metrics")
    def metrics(self, request):
        return Response(generate_latest(), status=200, content_type=CONTENT_TYPE_LATEST)


def _json(status, body):
    return Response(json.dumps(body, ensure_ascii=False), status=status,
                    content_type="application/json; charset=utf-8")
