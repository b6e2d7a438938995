"""Bot Framework authentication for the Teams channel, both ways, without blocking the loop.

Incoming: Microsoft's `botframework-connector` validates the JWT from the header alone, before
the body is read (issuer, signature, expiry, which must be there, the key's `msteams`
endorsement, audience = our app id); once the body is parsed, the token's `serviceurl` claim
must be the activity's serviceUrl, its channelId `msteams` and its tenant the bot's.
The library fetches signing keys with blocking `requests` calls and cannot find a rotated
key until its daily refresh, so `OpenIdKeys` takes that job: it is placed in the library's
own metadata cache (`JwtTokenExtractor.metadataCache`) and fetches with aiohttp, refreshes
daily or on an unknown key id, and reports "no keys yet" so the webhook can answer 503.

Outgoing: the library's `MicrosoftAppCredentials` / `CertificateAppCredentials` (MSAL) get
a token from the bot's own tenant, cached by MSAL until it expires; MSAL is synchronous, so
it runs in a worker thread, bounded by TEAMS_TOKEN_TIMEOUT_SECONDS.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional
from urllib.parse import urlparse

import aiohttp
import msal
from botframework.connector.auth import (
    AppCredentials,
    AuthenticationConfiguration,
    CertificateAppCredentials,
    ChannelValidation,
    ClaimsIdentity,
    GovernmentChannelValidation,
    JwtTokenValidation,
    MicrosoftAppCredentials,
    SimpleCredentialProvider,
)
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from jwt.algorithms import RSAAlgorithm
from msal.authority import WELL_KNOWN_AUTHORITY_HOSTS

from bot.rasa_server.channels.teams_config import TeamsConfig

logger = logging.getLogger(__name__)

KEYS_MAX_AGE = 24 * 3600  # Microsoft's guidance: refresh the key list daily
FETCH_TIMEOUT = aiohttp.ClientTimeout(total=10)
BACKOFF_MAX = 300.0


class Unauthorized(Exception):
    """The request is not from the Bot Framework for this bot: answer 401, do nothing."""


class Forbidden(Exception):
    """A genuine Bot Framework request, but not for this bot's Teams tenant: answer 403."""


class TokenUnavailable(Exception):
    """No Bot Connector token within the bound: the reply is not sent (logged)."""


class KeysUnavailable(Exception):
    """Signing keys have never loaded, so no request can be checked yet: answer 503."""


@dataclass(frozen=True)
class SigningKey:
    """What the library's JwtTokenExtractor reads from a metadata lookup."""

    public_key: Any
    endorsements: List[str] = field(default_factory=list)


