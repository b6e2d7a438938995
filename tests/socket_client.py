"""Just enough of a Socket.IO client (Engine.IO 4, Socket.IO 5 text packets) to talk to the
widget's channel as a browser page would, over websocket or long-polling, with the Origin of
our choice. python-socketio's own client needs a newer aiohttp than Rasa 3.6 pins."""

from __future__ import annotations

import json
from typing import Any, List, Tuple

import aiohttp

SEPARATOR = "\x1e"  # between packets in one long-polling response


class Refused(Exception):
    """The server refused the connection (its HTTP status)."""


class Closed(Exception):
    """The server closed the connection."""


class SocketIOClient:
    def __init__(self, http: aiohttp.ClientSession, url: str, transport: str, origin: str,
                 headers: dict = None) -> None:
        self.http, self.transport = http, transport
        self.endpoint = f"{url}/socket.io/?EIO=4&transport={transport}"
        self.headers = {"Origin": origin, **(headers or {})}
        self.ws = None
        self.pending: List[str] = []
        self.next_ack = 1

    async def connect(self) -> None:
        if self.transport == "websocket":
            try:
                self.ws = await self.http.ws_connect(self.endpoint, headers=self.headers)
            except aiohttp.WSServerHandshakeError as error:
                raise Refused(error.status) from error
            opening = await self._receive()
        else:
            async with self.http.get(self.endpoint, headers=self.headers) as response:
                if response.status != 200:
                    raise Refused(response.status)
                opening = (await response.text()).split(SEPARATOR)
            self.endpoint += "&sid=" + json.loads(opening[0][1:])["sid"]
        assert opening[0].startswith("0"), opening
        await self._send("40")
        while not (await self._packet()).startswith("40"):
            pass

    async def _send(self, packet: str) -> None:
        if self.ws is not None:
            await self.ws.send_str(packet)
            return
        async with self.http.post(self.endpoint, data=packet.encode(), headers=self.headers) as response:
            if response.status != 200:
                raise Closed(response.status)

    async def _receive(self) -> List[str]:
        if self.ws is not None:
            message = await self.ws.receive()
            if message.type != aiohttp.WSMsgType.TEXT:
                raise Closed(message.type)
            return [message.data]
        async with self.http.get(self.endpoint, headers=self.headers) as response:
            if response.status != 200:
                raise Closed(response.status)
            return (await response.text()).split(SEPARATOR)

    async def _packet(self) -> str:
        """The next Socket.IO packet; pings are answered, a close raises `Closed`."""
        while True:
            if not self.pending:
                self.pending = await self._receive()
            packet = self.pending.pop(0)
            if packet == "2":
                await self._send("3")
            elif packet in ("1", "41") or packet.startswith("44"):
                raise Closed(packet)
            else:
                return packet

    async def emit(self, event: str, data: Any, ack: bool = False) -> int:
        ack_id = self.next_ack if ack else None
        self.next_ack += 1 if ack else 0
        await self._send(f"42{ack_id or ''}{json.dumps([event, data])}")
        return ack_id or 0

    async def events_until(self, event: str = "", ack_id: int = 0) -> List[Tuple[str, Any]]:
        """The events received until `event` arrives or `ack_id` is acknowledged."""
        events = []
        while True:
            packet = await self._packet()
            if ack_id and packet.startswith(f"43{ack_id}["):
                return events
            if packet.startswith("42"):
                name, *args = json.loads(packet[packet.index("["):])
                events.append((name, args[0] if args else None))
                if name == event:
                    return events

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
