"""Email delivery to a real SMTP server on loopback (aiosmtpd), driven through the real CLI."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email
import email.policy
import shutil
import socket
import ssl
import threading
import time
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from briefing.config import load_config
from briefing.errors import ConfigError
from briefing.publish import deliver
from briefing.publish.markdown_text import md_as_plain_text
from conftest import age_files, article_text, run_briefing, stop_a_rebuild_midway, write_seed

DAY = "2026-11-25"


class Mailbox:
    """An aiosmtpd handler that keeps every message it is given."""

    def __init__(self) -> None:
        self.envelopes = []
        self.logins = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.envelopes.append(envelope)
        return "250 OK"

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"s3cret")

    def messages(self):
        return [email.message_from_bytes(e.original_content, policy=email.policy.default) for e in self.envelopes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    """Start aiosmtpd on 127.0.0.1; returns (mailbox, port). Stopped after the test."""
    started = []

    def start(port: int | None = None, mailbox: Mailbox | None = None, **options):
        mailbox = mailbox or Mailbox()
        if "authenticator" in options:
            options["authenticator"] = mailbox.authenticate
        controller = Controller(mailbox, hostname="127.0.0.1", port=port or free_port(), **options)
        controller.start()
        started.append(controller)
        return mailbox, controller.port

    yield start
    for controller in started:
        controller.stop()


def email_config(port: int, security: str = "none", extra: str = "") -> str:
    return (
        "[delivery.email]\n"
        f'host = "127.0.0.1"\nport = {port}\nsecurity = "{security}"\n'
        'from = "Briefing <briefing@example.org>"\n'
        'to = ["ana@example.org", "ben@example.org"]\n'
        'subject = "{title} for {date}: {stories} stories"\n'
        "timeout = 10\n" + extra
    )


def _emailing_in_bcc(workdir, port: int, readers: list[str], to: str = "") -> None:
    """briefing.toml emailing `readers` in bcc, and `to` (as TOML writes it) or no one in to."""
    bcc = "bcc = [{}]\n".format(", ".join(f'"{reader}"' for reader in readers))
    (workdir / "briefing.toml").write_text(email_config(port, extra=bcc).replace(
        'to = ["ana@example.org", "ben@example.org"]\n', f"to = {to}\n" if to else ""))


def parts(message):
    assert message.get_content_type() == "multipart/alternative"
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    # SMTP carries lines ending in CRLF.
    return plain.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")


def test_a_new_briefing_is_emailed_with_markdown_and_html_parts(workdir, smtp_server):
    mailbox, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0, result.stderr
    assert f"emailed {DAY}" in result.stdout

    [envelope] = mailbox.envelopes
    assert envelope.mail_from == "briefing@example.org"
    assert envelope.rcpt_tos == ["ana@example.org", "ben@example.org"]
    [message] = mailbox.messages()
    assert message["Subject"] == f"Daily briefing for {DAY}: 5 stories"
    assert message["To"] == "ana@example.org, ben@example.org"
    assert message["Auto-Submitted"] == "auto-generated"
    plain, html = parts(message)
    markdown = (workdir / "out" / f"{DAY}.md").read_text()
    # The Markdown as a plain-text reader should see it: its headings and sentences, no Markdown machinery.
    headings = [line.split(" {#")[0] for line in markdown.splitlines() if line.startswith("## ")]
    assert [line for line in plain.splitlines() if line.startswith("## ")] == headings
    assert "{#" not in plain and "](" not in plain and "Back to top" not in plain and "\\" not in plain
    assert "*Valley Gazette <https://example.org/news/solar-cooperative> ·" in plain
    page = (workdir / "out" / f"{DAY}.html").read_text()
    body = page[page.index("<main>"):page.index("</main>")]
    assert body in html and "<!doctype html>" in html
    # Links to other days and the archive would lead nowhere from a mailbox.
    assert "index.html" not in html and 'class="site"' not in html

    # Nothing new: nothing sent. A new article: the updated briefing is sent.
    assert "emailed" not in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    assert len(mailbox.envelopes) == 1
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    assert f"emailed {DAY}" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    assert mailbox.messages()[1]["Subject"] == f"Daily briefing for {DAY}: 6 stories"


def _emailed_to(workdir, smtp_server, listed: str):
    """The mailbox of a run that emailed the day to `listed` (delivery.email.to, as TOML writes the list)."""
    mailbox, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port).replace('["ana@example.org", "ben@example.org"]', listed))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    return mailbox


def test_addresses_in_bcc_are_sent_the_briefing_and_shown_in_no_header(workdir, smtp_server):
    """A list of readers who do not know each other: every address in `to` was shown to every reader."""
    mailbox, port = smtp_server()
    bcc = 'bcc = ["Cy <cy@example.org>", "ANA@example.org", "dee@example.org", " CY@example.org"]\n'
    (workdir / "briefing.toml").write_text(email_config(port, extra=bcc))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    [envelope] = mailbox.envelopes
    # Each once: one in `to` too is shown, as it was.
    assert envelope.rcpt_tos == ["ana@example.org", "ben@example.org", "cy@example.org", "dee@example.org"]
    assert b"cy@" not in envelope.original_content and b"dee@" not in envelope.original_content
    [message] = mailbox.messages()
    assert message["To"] == "ana@example.org, ben@example.org" and message["Bcc"] is None
    assert load_config(workdir / "briefing.toml").email.bcc == ("Cy <cy@example.org>", "dee@example.org")


class HundredAtMost(Mailbox):
    """A server that takes 100 recipients a message (RFC 5321's least), as some providers do, and no more."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's)
        if len(envelope.rcpt_tos) >= 100:
            return "452 4.5.3 Too many recipients"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_list_longer_than_a_server_takes_in_one_message_is_sent_in_several(workdir, smtp_server):
    """151 readers to a server that takes 100 a message: the last 51 were refused (452) and sent nothing, and
    the run said so in one line."""
    mailbox, port = smtp_server(mailbox=HundredAtMost())
    readers = [f"reader{n}@example.org" for n in range(150)]
    _emailing_in_bcc(workdir, port, readers, to='"ana@example.org"')
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    assert "refused" not in result.stderr
    assert [len(envelope.rcpt_tos) for envelope in mailbox.envelopes] == [100, 51]
    assert sum((envelope.rcpt_tos for envelope in mailbox.envelopes), []) == ["ana@example.org", *readers]
    assert {message["To"] for message in mailbox.messages()} == {"ana@example.org"}
    assert len({message["Message-ID"] for message in mailbox.messages()}) == 1


class NoSuchMailbox(Mailbox):
    """A server with no mailbox whose name begins with "gone"."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's)
        if address.startswith("gone"):
            return "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.mark.parametrize("gone", [1, 100, 150])
def test_readers_a_server_refuses_are_named_and_the_others_are_sent_it(workdir, smtp_server, gone):
    """Refused: one reader, a whole message's worth (the second of two), or every one (the delivery fails and
    is tried again by the next run)."""
    mailbox, port = smtp_server(mailbox=NoSuchMailbox())
    readers = [f"gone{n}@example.org" if n >= 150 - gone else f"reader{n}@example.org" for n in range(150)]
    _emailing_in_bcc(workdir, port, readers)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    if gone < 150:
        assert f"emailed {DAY}" in result.stdout, result.stderr
        assert sum((envelope.rcpt_tos for envelope in mailbox.envelopes), []) == readers[:150 - gone]
        refused = readers[150 - gone:]  # (named as listed, the server's answer once)
        assert f"refused {', '.join(refused[:2])}" in result.stderr and refused[-1] in result.stderr  # (one line)
        assert result.stderr.count("550 5.1.1 No such mailbox") == 1
    else:
        assert f"email of {DAY} failed, will retry" in result.stdout and mailbox.envelopes == []
        assert "refused every recipient: gone0@example.org, " in result.stderr


class FullMailbox(Mailbox):
    """A server on which full@'s mailbox is full (452: refused for now) until there is `room`."""

    room = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's)
        if address.startswith("full@") and not self.room:
            return "452 4.2.2 Mailbox full"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def _with_a_full_mailbox(workdir, smtp_server) -> FullMailbox:
    mailbox, port = smtp_server(mailbox=FullMailbox())
    (workdir / "briefing.toml").write_text(email_config(port, extra='bcc = ["Full <full@example.org>"]\n'))
    return mailbox


