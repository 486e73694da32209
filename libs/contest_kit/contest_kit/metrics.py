"""Prometheus metrics the kit records for every service (exposed by contest_kit.service)."""
from prometheus_client import Counter, Gauge, Histogram

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
