"""The Rasa server's HTTP door: body caps per route and limits per client, for every channel.

Installed into Rasa's `configure_app` by `bot.rasa_server.patches.install()`, so every app a
launch path builds (`make run`, the Helm values, the tests' servers) has it:

- **Bodies are capped before they are read.** Sanic reads a whole body (up to 100 MB by
  default) before any handler or middleware sees it. The app's cap is `MAX_BODY_BYTES` (what
  Teams needs) and, as soon as the route is known and before the body is read, each route's
  own cap applies (`BODY_CAPS`): a `Content-Length` over it gets 413 at once, and a chunked
  body is cut off when it passes it. Websocket frames are capped like Socket.IO messages.
- **Limits per client** (bot/rasa_server/limits.py): REST and the feedback endpoint per
  address, answered with 429 and `Retry-After`, nothing stored. The 429 is sent after
  `REFUSAL_DELAY_SECONDS`: a waiting request costs the server almost nothing, and a client
  flooding on a few connections is slowed to a few requests a second instead of hundreds of
  refusals a second taking the event loop from other visitors. Socket.IO and Teams count in
  their channels, which know the session and the conversation.
- **Counts shared by replicas**: once the agent is loaded, the limiter counts in the lock
  store's Redis when the endpoints file has one.

A client's address is `request.remote_addr` when Sanic trusts a proxy's forwarded headers
(`SANIC_PROXIES_COUNT`, `SANIC_REAL_IP_HEADER` or `SANIC_FORWARDED_SECRET`; see README
"Limits and abuse"), else the connection's own address.
"""

from __future__ import annotations

import asyncio
import logging
import os
from typing import Any, Optional

from sanic import response
from sanic.exceptions import PayloadTooLarge
from sanic.request import Request

from bot.rasa_server.limits import LIMITER, SLOW_DOWN, redis_client_like

logger = logging.getLogger(__name__)

#: The largest body any route takes: a Teams activity (the Teams channel caps it itself too).
MAX_BODY_BYTES = 256 * 1024
#: The largest Socket.IO message (polling body or websocket frame). The widget sends at most
#: `MAX_MESSAGE_CHARS` characters; this leaves room for a long paste from another client (it
#: is cut and gets the "please ask a shorter question" answer).
MAX_SOCKET_BYTES = 64 * 1024
#: Path prefix -> largest body, in bytes. A REST or feedback body is a short JSON object.
BODY_CAPS = {
    "/webhooks/rest/": 16 * 1024,
    "/webhooks/web/": 8 * 1024,
    "/socket.io": MAX_SOCKET_BYTES,
}
#: How long a refused HTTP request waits for its 429 (env PATHWAY_REFUSAL_DELAY_SECONDS).
REFUSAL_DELAY_SECONDS = float(os.environ.get("PATHWAY_REFUSAL_DELAY_SECONDS") or 1.0)
#: Path prefix -> the limits counted per address in `limit_per_address`.
ADDRESS_LIMITS = {
    "/webhooks/rest/webhook": ("rest_burst_per_address", "rest_per_address"),
    "/webhooks/web/feedback": ("feedback_per_address",),
}


def client_address(request: Request) -> str:
    """Who is asking: the forwarded address Sanic was told to trust, else the peer's."""
    return request.remote_addr or request.ip or "unknown"


def body_cap(path: str) -> Optional[int]:
    return next((cap for prefix, cap in BODY_CAPS.items() if path.startswith(prefix)), None)


async def too_many(retry_after: int) -> Any:
    """The answer to a client over its limit, after a short wait: 429, when to come back, a
    sentence to show."""
    await asyncio.sleep(min(REFUSAL_DELAY_SECONDS, retry_after))
    return response.json({"error": "too many requests", "message": SLOW_DOWN}, status=429,
                         headers={"Retry-After": str(retry_after)})


async def cap_body(request: Request, **_: Any) -> None:
    """Signal `http.routing.after`: the route's body cap, applied before Sanic reads the body."""
    cap = body_cap(request.path)
    if cap is None or request.stream is None or not request.stream.request_body:
        return
    request.stream.request_max_size = min(request.stream.request_max_size, cap)
    length = request.headers.get("content-length")
    if length is not None and (not length.isdigit() or int(length) > cap):
        request.stream.keep_alive = False
        raise PayloadTooLarge(f"The body is larger than this endpoint takes ({cap} bytes).")


async def limit_per_address(request: Request) -> Any:
    """Request middleware: REST and feedback requests counted per address."""
    names = next((n for prefix, n in ADDRESS_LIMITS.items() if request.path.startswith(prefix)),
                 None)
    if names is None or request.method != "POST":
        return None
    verdict = await LIMITER.hit_all(names, client_address(request))
    return None if verdict.allowed else await too_many(verdict.retry_after)


async def share_counts(app: Any, _loop: Any) -> None:
    """After start-up: count in the lock store's Redis, when there is one."""
    lock_store = getattr(getattr(app.ctx, "agent", None), "lock_store", None)
    red = getattr(lock_store, "red", None)
    if red is not None:
        LIMITER.use_redis(redis_client_like(red))
        logger.info("Rate limits are counted in the lock store's Redis (shared by replicas).")


def guard(app: Any) -> Any:
    """Put the caps and limits on `app` (a Sanic app Rasa built); returns it."""
    app.config.REQUEST_MAX_SIZE = MAX_BODY_BYTES
    app.config.WEBSOCKET_MAX_SIZE = MAX_SOCKET_BYTES
    app.signal("http.routing.after")(cap_body)
    app.register_middleware(limit_per_address, "request")
    app.register_listener(share_counts, "after_server_start")
    return app


def install() -> None:
    """Wrap Rasa's `configure_app` so every server it builds is guarded (idempotent)."""
    from rasa.core import run

    if getattr(run.configure_app, "guarded", False):
        return
    original = run.configure_app

    def configure_app(*args: Any, **kwargs: Any) -> Any:
        return guard(original(*args, **kwargs))

    configure_app.guarded = True
    configure_app.checks_log_redaction = getattr(original, "checks_log_redaction", False)
    run.configure_app = configure_app