def _days_sent(mailbox: Mailbox) -> list[tuple[str, list[str]]]:
    """Each message the server took: the day its subject names, and whom it went to."""
    return [(message["Subject"].split(" for ")[1].split(":")[0], envelope.rcpt_tos)
            for message, envelope in zip(mailbox.messages(), mailbox.envelopes)]


def test_a_reader_refused_for_now_is_sent_each_day_later_and_nobody_gets_one_twice(workdir, smtp_server):
    """A full mailbox (452) is no failure of the delivery: the others are sent the day, the reader is tried
    again by the next runs, alone, and days that came meanwhile go out to the others as usual."""
    mailbox = _with_a_full_mailbox(workdir, smtp_server)
    first = run_briefing("run", "--date", DAY, cwd=workdir)
    assert first.code == 0 and f"emailed {DAY} (1 reader refused it for now, will retry)" in first.stdout
    assert "full@example.org (452 4.2.2 Mailbox full); will try them again on the next run" in first.stderr

    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    age_files(workdir / "seeds")
    second = run_briefing("run", "--date", "2026-11-26", cwd=workdir)
    assert second.code == 0, second.stderr
    assert ("emailed 2026-11-26 (1 reader refused it for now, will retry); "
            f"email of {DAY} to 1 reader refused for now, will retry") in second.stdout
    assert _days_sent(mailbox) == [(DAY, ["ana@example.org", "ben@example.org"]),
                                   ("2026-11-26", ["ana@example.org", "ben@example.org"])]

    mailbox.room = True
    third = run_briefing("run", "--date", "2026-11-26", cwd=workdir)
    assert f"0 new, 6 unchanged; nothing new, no files changed; emailed {DAY}, 2026-11-26 (" in third.stdout
    assert _days_sent(mailbox)[2:] == [(DAY, ["full@example.org"]), ("2026-11-26", ["full@example.org"])]
    assert "emailed" not in run_briefing("run", "--date", "2026-11-26", cwd=workdir).stdout
    assert len(mailbox.envelopes) == 4


def _refused_since(workdir) -> str | None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(workdir / ".briefing" / "state.sqlite3")) as store:
        return store.execute("SELECT refused_since FROM deliveries").fetchone()[0]


def _set_refused_since(workdir, value: str) -> None:
    import sqlite3

    with contextlib.closing(sqlite3.connect(workdir / ".briefing" / "state.sqlite3", isolation_level=None)) as store:
        store.execute("UPDATE deliveries SET refused_since = ?", (value,))


