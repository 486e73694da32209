"""Accounts, tokens and login throttling, as a nameko dependency of the gateway."""
from nameko.extensions import DependencyProvider
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest_contracts.vocabulary import ROLES
from contest_kit.db import DatabaseEngine
from contest_kit.errors import Conflict, NotFound, Unauthenticated, ValidationFailed
from gateway.domain.passwords import check_password, hash_password
from gateway.i18n import _
from gateway.models import Account
from gateway.settings import GatewaySettings
from gateway.throttle import LoginThrottle
from gateway.tokens import Tokens

# A stored hash to compare against when the username is unknown, so a wrong
# username costs as much time as a wrong password and reveals nothing.
_DUMMY_HASH = hash_password("no such account")


class Book:
    def __init__(self, store, tokens, throttle):
        self.store = store
        self.tokens = tokens
        self.throttle = throttle

    def create(self, *, username, password, role, tenant, display_name, email=None):
        if role not in ROLES:
            raise ValidationFailed(_("unknown role"), {"role": [", ".join(ROLES)]})
        account = Account(username=username, password_hash=hash_password(password), role=role,
                          tenant=tenant, display_name=display_name, email=email)
        taken = Conflict(_("username taken"), {"username": [_("This username is taken")]})
        try:
            with self.store.session() as session:
                if session.scalar(select(Account.id).where(Account.username == username)):
                    raise taken
                session.add(account)
        except IntegrityError:
            raise taken from None
        return account

    def log_in(self, username, password, address):
        """The account, or 401; 429 while this username or address has failed too often."""
        self.throttle.check(username, address)
        account = self.by_username(username)
        matches, rehash = check_password(password, account.password_hash if account else _DUMMY_HASH)
        if account is None or not matches:
            self.throttle.failed(username, address)
            raise Unauthenticated(_("wrong username or password"))
        if rehash:  # an older hash (scrypt, or weaker argon2 parameters): replace it now we know the password
            with self.store.session() as session:
                session.get(Account, account.id).password_hash = hash_password(password)
        return account

    def by_username(self, username):
        with self.store.session() as session:
            return session.scalar(select(Account).where(Account.username == username))

    def get(self, account_id):
        with self.store.session() as session:
            account = session.get(Account, account_id)
        if account is None:
            raise NotFound(_("no such account"))
        return account


class AccountBook(DependencyProvider):
    database = DatabaseEngine()

    def setup(self):
        settings = GatewaySettings.from_config(self.container.config)
        self.tokens = Tokens(settings.gateway_secret, settings.token_ttl_seconds)
        self.throttle = LoginThrottle(settings.login_failures_per_account,
                                      settings.login_failures_per_address,
                                      settings.rate_limit_storage)

    def get_dependency(self, worker_ctx):
        return Book(self.database.store, self.tokens, self.throttle)
