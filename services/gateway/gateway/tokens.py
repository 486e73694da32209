"""Bearer tokens: signed, expiring, read from the Authorization header."""
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from contest_kit.context import Actor
from contest_kit.errors import Unauthenticated
from gateway.i18n import _


class Tokens:
    def __init__(self, secret, ttl_seconds):
        self.serializer = URLSafeTimedSerializer(secret, salt="contest-access-token")
        self.ttl = int(ttl_seconds)

    def issue(self, account):
        return self.serializer.dumps({"sub": account.id, "role": account.role, "tenant": account.tenant})

    def actor(self, request):
        header = request.headers.get("Authorization", "")
        if not header:
            return None
        scheme, _sep, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise Unauthenticated(_("use an Authorization: Bearer <token> header"))
        try:
            claims = self.serializer.loads(token, max_age=self.ttl)
        except SignatureExpired:
            raise Unauthenticated(_("token expired")) from None
        except BadSignature:
            raise Unauthenticated(_("invalid token")) from None
        return Actor(id=claims["sub"], role=claims["role"], tenant=claims.get("tenant"))
