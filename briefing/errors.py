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
    """Raised when another briefing run holds the lock and waiting for it timed out."""

    # EX_TEMPFAIL from sysexits.h: try again later.
    exit_code = 75


class DeliveryError(BriefingError):
    """Raised when a briefing cannot be delivered; the files stay written and delivery is retried next run."""
