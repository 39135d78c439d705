"""E-mail notices to staff: over TLS with a verified certificate, and never a password in the clear."""
from __future__ import annotations

import logging
import socketserver
import ssl
import threading

import pytest
import trustme

from ivr.config import change
from ivr.extensions import db
from ivr.messages import service
from ivr.messages.models import NEW, Message
from ivr.messages.notify import notify_staff


class SmtpStandIn(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive one message: plain, STARTTLS or implicit TLS (``server.tls``,
    with ``server.context``), offering AUTH; it notes the AUTH lines and the mails it gets."""

    def handle(self):
        server = self.server
        if server.tls == "implicit" and not self.start_tls():
            return
        self.wfile.write(b"220 stand-in\r\n")
        data_mode, lines, encrypted = False, [], server.tls == "implicit"
        while raw := self.rfile.readline():
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if data_mode:
                if line == ".":
                    server.received.append("\n".join(lines))
                    data_mode = False
                    self.wfile.write(b"250 ok\r\n")
                else:
                    lines.append(line)
                continue
            verb = line.split(" ")[0].upper()
            if verb == "EHLO":
                offer = b"250-STARTTLS\r\n" if server.tls == "starttls" and not encrypted else b""
                self.wfile.write(b"250-stand-in\r\n" + offer + b"250-AUTH PLAIN LOGIN\r\n250 8BITMIME\r\n")
            elif verb == "STARTTLS":
                self.wfile.write(b"220 go ahead\r\n")
                if not self.start_tls():
                    return
                encrypted = True
            elif verb == "AUTH":
                server.logins.append((line, encrypted))
                self.wfile.write(b"235 ok\r\n")
            elif verb == "DATA":
                data_mode = True
                self.wfile.write(b"354 go\r\n")
            elif verb == "QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")

    def start_tls(self) -> bool:
        self.wfile.flush()
        try:
            self.connection = self.server.context.wrap_socket(self.connection, server_side=True)
        except (ssl.SSLError, OSError):
            return False  # the client refused our certificate
        self.rfile, self.wfile = self.connection.makefile("rb"), self.connection.makefile("wb", buffering=0)
        return True

    def finish(self):
        super().finish()
        if isinstance(self.connection, ssl.SSLSocket):
            self.connection.close()  # the server closes only the plain socket it accepted


@pytest.fixture
def certificate_authority():
    """A certificate authority of the test's own: nobody trusts it unless the test says so."""
    return trustme.CA()


def smtp_server(app, ca, tls: str | None = None, **settings):
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SmtpStandIn)
    server.daemon_threads = True
    server.tls, server.received, server.logins = tls, [], []
    server.context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("localhost").configure_cert(server.context)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    change(app, IVR_SMTP_HOST="localhost", IVR_SMTP_PORT=server.server_address[1], IVR_MAIL_TO="clerk@kopyl.example",
           **settings)
    return server


@pytest.fixture
def mail_server(app, certificate_authority):
    servers = []

    def start(tls: str | None = None, **settings):
        servers.append(smtp_server(app, certificate_authority, tls, **settings))
        return servers[-1]

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def new_message(app) -> int:
    with app.app_context():
        message = service.record_draft(call_sid="CA1", caller="+375291234567", lang="ru", recording_sid="",
                                       recording_url="", seconds=1.0)
        message.status = NEW
        db.session.commit()
        return message.id


def test_staff_get_an_email_notice_for_a_new_message(app, mail_server):
    server = mail_server()
    message_id = new_message(app)
    with app.app_context():
        assert notify_staff(message_id) is True
        assert notify_staff(message_id) is False  # once only
    [mail] = server.received
    assert "clerk@kopyl.example" in mail and "+375291234567" in mail


def test_no_smtp_no_notice(app):
    message_id = new_message(app)
    with app.app_context():
        assert notify_staff(message_id) is False


def test_a_password_is_never_sent_over_plain_smtp(app, mail_server, caplog):
    server = mail_server(IVR_SMTP_USER="hotline", IVR_SMTP_PASSWORD="s3cret")
    message_id = new_message(app)
    with caplog.at_level(logging.WARNING, logger="ivr"), app.app_context():
        assert notify_staff(message_id) is False
        message = db.session.get(Message, message_id)
        assert message.status == NEW and not message.notified  # still in the inbox, not marked as e-mailed
    assert server.logins == [] and server.received == []
    [record] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "never sent over plain SMTP" in record.getMessage() and "\n" not in record.getMessage()


@pytest.mark.parametrize("tls, settings", [("starttls", {"IVR_SMTP_TLS": "starttls"}),
                                           ("starttls", {"IVR_SMTP_STARTTLS": True}),
                                           ("implicit", {"IVR_SMTP_TLS": "implicit"})])
def test_a_mail_server_whose_certificate_nobody_vouches_for_is_refused(app, mail_server, caplog, tls, settings):
    server = mail_server(tls, IVR_SMTP_USER="hotline", IVR_SMTP_PASSWORD="s3cret", **settings)
    message_id = new_message(app)
    with caplog.at_level(logging.WARNING, logger="ivr"), app.app_context():
        assert notify_staff(message_id) is False
        assert not db.session.get(Message, message_id).notified
    assert server.logins == [] and server.received == []
    assert "CERTIFICATE_VERIFY_FAILED" in caplog.text


@pytest.mark.parametrize("tls, settings", [("starttls", {"IVR_SMTP_TLS": "starttls"}),
                                           ("starttls", {"IVR_SMTP_STARTTLS": True}),
                                           ("implicit", {"IVR_SMTP_TLS": "implicit"})])
def test_a_notice_goes_over_tls_to_a_trusted_mail_server(app, mail_server, certificate_authority, tmp_path,
                                                         monkeypatch, tls, settings):
    trusted = tmp_path / "ca.pem"
    certificate_authority.cert_pem.write_to_path(str(trusted))
    monkeypatch.setenv("SSL_CERT_FILE", str(trusted))  # the system's authorities, as OpenSSL reads them
    server = mail_server(tls, IVR_SMTP_USER="hotline", IVR_SMTP_PASSWORD="s3cret", **settings)
    message_id = new_message(app)
    with app.app_context():
        assert notify_staff(message_id) is True
    assert [encrypted for _line, encrypted in server.logins] == [True]
    [mail] = server.received
    assert "clerk@kopyl.example" in mail


def test_starttls_is_required_when_asked_for(app, mail_server, caplog):
    server = mail_server(None, IVR_SMTP_TLS="starttls", IVR_SMTP_USER="hotline", IVR_SMTP_PASSWORD="s3cret")
    message_id = new_message(app)
    with caplog.at_level(logging.WARNING, logger="ivr"), app.app_context():
        assert notify_staff(message_id) is False
    assert server.logins == [] and server.received == []
    assert "STARTTLS" in caplog.text