@pytest.mark.parametrize("alone", [False, True])
def test_a_reader_refused_for_now_for_four_days_is_given_up(workdir, smtp_server, alone):
    """Four days from the first refusal, counted from then whatever the runs between; also when the refused
    reader is the only one (nobody took the day, and it held back no other day)."""
    mailbox = _with_a_full_mailbox(workdir, smtp_server)
    if alone:
        config = workdir / "briefing.toml"
        config.write_text(config.read_text().replace('to = ["ana@example.org", "ben@example.org"]\n', ""))
    first = run_briefing("run", "--date", DAY, cwd=workdir)
    assert first.code == 0 and "for now, will retry" in first.stdout and "failed" not in first.stdout
    since = dt.datetime.fromisoformat(_refused_since(workdir))
    assert abs(since - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    assert "will retry" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    assert _refused_since(workdir) == since.isoformat()  # (not moved on by the runs that try again)
    _set_refused_since(workdir, (since - dt.timedelta(days=3, hours=23)).isoformat())
    assert "will retry" in run_briefing("run", "--date", DAY, cwd=workdir).stdout  # (not yet four days)
    _set_refused_since(workdir, (since - dt.timedelta(days=4, minutes=1)).isoformat())
    last = run_briefing("run", "--date", DAY, cwd=workdir)
    assert last.code == 0 and "will retry" not in last.stdout and "emailed" not in last.stdout
    gave_up = f"email of the {DAY} briefing: gave up on full@example.org, refused it since "
    assert gave_up in last.stderr and "(452 4.2.2 Mailbox full)" in last.stderr
    mailbox.room = True
    assert "email" not in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    assert [to for _, to in _days_sent(mailbox)] == ([] if alone else [["ana@example.org", "ben@example.org"]])


@pytest.mark.parametrize("kept", ["garbage", "2999-01-01T00:00:00+00:00"])
def test_an_unreadable_or_future_refusal_time_starts_the_four_days_again(workdir, smtp_server, kept):
    mailbox = _with_a_full_mailbox(workdir, smtp_server)
    assert "will retry" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    _set_refused_since(workdir, kept)
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert again.code == 0 and "will retry" in again.stdout and "emailed" not in again.stdout, again.stderr
    since = dt.datetime.fromisoformat(_refused_since(workdir))
    assert abs(since - dt.datetime.now(dt.timezone.utc)) < dt.timedelta(minutes=5)
    assert [to for _, to in _days_sent(mailbox)] == [["ana@example.org", "ben@example.org"]]


class FullOrGone(Mailbox):
    """full@'s mailbox is full (452), gone@ has none (550)."""

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's)
        if address.startswith(("full@", "gone@")):
            return "452 4.2.2 Mailbox full" if address.startswith("full@") else "550 5.1.1 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_reader_refused_for_good_is_not_asked_again_while_another_is_tried_again(workdir, smtp_server):
    mailbox, port = smtp_server(mailbox=FullOrGone())
    (workdir / "briefing.toml").write_text(email_config(port).replace(
        'to = ["ana@example.org", "ben@example.org"]', 'to = ["full@example.org", "gone@example.org"]'))
    asked = []
    for _ in range(3):
        result = run_briefing("run", "--date", DAY, cwd=workdir)
        assert result.code == 0 and "will retry" in result.stdout and "failed" not in result.stdout
        asked.append(result.stderr.count("gone@example.org"))
    assert asked == [1, 0, 0] and mailbox.envelopes == []


class ClosesAtOneReader(Mailbox):
    """Answers 421 (closing the connection) to RCPT for reader120 unless `mended`, as a server going down."""

    mended = False

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's)
        if address == "reader120@example.org" and not self.mended:
            return "421 4.3.2 Service shutting down"
        envelope.rcpt_tos.append(address)
        return "250 OK"


def test_a_server_closing_while_asked_for_readers_fails_the_delivery_and_the_next_run_reaches_the_rest(
        workdir, smtp_server):
    mailbox, port = smtp_server(mailbox=ClosesAtOneReader())
    readers = [f"reader{n}@example.org" for n in range(150)]
    _emailing_in_bcc(workdir, port, readers)
    first = run_briefing("run", "--date", DAY, cwd=workdir)
    assert first.code == 0 and f"email of {DAY} failed, will retry" in first.stdout
    assert "421 4.3.2 Service shutting down" in first.stderr
    mailbox.mended = True
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert again.code == 0 and f"emailed {DAY}" in again.stdout and "refused" not in again.stdout + again.stderr
    assert [envelope.rcpt_tos for envelope in mailbox.envelopes] == [readers[:100], readers[100:]]


def test_a_reader_taken_off_the_list_while_a_day_waited_for_them_is_not_sent_it(workdir, smtp_server):
    mailbox = _with_a_full_mailbox(workdir, smtp_server)
    assert "refused it for now, will retry" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    config = workdir / "briefing.toml"
    config.write_text(config.read_text().replace('bcc = ["Full <full@example.org>"]\n', ""))
    mailbox.room = True
    for _ in range(2):
        again = run_briefing("run", "--date", DAY, cwd=workdir)
        assert again.code == 0 and "email" not in again.stdout and again.stderr == ""
    assert len(mailbox.envelopes) == 1


class FailsTheSecondMessage(NoSuchMailbox):
    """Takes a message, then fails the next one (the connection going wrong midway) unless `mended`."""

    mended = False

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        if len(self.envelopes) == 1 and not self.mended:
            return "451 4.3.0 Temporary local problem"
        return await super().handle_DATA(server, session, envelope)


def test_a_long_list_whose_second_part_failed_is_sent_the_rest_alone_by_the_next_run(workdir, smtp_server):
    """150 readers go out in two messages; the second failed: the next run sends it to those 50 alone (the
    first 100, before, were sent it twice), and does not ask again for one the server refused for good."""
    mailbox, port = smtp_server(mailbox=FailsTheSecondMessage())
    readers = [f"gone{n}@example.org" if n == 5 else f"reader{n}@example.org" for n in range(150)]
    _emailing_in_bcc(workdir, port, readers)
    first = run_briefing("run", "--date", DAY, cwd=workdir)
    assert first.code == 0 and f"email of {DAY} failed, will retry" in first.stdout
    assert "refused the message: 451 4.3.0 Temporary local problem" in first.stderr
    assert "refused gone5@example.org (550 5.1.1 No such mailbox)" in first.stderr
    mailbox.mended = True
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert again.code == 0 and f"emailed {DAY}" in again.stdout and "refused" not in again.stdout + again.stderr
    assert [envelope.rcpt_tos for envelope in mailbox.envelopes] == [readers[:5] + readers[6:100], readers[100:]]


def test_a_day_changed_after_it_reached_some_readers_is_sent_to_every_reader_again(workdir, smtp_server):
    """As a day sent once and changed since: its new version goes to everyone, those it reached too."""
    mailbox = _with_a_full_mailbox(workdir, smtp_server)
    assert "refused it for now" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    age_files(workdir / "seeds")
    changed = run_briefing("run", "--date", DAY, cwd=workdir)
    assert f"emailed {DAY} (1 reader refused it for now, will retry)" in changed.stdout, changed.stdout
    assert [to for _, to in _days_sent(mailbox)] == [["ana@example.org", "ben@example.org"]] * 2


def test_a_briefing_sent_to_bcc_alone_is_to_undisclosed_recipients(workdir, smtp_server):
    mailbox, port = smtp_server()
    config = email_config(port).replace('to = ["ana@example.org", "ben@example.org"]\n',
                                        'bcc = ["ana@example.org", "ben@example.org"]\n')
    (workdir / "briefing.toml").write_text(config)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["ana@example.org", "ben@example.org"]
    assert b"ana@" not in envelope.original_content and b"ben@" not in envelope.original_content
    assert mailbox.messages()[0]["To"] == "undisclosed-recipients:;"


def test_an_address_listed_twice_is_sent_one_copy(workdir, smtp_server):
    """Listed again in other case, with spaces or a display name: it was a second RCPT TO and a second copy."""
    mailbox = _emailed_to(workdir, smtp_server, '["ana@example.org", " Ana@Example.ORG ", '
                                                '"Ana Ruiz <ana@example.org>", "ben@example.org", "ANA@example.org"]')
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["ana@example.org", "ben@example.org"]
    assert mailbox.messages()[0]["To"] == "ana@example.org, ben@example.org"


def test_two_mailboxes_that_differ_in_more_than_case_are_each_sent_a_copy(workdir, smtp_server):
    """casefold() took straße@ and strasse@ (two mailboxes: no provider reads ß as ss) for one address, and
    strasse@ was sent nothing; the same address in other case is still sent once."""
    mailbox = _emailed_to(workdir, smtp_server, '["straße@example.de", "strasse@example.de", "STRASSE@Example.DE", '
                                                '"Straße@EXAMPLE.de", "ZOË@example.de", "zoë@example.de"]')
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["straße@example.de", "strasse@example.de", "ZOË@example.de"]


def test_an_address_with_its_domain_in_punycode_is_the_same_address_and_is_sent_one_copy(workdir, smtp_server):
    """a@bücher.example and a@xn--bcher-kva.example are one mailbox, and it was sent two copies. Sent with its
    domain in punycode as IDNA 2008 writes it (every server takes that): not as IDNA 2003 writes it, which makes
    straße strasse; straße.example and strasse.example are two domains, each sent its copy."""
    mailbox = _emailed_to(workdir, smtp_server, '["a@bücher.example", "a@xn--bcher-kva.example", '
                                                '"A@XN--BCHER-KVA.Example", "a@straße.example", '
                                                '"a@xn--strae-oqa.example", "a@strasse.example"]')
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["a@xn--bcher-kva.example", "a@xn--strae-oqa.example", "a@strasse.example"]


def test_a_domain_in_other_letters_reaches_a_server_without_smtputf8_and_so_do_the_others(workdir, smtp_server):
    # One such reader stopped the briefing for every reader: "cannot take addresses with non-ASCII characters".
    mailbox, port = smtp_server(enable_SMTPUTF8=False)
    (workdir / "briefing.toml").write_text(email_config(port).replace(
        '["ana@example.org", "ben@example.org"]', '["Ana <ana@bücher.example>", "ben@example.org"]'))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["ana@xn--bcher-kva.example", "ben@example.org"]
    # As UTS 46 maps a domain: a wide letter, an East Asian full stop, capitals (and ß kept: see above).
    from briefing.publish.addresses import ascii_domain

    assert {ascii_domain(a) for a in ("ana@ｂücher.example", "ana@bücher。example", "ana@BÜCHER.Example")} == {
        "ana@xn--bcher-kva.example"}
    [message] = mailbox.messages()
    assert message["To"] == "Ana <ana@xn--bcher-kva.example>, ben@example.org"


def test_a_separator_after_an_address_is_none_of_it(workdir, smtp_server):
    """`"ana@example.org;"`, as a mail program's list is written: Python 3.11.7 read past the ";", and 3.13 (or
    a Python with CVE-2023-27043's strict parsing) found no address, so the config sent the briefing on one
    and was refused on the other; each entry is now its address alone, on every Python."""
    listed = '["ana@example.org;", " Ben <ben@example.org> ; ", "ana@example.org,"]'
    mailbox = _emailed_to(workdir, smtp_server, listed)
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["ana@example.org", "ben@example.org"]
    assert load_config(workdir / "briefing.toml").email.to == ("ana@example.org", "Ben <ben@example.org>")
    (workdir / "briefing.toml").write_text(email_config(1).replace('["ana@example.org", "ben@example.org"]',
                                                                   '["ana@example.org; ben@example.org"]'))
    refused = run_briefing("config", "check", cwd=workdir)
    assert refused.code == 1 and "delivery.email.to: 'ana@example.org; ben@example.org' " in refused.stderr


@pytest.mark.parametrize("key", ["from", "to"])
@pytest.mark.parametrize("breaking", ["\\u2028", "\\u2029"])
def test_a_unicode_line_break_in_an_address_is_one_clear_error(workdir, key, breaking):
    """A line or paragraph separator is no control character, and made a header it ended the run in
    "internal error: ValueError", exit 70, after the day was written."""
    config = email_config(free_port())
    config = (config.replace('to = ["ana@example.org"', f'to = ["ana@example.org{breaking}x"') if key == "to"
              else config.replace('from = "Briefing <briefing@example.org>"',
                                  f'from = "Briefing{breaking} <b@example.org>"'))
    (workdir / "briefing.toml").write_text(config)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (workdir / "out").exists()
    code_point = breaking.replace("\\u", "U+")
    assert f"delivery.email.{key} must be one line of text without control characters (found {code_point})" \
        in result.stderr, result.stderr


class ErrorOnQuit(Mailbox):
    """Takes the message (250 to its data), then answers QUIT with an error, as some servers do."""

    async def handle_QUIT(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        return "421 closing, try again later"


def test_a_message_the_server_took_is_sent_once_whatever_it_answers_to_quit(workdir, smtp_server):
    mailbox, port = smtp_server(mailbox=ErrorOnQuit())
    (workdir / "briefing.toml").write_text(email_config(port))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stdout + result.stderr
    assert "emailed" not in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    assert len(mailbox.envelopes) == 1


class RefusesWithControls(Mailbox):
    """Refuses the message with a reply that would clear a terminal's screen and set its title."""

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        return "554 \x1b[2J\x1b]0;owned\x07 no thanks"


def test_a_servers_refusal_reaches_the_terminal_without_its_control_characters(workdir, smtp_server):
    _, port = smtp_server(mailbox=RefusesWithControls())
    (workdir / "briefing.toml").write_text(email_config(port))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    assert "refused the message: 554" in result.stderr and "no thanks" in result.stderr, result.stderr
    assert not any(c in result.stderr + result.stdout for c in "\x1b\x07")


def test_refused_connection_keeps_the_files_and_retries_next_run(workdir, smtp_server):
    port = free_port()  # nothing listens here yet
    (workdir / "briefing.toml").write_text(email_config(port))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    assert f"email of {DAY} failed, will retry" in result.stdout
    assert f"cannot connect to 127.0.0.1:{port}" in result.stderr and "Traceback" not in result.stderr
    markdown_path, html_path = workdir / "out" / f"{DAY}.md", workdir / "out" / f"{DAY}.html"
    written = markdown_path.read_text(), html_path.read_text()
    assert "Key points of the day" in written[0] and "<main>" in written[1]
    assert (workdir / "out" / "feed.xml").is_file() and (workdir / "out" / "index.html").is_file()
    # The articles are recorded: the next run finds nothing new but still owes the email.
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "0 new" in again.stdout and "will retry" in again.stdout

    mailbox, _ = smtp_server(port)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout and "0 new" in result.stdout
    [message] = mailbox.messages()
    assert parts(message)[0] == md_as_plain_text(written[0])
    assert (markdown_path.read_text(), html_path.read_text()) == written
    # Sent once: not again.
    assert "emailed" not in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    assert len(mailbox.envelopes) == 1


@pytest.mark.parametrize("greeting", [b"+OK Dovecot ready.\r\n", b"* OK [CAPABILITY IMAP4rev1] ready\r\n"])
def test_a_server_that_is_no_smtp_server_is_named_as_such(workdir, greeting):
    """A POP3 or IMAP port named by mistake: smtplib reads its greeting as code -1 and the rest from the fifth
    character, and the run said "refused the connection: -1 Dovecot ready." (or "-1 [CAPABILITY ...")."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)

    def greet():
        connection, _ = listener.accept()
        with connection:
            connection.sendall(greeting)
            connection.settimeout(2)
            try:
                connection.recv(1024)
            except OSError:
                pass

    threading.Thread(target=greet, daemon=True).start()
    port = listener.getsockname()[1]
    (workdir / "briefing.toml").write_text(email_config(port))
    try:
        result = run_briefing("run", "--date", DAY, cwd=workdir)
    finally:
        listener.close()
    assert result.code == 0 and f"email of {DAY} failed, will retry" in result.stdout
    assert f"127.0.0.1:{port} does not answer as an SMTP server does" in result.stderr, result.stderr
    assert ": -1 " not in result.stderr and "refused" not in result.stderr


class Hangs(Mailbox):
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        await asyncio.sleep(5)  # longer than the client's timeout: no answer to the message
        return "250 OK"


@pytest.mark.parametrize("where", ["greeting", "data"])
def test_a_server_that_hangs_is_named_as_no_answer_not_a_closed_connection(workdir, smtp_server, where):
    if where == "greeting":  # the connection is taken (the listening socket's backlog), nothing is said
        silent = socket.socket()
        silent.bind(("127.0.0.1", 0))
        silent.listen(5)
        port = silent.getsockname()[1]
    else:
        _, port = smtp_server(mailbox=Hangs())
    (workdir / "briefing.toml").write_text(email_config(port).replace("timeout = 10", "timeout = 1"))
    try:
        result = run_briefing("run", "--date", DAY, cwd=workdir)
    finally:
        if where == "greeting":
            silent.close()
    assert result.code == 0 and f"email of {DAY} failed, will retry" in result.stdout
    assert f"127.0.0.1:{port}: no answer within 1s" in result.stderr, result.stderr
    assert "closed the connection" not in result.stderr
    # Silent before its greeting, it may be a server that waits for TLS from the start (port 465).
    assert ("set security = 'ssl'" in result.stderr) == (where == "greeting")


@pytest.mark.parametrize("where", ["greeting", "data"])
def test_a_server_dripping_its_answer_is_hung_up_on_at_the_deadline(workdir, monkeypatch, where):
    # One byte every 0.3 s: no read waits the 1 s timeout, and the answer never ends. Without a deadline for
    # the whole conversation, the run (and the schedule's next ones) would wait for ever.
    monkeypatch.setattr(deliver, "WHOLE_TIMEOUTS", 3)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    stop = threading.Event()
    said = [b"220-drip\r\n" * 1000] if where == "greeting" else [
        b"220 ok\r\n", b"250 ok\r\n", b"250 ok\r\n", b"250 ok\r\n", b"250 ok\r\n", b"354 go\r\n",
        b"250-still working\r\n" * 1000]

    def drip():
        connection, _ = listener.accept()
        with connection:
            connection.settimeout(0.3)
            for answer in said[:-1]:
                connection.sendall(answer)
                try:
                    connection.recv(65536)  # the client's next command (or the message)
                except OSError:
                    pass
            for byte in said[-1]:
                if stop.is_set():
                    return
                try:
                    connection.sendall(bytes([byte]))
                except OSError:
                    return
                time.sleep(0.3)

    thread = threading.Thread(target=drip, daemon=True)
    thread.start()
    (workdir / "briefing.toml").write_text(email_config(port).replace("timeout = 10", "timeout = 1"))
    started = time.monotonic()
    try:
        result = run_briefing("run", "--date", DAY, cwd=workdir)
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - started < 15
    assert result.code == 0 and f"email of {DAY} failed, will retry" in result.stdout
    assert f"127.0.0.1:{port}: no whole answer within 3s" in result.stderr, result.stderr
    assert (workdir / "out" / f"{DAY}.md").exists()


@pytest.mark.parametrize("where", ["greeting", "ehlo"])
def test_a_server_whose_answer_goes_on_and_on_is_hung_up_on_at_its_thousandth_line(workdir, where):
    # smtplib kept every line of an answer until one did not continue: an answer that never ended grew the
    # process by gigabytes before the deadline hung up. This one ends, after 3,000 lines.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    endless = b"250-" + b"x" * 70 + b"\r\n"

    def answer():
        connection, _ = listener.accept()
        with connection:
            try:
                if where == "greeting":
                    connection.sendall(endless.replace(b"250", b"220") * 3000 + b"220 ready\r\n")
                else:
                    connection.sendall(b"220 ready\r\n")
                    connection.recv(65536)  # EHLO
                    connection.sendall(endless * 3000 + b"250 done\r\n")
                connection.recv(65536)
            except OSError:
                pass

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    (workdir / "briefing.toml").write_text(email_config(port))
    try:
        result = run_briefing("run", "--date", DAY, cwd=workdir)
    finally:
        listener.close()
    thread.join(5)
    assert result.code == 0 and f"email of {DAY} failed, will retry" in result.stdout
    assert f"127.0.0.1:{port}: an answer of more than 1,000 lines (a server gone wrong)" in result.stderr, result.stderr
    assert (workdir / "out" / f"{DAY}.md").exists()


def test_a_rebuild_sends_nothing(workdir, smtp_server):
    mailbox, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port))
    run_briefing("run", "--date", DAY, cwd=workdir)
    assert "emailed" not in run_briefing("run", "--date", DAY, "--rebuild", "--sentences", "1", cwd=workdir).stdout
    assert len(mailbox.envelopes) == 1


@pytest.fixture
def tls(tmp_path):
    trustme = pytest.importorskip("trustme")
    authority = trustme.CA()
    server_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1", "localhost").configure_cert(server_context)
    ca_file = tmp_path / "ca.pem"
    authority.cert_pem.write_to_path(str(ca_file))
    return server_context, ca_file


CREDENTIALS = 'username_env = "BRIEFING_TEST_SMTP_USER"\npassword_env = "BRIEFING_TEST_SMTP_PASSWORD"\n'


@pytest.mark.parametrize("security", ["starttls", "ssl"])
def test_tls_and_login_with_credentials_from_the_environment(workdir, smtp_server, tls, security):
    server_context, ca_file = tls
    if security == "starttls":
        mailbox, port = smtp_server(tls_context=server_context, require_starttls=True,
                                    authenticator=True, auth_require_tls=True)
    else:
        mailbox, port = smtp_server(ssl_context=server_context, authenticator=True, auth_require_tls=False)
    (workdir / "briefing.toml").write_text(email_config(port, security, f'ca_file = "{ca_file}"\n' + CREDENTIALS))
    env = {"BRIEFING_TEST_SMTP_USER": "ana", "BRIEFING_TEST_SMTP_PASSWORD": "s3cret"}
    result = run_briefing("run", "--date", DAY, cwd=workdir, env=env)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    assert mailbox.logins == [("ana", "s3cret")]
    assert parts(mailbox.messages()[0])[0] == md_as_plain_text((workdir / "out" / f"{DAY}.md").read_text())


def test_an_untrusted_certificate_is_refused(workdir, smtp_server, tls):
    server_context, _ = tls
    mailbox, port = smtp_server(tls_context=server_context, require_starttls=True)
    (workdir / "briefing.toml").write_text(email_config(port, "starttls"))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and "will retry" in result.stdout
    assert "TLS failed" in result.stderr and "CERTIFICATE_VERIFY_FAILED" in result.stderr
    assert mailbox.envelopes == []


def test_missing_password_variable_is_a_delivery_failure_not_a_lost_briefing(workdir, smtp_server):
    mailbox, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port, extra=CREDENTIALS))
    result = run_briefing("run", "--date", DAY, cwd=workdir, env={"BRIEFING_TEST_SMTP_USER": "ana"})
    assert result.code == 0 and (workdir / "out" / f"{DAY}.md").is_file()
    assert "environment variable BRIEFING_TEST_SMTP_PASSWORD is not set" in result.stderr
    assert mailbox.envelopes == []


@pytest.mark.parametrize("user, password, problem", [
    ("ana", "p\u00e4ssw\u00f6rd", "BRIEFING_TEST_SMTP_PASSWORD holds characters SMTP login cannot send"),
    ("\u00e4na", "s3cret", "BRIEFING_TEST_SMTP_USER holds characters SMTP login cannot send"),
    ("ana", "s3cret\r\nQUIT", "BRIEFING_TEST_SMTP_PASSWORD holds characters SMTP login cannot send"),
    ("ana", "", "BRIEFING_TEST_SMTP_PASSWORD is empty"),
])
def test_credentials_smtp_cannot_send_are_a_delivery_failure_not_an_internal_error(workdir, smtp_server, user,
                                                                                   password, problem):
    # A non-ASCII password ended the run in "internal error: UnicodeEncodeError" (exit 70); a line break in it,
    # or an empty one, left the server waiting until the timeout.
    mailbox, port = smtp_server(authenticator=True, auth_require_tls=False)
    (workdir / "briefing.toml").write_text(email_config(port, extra=CREDENTIALS))
    result = run_briefing("run", "--date", DAY, cwd=workdir,
                          env={"BRIEFING_TEST_SMTP_USER": user, "BRIEFING_TEST_SMTP_PASSWORD": password})
    assert result.code == 0 and "will retry" in result.stdout and (workdir / "out" / f"{DAY}.md").is_file()
    assert result.stderr.count("\n") == 1 and f"environment variable {problem}" in result.stderr, result.stderr
    assert mailbox.envelopes == [] and mailbox.logins == []


def test_no_email_without_the_section(workdir, smtp_server):
    mailbox, _ = smtp_server()
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "emailed" not in result.stdout and "email of" not in result.stdout + result.stderr
    assert mailbox.envelopes == []


def write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "briefing.toml").write_text(text)
    return tmp_path


@pytest.mark.parametrize("body, message", [
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\npassword = "x"\n',
     "credentials are never read from the config file; set delivery.email.password_env"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\nsecurity = "none"\n',
     "allowed only for a server on this machine"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\nsecurity = "tls"\n',
     "security must be one of starttls, ssl, none"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\n', "delivery.email.to is required"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nbcc = ["b@example.org", "nobody"]\n',
     "delivery.email.bcc: 'nobody' is not an email address"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nbcc = "b@example.org, c@example.org"\n',
     "delivery.email.bcc: 'b@example.org, c@example.org' holds more than one address; give each in its own string"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\nbcc = 7\n',
     "delivery.email.bcc must be an address or a list of addresses, not 7"),
    ('host = "smtp.example.org"\nfrom = "nobody"\nto = "b@example.org"\n', "is not an email address"),
    # No one's mailbox ("${USER}@example.org" with USER unset; a domain typed with a dot too many): config
    # check said "ok", and every run's email was refused, for ever.
    ('host = "smtp.example.org"\nfrom = "@example.org"\nto = "b@example.org"\n',
     "delivery.email.from: '@example.org' is not an email address"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = ["b@example.org", "Ben <@example.org>"]\n',
     "delivery.email.to: 'Ben <@example.org>' is not an email address"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example..org"\n',
     "delivery.email.to: 'b@example..org' is not an email address"),
    ('host = "smtp.example.org"\nfrom = "a@.example.org"\nto = "b@example.org"\n',
     "delivery.email.from: 'a@.example.org' is not an email address"),
    # Two addresses in one string: SMTP's envelope took the first, the header showed both.
    ('host = "smtp.example.org"\nfrom = "a@example.org, c@example.org"\nto = "b@example.org"\n',
     "delivery.email.from: 'a@example.org, c@example.org' holds more than one address; give one sender"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = ["Ann <b@example.org>, c@example.org"]\n',
     "holds more than one address; give each in its own string of the list"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = []\n', "delivery.email.to is required"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = []\nbcc = []\n', "delivery.email.to is required"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = {}\n', "must be an address or a list"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "Doe, Ana <b@example.org>"\n',
     "is not an email address \\(a display name that holds a comma goes in double quotes"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\nsubject = "{day}"\n',
     r"unknown field \{day\}"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\nport = "25"\n',
     "port must be a positive whole number"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\npassword_env = "my password"\n',
     "must name an environment variable"),
    ('host = "smtp.example.org"\nfrom = "a@example.org"\nto = "b@example.org"\nretries = 3\n',
     "unknown key 'delivery.email.retries'"),
])
def test_bad_delivery_config_is_one_clear_error(tmp_path, body, message):
    with pytest.raises(ConfigError, match=message):
        load_config(cwd=write(tmp_path, "[delivery.email]\n" + body))


@pytest.mark.parametrize("written, seconds", [("30", 30.0), ('"30s"', 30.0), ('"2m"', 120.0), ('"1.5 s"', 1.5)])
def test_the_email_timeout_takes_the_forms_every_other_time_takes(tmp_path, written, seconds):
    # fetch.read_timeout = "30s" was taken and delivery.email.timeout = "30s" refused.
    config = load_config(cwd=write(tmp_path, '[delivery.email]\nhost = "smtp.example.org"\nfrom = "a@example.org"\n'
                                             f'to = "b@example.org"\ntimeout = {written}\n'))
    assert config.email.timeout == seconds


@pytest.mark.parametrize("written", ["0", '"2h"', '"soon"', "true"])
def test_a_bad_email_timeout_is_one_clear_error(tmp_path, written):
    with pytest.raises(ConfigError, match="delivery.email.timeout must be "):
        load_config(cwd=write(tmp_path, '[delivery.email]\nhost = "smtp.example.org"\nfrom = "a@example.org"\n'
                                        f'to = "b@example.org"\ntimeout = {written}\n'))


def test_a_display_name_with_a_comma_is_one_address(tmp_path):
    config = load_config(cwd=write(tmp_path, '[delivery.email]\nhost = "smtp.example.org"\n'
                                             'from = \'"Briefing, Daily" <a@example.org>\'\nto = "b@example.org"\n'))
    assert config.email.sender == '"Briefing, Daily" <a@example.org>'


def test_delivery_config_defaults_and_credentials(tmp_path):
    folder = write(tmp_path, '[delivery.email]\nhost = "smtp.example.org"\nfrom = "a@example.org"\n'
                             'to = "b@example.org"\npassword_env = "PW"\n')
    config = load_config(cwd=folder, environ={"PW": "hunter2"})
    assert (config.email.port, config.email.security, config.email.to) == (587, "starttls", ("b@example.org",))
    assert config.email.password == "hunter2" and "hunter2" not in repr(config)
    ssl_config = write(tmp_path, '[delivery.email]\nhost = "h.example"\nfrom = "a@h.example"\nto = "b@h.example"\n'
                                 'security = "ssl"\n')
    assert load_config(cwd=ssl_config).email.port == 465
    off = write(tmp_path, '[delivery.email]\nenabled = false\nhost = "h"\n')
    assert load_config(cwd=off).email is None
    assert load_config(cwd=write(tmp_path, "")).email is None


@pytest.mark.parametrize("text, message", [
    ('[site]\nurl = "ftp://example.org/"\n', "site.url must be an http"),
    ('[site]\nfeed_entries = 0\n', "site.feed_entries must be a positive whole number"),
    ('[delivery.sms]\nto = "1"\n', r"unknown section \[delivery.sms\]"),
    # A Unicode line or paragraph separator is a line break too (the page's <title> kept it): "one line".
    ('[site]\ntitle = "Daily\\u2028Bcc: x@example.org"\n', r"site.title must be one line of text .*\(found U\+2028\)"),
    ('[site]\ntitle = "Daily\\u2029briefing"\n', r"site.title must be one line of text .*\(found U\+2029\)"),
])
def test_bad_site_config(tmp_path, text, message):
    with pytest.raises(ConfigError, match=message):
        load_config(cwd=write(tmp_path, text))


def test_a_server_without_smtputf8_is_named_as_the_reason(workdir, smtp_server):
    _, port = smtp_server(enable_SMTPUTF8=False)
    config = email_config(port).replace('to = ["ana@example.org", "ben@example.org"]', 'to = ["zoë@exämple.org"]')
    (workdir / "briefing.toml").write_text(config)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0
    assert ("cannot take addresses with non-ASCII characters (no SMTPUTF8); use ASCII addresses for "
            "[delivery.email] from, to and bcc") in result.stderr
    assert "STARTTLS" not in result.stderr
    # The only reader: the email waits for the configuration (or the server) to be mended, as before.
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "cannot take addresses with non-ASCII characters (no SMTPUTF8)" in again.stderr


def test_a_reader_in_other_letters_is_refused_alone_by_a_server_without_smtputf8(workdir, smtp_server):
    """zoë@ has no ASCII form: smtplib refused the whole message for her, and no reader was sent it. Now the
    others are, she is named as refused for good (not tried again), and a server with SMTPUTF8 sends to all."""
    mailbox, port = smtp_server(enable_SMTPUTF8=False)
    readers = ('to = ["Ana <ana@example.org>", "Zoë <zoë@example.org>", "ben@example.org"]\n'
               'bcc = ["josé@example.org"]')
    (workdir / "briefing.toml").write_text(email_config(port).replace(
        'to = ["ana@example.org", "ben@example.org"]', readers))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    [envelope] = mailbox.envelopes
    assert envelope.rcpt_tos == ["ana@example.org", "ben@example.org"]
    assert ("refused zoë@example.org, josé@example.org (553 5.6.7 cannot take addresses with non-ASCII "
            "characters (no SMTPUTF8))") in result.stderr
    # Her address, left in the To header, went out as an encoded word inside an address (RFC 2047 forbids it).
    [message] = mailbox.messages()
    assert message["To"] == "Ana <ana@example.org>, ben@example.org"
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert again.code == 0 and len(mailbox.envelopes) == 1 and "refused" not in again.stderr, again.stderr

    able, able_port = smtp_server(enable_SMTPUTF8=True)
    other = workdir / "other"
    shutil.copytree(workdir / "seeds", other / "seeds")
    (other / "briefing.toml").write_text(email_config(able_port).replace(
        'to = ["ana@example.org", "ben@example.org"]', readers))
    result = run_briefing("run", "--date", DAY, cwd=other)
    assert result.code == 0 and "refused" not in result.stderr, result.stderr
    [envelope] = able.envelopes
    assert envelope.rcpt_tos == ["ana@example.org", "zoë@example.org", "ben@example.org", "josé@example.org"]


def test_a_reader_sent_the_briefing_again_is_shown_no_address_in_other_letters(workdir, smtp_server):
    """full@ refused it for now, zoë@ for good (no SMTPUTF8): the next run sent it to full@ alone, and its To
    header showed zoë's address as an encoded word inside an address again."""
    mailbox, port = smtp_server(mailbox=FullMailbox(), enable_SMTPUTF8=False)
    readers = 'to = ["Ana <ana@example.org>", "Zoë <zoë@example.org>"]\nbcc = ["full@example.org"]'
    (workdir / "briefing.toml").write_text(email_config(port).replace(
        'to = ["ana@example.org", "ben@example.org"]', readers))
    assert "refused for now" in run_briefing("run", "--date", DAY, cwd=workdir).stderr
    mailbox.room = True
    assert run_briefing("run", "--date", DAY, cwd=workdir).code == 0
    assert [envelope.rcpt_tos for envelope in mailbox.envelopes] == [["ana@example.org"], ["full@example.org"]]
    assert [message["To"] for message in mailbox.messages()] == ["Ana <ana@example.org>"] * 2


def test_a_server_without_starttls_is_named_as_the_reason(workdir, smtp_server):
    _, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port).replace('host = "127.0.0.1"', 'host = "localhost"')
                                           .replace('security = "none"', 'security = "starttls"'))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and "does not offer STARTTLS" in result.stderr
    assert "or security = 'none' for a relay on this machine" in result.stderr


