"""Exactly once through a real SMTP server: refusals, an outage and a killed worker delay mail and lose none.

An aiosmtpd server on 127.0.0.1 stands in for the mail server. It counts every message it accepts by
Message-ID, so a duplicate or a loss shows up as a count other than one.
"""

import datetime
import email
import socket
import threading
from collections import Counter

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.utils import timezone

from practica.core import delivery
from practica.core.models import OutboxEmail, OutboxStatus
from practica.core.outbox import enqueue_email

pytestmark = pytest.mark.django_db


class CountingHandler:
    """Refuses the next `refusals` messages with 451 (try later), then accepts and counts them."""

    def __init__(self):
        self.refusals = 0
        self.accepted: Counter[str] = Counter()
        self.messages: list[email.message.Message] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refusals > 0:
                self.refusals -= 1
                return "451 4.3.0 Busy, try again later"
            message = email.message_from_bytes(envelope.original_content or envelope.content)
            self.accepted[message["Message-ID"]] += 1
            self.messages.append(message)
        return "250 2.0.0 OK"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class SMTPServer:
    def __init__(self):
        self.handler = CountingHandler()
        self.port = _free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def smtp_server(settings):
    server = SMTPServer()
    server.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 5},
        }
    }
    yield server
    server.stop()


def _enqueue(count: int) -> list[OutboxEmail]:
    return [
        enqueue_email(
            key=f"smtp-test:{number}",
            to=f"member{number}@example.org",
            subject=f"Message {number}",
            text=f"Plain text {number}",
            html=f"<p>HTML {number}</p>",
            category="test",
            headers={
                "List-Unsubscribe": f"<https://site.example/u/{number}/>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )
        for number in range(count)
    ]


def test_refusals_an_outage_and_a_killed_worker_deliver_every_message_exactly_once(smtp_server):
    emails = _enqueue(12)
    expected_ids = {delivery.message_id_for(f"smtp-test:{number}") for number in range(12)}
    smtp_server.handler.refusals = 15
    with time_machine.travel(timezone.now(), tick=False) as clock:
        # Round 1: the server refuses everything (451); every e-mail waits a minute.
        delivery.deliver_due()
        assert smtp_server.handler.accepted == Counter()
        assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxStatus.QUEUED}

        # The mail server goes away altogether: nothing is lost, no attempts are used up.
        smtp_server.stop()
        clock.shift(datetime.timedelta(minutes=5))
        assert delivery.deliver_due()["unreachable"] == 1
        assert max(OutboxEmail.objects.values_list("attempts", flat=True)) == 1
        smtp_server.start()

        # A worker claims two rows and is killed before sending them.
        clock.shift(datetime.timedelta(minutes=5))
        for victim in emails[:2]:
            assert delivery.claim(victim.pk, timezone.now())

        # The server refuses three more, then accepts; the killed worker's rows come back after their claim.
        for _round in range(10):
            clock.shift(delivery.CLAIM_DURATION)
            delivery.deliver_due()

    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {OutboxStatus.SENT}
    assert set(smtp_server.handler.accepted) == expected_ids
    assert all(count == 1 for count in smtp_server.handler.accepted.values()), smtp_server.handler.accepted
    # Both parts and the one-click unsubscribe headers reached the server.
    message = smtp_server.handler.messages[0]
    assert message.is_multipart()
    assert [part.get_content_type() for part in message.walk() if not part.is_multipart()] == [
        "text/plain",
        "text/html",
    ]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message["List-Unsubscribe"].startswith("<https://site.example/u/")
    assert message["Reply-To"]


def test_delivery_run_again_and_again_sends_nothing_twice(smtp_server):
    _enqueue(5)
    for _round in range(4):
        delivery.deliver_due()
    assert sum(smtp_server.handler.accepted.values()) == 5
    assert len(smtp_server.handler.accepted) == 5


def test_an_email_the_server_keeps_refusing_fails_after_the_configured_attempts(smtp_server, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 4
    smtp_server.handler.refusals = 1000
    [only] = _enqueue(1)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _round in range(8):
            delivery.deliver_due()
            clock.shift(datetime.timedelta(hours=1))
    only.refresh_from_db()
    assert (only.status, only.attempts) == (OutboxStatus.FAILED, 4)
    assert "451" in only.last_error
    assert smtp_server.handler.accepted == Counter()
