"""A local SMTP server that keeps every message as a file (development only).

``koppel dev`` starts one on 127.0.0.1 and points the app's mail settings at it, so a
newcomer can follow every confirmation and invitation without a real mail server.
"""

from __future__ import annotations

import socket
import uuid
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller

from matcher.shared import clock


class FolderHandler:
    """aiosmtpd handler that writes each message to ``folder`` as ``.eml``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = clock.now().strftime("%Y%m%dT%H%M%S%f")
        recipients = ", ".join(envelope.rcpt_tos)
        content = envelope.content
        if isinstance(content, str):
            content = content.encode()
        path = self.folder / f"{stamp}-{uuid.uuid4().hex[:8]}.eml"
        path.write_bytes(f"X-Envelope-To: {recipients}\r\n".encode() + content)
        return "250 Message accepted for delivery"


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port on ``host`` that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


def start_sink(folder: Path, host: str = "127.0.0.1", port: int | None = None) -> Controller:
    """Start the sink in a background thread; call ``.stop()`` on the result to end it."""
    controller = Controller(FolderHandler(folder), hostname=host, port=port or free_port(host))
    controller.start()
    return controller
