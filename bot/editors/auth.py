"""Sign-in and cross-site request protection for the review page.

The page is off unless `PATHWAY_EDITORS_SECRET` is set (at least 16 characters). An editor
signs in with that secret; the page then sets a session cookie holding when it was issued and
an HMAC-SHA256 signature of it made with the secret (HttpOnly, SameSite=Strict, Secure when
the page is reached over HTTPS, limited to /editors/). Sessions last `SESSION_HOURS`; changing
the secret ends every session at once.

Every form carries a token derived from the session (HMAC of the cookie with the secret), and
a POST is refused (403) without it, or when the browser says it comes from another origin
(`Origin`, else `Referer`). A wrong secret waits a second before its 401, so guessing is slow.
Only standard-library HMAC is used: no tokens for other services are made or read here (a
force's single sign-on goes in front, at the reverse proxy: README, "For editors").
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
import time
from typing import Optional
from urllib.parse import urlsplit

SECRET_ENV = "PATHWAY_EDITORS_SECRET"
MIN_SECRET_CHARS = 16
COOKIE = "pathway_editors"
SESSION_HOURS = 8
WRONG_SECRET_DELAY = 1.0


class NotConfigured(RuntimeError):
    """The page is off: no secret, or one too short to keep anyone out."""


def secret_from_environment() -> str:
    secret = os.environ.get(SECRET_ENV, "")
    if not secret:
        raise NotConfigured(
            f"The editors' review page is off: set {SECRET_ENV} (a random secret of at least "
            f"{MIN_SECRET_CHARS} characters, e.g. `openssl rand -hex 24`) to turn it on.")
    if len(secret) < MIN_SECRET_CHARS:
        raise NotConfigured(f"{SECRET_ENV} is too short: use at least {MIN_SECRET_CHARS} "
                            "random characters.")
    return secret


class Keys:
    """What the page signs with its secret: sessions, form tokens and notices."""

    def __init__(self, secret: str) -> None:
        self._secret = secret.encode("utf-8")

    def _sign(self, purpose: str, value: str) -> str:
        return hmac.new(self._secret, f"{purpose}:{value}".encode("utf-8"),
                        hashlib.sha256).hexdigest()

    def right_secret(self, given: str) -> bool:
        return hmac.compare_digest(given.encode("utf-8", "replace"), self._secret)

    def new_session(self, now: Optional[float] = None) -> str:
        value = f"{int(time.time() if now is None else now)}.{secrets.token_hex(8)}"
        return f"{value}.{self._sign('session', value)}"

    def valid_session(self, cookie: Optional[str], now: Optional[float] = None) -> bool:
        if not cookie or cookie.count(".") != 2 or len(cookie) > 200:
            return False
        value, signature = cookie.rsplit(".", 1)
        if not hmac.compare_digest(signature, self._sign("session", value)):
            return False
        issued = int(value.split(".", 1)[0])
        age = (time.time() if now is None else now) - issued
        return 0 <= age < SESSION_HOURS * 3600

    def form_token(self, cookie: str) -> str:
        return self._sign("form", cookie)[:32]

    def valid_form_token(self, cookie: str, token: Optional[str]) -> bool:
        return bool(token) and hmac.compare_digest(str(token), self.form_token(cookie))

    def notice_signature(self, notice: str) -> str:
        return self._sign("notice", notice)[:16]


def same_origin(origin: Optional[str], referer: Optional[str], host: str) -> bool:
    """Whether a POST comes from this page: its Origin (else Referer) names this host. A
    request that sends neither (not a browser) is let through to the form token check."""
    if origin == "null":  # an opaque origin: a sandboxed frame or a redirect from elsewhere
        return False
    claimed = origin or referer
    return not claimed or urlsplit(claimed).netloc.lower() == host.lower()
