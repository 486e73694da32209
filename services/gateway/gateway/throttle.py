"""Login throttling (the `limits` library): failed logins are counted per username and per
client address in a moving window; past either limit the gateway answers 429 with Retry-After.

Only failures count, so a user who types the right password is never slowed down by others
guessing at the same name from elsewhere for long: the window moves on.
"""
import math
import time

from limits import parse, storage, strategies

from contest_kit.errors import TooManyRequests
from gateway.i18n import _


class LoginThrottle:
    def __init__(self, per_account, per_address, storage_uri="memory://"):
        self.limiter = strategies.MovingWindowRateLimiter(storage.storage_from_string(storage_uri))
        self.limits = (("login-account", parse(per_account)), ("login-address", parse(per_address)))

    def _keys(self, username, address):
        keys = (username, address)
        return ((name, limit, key) for (name, limit), key in zip(self.limits, keys, strict=True))

    def check(self, username, address):
        """Refuse while `username` or `address` has failed too often lately."""
        for name, limit, key in self._keys(username, address):
            if not self.limiter.test(limit, name, key):
                reset_at, _remaining = self.limiter.get_window_stats(limit, name, key)
                raise TooManyRequests(_("too many failed logins; try again later"),
                                      retry_after=max(1, math.ceil(reset_at - time.time())))

    def failed(self, username, address):
        for name, limit, key in self._keys(username, address):
            self.limiter.hit(limit, name, key)
