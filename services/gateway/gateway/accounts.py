"""Accounts and tokens, as a nameko dependency of the gateway."""
from nameko.extensions import DependencyProvider
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from contest_kit.context import ROLES
from contest_kit.db import Database
from contest_kit.errors import Conflict, NotFound, ValidationFailed
from gateway.domain.passwords import check_password, hash_password
from gateway.models import Account
from gateway.web import Tokens

# A stored hash to compare against when the username is unknown, so a wrong
# username costs as much time as a wrong password and reveals nothing.
_DUMMY_HASH = hash_password("no such account")


class Book:
    def __init__(self, store, tokens):
        self.store = store
        self.tokens = tokens

    def create(self, *, username, password, role, tenant, display_name, email=None):
        if role not in ROLES:
            raise ValidationFailed("unknown role", {"role": [f"one of {', '.join(ROLES)}"]})
        account = Account(username=username, password_hash=hash_password(password), role=role,
                          tenant=tenant, display_name=display_name, email=email)
        try:
            with self.store.session() as session:
                if session.scalar(select(Account.id).where(Account.username == username)):
                    raise Conflict("username taken", {"username": ["用户名已被占用 (taken)"]})
                session.add(account)
        except IntegrityError:
            raise Conflict("username taken", {"username": ["用户名已被占用 (taken)"]}) from None
        return account

    def authenticate(self, username, password):
        account = self.by_username(username)
        if account is None:
            check_password(password, _DUMMY_HASH)
            return None
        return account if check_password(password, account.password_hash) else None

    def by_username(self, username):
        with self.store.session() as session:
            return session.scalar(select(Account).where(Account.username == username))

    def get(self, account_id):
        with self.store.session() as session:
            account = session.get(Account, account_id)
        if account is None:
            raise NotFound("no such account")
        return account


class AccountBook(DependencyProvider):
    def setup(self):
        config = self.container.config
        self.tokens = Tokens(config.get("GATEWAY_SECRET", "dev-only-secret-change-me"),
                             config.get("TOKEN_TTL_SECONDS", 28800))

    def get_dependency(self, worker_ctx):
        database = next(d for d in self.container.dependencies if isinstance(d, Database))
        return Book(database.store, self.tokens)
