"""A local stand-in for Microsoft's Bot Framework service, for offline tests of the Teams channel.

It serves what the channel talks to, on 127.0.0.1:
- OpenID metadata and a JWKS with a locally generated RSA key (over HTTP; can be "down");
- an Entra ID-like token authority for the bot's tenant (over HTTPS with a self-signed
  certificate, because MSAL only accepts https authorities);
- a Bot Connector that records every activity the bot posts, with its Authorization header,
  and can answer with queued failures (429, 500, ...) before it accepts one;
- a token endpoint that can hang until released.
It also signs tokens the way the Bot Framework does, and can sign bad ones on request.
Replies are sent in the background, so tests wait for them with `wait_for_messages`.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple
from urllib.parse import unquote

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from jwt.algorithms import RSAAlgorithm

ISSUER = "https://api.botframework.com"
KEY_ID = "fake-key-1"
WEBCHAT_KEY_ID = "fake-webchat-key"  # a key endorsed for Web Chat only, not for Teams
WAIT_LIMIT = 60  # seconds to wait for a background reply; a guard, not a speed test


class LoopThread:
    """An asyncio loop in a background thread: servers live there, tests stay synchronous."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coro: Any, timeout: float = 120) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def self_signed_certificate(key: rsa.RSAPrivateKey, directory: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 that the test trusts directly (REQUESTS_CA_BUNDLE)."""
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-login.local")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5))
            .not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.DNSName("localhost")]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = directory / "fake-login.crt", directory / "fake-login.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@dataclass
class Posted:
    """One activity the bot posted to the connector."""

    conversation_id: str
    reply_to_path: Optional[str]  # the activity id in .../activities/{id}, if any
    authorization: str
    activity: Dict[str, Any]


@dataclass
class FakeBotFramework:
    app_id: str
    tenant_id: str
    workdir: Path
    signing_key: rsa.RSAPrivateKey = field(default_factory=new_rsa_key)
    webchat_key: rsa.RSAPrivateKey = field(default_factory=new_rsa_key)
    metadata_up: bool = True
    posted: List[Posted] = field(default_factory=list)
    token_requests: List[Dict[str, str]] = field(default_factory=list)
    #: (status, headers) the connector answers, in order, before it accepts an activity.
    connector_failures: List[Tuple[int, Dict[str, str]]] = field(default_factory=list)
    connector_attempts: int = 0
    token_hangs: bool = False  # the token endpoint answers only once this is False again
    http_url: str = ""
    https_url: str = ""
    ca_file: Optional[Path] = None

    # -- URLs the channel is configured with -------------------------------------------
    @property
    def metadata_url(self) -> str:
        return f"{self.http_url}/v1/.well-known/openidconfiguration"

    @property
    def login_url(self) -> str:
        return self.https_url

    @property
    def service_url(self) -> str:
        return f"{self.http_url}/teams/"

    # -- tokens the "channel" sends to the bot ------------------------------------------
    def token(self, *, issuer: str = ISSUER, audience: Optional[str] = None,
              service_url: Optional[str] = None, expires_in: int = 3600,
              key: Optional[rsa.RSAPrivateKey] = None, kid: str = KEY_ID,
              algorithm: str = "RS256", expires: bool = True) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience or self.app_id,
                  "serviceurl": service_url or self.service_url,
                  "nbf": now - 60, "iat": now - 60, "exp": now + expires_in}
        if not expires:
            del claims["exp"]
        if algorithm == "none":
            return jwt.encode(claims, None, algorithm="none", headers={"kid": kid})
        return jwt.encode(claims, key or self.signing_key, algorithm=algorithm,
                          headers={"kid": kid})

    # -- the fake service --------------------------------------------------------------
    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._tenant_metadata)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_post("/teams/v3/conversations/{conversation}/activities", self._activity)
        app.router.add_post("/teams/v3/conversations/{conversation}/activities/{reply_to}",
                            self._activity)
        return app

    async def _metadata(self, request: web.Request) -> web.Response:
        if not self.metadata_up:
            return web.Response(status=503, text="down")
        return web.json_response({"issuer": ISSUER, "jwks_uri": f"{self.http_url}/v1/.well-known/keys",
                                  "id_token_signing_alg_values_supported": ["RS256"]})

    async def _keys(self, request: web.Request) -> web.Response:
        if not self.metadata_up:
            return web.Response(status=503, text="down")
        jwk = RSAAlgorithm.to_jwk(self.signing_key.public_key(), as_dict=True)
        jwk.update({"kid": KEY_ID, "use": "sig", "endorsements": ["msteams", "webchat"]})
        webchat = RSAAlgorithm.to_jwk(self.webchat_key.public_key(), as_dict=True)
        webchat.update({"kid": WEBCHAT_KEY_ID, "use": "sig", "endorsements": ["webchat"]})
        return web.json_response({"keys": [jwk, webchat]})

    async def _tenant_metadata(self, request: web.Request) -> web.Response:
        base = f"{self.https_url}/{request.match_info['tenant']}"
        return web.json_response({
            "issuer": f"{base}/v2.0",
            "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
            "token_endpoint": f"{base}/oauth2/v2.0/token"})

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        form["tenant"] = request.match_info["tenant"]
        deadline = time.monotonic() + WAIT_LIMIT
        while self.token_hangs and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        self.token_requests.append(form)
        return web.json_response({"token_type": "Bearer", "expires_in": 3600, "ext_expires_in": 3600,
                                  "access_token": f"bot-token-{len(self.token_requests)}"})

    async def _activity(self, request: web.Request) -> web.Response:
        activity = await request.json()
        if activity.get("type") == "message":  # failures are for messages, not typing
            self.connector_attempts += 1
            if self.connector_failures:
                status, headers = self.connector_failures.pop(0)
                return web.Response(status=status, headers=headers, text="connector failure")
        self.posted.append(Posted(
            conversation_id=unquote(request.match_info["conversation"]),
            reply_to_path=request.match_info.get("reply_to"),
            authorization=request.headers.get("Authorization", ""),
            activity=activity))
        return web.json_response({"id": f"reply-{len(self.posted)}"})

    # -- what the bot sent ----------------------------------------------------------------
    def messages(self) -> List[Posted]:
        """The message activities posted (typing indicators left out)."""
        return [p for p in self.posted if p.activity.get("type") == "message"]

    def wait_for_messages(self, count: int, limit: float = WAIT_LIMIT) -> List[Posted]:
        """The first `count` messages once they have arrived (replies are sent in the background)."""
        deadline = time.monotonic() + limit
        while len(self.messages()) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.messages()[:count] if len(self.messages()) >= count else self.messages()

    def reset(self) -> None:
        self.posted.clear()
        self.connector_failures.clear()
        self.connector_attempts = 0
        self.token_hangs = False

    async def start(self) -> None:
        cert, key = self_signed_certificate(new_rsa_key(), self.workdir)
        self.ca_file = cert
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)
        self._runner = web.AppRunner(self._app(), access_log=None)
        await self._runner.setup()
        plain = web.TCPSite(self._runner, "127.0.0.1", 0)
        secure = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=context)
        await plain.start()
        await secure.start()
        self.http_url = f"http://127.0.0.1:{plain._server.sockets[0].getsockname()[1]}"
        self.https_url = f"https://127.0.0.1:{secure._server.sockets[0].getsockname()[1]}"

    async def stop(self) -> None:
        await self._runner.cleanup()
