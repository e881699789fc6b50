"""Which addresses a request may reach: loopback, private and other non-public addresses are judged here.

Stdlib only. The HTTP module checks every address a host name resolves to,
before each request and again in the network backend that opens the
sockets, with `Network`; tests replace it so that a made-up public host name
can play on 127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import socket

from ...errors import AddressRefused, FetchError
from ...text import printable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def address_kind(ip: IPAddress) -> str | None:
    """What makes `ip` non-public ("loopback", "private", ...), or None for a public address.

    IPv4 addresses inside IPv6 (mapped, 6to4, Teredo, NAT64) are judged by the
    IPv4 address they carry.
    """
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and (kind := address_kind(embedded)) is not None:
            return kind
    for kind in ("loopback", "link_local", "multicast", "unspecified", "private", "reserved"):
        if getattr(ip, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if ip.is_global else "non-public"


class Network:
    """How host names become addresses, and which addresses are public.

    Replace it to test: `resolve` can map a made-up host name to 127.0.0.1,
    and `is_public` can call that host public, so a test server on this
    machine can play a public site.
    """

    def resolve(self, host: str, port: int) -> list[str]:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        return list(dict.fromkeys(info[4][0] for info in infos))

    def is_public(self, host: str, address: IPAddress) -> bool:
        return address_kind(address) is None


def checked_addresses(network: Network, host: str, port: int, allow_private: bool) -> list[str]:
    """The addresses of `host`, every one checked; FetchError if it cannot be resolved,
    AddressRefused if any address is non-public and `allow_private` is not set."""
    try:
        addresses = list(network.resolve(host, port))
    except (OSError, UnicodeError) as error:
        reason = " ".join(str(error).split()) or type(error).__name__
        raise FetchError(f"cannot resolve {printable(host[:100])}: {printable(reason[:160])}", transient=True) from None
    if not addresses:
        raise FetchError(f"cannot resolve {printable(host[:100])}: no address", transient=True)
    for address in addresses:
        try:
            ip = ipaddress.ip_address(address.split("%")[0])
        except ValueError:
            raise FetchError(f"cannot resolve {printable(host[:100])}: bad address {printable(address[:60])}") from None
        if not allow_private and not network.is_public(host, ip):
            raise AddressRefused(
                f"refused: {printable(host[:100])} is at {ip}, a {address_kind(ip) or 'non-public'} address; "
                "only a source on such a network may link there"
            )
    return addresses
