"""Deliver the briefings waiting for email, oldest first, and record whom each has reached.

A day's message reaches each reader once: a reader the server refuses for now
(4xx: a full mailbox, greylisting) is asked again, alone, by later runs for
RETRY_REFUSED_FOR from that refusal; a server that takes a long list's first
parts and then fails leaves the next run the rest alone.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from ..config import Config
from ..config.delivery import mailbox_of
from ..errors import DeliveryError, TemplateError
from ..models import Briefing
from ..languages import language_code
from ..publish.addresses import reader_addresses
from ..publish.page_words import long_date
from ..publish.deliver import build_message, email_subject, send_message
from ..publish.publisher import email_pages
from ..publish.templates import Renderer
from ..state import State
from .days import compose_days

log = logging.getLogger("briefing")

EMAIL = "email"  # the delivery channel's name in the state store
# How long a reader the server refused for now is tried again, from the first such refusal of the day: RFC
# 5321 (4.5.4.1) asks a sender to give up after "at least 4-5 days".
RETRY_REFUSED_FOR = dt.timedelta(days=4)


@dataclass(frozen=True)
class Delivery:
    delivered: tuple[str, ...] = ()  # days sent in this run (to every reader, or to some: see retrying)
    undelivered: tuple[tuple[str, str], ...] = ()  # (day, reason): still pending, retried next run
    retrying: tuple[tuple[str, int], ...] = ()  # (day, readers refused it for now): tried again next run


def deliver_pending(state: State, config: Config, renderer: Renderer) -> Delivery:
    """Send every briefing waiting for email, oldest first, to the readers it has not reached; record each
    attempt.

    Runs after the run's files and state are written, whatever happens here.
    A failure leaves the day pending for the next run, and the days after it
    untried (the server is likely to fail them the same way).
    """
    email = config.email
    assert email is not None
    now = dt.datetime.now(dt.timezone.utc)
    readers = reader_addresses(email)
    delivered: list[str] = []
    undelivered: list[tuple[str, str]] = []
    retrying: list[tuple[str, int]] = []
    pending = state.pending_deliveries(EMAIL)
    for number, day in enumerate(pending):
        done, refused_since = state.delivery_progress(day, EMAIL)
        refused_since = min(refused_since, now) if refused_since is not None else None  # (a clock set back)
        owed = [reader for reader in readers if mailbox_of(reader) not in done]
        if not owed:  # (those it had not reached have left the list since)
            with state.transaction():
                state.record_delivery(day, EMAIL, None)
            continue
        (briefing,) = compose_days(state, config, [day]).briefings
        try:
            try:
                message = _email_of(briefing, config, renderer)
            except TemplateError as error:
                # A template that fails only for the email (its page has no links to the archive): the day's
                # files are written, and the email waits for the template to be mended, as for a server.
                raise DeliveryError(f"cannot make the email: {error}") from None
            handed = send_message(email, message, owed)
        except DeliveryError as error:
            log.warning("email of the %s briefing failed, will retry on the next run: %s", day, error)
            if error.refused:  # (before it failed: not asked again)
                log.warning("email of the %s briefing: %s:%s refused %s", day, email.host, email.port,
                            _refusals(error.refused))
            undelivered.append((day.isoformat(), str(error)))
            done |= _mailboxes(error.taken) | _mailboxes(reader for reader, _ in error.refused)
            with state.transaction():
                state.record_delivery(day, EMAIL, str(error), done_with=done, refused_since=refused_since)
            undelivered += [(later.isoformat(), "not tried after the failure above") for later in pending[number + 1:]]
            break
        if not handed.taken and not done and not handed.refused_for_now:
            # Every reader refused for good, and none ever sent it: the configuration's fault as likely as the
            # readers' (a mistyped domain). The next run tries them all again.
            error = f"{email.host}:{email.port} refused every recipient: {_refusals(handed.refused)}"
            log.warning("email of the %s briefing failed, will retry on the next run: %s", day, error)
            undelivered.append((day.isoformat(), error))
            with state.transaction():
                state.record_delivery(day, EMAIL, error, refused_since=refused_since)
            undelivered += [(later.isoformat(), "not tried after the failure above") for later in pending[number + 1:]]
            break
        if handed.taken:
            log.info("emailed the %s briefing to %s", day, _readers(handed.taken, email.bcc))
            delivered.append(day.isoformat())
        if handed.refused:
            log.warning("email of the %s briefing: %s:%s refused %s", day, email.host, email.port,
                        _refusals(handed.refused))
        done |= _mailboxes(handed.taken) | _mailboxes(reader for reader, _ in handed.refused)
        waiting = handed.refused_for_now
        if waiting:
            refused_since = refused_since or now
            if now - refused_since < RETRY_REFUSED_FOR:
                reason = f"refused for now: {_refusals(waiting)}"
                log.warning("email of the %s briefing: %s:%s %s; will try them again on the next run", day,
                            email.host, email.port, reason)
                retrying.append((day.isoformat(), len(waiting)))
                with state.transaction():
                    state.record_delivery(day, EMAIL, reason, done_with=done, refused_since=refused_since)
                continue
            log.warning("email of the %s briefing: gave up on %s, refused it since %s: %s", day,
                        ", ".join(reader for reader, _ in waiting), refused_since.date(), _refusals(waiting))
        with state.transaction():
            state.record_delivery(day, EMAIL, None, done_with=done)
    return Delivery(tuple(delivered), tuple(undelivered), tuple(retrying))


def _mailboxes(readers) -> frozenset[str]:
    return frozenset(mailbox_of(reader) for reader in readers)


def _readers(taken: tuple[str, ...], bcc: tuple[str, ...]) -> str:
    """The readers a message went to, as the log names them: the shown ones, and a count of those in bcc."""
    from email.utils import parseaddr

    hidden = {mailbox_of(parseaddr(reader)[1]) for reader in bcc}
    shown = [reader for reader in taken if mailbox_of(reader) not in hidden]
    in_bcc = len(taken) - len(shown)
    return ", ".join(shown + ([f"{in_bcc} in bcc"] if in_bcc else []))


def _refusals(refused: tuple[tuple[str, str], ...]) -> str:
    """Each refused reader with the server's answer, a reason given once for all the readers it refused."""
    by_answer: dict[str, list[str]] = {}
    for reader, answer in refused:
        by_answer.setdefault(answer, []).append(reader)
    return "; ".join(f"{', '.join(readers)} ({answer})" for answer, readers in by_answer.items())


def _email_of(briefing: Briefing, config: Config, renderer: Renderer):
    email = config.email
    assert email is not None
    text, page = email_pages(briefing, renderer, config.site, config.site.language)
    day_long = long_date(briefing.day, language_code(config.site.language))
    subject = email_subject(email, title=config.site.title, day=briefing.day, day_long=day_long,
                            stories=len(briefing.stories))
    return build_message(email, subject, text, page)
