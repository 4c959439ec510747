"""Addresses a CI runner must not fetch: link-local, private and unique-local ones, metadata hosts.

Loopback stays allowed (the tests serve on it). A host is checked as written
(an IP literal or a metadata name) before each request, redirects included,
and a name is checked again after DNS (GuardedResolver), so a public-looking
name that resolves to 10.x or 169.254.x is refused too.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
from typing import Any

import aiohttp
from aiohttp.abc import AbstractResolver

# Cloud metadata services answer on these names (and on 169.254.169.254, link-local).
METADATA_HOSTS = frozenset({"metadata", "metadata.goog", "metadata.google.internal", "instance-data"})


class PrivateAddress(OSError):
    """A host that is not requested; its message is the report's reason."""


def refused_address(address: str) -> str | None:
    """Why an IP address is refused ("link-local", "private"), or None (public, or loopback)."""
    try:
        ip = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if ip.is_loopback:
        return None
    if ip.is_link_local:
        return "link-local"
    if isinstance(ip, ipaddress.IPv6Address) and ip in ipaddress.IPv6Network("fc00::/7"):
        return "unique-local"
    if ip.is_private or ip.is_unspecified:
        return "private"
    return None


@functools.lru_cache(maxsize=4096)  # asked before every request; hosts repeat
def refused_host(host: str) -> str | None:
    """Why a URL's host is refused as written, or None: an IP literal's kind, or a metadata name."""
    name = host.lower().strip("[]").rstrip(".")
    kind = refused_address(name)
    if kind is not None:
        return f"{name} is {kind}"
    if name in METADATA_HOSTS or name.endswith(".internal"):
        return f"{name} is a metadata or internal host name"
    return None


class GuardedResolver(AbstractResolver):
    """aiohttp's resolver, refusing a name whose addresses include a refused one."""

    def __init__(self) -> None:
        self._inner = aiohttp.DefaultResolver()

    async def resolve(self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET) -> list[Any]:
        infos = await self._inner.resolve(host, port, family)
        for info in infos:
            kind = refused_address(str(info["host"]))
            if kind is not None:
                raise PrivateAddress(f"{host} resolves to {info['host']}, {kind}")
        return list(infos)

    async def close(self) -> None:
        await self._inner.close()
