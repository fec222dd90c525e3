"""A real SMTP server on this machine for delivery tests (aiosmtpd): it can
refuse connections (nothing listens), answer every recipient with a code
(451: try later, 550: no such mailbox), refuse some addresses, or accept, and
it keeps every message it accepted."""

import socket
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


@dataclass
class Handler:
    answer: str = ""  # e.g. "451 4.3.0 Try again later"; empty: accept.
    refused: set[str] = field(default_factory=set)  # Addresses answered 550.
    received: list[Message] = field(default_factory=list)

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.answer:
            return self.answer
        if address.lower() in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content)
        message["X-Delivered-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 Message accepted"


class SmtpServer:
    def __init__(self) -> None:
        self.handler = Handler()
        self.port = free_port()
        self.controller: Controller | None = None

    def mailer(self) -> dict:
        return {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": "127.0.0.1",
                "port": self.port,
                "use_tls": False,
                "timeout": 5,
            },
        }

    def refuse_connections(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    def answer(self, reply: str) -> None:
        self._listen()
        self.handler.answer = reply

    def accept(self, *, refusing: set[str] = frozenset()) -> None:
        self._listen()
        self.handler.answer = ""
        self.handler.refused = {address.lower() for address in refusing}

    @property
    def received(self) -> list[Message]:
        return self.handler.received

    def _listen(self) -> None:
        if self.controller is None:
            self.controller = Controller(
                self.handler, hostname="127.0.0.1", port=self.port
            )
            self.controller.start()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
