"""Settings for the Teams channel, read from credentials.yml and the environment.

Secrets stay out of the repo: every value can come from an environment variable, and a key
in the `bot.rasa_server.channels.teams.TeamsInput:` block of credentials.yml wins over it. The cloud's
endpoints default to Microsoft's public cloud (or US Government with TEAMS_CLOUD=government)
and each can be overridden, which is how the tests point the channel at a local fake.
A bot is single-tenant unless MICROSOFT_APP_TYPE=MultiTenant: without its tenant id it does
not start, rather than quietly asking the multi-tenant authority for tokens.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Dict, Mapping, Optional

from botframework.connector.auth import AuthenticationConstants, GovernmentConstants


class TeamsConfigError(ValueError):
    """The channel is missing a setting it cannot run without."""


#: credentials.yml key -> environment variable.
ENV = {
    "app_id": "MICROSOFT_APP_ID",
    "app_password": "MICROSOFT_APP_PASSWORD",
    "tenant_id": "MICROSOFT_APP_TENANT_ID",
    "certificate_thumbprint": "MICROSOFT_APP_CERTIFICATE_THUMBPRINT",
    "certificate_key_file": "MICROSOFT_APP_CERTIFICATE_KEY_FILE",
    "cloud": "TEAMS_CLOUD",
    "openid_metadata_url": "TEAMS_OPENID_METADATA_URL",
    "login_url": "TEAMS_LOGIN_URL",
    "oauth_scope": "TEAMS_OAUTH_SCOPE",
    "openid_retry_seconds": "TEAMS_OPENID_RETRY_SECONDS",
    "app_type": "MICROSOFT_APP_TYPE",
    "token_timeout_seconds": "TEAMS_TOKEN_TIMEOUT_SECONDS",
    "send_window_seconds": "TEAMS_SEND_WINDOW_SECONDS",
}

#: Microsoft's names for the two kinds of app registration this channel can run as.
SINGLE_TENANT, MULTI_TENANT = "singletenant", "multitenant"


@dataclass(frozen=True)
class Cloud:
    """Where keys, tokens and the token audience live for one Azure cloud."""

    government: bool
    openid_metadata_url: str
    login_url: str  # token authority prefix; the tenant is appended
    oauth_scope: str
    default_tenant: str  # the legacy multi-tenant authority


def _cloud(government: bool, constants: Any) -> Cloud:
    """A cloud from the Bot Framework's constants class for it (same attribute names in both)."""
    return Cloud(
        government=government,
        openid_metadata_url=constants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL,
        login_url=constants.TO_CHANNEL_FROM_BOT_LOGIN_URL_PREFIX.rstrip("/"),
        oauth_scope=constants.TO_CHANNEL_FROM_BOT_OAUTH_SCOPE,
        default_tenant=constants.DEFAULT_CHANNEL_AUTH_TENANT,
    )


PUBLIC = _cloud(False, AuthenticationConstants)
GOVERNMENT = _cloud(True, GovernmentConstants)
CLOUDS = {"public": PUBLIC, "government": GOVERNMENT}


@dataclass(frozen=True)
class TeamsConfig:
    app_id: str
    tenant_id: str  # the bot's own tenant; the legacy multi-tenant one only for MultiTenant
    cloud: Cloud
    app_password: Optional[str] = None
    certificate_thumbprint: Optional[str] = None
    certificate_key: Optional[str] = None  # PEM private key, read from the key file
    openid_retry_seconds: float = 30.0
    multi_tenant: bool = False  # only when MICROSOFT_APP_TYPE=MultiTenant says so
    token_timeout_seconds: float = 10.0  # one token request to Entra ID
    send_window_seconds: float = 15.0  # a reply's sends and retries, Teams' own window

    @property
    def authority(self) -> str:
        return f"{self.cloud.login_url}/{self.tenant_id}"

    @classmethod
    def load(cls, credentials: Optional[Mapping[str, Any]] = None,
             environ: Mapping[str, str] = os.environ) -> "TeamsConfig":
        """Merge credentials.yml over the environment; fail early on what is missing."""
        values: Dict[str, str] = {}
        for key, env_name in ENV.items():
            value = (credentials or {}).get(key)
            if value in (None, ""):
                value = environ.get(env_name, "")
            values[key] = str(value).strip()

        if not values["app_id"]:
            raise TeamsConfigError("The Teams channel needs MICROSOFT_APP_ID (the bot's app id).")
        cloud_name = values["cloud"].lower() or "public"
        if cloud_name not in CLOUDS:
            raise TeamsConfigError(f"TEAMS_CLOUD must be one of {sorted(CLOUDS)}, not {cloud_name!r}.")
        base = CLOUDS[cloud_name]
        cloud = Cloud(
            government=base.government,
            openid_metadata_url=values["openid_metadata_url"] or base.openid_metadata_url,
            login_url=(values["login_url"] or base.login_url).rstrip("/"),
            oauth_scope=values["oauth_scope"] or base.oauth_scope,
            default_tenant=base.default_tenant,
        )

        app_type = values["app_type"].replace("-", "").replace("_", "").lower() or SINGLE_TENANT
        if app_type not in (SINGLE_TENANT, MULTI_TENANT):
            raise TeamsConfigError(
                f"MICROSOFT_APP_TYPE must be SingleTenant or MultiTenant, not {values['app_type']!r}.")
        if app_type == SINGLE_TENANT and not values["tenant_id"]:
            raise TeamsConfigError(
                "The Teams channel needs MICROSOFT_APP_TENANT_ID (the bot's tenant, from the Azure "
                "Bot's configuration). Only a multi-tenant registration can run without it, and "
                "then MICROSOFT_APP_TYPE=MultiTenant must say so.")

        key = None
        if values["certificate_key_file"]:
            key = Path(values["certificate_key_file"]).read_text(encoding="utf-8")
        if not values["app_password"] and not (key and values["certificate_thumbprint"]):
            raise TeamsConfigError(
                "The Teams channel needs MICROSOFT_APP_PASSWORD, or both "
                "MICROSOFT_APP_CERTIFICATE_THUMBPRINT and MICROSOFT_APP_CERTIFICATE_KEY_FILE.")
        return cls(
            app_id=values["app_id"],
            tenant_id=values["tenant_id"] or cloud.default_tenant,
            cloud=cloud,
            app_password=values["app_password"] or None,
            certificate_thumbprint=values["certificate_thumbprint"] or None,
            certificate_key=key,
            openid_retry_seconds=float(values["openid_retry_seconds"] or 30),
            multi_tenant=app_type == MULTI_TENANT,
            token_timeout_seconds=float(values["token_timeout_seconds"] or 10),
            send_window_seconds=float(values["send_window_seconds"] or 15),
        )
