"""Readable logs that carry the correlation id of the request or event at hand."""
import logging

from contest_kit.context import current_correlation_id

FORMAT = "%(asctime)s %(levelname)-5s %(name)s [%(correlation_id)s] %(message)s"


class CorrelationFilter(logging.Filter):
    def filter(self, record):
        record.correlation_id = current_correlation_id() or "-"
        return True


def logging_config(level="INFO"):
    """A dictConfig for nameko's LOGGING key and for the CLI."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"correlation": {"()": "contest_kit.logs.CorrelationFilter"}},
        "formatters": {"plain": {"format": FORMAT}},
        "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain",
                                 "filters": ["correlation"]}},
        "root": {"level": level, "handlers": ["console"]},
        "loggers": {"kombu": {"level": "WARNING"}, "amqp": {"level": "WARNING"},
                    "nameko": {"level": "WARNING"}, "alembic": {"level": "WARNING"}},
    }