@pytest.mark.parametrize("security", ["starttls", "none"])
def test_plain_text_to_a_server_that_expects_tls_from_the_start_is_named_as_the_likely_reason(
        workdir, smtp_server, tls, security):
    """security = "starttls" (or "none") with the port of a server that speaks TLS from the start (465): each
    waits for the other to speak first, and the line said only "no answer within 1s"."""
    server_context, ca_file = tls
    mailbox, port = smtp_server(ssl_context=server_context)
    (workdir / "briefing.toml").write_text(email_config(port, security, f'ca_file = "{ca_file}"\n')
                                           .replace("timeout = 10", "timeout = 1"))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"email of {DAY} failed, will retry" in result.stdout
    assert (f"127.0.0.1:{port}: no answer within 1s; if it expects TLS from the start (port 465), set "
            "security = 'ssl'") in result.stderr, result.stderr
    assert mailbox.envelopes == []


def test_a_connection_never_made_is_not_given_the_tls_hint(monkeypatch):
    # A host that never answers the connection (a firewall that drops it) is no server waiting for TLS.
    import smtplib
    from email.message import EmailMessage

    from briefing.config.delivery import EmailDelivery

    def unanswered(*_args, **_kwargs):
        raise TimeoutError("timed out")

    monkeypatch.setattr(smtplib.socket, "create_connection", unanswered)
    message = EmailMessage()
    message["From"], message["To"] = "briefing@example.org", "ana@example.org"
    message.set_content("news")
    where = EmailDelivery(host="mail.example.org", sender="briefing@example.org", to=("ana@example.org",), port=587,
                          security="starttls", subject="s", timeout=1.0)
    with pytest.raises(deliver.DeliveryError) as failed:
        deliver.send_message(where, message)
    assert str(failed.value) == "mail.example.org:587: no answer within 1s"


