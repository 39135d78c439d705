"""Shared fixtures for the speech tests; no test here may reach the internet."""

from __future__ import annotations

import ipaddress
import socket
from typing import Any

import pytest

from ivr.speech.espeak import EspeakEngine


def _is_loopback_host(host: Any) -> bool:
    if host in (None, "localhost"):
        return True
    if isinstance(host, bytes):
        host = host.decode()
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse name lookups and connections to anything but loopback.

    A test that accidentally talks to Google fails loudly instead of passing on
    a developer machine with network and flaking in CI.
    """
    real_getaddrinfo = socket.getaddrinfo
    real_connect = socket.socket.connect

    def guarded_getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not _is_loopback_host(host):
            raise socket.gaierror(f"tests may not resolve {host!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    def guarded_connect(sock: socket.socket, address: Any) -> Any:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback_host(address[0]):
            raise ConnectionRefusedError(f"tests may not connect to {address!r}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", guarded_getaddrinfo)
    monkeypatch.setattr(socket.socket, "connect", guarded_connect)


@pytest.fixture(scope="session")
def espeak() -> EspeakEngine:
    """One eSpeak engine for the session (the library is process-wide anyway)."""
    return EspeakEngine()
