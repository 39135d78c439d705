"""Flask blueprint serving stored audio to Twilio's <Play>."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, request

from ivr.config import settings
from ivr.speech.recorded import recorded_store
from ivr.speech.store import AudioStore, InvalidAudioName

audio_bp = Blueprint("audio", __name__)

# A file's name is the hash of what made it, so its content never changes.
CACHE_CONTROL = "public, max-age=31536000, immutable"


@audio_bp.get("/audio/<name>", endpoint="serve")
def serve(name: str) -> Response:
    """Serve one stored file (GET and HEAD); 404 for any malformed or unknown name."""
    return _serve(AudioStore(settings().audio_dir), name)


@audio_bp.get("/audio/recorded/<name>", endpoint="recorded")
def serve_recorded(name: str) -> Response:
    """Serve one recorded prompt, like ``serve``."""
    return _serve(recorded_store(current_app), name)


def _serve(store: AudioStore, name: str) -> Response:
    try:
        path = store.path(name)  # validates the name before any filesystem access
        mime = store.mime_for(name)
    except InvalidAudioName:
        abort(404)
    try:
        # Files are small (a minute of 8 kHz µ-law is 480 kB): reading them whole
        # keeps no file handle open past the request.
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError):
        abort(404)
    response = Response(data, mimetype=mime)
    # The name is the content hash, so it is a strong ETag by construction.
    response.set_etag(name.split(".", 1)[0])
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.headers["X-Content-Type-Options"] = "nosniff"
    # Answers If-None-Match with 304, and byte ranges with 206 (for seeking players).
    response.make_conditional(request, accept_ranges=True, complete_length=len(data))
    return response