def test_tls_from_the_start_to_a_server_that_speaks_plain_smtp_is_named_as_the_reason(workdir, smtp_server):
    """security = "ssl" with the port of a server that starts in plain text (587, 25): the line was
    "TLS failed: WRONG_VERSION_NUMBER", OpenSSL's name for a greeting that is no TLS."""
    _, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port).replace('host = "127.0.0.1"', 'host = "localhost"')
                                           .replace('security = "none"', 'security = "ssl"'))
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"email of {DAY} failed, will retry" in result.stdout
    assert (f"localhost:{port} does not speak TLS from the start (security = 'ssl'): it answered in plain text; "
            "set security = 'starttls'") in result.stderr, result.stderr
    assert "WRONG_VERSION_NUMBER" not in result.stderr


def test_a_day_whose_every_article_was_removed_owes_no_email(workdir, smtp_server):
    port = free_port()  # the server is down: the day's email stays owed
    (workdir / "briefing.toml").write_text(email_config(port))
    assert "will retry" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    seeds = sorted(f"seeds/{p.name}" for p in (workdir / "seeds").iterdir())
    assert run_briefing("remove", *seeds, cwd=workdir).code == 0
    mailbox, _ = smtp_server(port)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and "emailed" not in result.stdout and "retry" not in result.stdout
    assert mailbox.envelopes == []


