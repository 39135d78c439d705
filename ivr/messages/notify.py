"""An optional e-mail to staff for each new message or call-back request (IVR_SMTP_* settings)."""
from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage


from ivr.config import settings
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


def notify_staff(message_id: int) -> bool:
    """Send the notice if SMTP is configured and it was not sent yet; True when sent."""
    cfg = settings()
    if not cfg.smtp_host or not cfg.mail_to:
        return False
    message = db.session.get(Message, message_id)
    if message is None or message.notified:
        return False
    subject, body = notice_text(message, (cfg.public_url or "") + "/staff/inbox")
    mail = EmailMessage()
    mail["Subject"], mail["From"], mail["To"] = subject, cfg.mail_from, cfg.mail_to
    mail.set_content(body)
    try:
        with smtplib.SMTP(cfg.smtp_host, int(cfg.smtp_port), timeout=15) as smtp:
            if cfg.smtp_starttls:
                smtp.starttls()
            if cfg.smtp_user:
                smtp.login(cfg.smtp_user, cfg.smtp_password)
            smtp.send_message(mail)
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("could not e-mail the notice for message %s: %s", message_id, exc)
        return False
    message.notified = True
    db.session.commit()
    return True
