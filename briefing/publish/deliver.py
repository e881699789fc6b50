"""Send a briefing by email: one multipart message, the briefing as plain text and the HTML page.

Only the standard library's smtplib and email are used. Every failure is a
DeliveryError with a one-line reason; the pipeline logs it, keeps the day
pending in the state store, and tries again on the next run. Nothing here
touches the briefing files. smtplib, ssl and email are imported when a
message is made or sent, not by every command that imports the pipeline.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Sequence

from ..config import EmailDelivery
from ..errors import DeliveryError
from ..text import clean_line, encoded_word, short_line
from .addresses import ascii_domain, ascii_domain_in, needing_smtputf8, reader_addresses

if TYPE_CHECKING:
    import smtplib
    from email.message import EmailMessage

log = logging.getLogger("briefing")


def email_subject(email: EmailDelivery, *, title: str, day: dt.date, day_long: str, stories: int) -> str:
    """The configured subject template, filled in for one briefing."""
    return email.subject.format(title=title, date=day.isoformat(), date_long=day_long, stories=stories)


def build_message(email: EmailDelivery, subject: str, text: str, html: str) -> EmailMessage:
    """A multipart/alternative message: `text` for plain-text readers, then the HTML page."""
    from email.message import EmailMessage
    from email.utils import formatdate, make_msgid, parseaddr

    subject = clean_line(subject)  # a header holds one line, whatever the title held
    for header in (subject, email.sender, *email.to):
        # (The config refuses them; a config made another way may hold one, which no header may show.)
        if (found := encoded_word(header)) is not None:
            raise DeliveryError(f"the subject or an address holds an encoded word ({short_line(found, 80)}), "
                                "which a mail's header would read as other text")
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = ascii_domain_in(email.sender)
    # The bcc addresses are in no header: the envelope alone names them (see send_message).
    message["To"] = ", ".join(map(ascii_domain_in, email.to)) if email.to else "undisclosed-recipients:;"
    message["Date"] = formatdate(localtime=True)
    domain = ascii_domain(parseaddr(email.sender)[1]).rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    # RFC 3834: tells mail servers not to send out-of-office replies to it.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text, subtype="plain", charset="utf-8")
    message.add_alternative(html, subtype="html", charset="utf-8")
    return message


def _tls_context(email: EmailDelivery):
    """What TLS trusts: the configured ca_file's certificates, or else the system's (the file was checked when
    the config was read, but it may change after)."""
    import ssl

    try:
        return ssl.create_default_context(cafile=str(email.ca_file) if email.ca_file else None)
    except ssl.SSLError as error:
        raise DeliveryError(f"delivery.email.ca_file {email.ca_file} holds no certificate TLS can read: give "
                            f"certificates in PEM form ({error.reason or error})") from None
    except OSError as error:
        raise DeliveryError(f"delivery.email.ca_file {email.ca_file} cannot be read: {error.strerror or error}") from None


def _credentials(email: EmailDelivery) -> tuple[str, str] | None:
    from email.utils import parseaddr

    for name, value in ((email.username_env, email.username), (email.password_env, email.password)):
        if name and value is None:
            raise DeliveryError(f"environment variable {name} is not set (named in [delivery.email])")
        # SMTP login (smtplib) sends ASCII only: anything else ended the run in "internal error:
        # UnicodeEncodeError", exit 70; a line break or other control character left the server waiting,
        # and an empty value is a variable set by mistake (`PASSWORD=` in a unit file).
        if name and not value.strip():
            raise DeliveryError(f"environment variable {name} is empty (named in [delivery.email])")
        if name and (not value.isascii() or not value.isprintable()):
            raise DeliveryError(f"environment variable {name} holds characters SMTP login cannot send (only "
                                "printable ASCII; named in [delivery.email])")
    if email.password is None:
        return None
    # Most providers take the sender's address as the user name.
    return email.username or parseaddr(email.sender)[1], email.password


def _hang_up(client) -> None:
    """Say goodbye, and close whatever the server answers: a message it took (250 to its data) is
    sent even when it then answers QUIT with an error or drops the line, and must not be sent again."""
    import smtplib

    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()


# A server may answer one byte at a time, and then no single read ever times out: the whole conversation
# may take this many timeouts (5 minutes with the default 30 s), then the connection is shut.
WHOLE_TIMEOUTS = 10


class _Deadline:
    """Shuts a client's connection when the whole conversation outlasts `seconds`: the blocked read then
    ends as if the server had hung up, and `passed` tells why."""

    def __init__(self, client: smtplib.SMTP, seconds: float) -> None:
        import threading

        self.client, self.seconds, self.passed = client, seconds, False
        self.timer = threading.Timer(seconds, self._shut)
        self.timer.daemon = True

    def _shut(self) -> None:
        import socket

        self.passed = True
        sock = self.client.sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def __enter__(self) -> _Deadline:
        self.timer.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.timer.cancel()


# The lines of one answer: smtplib reads them until one does not continue, and keeps them all. A server
# greets in one and lists its extensions in a dozen; one whose answer never ended ("250-..." for ever) grew
# the process by gigabytes (5 GB in 20 s) until the deadline hung up.
MAX_ANSWER_LINES = 1_000


class _AnswerTooLong(OSError):
    """An answer of more lines than MAX_ANSWER_LINES (smtplib reads it as the server hanging up)."""


class _CountedLines:
    """The reader of one answer, refusing its line past MAX_ANSWER_LINES."""

    def __init__(self, inner) -> None:
        self.inner, self.lines = inner, 0

    def readline(self, size: int = -1) -> bytes:
        self.lines += 1
        if self.lines > MAX_ANSWER_LINES:
            raise _AnswerTooLong(f"an answer of more than {MAX_ANSWER_LINES:,} lines")
        return self.inner.readline(size)

    def close(self) -> None:
        self.inner.close()


def _client(smtp_class: type) -> type:
    """`smtp_class` reading each answer through _CountedLines; `too_long` tells it was cut short, `connected`
    that the connection was made (an answer was waited for)."""

    class Client(smtp_class):
        too_long = False
        connected = False  # (an answer was waited for: the connection was made)

        def getreply(self):
            self.connected = True
            if self.file is None and self.sock is not None:
                self.file = self.sock.makefile("rb")
            if self.file is not None:
                self.file = _CountedLines(self.file)
            try:
                return super().getreply()
            except OSError as error:
                self.too_long = self.too_long or isinstance(error.__context__, _AnswerTooLong)
                raise
            finally:
                if isinstance(self.file, _CountedLines):  # (None once smtplib closed the connection)
                    self.file = self.file.inner

    return Client


# RFC 5321 (4.5.3.1.8): a server takes at least 100 recipients a message, and some no more: the 101st and
# after were refused (452) and sent nothing. A longer list goes out in messages of this many.
RECIPIENTS_PER_MESSAGE = 100
# A reader whose address is not ASCII, to a server without SMTPUTF8: refused for good, as that server would.
NOT_ASCII_REFUSED = (553, "5.6.7 cannot take addresses with non-ASCII characters (no SMTPUTF8)")


def _ascii_shown(message: EmailMessage) -> EmailMessage:
    """A copy of `message` whose To header shows only ASCII addresses: one in other letters, written for a
    server without SMTPUTF8, is an encoded word in an address, which RFC 2047 forbids (and no reply reaches)."""
    import copy

    shown = [str(address) for address in message["To"].addresses if address.addr_spec.isascii()]
    trimmed = copy.copy(message)  # (del makes the copy a list of headers of its own)
    del trimmed["To"]
    trimmed["To"] = ", ".join(shown) or "undisclosed-recipients:;"
    return trimmed


@dataclass(frozen=True)
class Handed:
    """What the server did with a message: the addresses it took it for, and those it refused, for now (a 4xx
    answer: a full mailbox, greylisting; a later run tries them again) or for good (5xx), each with the
    server's answer in one line."""

    taken: tuple[str, ...] = ()
    refused_for_now: tuple[tuple[str, str], ...] = ()
    refused: tuple[tuple[str, str], ...] = ()  # for good


