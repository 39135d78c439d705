"""The telephony providers that speak TwiML and Twilio's REST API, as presets: the one place that
names their hosts.

A preset says where the provider's REST API is (recordings, SMS), which hosts may serve a caller's
recording, which header carries the webhook signature, and which TwiML features it carries out.
``IVR_PROVIDER`` chooses one; ``IVR_PROVIDER_API_URL``, ``IVR_PROVIDER_MEDIA_HOSTS`` and
``IVR_PROVIDER_SMS_URL`` override its parts (a self-hosted Somleng, a SignalWire space).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

# Twilio's REST API version; every TwiML-compatible provider keeps it in its paths.
API_VERSION = "2010-04-01"
_TWILIO_SID = r"{prefix}[0-9a-f]{{32}}"
_UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"


@dataclass(frozen=True)
class Provider:
    """One TwiML-compatible telephony provider, as the hotline uses it."""

    name: str
    # The REST API's root, without the version: {api_base}/2010-04-01/Accounts/{account}/…
    api_base: str
    # Hosts a caller's recording is fetched from with the account's credentials ('' host: the API's).
    media_hosts: tuple[str, ...]
    # The REST root texts are sent through (its Messages resource).
    sms_base: str
    signature_header: str  # the header with the Twilio-style HMAC-SHA1 signature of each webhook
    recording_sid: str  # a regular expression for the provider's recording ids
    account_sid: str  # … and for its account ids
    speech_input: bool  # <Gather input="dtmf speech"> with language, hints and speechTimeout
    prosody: bool  # <Say><prosody rate="…"> (SSML) for the slower speech
    record_trim: bool  # <Record trim="trim-silence">
    docs: str  # where the preset's facts come from
    api_example: str = ""  # the form of IVR_PROVIDER_API_URL where the preset has no API root of its own

    @property
    def api_root(self) -> str:
        """The versioned REST root: ``{api_base}/2010-04-01``."""
        return f"{self.api_base}/{API_VERSION}"

    def with_overrides(self, api_url: str = "", media_hosts: tuple[str, ...] = (), sms_url: str = "") -> "Provider":
        """The preset with an operator's own API root, media hosts and SMS root (each '' or () keeps the preset's);
        a new API root also becomes the media host and the SMS root unless those are given."""
        api = api_url.rstrip("/").removesuffix("/" + API_VERSION) if api_url else self.api_base
        hosts = media_hosts or ((urlsplit(api).netloc,) if api_url else self.media_hosts)
        sms = sms_url.rstrip("/").removesuffix("/" + API_VERSION) if sms_url else (api if api_url else self.sms_base)
        return replace(self, api_base=api, media_hosts=hosts, sms_base=sms)

    def is_recording_sid(self, sid: str) -> bool:
        """Whether ``sid`` has the form of this provider's recording ids (nothing else is ever fetched)."""
        return bool(re.fullmatch(self.recording_sid, sid))

    def is_account_sid(self, sid: str) -> bool:
        """Whether ``sid`` has the form of this provider's account ids."""
        return bool(re.fullmatch(self.account_sid, sid))


PRESETS: dict[str, Provider] = {
    # https://www.twilio.com/docs/usage/api and https://www.twilio.com/docs/usage/security
    "twilio": Provider(
        name="twilio", api_base="https://api.twilio.com", media_hosts=("api.twilio.com",),
        sms_base="https://api.twilio.com", signature_header="X-Twilio-Signature",
        recording_sid=_TWILIO_SID.format(prefix="RE"), account_sid=_TWILIO_SID.format(prefix="AC"),
        speech_input=True, prosody=True, record_trim=True, docs="https://www.twilio.com/docs/voice/twiml"),
    # https://www.somleng.org/docs/twilio_api: Twilio's REST API at api.somleng.org (or your own host),
    # ids are UUIDs. Its TwiML, as somleng-switch reads it (components/app/app/models/twiml/*.rb), gathers
    # keys only (no input/language/hints), and has no <prosody> nor <Record trim>.
    "somleng": Provider(
        name="somleng", api_base="https://api.somleng.org", media_hosts=("api.somleng.org",),
        sms_base="https://api.somleng.org", signature_header="X-Twilio-Signature",
        recording_sid=_UUID, account_sid=_UUID,
        speech_input=False, prosody=False, record_trim=False, docs="https://github.com/somleng/somleng-switch/tree/develop/components/app/app/models/twiml"),
    # https://developer.signalwire.com/rest/compatibility-api/overview: each space has its own root,
    # https://<space>.signalwire.com/api/laml (IVR_PROVIDER_API_URL is required); webhooks are signed
    # with the project's signing key (developer.signalwire.com/guides/webhook-security).
    "signalwire": Provider(
        name="signalwire", api_base="", media_hosts=(), sms_base="", signature_header="X-SignalWire-Signature",
        recording_sid=_UUID, account_sid=_UUID,
        speech_input=True, prosody=True, record_trim=True,
        docs="https://developer.signalwire.com/compatibility-api/xml/voice",
        api_example="https://<space>.signalwire.com/api/laml"),
}
NAMES = tuple(PRESETS)
DEFAULT = "twilio"
