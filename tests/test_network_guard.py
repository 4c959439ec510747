"""The autouse guard in conftest.py stops any test from leaving the machine."""

from __future__ import annotations

import socket

import pytest


def test_a_connection_to_a_public_address_fails_the_test_before_any_packet() -> None:
    # 192.0.2.1 is TEST-NET-1 (RFC 5737); the guard refuses it before connect() runs.
    with socket.socket() as sock, pytest.raises(pytest.fail.Exception, match="tried to reach the network"):
        sock.connect(("192.0.2.1", 80))


def test_loopback_connections_are_allowed() -> None:
    with socket.create_server(("127.0.0.1", 0)) as server:
        port = server.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            pass


def test_a_name_lookup_fails_the_test_before_any_dns_query() -> None:
    with pytest.raises(pytest.fail.Exception, match="tried to reach the network"):
        socket.getaddrinfo("aws.amazon.com", 443)