def _sent_in_parts(client, message: EmailMessage, recipients: Sequence[str], taken: list[str], refused: dict) -> None:
    """The message sent to `recipients`, RECIPIENTS_PER_MESSAGE at a time. As it goes, each part's addresses
    the server took are added to `taken`, and those it refused to `refused`, with its (code, answer): if a
    later part fails, the run records them, and the next sends the message to the others alone."""
    import smtplib
    from email.utils import parseaddr

    unreachable = set(needing_smtputf8(recipients))
    shows_unreachable = not all(address.addr_spec.isascii() for address in message["To"].addresses)
    # (A sender's own address in other letters needs SMTPUTF8 for every reader; so do they all, when every
    # reader's does: smtplib's refusal then says why.)
    if (unreachable or shows_unreachable) and len(unreachable) < len(recipients) and parseaddr(message["From"])[1].isascii():
        client.ehlo_or_helo_if_needed()
        if not client.has_extn("smtputf8"):
            # Refused here, as the server would (RFC 6531's 553 5.6.7): smtplib refuses the whole message,
            # and one such reader stopped it for every other. Shown to none (nor when sent again, to readers
            # a server refused for now, the others done).
            refused.update(dict.fromkeys(unreachable, NOT_ASCII_REFUSED))
            recipients = [address for address in recipients if address not in unreachable]
            message = _ascii_shown(message)
    for start in range(0, len(recipients), RECIPIENTS_PER_MESSAGE):
        part = recipients[start:start + RECIPIENTS_PER_MESSAGE]
        try:
            refused_here = client.send_message(message, to_addrs=part)
        except smtplib.SMTPRecipientsRefused as error:  # (none of that part taken: smtplib has reset the transaction)
            closing = [answer for answer in error.recipients.values() if answer[0] == 421]
            if closing:
                # The server closing the connection, which smtplib has closed: the part's readers after that
                # one were never asked, and those before it never sent the message.
                raise smtplib.SMTPResponseException(*closing[0]) from None
            refused.update(error.recipients)
            continue
        taken.extend(address for address in part if address not in refused_here)
        refused.update(refused_here)


