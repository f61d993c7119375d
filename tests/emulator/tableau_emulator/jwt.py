"""Connected-app JWTs the emulator's seeded app accepts, for tests that sign in with ``jwt``."""

import base64
import hashlib
import hmac
import json
import time
import uuid

SEED_APP = {"client_id": "emulator-client", "secret_id": "emulator-secret-id", "secret_value": "emulator-secret-value"}


def _b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def connected_app_jwt(user, secret=SEED_APP["secret_value"], expires_in=300, app=None, jti=None,
                      scopes=("tableau:projects:*",)):
    """An HS256 JWT for ``user`` from the connected app ``app`` (the seed's, by default); each has its own jti."""
    app = app or SEED_APP
    header = _b64(json.dumps({"alg": "HS256", "typ": "JWT", "kid": app["secret_id"],
                              "iss": app["client_id"]}).encode())
    payload = _b64(json.dumps({"iss": app["client_id"], "sub": user, "aud": "tableau", "jti": str(uuid.uuid4()) if jti is None else jti,
                               "exp": int(time.time()) + expires_in,
                               "scp": list(scopes) if isinstance(scopes, (list, tuple)) else scopes}).encode())
    signature = hmac.new(secret.encode(), ("%s.%s" % (header, payload)).encode(), hashlib.sha256).digest()
    return "%s.%s.%s" % (header, payload, _b64(signature))
