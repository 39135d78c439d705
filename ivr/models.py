"""Every database table: importing this module puts all of them in ``db.metadata``.

The app, Alembic's env.py and the tests import the tables from here, once.
"""
from ivr.content.models import Revision
from ivr.extensions import db
from ivr.messages.models import EndedCall, Message, PurgeRun
from ivr.news.models import Feed, ImportedHeadline, ImportRun
from ivr.ops.events import CallEvent
from ivr.messages.sms import SmsRequest
from ivr.speech.clips import AudioClip
from ivr.staff.models import LoginAttempt, StaffUser

__all__ = ["AudioClip", "CallEvent", "EndedCall", "Feed", "ImportRun", "ImportedHeadline", "LoginAttempt", "Message",
           "PurgeRun", "Revision", "SmsRequest", "StaffUser", "db"]