def test_a_new_article_read_by_the_run_finishing_a_stopped_rebuild_is_emailed(workdir, smtp_server, monkeypatch):
    """Finishing the rebuild, the run took its new seeds for a rebuild's: not news, and never sent."""
    mailbox, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port))
    assert f"emailed {DAY}" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    stop_a_rebuild_midway(workdir, DAY, monkeypatch)
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    finished = run_briefing("run", "--date", DAY, cwd=workdir)
    assert "finishing the rebuild" in finished.stderr and f"emailed {DAY}" in finished.stdout
    assert len(mailbox.envelopes) == 2


def test_a_template_that_fails_only_for_the_email_is_a_delivery_failure_and_the_mended_one_sends(workdir,
                                                                                                  smtp_server):
    """A page template that reads the archive's link bare ({{ links.index_href }}) renders every page of out/
    but not the email (which links to no archive): the run ended in exit 1 after writing out/, and so did
    every run after it."""
    mailbox, port = smtp_server()
    templates = workdir / "templates"
    templates.mkdir()
    page = templates / "briefing.html.j2"
    page.write_text('<!doctype html><html lang="{{ lang }}"><title>{{ title }}</title>'
                    '<a href="{{ links.index_href }}">Archive</a>{{ body }}</html>', encoding="utf-8")
    (workdir / "briefing.toml").write_text('templates = "templates"\n' + email_config(port))
    first = run_briefing("run", "--date", DAY, cwd=workdir)
    assert first.code == 0, first.stderr
    assert f"wrote out/{DAY}.md" in first.stdout and f"email of {DAY} failed, will retry" in first.stdout
    assert "cannot make the email: template briefing.html.j2" in first.stderr
    assert len(first.stderr.strip().splitlines()) == 1 and mailbox.envelopes == []
    again = run_briefing("run", "--date", DAY, cwd=workdir)
    assert again.code == 0 and "0 new" in again.stdout and "will retry" in again.stdout
    page.write_text(page.read_text().replace("{{ links.index_href }}", "{{ links.index_href if links }}"))
    mended = run_briefing("run", "--date", DAY, cwd=workdir)
    assert mended.code == 0 and f"emailed {DAY}" in mended.stdout, mended.stderr
    assert len(mailbox.envelopes) == 1


