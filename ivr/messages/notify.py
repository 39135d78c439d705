"""An optional e-mail to staff for each new message or call-back request (IVR_SMTP_* settings)."""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage

from ivr.config import Settings, settings
from ivr.extensions import db
from ivr.messages.models import CALLBACK, Message

log = logging.getLogger(__name__)


def notice_text(message: Message, inbox_url: str) -> tuple[str, str]:
    """Subject and body of the notice (no recording attached: it is personal data)."""
    kind = "Просьба перезвонить" if message.kind == CALLBACK else "Голосовое сообщение"
    when = message.created_at.strftime("%Y-%m-%d %H:%M UTC") if message.created_at else ""
    subject = f"Горячая линия: {kind.lower()} от {message.caller or 'скрытого номера'}"
    body = (f"{kind} на горячую линию.\n\nКогда: {when}\nНомер: {message.caller or 'скрыт'}\n"
            + (f"Длина записи: {message.seconds:.0f} с\n" if message.seconds else "")
            + f"\nОткройте входящие: {inbox_url}\n")
    return subject, body


def smtp_security(cfg: Settings) -> str:
    """How the mail server is reached: "implicit" (TLS from the start), "starttls" or "none"."""
    return cfg.smtp_tls or ("starttls" if cfg.smtp_starttls else "none")


def connect_smtp(cfg: Settings) -> smtplib.SMTP:
    """A connection to the mail server, encrypted as IVR_SMTP_TLS says, with its certificate
    verified against the system's authorities (ssl.SSLError when it does not check out)."""
    security = smtp_security(cfg)
    if security == "implicit":
        return smtplib.SMTP_SSL(cfg.smtp_host, int(cfg.smtp_port), timeout=15, context=ssl.create_default_context())
    smtp = smtplib.SMTP(cfg.smtp_host, int(cfg.smtp_port), timeout=15)
    if security == "starttls":
        try:
            smtp.starttls(context=ssl.create_default_context())
        except BaseException:
            smtp.close()
            raise
    return smtp


def notify_staff(message_id: int) -> bool:
    """Send the notice if SMTP is configured and it was not sent yet; True when sent."""
    cfg = settings()
    if not cfg.smtp_host or not cfg.mail_to:
        return False
    message = db.session.get(Message, message_id)
    if message is None or message.notified:
        return False
    if cfg.smtp_user and smtp_security(cfg) == "none":
        log.error("not e-mailing the notice for message %s: a password is never sent over plain SMTP "
                  "(set IVR_SMTP_TLS=starttls or implicit)", message_id)
        return False
    subject, body = notice_text(message, (cfg.public_url or "") + "/staff/inbox")
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = subject, cfg.mail_from, cfg.mail_to
    mail.set_content(body)
    try:
        with connect_smtp(cfg) as smtp:
            if cfg.smtp_user:
                smtp.login(cfg.smtp_user, cfg.smtp_password)
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("could not e-mail the notice for message %s: %s", message_id, exc)
        return False
    message.notified = True
    db.session.commit()
    return True
