"""Addresses from feeds: which are fetchable, and their canonical form for spotting duplicates.

Stdlib only. A canonical URL is the link with what does not change the
article taken out: the fragment, credentials, a default port, tracking
parameters (`utm_*`, `fbclid`, `gclid`, ...); the host is lower-cased and
the remaining query parameters sorted. Other query parameters are kept: on
many sites (`article.php?id=123`) they are what tells two articles apart.
"""

from __future__ import annotations

import urllib.parse

FETCHABLE_SCHEMES = ("http", "https")
MAX_URL_CHARS = 2000

# Query parameters that only say where a click came from. Compared lower-cased.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
    "igshid", "igsh", "li_fat_id", "mkt_tok", "_ga", "_gl", "_hsenc", "_hsmi", "mc_cid", "mc_eid",
    "cmpid", "cmp", "ocid", "smid", "smtyp", "s_cid", "sr_share", "ref_src", "ref_url", "rss",
    "wt.mc_id", "wt_mc_id", "icid", "ito", "spm", "xtor", "cid_source", "soc_src", "soc_trk",
    "__twitter_impression", "feature", "src_feed",
})
TRACKING_PREFIXES = ("utm_", "at_", "ns_", "pk_", "mtm_", "hsa_", "oly_", "vero_", "itm_", "trk_")


def _is_tracking(name: str) -> bool:
    name = urllib.parse.unquote_plus(name).strip().lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def scheme_problem(url: str | None) -> str | None:
    """Why `url` may not be fetched (a scheme other than http/https, no host), or None."""
    if not url or not url.strip():
        return "no link"
    url = url.strip()
    if len(url) > MAX_URL_CHARS:
        return f"link longer than {MAX_URL_CHARS} characters"
    try:
        parts = urllib.parse.urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        return "not a valid address"
    scheme = parts.scheme.lower()
    if scheme not in FETCHABLE_SCHEMES:
        return f"{scheme or 'relative'}: links are never fetched (only http and https)"
    if not parts.hostname:
        return "address without a host"
    return None


def _host(parts: urllib.parse.SplitResult) -> str:
    host = (parts.hostname or "").rstrip(".").lower()
    if host and not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            pass
    return f"[{host}]" if ":" in host else host


def fetchable_url(url: str) -> str:
    """The address to request for `url`: without its fragment and credentials (never sent)."""
    parts = urllib.parse.urlsplit(url.strip())
    netloc = _host(parts)
    if parts.port is not None:
        netloc += f":{parts.port}"
    return urllib.parse.urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def canonical_url(url: str) -> str:
    """`url` in the form two links to the same article share (see the module docstring)."""
    parts = urllib.parse.urlsplit(url.strip())
    scheme = parts.scheme.lower()
    netloc = _host(parts)
    port = parts.port
    if port is not None and (scheme, port) not in (("http", 80), ("https", 443)):
        netloc += f":{port}"
    pieces = [p for p in parts.query.split("&") if p and not _is_tracking(p.split("=", 1)[0])]
    query = "&".join(sorted(pieces))
    return urllib.parse.urlunsplit((scheme, netloc, parts.path or "/", query, ""))


def url_key(url: str) -> str:
    """The seen-key of an article's address: its canonical URL without the scheme
    (the same article linked over http and https is one article)."""
    canonical = canonical_url(url)
    return "url:" + canonical.split(":", 1)[1]
