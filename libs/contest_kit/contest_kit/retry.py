"""Retries and backoff, one way for the whole kit (tenacity).

- `attempts(delays)`: a bounded retry, waiting `delays[i]` after the i-th failure; the last
  failure propagates (the consumer then parks the event).
- `backoff()`: retry until the block succeeds or `running()` turns false, doubling the wait
  from `initial` up to `maximum` (the relay's and the mailer's polling loops).

Both are used as tenacity is: `for attempt in attempts(...): with attempt: work()`.
Sleeping goes through `time.sleep`, which is green once eventlet has patched it.
"""
import logging
import time

from tenacity import Retrying, stop_after_attempt, wait_chain, wait_exponential, wait_fixed

log = logging.getLogger(__name__)


def _sleep(seconds):
    time.sleep(seconds)  # looked up at call time: eventlet patches time.sleep after import


def _logger(what):
    def before_sleep(state):
        log.warning("%s failed (attempt %d), retrying in %.1fs: %s", what, state.attempt_number,
                    state.next_action.sleep, state.outcome.exception())
    return before_sleep


def attempts(delays, *, what="operation", sleep=_sleep):
    return Retrying(stop=stop_after_attempt(len(delays) + 1),
                    wait=wait_chain(*(wait_fixed(d) for d in delays)) if delays else wait_fixed(0),
                    sleep=sleep, reraise=True, before_sleep=_logger(what))


def backoff(*, what="loop", initial=0.5, maximum=10.0, running=lambda: True, sleep=_sleep):
    return Retrying(stop=lambda _state: not running(), wait=wait_exponential(multiplier=initial, max=maximum),
                    sleep=sleep, reraise=True, before_sleep=_logger(what))