def send_message(email: EmailDelivery, message: EmailMessage, recipients: Sequence[str] | None = None) -> Handed:
    """Hand the message to the configured SMTP server for `recipients` (addresses; by default every reader
    configured), or raise DeliveryError saying why not. A refused reader is no failure: see Handed."""
    import smtplib

    credentials = _credentials(email)
    where = f"{email.host}:{email.port}"
    if recipients is None:
        recipients = reader_addresses(email)
    taken: list[str] = []
    refused: dict = {}
    context = _tls_context(email) if email.security != "none" else None
    # Made unconnected, so that the deadline also bounds the server's greeting; then given the host as its
    # constructor would have, for TLS to check the certificate's name (smtplib has no public way).
    client: smtplib.SMTP = (_client(smtplib.SMTP_SSL)(timeout=email.timeout, context=context)
                            if email.security == "ssl" else _client(smtplib.SMTP)(timeout=email.timeout))
    client._host = email.host
    deadline = _Deadline(client, WHOLE_TIMEOUTS * email.timeout)
    greeted = False
    try:
        with deadline:
            code, greeting = client.connect(email.host, email.port)
            greeted = True
            if code != 220:
                client.close()
                raise smtplib.SMTPConnectError(code, greeting)
            try:
                if email.security == "starttls":
                    try:
                        client.starttls(context=context)
                    except smtplib.SMTPNotSupportedError:
                        raise DeliveryError(
                            f"{where} does not offer STARTTLS; set security = 'ssl' if it expects TLS from the "
                            "start, or security = 'none' for a relay on this machine"
                        ) from None
                if credentials is not None:
                    client.login(*credentials)
                _sent_in_parts(client, message, recipients, taken, refused)
            finally:
                _hang_up(client)
    except OSError as error:  # smtplib's errors are OSErrors
        failure = _failure_of(error, client, deadline, email, greeted)
    except DeliveryError as error:
        failure = error
    else:
        return _handed(recipients, taken, refused)
    handed = _handed(recipients, taken, refused)
    failure.taken, failure.refused = handed.taken, handed.refused
    raise failure from None


def _handed(recipients: Sequence[str], taken: list[str], refused: dict) -> Handed:
    """What the server did with the message, the refused readers as `recipients` lists them. Only a 5xx
    answer refuses for good (RFC 5321): a 4xx, or an answer smtplib could not read, is for now."""
    for_good = {address for address, (code, _) in refused.items() if 500 <= code < 600}
    return Handed(taken=tuple(taken),
                  refused_for_now=tuple((a, _answer(*refused[a])) for a in recipients if a in refused
                                        and a not in for_good),
                  refused=tuple((a, _answer(*refused[a])) for a in recipients if a in for_good))


