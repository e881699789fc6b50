"""The errors briefing raises. The CLI turns each into one line and an exit code."""


class BriefingError(Exception):
    """Base class: something the user can fix stopped the run."""

    exit_code = 1


class ConfigError(BriefingError):
    """Raised when briefing.toml or a flag holds an unknown key, a wrong type or a bad value."""


class FlagError(ConfigError):
    """Raised when a command-line flag holds a bad value, or flags exclude each other: a bad command line."""

    exit_code = 2


class SeedError(BriefingError):
    """Raised when one seed file cannot be turned into an article; the run skips it and goes on."""


class SeedUnreadable(SeedError):
    """Raised when the system cannot read a seed now (permissions, I/O, gone); the next run tries again."""


class OutputError(BriefingError):
    """Raised when the briefing files or the state store cannot be written."""


class TemplateError(BriefingError):
    """Raised when a template is missing or fails to render."""


class LockedError(BriefingError):
    """Raised when another briefing run holds the lock and waiting for it timed out (`waited`: how long it
    waited, in seconds)."""

    # EX_TEMPFAIL from sysexits.h: try again later.
    exit_code = 75

    def __init__(self, message: str, waited: float = 0.0) -> None:
        super().__init__(message)
        self.waited = waited


class DeliveryError(BriefingError):
    """Raised when a briefing cannot be delivered; the files stay written and delivery is retried next run."""

    # What the server did before it failed (a long list goes out in parts): the addresses it took the message
    # for, and those it refused for good, with its answers. The next run sends it to neither again.
    taken: tuple[str, ...] = ()
    refused: tuple[tuple[str, str], ...] = ()


class SidecarError(SeedError):
    """Raised when a seed's metadata sidecar (NAME.meta.toml) cannot be used; the seed is skipped with the reason."""


class FetchError(BriefingError):
    """Raised when one feed, page or entry cannot be fetched; it is one line of the fetch's report, the others carry on.

    `transient` marks what may work on a later fetch (a timeout, a 5xx, a
    refused connection): the feed then keeps its old validators, so the next
    fetch downloads it again and retries the entries that failed. `status` is
    the HTTP status, when the failure is one.
    """

    def __init__(self, message: str, *, transient: bool = False, status: int | None = None) -> None:
        super().__init__(message)
        self.transient = transient
        self.status = status


class AddressRefused(FetchError):
    """Raised when a host resolves to an address a request may not reach (loopback, private, link-local, ...)."""


class SeedWriteError(OutputError):
    """Raised when a fetched seed cannot be written into the seeds folder (a full disk, a read-only folder): the fetch stops."""
