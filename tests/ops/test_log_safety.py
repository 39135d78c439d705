"""Logging never fails a request: an oversized webhook body gets its 413, a broken record is logged."""
from __future__ import annotations

import io
import logging

from ivr import create_app
from ivr.config import config_for_tests
from ivr.ops.logs import CallSidFilter, configure_logging
from ivr.voice.signature import MAX_BODY, sign


def test_a_webhook_body_just_over_the_limit_is_refused_with_413_not_500(tmp_path):
    app = create_app(config_for_tests(tmp_path, PROPAGATE_EXCEPTIONS=False))
    stream = io.StringIO()
    handler = configure_logging(app, stream=stream)
    body = "CallSid=CA1&Digits=" + "1" * (MAX_BODY + 1)
    try:
        response = app.test_client().post(
            "/voice", data=body, content_type="application/x-www-form-urlencoded",
            headers={"X-Twilio-Signature": sign("test-auth-token", "https://hotline.test/voice", {})})
    finally:
        logging.getLogger("ivr").removeHandler(handler)
    assert response.status_code == 413
    assert "larger than Twilio sends" in stream.getvalue() and "call=-" in stream.getvalue()


def test_the_log_filter_never_raises_on_a_broken_record(tmp_path):
    app = create_app(config_for_tests(tmp_path))
    stream = io.StringIO()
    handler = configure_logging(app, stream=stream)

    class Unprintable:
        def __str__(self):
            raise RuntimeError("no")

    try:
        with app.test_request_context():
            logging.getLogger("ivr.test").warning("two values %s %s", "only one")
            logging.getLogger("ivr.test").warning("a value %s", Unprintable())
        broken = logging.LogRecord("ivr.test", logging.WARNING, __file__, 1, "%d", ("x",), None)
        assert CallSidFilter().filter(broken) is True
    finally:
        logging.getLogger("ivr").removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2 and all("could not be formatted" in line for line in lines)
    assert "could not be formatted" in broken.getMessage()


def test_a_phone_number_in_a_log_line_is_masked(tmp_path):
    app = create_app(config_for_tests(tmp_path))
    stream = io.StringIO()
    handler = configure_logging(app, stream=stream)
    try:
        logging.getLogger("ivr.test").warning("could not text %s (call CA%s, %s bytes)", "+375291234567",
                                               "1234567890" * 3 + "ab", 4_000_000)
    finally:
        logging.getLogger("ivr").removeHandler(handler)
    [line] = stream.getvalue().splitlines()
    assert line.endswith("could not text +…67 (call CA123456789012345678901234567890ab, 4000000 bytes)")
