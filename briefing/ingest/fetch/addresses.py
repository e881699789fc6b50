"""Which addresses a request may reach: loopback, private and other non-public addresses are judged here.

Stdlib only. The HTTP module checks every address a host name resolves to,
before each request and again in the network backend that opens the
sockets, with `Network`; tests replace it so that a made-up public host name
can play on 127.0.0.1.
"""

from __future__ import annotations

import enum
import ipaddress
import socket
import threading

from ...errors import AddressRefused, FetchError
from ...text import printable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, Teredo, NAT64), or None."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
    if embedded is None and ip in _NAT64:
        embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return embedded


def address_kind(ip: IPAddress) -> str | None:
    """What makes `ip` non-public ("loopback", "private", ...), or None for a public address.

    IPv4 addresses inside IPv6 (mapped, 6to4, Teredo, NAT64) are judged by the
    IPv4 address they carry.
    """
    embedded = _embedded_ipv4(ip)
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


class ResolveTimeout(FetchError):
    """Raised when a host name has no answer in time (a resolver that does not answer)."""


def _resolved(network: Network, host: str, port: int, timeout: float | None) -> list[str]:
    """network.resolve(host, port), in `timeout` seconds at most (None: as long as it takes).

    getaddrinfo() has no timeout of its own: with a resolver that does not answer it waits as the system
    says (5 s a try, a try a name server, for A and AAAA, often half a minute), outside every timeout and
    deadline of the request. It runs in a thread that is left to finish on its own if it does not in time.
    """
    if timeout is None:
        return list(network.resolve(host, port))
    outcome: list = []
    done = threading.Event()

    def resolve() -> None:
        try:
            outcome.append(list(network.resolve(host, port)))
        except BaseException as error:  # handed to the caller's thread
            outcome.append(error)
        finally:
            done.set()

    threading.Thread(target=resolve, name="briefing-resolve", daemon=True).start()
    if not done.wait(max(timeout, 0.0)):
        raise ResolveTimeout(f"cannot resolve {printable(host[:100])}: no answer within {timeout:g}s",
                             transient=True)
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


class Reach(enum.IntEnum):
    """Which addresses a request may reach: what a source's own address allows its links (and redirects).

    A link-local address is where cloud metadata services answer (169.254.169.254, with the machine's
    credentials): an intranet feed, or a feed on this machine that republishes others' posts (a local
    bridge), may link to its own network, but not there, unless the source itself is on such an address.
    """

    PUBLIC = 0  # a public source: public addresses only
    PRIVATE = 1  # an intranet source: private ones too, but no link-local or metadata address
    ANY = 2  # a source on a link-local address: every address


# Metadata services that are not at a link-local address (AWS's over IPv6; Alibaba Cloud's).
METADATA_ADDRESSES = frozenset({ipaddress.ip_address("fd00:ec2::254"), ipaddress.ip_address("100.100.100.200")})


def is_metadata_address(ip: IPAddress) -> bool:
    """True for a link-local address (169.254.0.0/16, fe80::/10, one inside IPv6) or a known metadata service's
    (inside IPv6 too: "::ffff:100.100.100.200" reaches Alibaba Cloud's over IPv4)."""
    return address_kind(ip) == "link-local" or ip in METADATA_ADDRESSES or _embedded_ipv4(ip) in METADATA_ADDRESSES


def checked_addresses(network: Network, host: str, port: int, allow_private: int,
                      timeout: float | None = None) -> list[str]:
    """The addresses of `host`, every one checked; FetchError if it cannot be resolved (ResolveTimeout if
    not within `timeout` seconds), AddressRefused if an address is beyond the Reach `allow_private` (a bool:
    False is Reach.PUBLIC, True Reach.PRIVATE)."""
    try:
        addresses = _resolved(network, host, port, timeout)
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
        if network.is_public(host, ip):
            continue
        if not allow_private:
            raise AddressRefused(
                f"refused: {printable(host[:100])} is at {ip}, a {address_kind(ip) or 'non-public'} address; "
                "only a source on such a network may link there"
            )
        if allow_private < Reach.ANY and is_metadata_address(ip):
            raise AddressRefused(
                f"refused: {printable(host[:100])} is at {ip}, a {address_kind(ip) or 'non-public'} address "
                "where cloud metadata services answer; only a source on such an address may link there"
            )
    return addresses