# An encoded word (RFC 2047) a mail's header reads as the text it encodes: a line break and a header of its own.
INJECTING = "=?utf-8?q?=0D=0AReply-To:_attacker@evil.example?="


@pytest.mark.parametrize("key, written, said", [
    ("site.title", f'[site]\ntitle = "News {INJECTING}"\n', f"subject, with site.title in it, holds '{INJECTING}', an encoded word"),
    # The word made by the template and the title together, or by a soft hyphen a clean line drops.
    ("site.title", '[site]\ntitle = "q?=0D=0AReply-To:_attacker@evil.example?="\n', "subject, with site.title in it, holds"),
    ("site.title", '[site]\ntitle = "News =?utf-8?q?=0D=0AReply-To:_attacker@evil.example?\\u00ad="\n',
     "subject, with site.title in it, holds"),
    ("subject", "", f"delivery.email.subject: '{INJECTING}' is an encoded word (RFC 2047)"),
    ("from", "", "its encoded word (RFC 2047) holds a line break"),
    ("to", "", "its encoded word (RFC 2047) holds a line break"),
])
def test_an_encoded_word_in_a_subject_title_or_address_is_one_clear_error(workdir, smtp_server, key, written, said):
    """`config check` said ok, and then every run either sent a mail with a forged Reply-To header (title,
    subject) or ended in "internal error: ValueError", exit 70 (an address): the email module decodes such
    words in any header it is given."""
    mailbox, port = smtp_server()
    config = email_config(port)
    if key == "site.title":
        config = written + config
        if "=0D=0AReply-To:_attacker@evil.example?=\"" in written and "News" not in written:
            config = config.replace('subject = "{title}', 'subject = "=?utf-8?{title}')
    elif key == "subject":
        config = config.replace('subject = "{title}', f'subject = "{INJECTING} {{title}}')
    elif key == "from":
        config = config.replace('from = "Briefing <', f'from = "{INJECTING} <')
    else:
        config = config.replace('to = ["ana@example.org"', f'to = ["{INJECTING} <ana@example.org>"')
    (workdir / "briefing.toml").write_text(config)
    for command in (("config", "check"), ("run", "--date", DAY)):
        result = run_briefing(*command, cwd=workdir)
        assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert said in result.stderr, result.stderr
    assert not mailbox.envelopes


def test_text_that_is_no_encoded_word_and_names_written_as_encoded_words_are_sent_as_they_read(workdir, smtp_server):
    # "=?" with no encoding letter is no encoded word (refused by the first version of the check, with a title
    # in a project that sent no email); a display name in encoded words (as mail programs copy one) is read as
    # a header reads it, a comma in it quoted: "Doe, Ana" was two recipients, "Doe" and "Ana <ana@...>".
    mailbox, port = smtp_server()
    title = "Maths quiz: 2+2 =? 3? 4? 5?= answers"
    config = email_config(port).replace('from = "Briefing <', 'from = "=?utf-8?q?J=C3=BCrgen_Briefing?= <').replace(
        'to = ["ana@example.org"', 'to = ["=?utf-8?q?Doe=2C_Ana?= <ana@example.org>"')
    (workdir / "briefing.toml").write_text(f'[site]\ntitle = "{title}"\n' + config)
    result = run_briefing("run", "--date", DAY, cwd=workdir)
    assert result.code == 0 and f"emailed {DAY}" in result.stdout, result.stderr
    [message] = mailbox.messages()
    assert message["Subject"].startswith(f"{title} for {DAY}")
    assert [(a.display_name, a.addr_spec) for a in message["From"].addresses] == [("Jürgen Briefing",
                                                                                   "briefing@example.org")]
    assert [(a.display_name, a.addr_spec) for a in message["To"].addresses] == [
        ("Doe, Ana", "ana@example.org"), ("", "ben@example.org")]
    assert mailbox.envelopes[0].rcpt_tos == ["ana@example.org", "ben@example.org"]


