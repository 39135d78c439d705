"""GET /healthz, GET /metrics (parsed with prometheus_client's own parser) and CallSid in every log line."""
from __future__ import annotations

import io
import json
import logging

from prometheus_client.parser import text_string_to_metric_families

from ivr import create_app
from ivr.config import change, config_for_tests, settings
from ivr.content.store import ensure_database
from ivr.ops.logs import configure_logging
from ivr.voice.walk import CallWalker


def test_healthz_reports_database_store_and_missing_audio(client, caller, at):
    at("2026-11-30 10:00")
    caller().start()
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.get_json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["audio_store"] == "ok"
    assert body["prompts_without_audio"] == 0  # nothing queued: background synthesis is off in tests


def test_healthz_fails_when_the_database_is_gone(tmp_path):
    app = create_app(config_for_tests(tmp_path, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path}/no/such/dir/x.db"))
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"].startswith("error")


def test_healthz_fails_when_the_audio_store_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    app = create_app(config_for_tests(tmp_path, IVR_AUDIO_DIR=str(blocker / "audio")))
    ensure_database(app)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["audio_store"].startswith("error")


def metric_values(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    values = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            values[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return values


def test_metrics_parse_and_count_webhooks_fallbacks_and_calls(client, caller, at):
    at("2026-11-30 10:00")
    before = metric_values(client.get("/metrics").get_data(as_text=True))
    call = caller()
    call.start()
    call.press("1")
    response = client.get("/metrics")
    assert response.status_code == 200 and response.mimetype == "text/plain"
    after = metric_values(response.get_data(as_text=True))

    def grew(name, **labels):
        key = (name, tuple(sorted(labels.items())))
        return after.get(key, 0) - before.get(key, 0)

    assert grew("hotline_webhook_requests_total", endpoint="voice.entry", status="200") == 1
    assert grew("hotline_webhook_requests_total", endpoint="voice.step", status="200") == 1
    assert grew("hotline_webhook_latency_seconds_count", endpoint="voice.step") == 1
    assert grew("hotline_say_fallbacks_total", lang="ru") >= 8
    assert after[("hotline_calls_in_progress", ())] == 1
    call.hangs_up()
    assert metric_values(client.get("/metrics").get_data(as_text=True))[("hotline_calls_in_progress", ())] == 0


def test_metrics_can_require_a_token(app, client):
    change(app, IVR_METRICS_TOKEN="s3cret")
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", headers={"Authorization": "Bearer s3cret"}).status_code == 200


def test_every_log_line_of_a_call_carries_its_call_sid(tmp_path, monkeypatch):
    app = create_app(config_for_tests(tmp_path, IVR_LOG_FORMAT="json"))
    ensure_database(app)
    stream = io.StringIO()
    handler = configure_logging(app, stream=stream)
    try:
        import ivr.voice.answer as webhooks

        monkeypatch.setattr(webhooks, "respond", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))
        call = CallWalker(app.test_client(), settings(app).twilio_auth_token, settings(app).public_url)
        call.start()
        logging.getLogger("ivr.test").warning("outside any call")
    finally:
        logging.getLogger("ivr").removeHandler(handler)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    failure = next(line for line in lines if "call step failed" in line["message"])
    assert failure["call_sid"] == call.call_sid and failure["level"] == "ERROR" and "boom" in failure["exception"]
    assert next(line for line in lines if line["message"] == "outside any call")["call_sid"] == "-"


def test_a_logged_value_cannot_start_a_false_log_line(tmp_path):
    app = create_app(config_for_tests(tmp_path))
    stream = io.StringIO()
    handler = configure_logging(app, stream=stream)
    try:
        with app.test_request_context():
            logging.getLogger("ivr.test").warning("refused %s", "/voice\n2026-12-06 ERROR ivr forged\x1b[31m")
    finally:
        logging.getLogger("ivr").removeHandler(handler)
    [line] = stream.getvalue().splitlines()
    assert line.endswith("refused /voice\\n2026-12-06 ERROR ivr forged\\x1b[31m")