def _failure_of(error: OSError, client, deadline: _Deadline, email: EmailDelivery, greeted: bool) -> DeliveryError:
    """What went wrong in a session with the server, in one line."""
    where = f"{email.host}:{email.port}"
    if getattr(client, "too_long", False):
        return DeliveryError(f"{where}: an answer of more than {MAX_ANSWER_LINES:,} lines (a server gone wrong)")
    if deadline.passed:
        return DeliveryError(f"{where}: no whole answer within {deadline.seconds:g}s (a server answering too slowly)")
    # Connected, no greeting: a server that expects TLS from the start waits for it, silent, as plain text
    # waits for its greeting. (A connection that was never made says nothing of the kind.)
    silent = client.connected and not greeted and email.security != "ssl"
    return _failure(error, where, email.timeout, email.security, silent_greeting=silent)


def _answer(code: int, text: bytes | str) -> str:
    """A server's answer to one address, as one clean line."""
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return f"{code} {short_line(words, 300)}"


def _smtp_reason(error: smtplib.SMTPResponseException) -> str:
    """The server's code and words, as one clean line: they reach the terminal and the log, where a control
    character from a misbehaving server could clear the screen or retitle the window."""
    return _answer(error.smtp_code, error.smtp_error)


def _failure(error: OSError, where: str, timeout: float, security: str, silent_greeting: bool = False
             ) -> DeliveryError:
    """What went wrong, in one line (smtplib's errors are OSErrors: the most particular are tested first);
    `silent_greeting`: connected in plain text, the server never greeted (a timeout then says why it may be)."""
    import smtplib
    import socket
    import ssl

    no_answer = DeliveryError(f"{where}: no answer within {timeout:g}s" + (
        "; if it expects TLS from the start (port 465), set security = 'ssl'" if silent_greeting else ""))

    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code == -1:
        # An answer with no three-digit code (a POP3 "+OK", an IMAP "* OK": a port named by mistake), which
        # smtplib reads as code -1 with its first four characters cut off.
        return DeliveryError(f"{where} does not answer as an SMTP server does (the port of another service?)")
    if isinstance(error, smtplib.SMTPNotSupportedError):
        if "SMTPUTF8" in str(error):
            return DeliveryError(f"{where} cannot take addresses with non-ASCII characters (no SMTPUTF8); "
                                 "use ASCII addresses for [delivery.email] from, to and bcc")
        return DeliveryError(f"{where} does not support what sending needs: {error}")
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return DeliveryError(f"{where} refused the login: {_smtp_reason(error)}")
    if isinstance(error, smtplib.SMTPSenderRefused):
        return DeliveryError(f"{where} refused the sender {error.sender}: {_smtp_reason(error)}")
    if isinstance(error, smtplib.SMTPDataError):
        return DeliveryError(f"{where} refused the message: {_smtp_reason(error)}")
    if isinstance(error, smtplib.SMTPHeloError):
        return DeliveryError(f"{where} refused the greeting (HELO): {_smtp_reason(error)}")
    if isinstance(error, smtplib.SMTPConnectError):
        return DeliveryError(f"{where} refused the connection: {_smtp_reason(error)}")
    if isinstance(error, smtplib.SMTPServerDisconnected):
        if isinstance(error.__context__, (socket.timeout, TimeoutError)):
            # smtplib reports an answer that never came (a server that hangs) as a closed connection.
            return no_answer
        return DeliveryError(f"{where} closed the connection unexpectedly")
    if isinstance(error, smtplib.SMTPResponseException):
        return DeliveryError(f"{where}: {_smtp_reason(error)}")
    if isinstance(error, ssl.SSLError) and error.reason == "WRONG_VERSION_NUMBER" and security == "ssl":
        # OpenSSL's name for an answer that is no TLS: with security = 'ssl', a server's plain "220" greeting.
        return DeliveryError(f"{where} does not speak TLS from the start (security = 'ssl'): it answered in plain "
                             "text; set security = 'starttls' (usually port 587)")
    if isinstance(error, ssl.SSLError):
        return DeliveryError(f"{where}: TLS failed: {error.reason or error}")
    if isinstance(error, (socket.timeout, TimeoutError)):
        return no_answer
    if isinstance(error, smtplib.SMTPException):
        return DeliveryError(f"{where}: {short_line(str(error), 300)}")
    return DeliveryError(f"cannot connect to {where}: {error.strerror or error}")