def test_a_subject_with_an_encoded_word_made_another_way_is_a_failed_delivery(tmp_path):
    """A config made without the file's checks (the library's own callers) cannot send the word either."""
    email_settings = load_config(cwd=write(tmp_path, '[delivery.email]\nhost = "127.0.0.1"\nsecurity = "none"\n'
                                                     'from = "a@example.org"\nto = "b@example.org"\n')).email
    with pytest.raises(deliver.DeliveryError, match="encoded word"):
        deliver.build_message(email_settings, f"News {INJECTING}", "text", "<p>page</p>")
    # Text with "=?" that is no encoded word is sent as it is.
    message = deliver.build_message(email_settings, "Rates =? Up 2%? Yes", "text", "<p>page</p>")
    assert message["Subject"] == "Rates =? Up 2%? Yes"


@pytest.fixture
def not_certificates(tmp_path, tls):
    """Files a ca_file may name by mistake that hold no PEM certificate: text, nothing, a DER certificate."""
    _, ca_file = tls
    files = {"text": "not a certificate\n", "empty": "",
             "der": ssl.PEM_cert_to_DER_cert(ca_file.read_text())}
    written = {}
    for name, content in files.items():
        path = tmp_path / f"{name}.crt"
        path.write_bytes(content) if isinstance(content, bytes) else path.write_text(content)
        written[name] = path
    return written


@pytest.mark.parametrize("kind", ["text", "empty", "der"])
@pytest.mark.parametrize("security", ["starttls", "none"])
def test_a_ca_file_of_no_certificate_is_one_clear_error(workdir, not_certificates, kind, security):
    """It passed `config check`, and then every run ended in "internal error: SSLError", exit 70, even with
    security = "none", where no TLS is spoken."""
    path = not_certificates[kind]
    (workdir / "briefing.toml").write_text(email_config(free_port(), security, f'ca_file = "{path}"\n'))
    for command in (("config", "check"), ("run", "--date", DAY)):
        result = run_briefing(*command, cwd=workdir)
        assert result.code == 1 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        assert f"delivery.email.ca_file: {path} holds no certificate TLS can read: give certificates in PEM form" \
            in result.stderr, result.stderr


def test_a_ca_file_that_is_a_folder_is_said_to_be_one(workdir):
    (workdir / "certs").mkdir()
    (workdir / "briefing.toml").write_text(email_config(free_port(), extra='ca_file = "certs"\n'))
    result = run_briefing("config", "check", cwd=workdir)
    assert result.code == 1 and "delivery.email.ca_file is not a file of certificates (a folder): " in result.stderr
    assert "not found" not in result.stderr


def test_a_ca_file_spoiled_after_the_config_was_read_fails_the_delivery_not_the_run(
        tmp_path, smtp_server, tls, not_certificates):
    mailbox, port = smtp_server()
    _, ca_file = tls
    spoiled = tmp_path / "spoiled.pem"
    spoiled.write_bytes(ca_file.read_bytes())
    config = load_config(cwd=write(tmp_path, email_config(port, "starttls", f'ca_file = "{spoiled}"\n')))
    spoiled.write_bytes(not_certificates["der"].read_bytes())
    message = deliver.build_message(config.email, "Daily briefing", "text", "<p>page</p>")
    with pytest.raises(deliver.DeliveryError, match="holds no certificate TLS can read"):
        deliver.send_message(config.email, message)
    # With no TLS spoken, the file is not read: the message is sent.
    plain = load_config(cwd=write(tmp_path, email_config(port, "none", f'ca_file = "{ca_file}"\n'))).email
    ca_file.write_text("not a certificate\n")
    assert deliver.send_message(plain, message).taken == ("ana@example.org", "ben@example.org")
    assert len(mailbox.envelopes) == 1


def test_a_removal_sends_the_days_waiting_for_email_oldest_first(workdir, smtp_server):
    # It sent only the day it took a seed out of: the 25th went out while the 24th, older, still waited.
    down = free_port()  # no server: both days wait for email
    (workdir / "briefing.toml").write_text(email_config(down))
    assert run_briefing("run", "--date", "2026-11-24", cwd=workdir).code == 0
    write_seed(workdir / "seeds", "ferry.txt", article_text("ferry"))
    write_seed(workdir / "seeds", "tram.txt", article_text("tram"))
    age_files(workdir / "seeds")
    assert "email of 2026-11-24, 2026-11-25 failed" in run_briefing("run", "--date", DAY, cwd=workdir).stdout
    mailbox, port = smtp_server()
    (workdir / "briefing.toml").write_text(email_config(port))
    result = run_briefing("remove", "seeds/ferry.txt", cwd=workdir)
    assert result.code == 0 and f"emailed 2026-11-24, {DAY}" in result.stdout, result.stdout + result.stderr
    assert [message["Subject"].split(" for ")[1][:10] for message in mailbox.messages()] == ["2026-11-24", DAY]


@pytest.mark.parametrize("written, read", [
    # Two encoded words side by side are one run of text (RFC 2047, 6.2): a long name is sent split inside a word.
    ("=?utf-8?b?UmVkYWt0aW9uIFfDvHJ6?= =?utf-8?b?YnVyZw==?= <news@example.org>", '"Redaktion Würzburg" <news@example.org>'),
    # A title with its full stop, a word written plainly beside the encoded ones; another charset.
    ("Dr. =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j@example.org>", '"Dr. Jürgen Müller" <j@example.org>'),
    ("=?iso-8859-1?q?J=FCrgen?= R. Smith <j@example.org>", '"Jürgen R. Smith" <j@example.org>'),
    ("=?utf-8?q??= <j@example.org>", "j@example.org"),  # a name of nothing: the address alone
    # Quoted, or right before "<", as mail programs write them; a name whose words hold what an address holds.
    ('"=?utf-8?q?J=C3=BCrgen?= Müller" <j@example.org>', '"Jürgen Müller" <j@example.org>'),
    ("=?utf-8?q?Ana_Doe?=<ana@example.org>", '"Ana Doe" <ana@example.org>'),
    ("=?utf-8?q?Doe,_Ana?= <ana@example.org>", '"Doe, Ana" <ana@example.org>'),
    ("=?utf-8?q?Ana:?= <ana@example.org>", '"Ana:" <ana@example.org>'),
])
def test_a_display_name_in_encoded_words_reads_as_a_mail_program_shows_it(tmp_path, written, read):
    config = load_config(cwd=write(tmp_path, f"[delivery.email]\nhost = \"127.0.0.1\"\nsecurity = \"none\"\n"
                                             f"from = '{written}'\nto = \"b@example.org\"\n"))
    assert config.email.sender == read


@pytest.mark.parametrize("written", [
    "=?utf-8?q?Friends?=: j@example.org;",  # a group
    # Text the header's parser made an address of as it could: another address lost, one made up.
    "=?utf-8?q?Ana?= <ana@example.org> ben@example.org",
    "=?utf-8?q?Juergen?=@home <juergen@example.org>",
    "=?utf-8?q?Ana?= a@example.org",
    "=?utf-8?q?Ana?= <a@example.org",
])
def test_an_address_in_encoded_words_that_does_not_read_as_one_is_refused(tmp_path, written):
    with pytest.raises(ConfigError, match="does not read as one address with its display name written in encoded"):
        load_config(cwd=write(tmp_path, '[delivery.email]\nhost = "127.0.0.1"\nsecurity = "none"\n'
                                        f"from = 'a@example.org'\nto = ['{written}']\n"))


def test_an_address_the_header_parser_cannot_read_is_one_line(tmp_path):
    with pytest.raises(ConfigError, match="cannot be read"):  # (it ended in "internal error: AttributeError")
        load_config(cwd=write(tmp_path, '[delivery.email]\nhost = "127.0.0.1"\nsecurity = "none"\n'
                                        "from = ':; =?utf-8?q?Ana?= <a@example.org>'\nto = \"b@example.org\"\n"))