class OpenIdKeys:
    """The Bot Framework's signing keys, fetched from its OpenID metadata with aiohttp."""

    def __init__(self, metadata_url: str, retry_seconds: float = 30.0) -> None:
        self.metadata_url = metadata_url
        self.retry_seconds = retry_seconds
        self.keys: Dict[str, Dict[str, Any]] = {}
        self.loaded_at = float("-inf")
        self.attempted_at = float("-inf")
        self._lock: Optional[asyncio.Lock] = None

    @property
    def loaded(self) -> bool:
        return bool(self.keys)

    async def refresh(self) -> None:
        """Fetch metadata then the JWKS; keeps the old keys if this fails."""
        self.attempted_at = time.monotonic()
        async with aiohttp.ClientSession(timeout=FETCH_TIMEOUT) as session:
            async with session.get(self.metadata_url) as response:
                response.raise_for_status()
                jwks_uri = (await response.json(content_type=None))["jwks_uri"]
            async with session.get(jwks_uri) as response:
                response.raise_for_status()
                keys = (await response.json(content_type=None))["keys"]
        self.keys = {key["kid"]: key for key in keys if key.get("kid")}
        self.loaded_at = time.monotonic()
        logger.info("Loaded %d Bot Framework signing keys.", len(self.keys))

    async def try_refresh(self, min_interval: float) -> bool:
        """Refresh unless one was tried less than `min_interval` seconds ago; one at a time."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            if time.monotonic() - self.attempted_at < min_interval:
                return False
            try:
                await self.refresh()
                return True
            except Exception as error:  # network, HTTP status or malformed documents
                logger.warning("Could not load Bot Framework keys from %s: %r",
                               self.metadata_url, error)
                return False

    async def keep_loaded(self) -> None:
        """Background task: load at start-up with backoff, then refresh daily."""
        delay = 1.0
        while True:
            if await self.try_refresh(0):
                delay = 1.0
                await asyncio.sleep(KEYS_MAX_AGE)
            else:
                await asyncio.sleep(delay)
                delay = min(delay * 2, BACKOFF_MAX)

    async def get(self, key_id: Optional[str]) -> SigningKey:
        """The lookup the library calls while validating a token."""
        if not self.keys:
            await self.try_refresh(self.retry_seconds)
            if not self.keys:
                raise KeysUnavailable("Bot Framework signing keys are not loaded yet.")
        if time.monotonic() - self.loaded_at > KEYS_MAX_AGE:
            await self.try_refresh(self.retry_seconds)
        if key_id not in self.keys and time.monotonic() - self.loaded_at > self.retry_seconds:
            await self.try_refresh(self.retry_seconds)  # keys may have rotated
        key = self.keys.get(key_id or "")
        if key is None:
            raise Unauthorized(f"Unknown signing key {key_id!r}.")
        return SigningKey(RSAAlgorithm.from_jwk(json.dumps(key)), key.get("endorsements", []))


class RequestAuthenticator:
    """Checks an incoming request with the connector library, in two steps.

    `authenticate` needs only the Authorization header, so it runs before the body is read:
    signature, issuer, audience, expiry (required), and the `msteams` endorsement of the
    signing key. `check_activity` then ties the token to the activity it came with: the
    token's serviceurl claim, channelId `msteams`, and (single-tenant) the bot's tenant."""

    def __init__(self, config: TeamsConfig, keys: OpenIdKeys) -> None:
        self.config = config
        self.keys = keys
        self.credentials = SimpleCredentialProvider(config.app_id, "")
        self.auth_configuration = AuthenticationConfiguration(
            required_endorsements=[TEAMS_CHANNEL], claims_validator=require_expiry)
        self.validation = GovernmentChannelValidation if config.cloud.government else ChannelValidation

    def _use_our_keys(self) -> None:
        # Read synchronously by the library before its first await, so setting them just
        # before each call is safe even if several channels live in one process.
        url = self.config.cloud.openid_metadata_url
        if self.validation is ChannelValidation:
            ChannelValidation.open_id_metadata_endpoint = url
        else:
            GovernmentChannelValidation.OPEN_ID_METADATA_ENDPOINT = url
        JwtTokenExtractor.metadataCache[url] = self.keys

    async def authenticate(self, auth_header: Optional[str]) -> ClaimsIdentity:
        """The token's identity, checked without the request body."""
        if not auth_header or not JwtTokenValidation.is_valid_token_format(auth_header):
            raise Unauthorized("No Bearer token.")
        self._use_our_keys()
        try:
            # channel_id "msteams": the key must be endorsed for Teams, whatever the body says.
            identity = await self.validation.authenticate_channel_token(
                auth_header, self.credentials, TEAMS_CHANNEL, self.auth_configuration)
            await JwtTokenValidation.validate_claims(self.auth_configuration, identity.claims)
        except (KeysUnavailable, Unauthorized):
            raise
        except Exception as error:  # the library raises PermissionError, jwt errors, ...
            raise Unauthorized(str(error) or type(error).__name__) from error
        return identity

    def check_activity(self, identity: ClaimsIdentity, activity: Mapping[str, Any]) -> None:
        """The activity is the one the token was issued for, from Teams, in our tenant."""
        service_url = activity.get("serviceUrl")
        if not service_url or identity.get_claim_value(SERVICE_URL_CLAIM) != service_url:
            raise Unauthorized("The token was issued for another serviceUrl.")
        if activity.get("channelId") != TEAMS_CHANNEL:
            raise Forbidden(f"channelId {activity.get('channelId')!r} is not {TEAMS_CHANNEL!r}.")
        if self.config.multi_tenant:
            return
        tenant = activity_tenant(activity)
        if tenant != self.config.tenant_id:
            raise Forbidden(f"The activity is from tenant {tenant!r}, not the bot's tenant.")


TEAMS_CHANNEL = "msteams"
SERVICE_URL_CLAIM = ChannelValidation.SERVICE_URL_CLAIM


async def require_expiry(claims: Mapping[str, Any]) -> None:
    """The library checks `exp` only when present; a token that never expires is refused."""
    if not isinstance(claims.get("exp"), (int, float)):
        raise PermissionError("The token has no expiry (exp).")


def activity_tenant(activity: Mapping[str, Any]) -> Optional[str]:
    """The tenant Teams says the activity is from (channelData.tenant.id)."""
    channel_data = activity.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, Mapping) else None
    return tenant.get("id") if isinstance(tenant, Mapping) else None


def app_credentials(config: TeamsConfig) -> AppCredentials:
    """The library's credentials for the bot's own tenant (single-tenant bots need this).

    Nothing here touches the network: MSAL looks its authority up when first used."""
    if config.app_password:
        credentials: AppCredentials = MicrosoftAppCredentials(
            config.app_id, config.app_password, channel_auth_tenant=config.tenant_id,
            oauth_scope=config.cloud.oauth_scope)
    else:
        credentials = CertificateAppCredentials(
            config.app_id, config.certificate_thumbprint, config.certificate_key,
            channel_auth_tenant=config.tenant_id, oauth_scope=config.cloud.oauth_scope)
    credentials.oauth_endpoint = config.authority  # the configured cloud's login URL
    return credentials


class BotToken:
    """Bearer token for calls to the Bot Connector; MSAL caches it until it expires.

    MSAL is synchronous (its client constructor already calls the authority), so it runs in a
    worker thread with a timeout on each HTTP call. Concurrent replies share one request to the
    authority rather than queueing behind a lock, and each waits at most the token timeout."""

    def __init__(self, config: TeamsConfig) -> None:
        self.config = config
        self.credentials = app_credentials(config)
        self._pending: Optional[asyncio.Future] = None

    def _msal_app(self) -> msal.ConfidentialClientApplication:
        if self.config.app_password:
            secret: Any = self.config.app_password
        else:
            secret = {"thumbprint": self.config.certificate_thumbprint,
                      "private_key": self.config.certificate_key}
        # MSAL checks an authority it does not know (a sovereign cloud's or a local fake's)
        # with login.microsoftonline.com; a configured one is trusted as given instead.
        known = urlparse(self.config.authority).hostname in WELL_KNOWN_AUTHORITY_HOSTS
        return msal.ConfidentialClientApplication(
            self.config.app_id, client_credential=secret, authority=self.config.authority,
            validate_authority=known, timeout=self.config.token_timeout_seconds)

    def _acquire(self) -> str:
        if getattr(self.credentials, "app", None) is None:
            self.credentials.app = self._msal_app()  # the library's credentials then use it
        return self.credentials.get_access_token()

    async def get(self) -> str:
        if self._pending is None or self._pending.done():
            self._pending = asyncio.get_running_loop().run_in_executor(None, self._acquire)
        try:
            return await asyncio.wait_for(asyncio.shield(self._pending),
                                          self.config.token_timeout_seconds)
        except asyncio.TimeoutError:
            raise TokenUnavailable(f"No token from {self.config.authority} within "
                                   f"{self.config.token_timeout_seconds:g} s.") from None
        except Exception as error:  # MSAL's PermissionError, requests' errors, ...
            raise TokenUnavailable(f"No token from {self.config.authority}: {error!r}") from error
