"""`briefing schedule`: run_once on a cron schedule (the only APScheduler import).

APScheduler 3.x does the waiting and the running; this module covers its traps:

- run times come from cronsim (cron.py) through CronsimTrigger: APScheduler's
  own CronTrigger reads weekday numbers from Monday = 0 (cron's `1-5` would be
  Tuesday to Saturday), requires both a day of the month and a weekday to
  match where cron accepts either, and around clock changes runs a fixed
  time twice or skips a day;
- `misfire_grace_time` defaults to one second, which silently drops a run that
  starts a little late: we set a generous grace, with coalescing so a run
  missed several times still runs once, and at most one instance at a time;
- the in-memory job store forgets a slot that passed while the process was
  down: on start, the state store's record of runs decides whether to catch up;
- the scheduler sleeps on the monotonic clock, which stands still while the
  machine is suspended, so it would wake late by the length of the sleep: the
  main thread wakes it every WAKE_INTERVAL seconds to look at the wall clock.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import threading
import time
from dataclasses import replace
from typing import Any, Iterator
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

from .config import Config, ScheduleSettings, folders_problem, seeds_folder_problem
from .cron import CronSchedule, at_schedule, parse_at, parse_cron
from .errors import BriefingError, ConfigError, LockedError
from .lock import RunLock
from . import pipeline  # its names import their modules when used: --next, --explain and config check run nothing
from .progress import PROGRESS_INTERVAL, ProgressLog
from .stopping import stopped_by_signals
from .text import quoted

log = logging.getLogger("briefing.schedule")
# Said of the latest run when another process is running one now.
_RUNNING = object()

# Longest the scheduler sleeps without looking at the wall clock.
WAKE_INTERVAL = 30.0
# How often a scheduled run that finds the lock held tries again.
LOCK_POLL = 1.0
# The schedule settings that only `briefing schedule` uses: set without cron or at, they ask for a schedule.
_SCHEDULE_ONLY = ("schedule.timezone", "schedule.grace", "schedule.lock_wait", "schedule.fetch")

NO_SCHEDULE = "no schedule: set cron or at in the [schedule] section of briefing.toml, or give --cron or --at"


def schedule_zone(config: Config) -> dt.tzinfo:
    """The schedule's time zone: [schedule] timezone, else `timezone`, else the system's."""
    if config.schedule.timezone:
        return ZoneInfo(config.schedule.timezone)
    import os
    from tzlocal import get_localzone

    try:
        return get_localzone()
    except (KeyError, ValueError, OSError) as error:  # ZoneInfoNotFoundError is a KeyError
        # A TZ the C library takes (TZ=UTC+3, or a zone not installed) that tzlocal cannot name, or a
        # system with two zones configured: a run time cannot be found without a zone.
        where = f"TZ={quoted(os.environ['TZ'])}" if os.environ.get("TZ") else "the system's configuration"
        reason = str(error.args[0] if error.args else error).strip().splitlines()[0].rstrip(". ")
        raise ConfigError(f"the system's time zone ({where}) cannot be used for a schedule: {reason}; set "
                          "timezone (an IANA name such as Europe/London) in briefing.toml, or give --timezone") from None


def configured_schedule(config: Config) -> CronSchedule | None:
    """The cron schedule of [schedule] cron or at (or --cron or --at), or None if neither is set."""
    if config.schedule.at:
        return at_schedule(*parse_at(config.schedule.at))
    if config.schedule.cron:
        return parse_cron(config.schedule.cron)
    return None


def describe_schedule(config: Config) -> str:
    """The schedule in words, for the log and `--explain`: "At 06:30 on Monday through Friday (Europe/London)"."""
    schedule = configured_schedule(config)
    if schedule is None:
        return "no schedule"
    where = str(schedule_zone(config))
    if config.schedule.cron:
        where = f"cron {quoted(schedule.text)}, {where}"
    return f"{schedule.explain()} ({where})"


def in_zone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """`moment` as the zone's clocks show it, even if it was built from a time the clocks skipped."""
    # astimezone() to the datetime's own zone is a no-op, which would keep "01:30 GMT"
    # on the day London's clocks jump from 01:00 GMT to 02:00 BST: go through UTC.
    return moment.astimezone(dt.timezone.utc).astimezone(zone)


def format_time(moment: dt.datetime) -> str:
    return f"{moment:%a %Y-%m-%d %H:%M %Z}"


class CronsimTrigger(BaseTrigger):
    """An APScheduler trigger whose run times are cronsim's, on the wall clock of one time zone."""

    def __init__(self, schedule: CronSchedule, zone: dt.tzinfo) -> None:
        self.schedule = schedule
        self.zone = zone

    def get_next_fire_time(self, previous_fire_time, now):
        # After a previous run time: the first time after it, even if already past,
        # as APScheduler's own triggers do, so that missed runs can be counted.
        if previous_fire_time is None:
            return self.schedule.next_time(now, self.zone, inclusive=True)
        return self.schedule.next_time(previous_fire_time, self.zone)

    def last_fire_time(self, now: dt.datetime) -> dt.datetime | None:
        """The latest run time at or before `now`."""
        return self.schedule.last_time(now, self.zone)

    def __str__(self) -> str:
        return f"cron[{self.schedule.expression}]"


def build_trigger(config: Config) -> CronsimTrigger:
    """The APScheduler trigger for the configured cron or at time, in the schedule's time zone."""
    schedule = configured_schedule(config)
    if schedule is None:
        raise ConfigError(NO_SCHEDULE)
    trigger = CronsimTrigger(schedule, schedule_zone(config))
    if trigger.get_next_fire_time(None, dt.datetime.now(trigger.zone)) is None:
        origin = config.origins.get("schedule.at" if config.schedule.at else "schedule.cron", "schedule")
        raise ConfigError(f"schedule {quoted(schedule.text)} ({origin}) never runs")
    return trigger


def schedule_report(config: Config) -> tuple[str, str | None]:
    """What `briefing schedule` would do, for `config check`: (a line to print, a problem or None).

    No schedule is a problem only where one is asked for: a [schedule] setting
    (or --timezone) without cron or at. Without any, `briefing run` needs none,
    and the line says what `briefing schedule` would say.
    """
    try:
        trigger = build_trigger(config)
    except ConfigError as error:
        origins = {key: config.origins.get(key, "default") for key in _SCHEDULE_ONLY}
        # (A default written out asks for nothing, nor the briefing's own zone as the schedule's: "fetch = false",
        # and every one `config show` writes.)
        defaults = ScheduleSettings()
        asked = [key for key, origin in origins.items() if not origin.endswith(("default", "(timezone)"))
                 and getattr(config.schedule, key.split(".")[1]) != getattr(defaults, key.split(".")[1])
                 and not (key == "schedule.timezone" and config.schedule.timezone == config.timezone)]
        if asked and str(error) == NO_SCHEDULE:
            key = asked[0]
            given = "--timezone is given" if origins[key] == "flag" else f"{key} is set in {origins[key]}"
            return "", f"{NO_SCHEDULE} ({given})"
        if str(error) == NO_SCHEDULE:
            return ("schedule: none set (`briefing schedule` needs cron or at in [schedule], or --cron or --at; "
                    "`briefing run` needs none)"), None
        return "", str(error)
    following = trigger.get_next_fire_time(None, dt.datetime.now(trigger.zone))
    described = describe_schedule(config)
    return f"schedule: {described[:1].lower()}{described[1:]}; next run {format_time(following)}", None


def next_run_times(config: Config, count: int, after: dt.datetime | None = None) -> list[dt.datetime]:
    """The next `count` run times from `after` (default now) on, in the schedule's time zone."""
    return list(itertools.islice(run_times(config, after), count))


def run_times(config: Config, after: dt.datetime | None = None) -> Iterator[dt.datetime]:
    """The run times from `after` (default now) on, in the schedule's time zone, one at a time (`--next` with a
    big count prints them as they come). A schedule that cannot be built fails here, not at the first time."""
    trigger = build_trigger(config)
    return _fire_times(trigger, after.astimezone(trigger.zone) if after else dt.datetime.now(trigger.zone))


def _fire_times(trigger: CronsimTrigger, now: dt.datetime) -> Iterator[dt.datetime]:
    previous = None
    while True:
        try:
            moment = trigger.get_next_fire_time(previous, now)
        except (OverflowError, ValueError):  # past the calendar's last day: there is no later run
            return
        if moment is None:
            return
        yield in_zone(moment, trigger.zone)
        previous = moment


def last_slot(trigger: CronsimTrigger, now: dt.datetime, lookback: dt.timedelta) -> dt.datetime | None:
    """The latest run time of `trigger` in (now - lookback, now], if any."""
    latest = trigger.last_fire_time(now)
    utc = dt.timezone.utc
    return latest if latest is not None and latest.astimezone(utc) > now.astimezone(utc) - lookback else None


def job_defaults(config: Config) -> dict[str, Any]:
    return {"coalesce": True, "max_instances": 1, "misfire_grace_time": config.schedule.grace}


class Scheduler:
    """Runs run_once on the configured schedule until stop() is called or SIGINT/SIGTERM/SIGHUP arrives."""

    def __init__(self, config: Config, *, run_now: bool = False, wake_interval: float = WAKE_INTERVAL,
                 progress_interval: float = PROGRESS_INTERVAL) -> None:
        self.config = config
        self.progress_interval = progress_interval
        self.zone = schedule_zone(config)
        self.trigger = build_trigger(config)
        self.run_now = run_now
        self.wake_interval = wake_interval
        self.scheduler = BackgroundScheduler(timezone=self.zone, job_defaults=job_defaults(config))
        self._stop = threading.Event()
        self._running = threading.Event()

    # --- the job -----------------------------------------------------------

    def run_scheduled(self) -> None:
        """One scheduled run: one log line at its start and one at its end."""
        self._running.set()
        try:
            log.info("run started")
            if self.config.schedule.fetch:
                self._fetch_first()
            report = self._run_when_unlocked()
        except LockedError as error:
            log.warning("run skipped: %s", error)
        except BriefingError as error:
            log.error("run failed: %s", error)
        except Exception as error:  # a bug: keep the schedule going, say so
            log.error("run failed: internal error: %s: %s", type(error).__name__, error)
            log.debug("internal error", exc_info=True)
        else:
            for path in report.deferred:
                log.warning("left for the next run %s: still being written", path)
            log.info("run finished: %s; next run %s", report.summary_line(), self._next_text())
        finally:
            self._running.clear()

    def _run_when_unlocked(self):
        """run_once, waiting up to config.schedule.lock_wait seconds while another run holds the lock."""
        day_zone = self.config.timezone or self.config.schedule.timezone
        day = dt.datetime.now(ZoneInfo(day_zone)).date() if day_zone else None
        # The briefing's zone, for its times too: the one its day is dated in.
        config = replace(self.config, timezone=day_zone) if day_zone else self.config
        deadline = time.monotonic() + self.config.schedule.lock_wait
        waiting = False
        while True:
            try:
                return pipeline.run_once(config, day=day, progress=ProgressLog(self.progress_interval))
            except LockedError:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise LockedError(
                        f"another briefing run held the lock for {self.config.schedule.lock_wait}s (schedule.lock_wait)"
                    ) from None
                if not waiting:
                    log.info("another briefing run holds the lock; waiting up to %ss", self.config.schedule.lock_wait)
                    waiting = True
                if self._stop.wait(min(LOCK_POLL, remaining)):
                    raise LockedError("stopped while waiting for another briefing run to finish") from None

    def _fetch_first(self) -> None:
        """[schedule] fetch = true: the sources' new entries into the seeds folder before the run.

        Waits for the lock as a run does; whatever goes wrong is logged, and
        the run goes on with the seeds there are.
        """
        deadline = time.monotonic() + self.config.schedule.lock_wait
        while True:
            try:
                # (Stopped, it starts no request and ends a wait: the run after it goes on with the seeds fetched.)
                report = pipeline.fetch_once(self.config, stop=self._stop)
                break
            except LockedError as error:
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stop.wait(min(LOCK_POLL, remaining)):
                    log.warning("fetch skipped: %s", error)
                    return
            except BriefingError as error:
                log.error("fetch failed: %s", error)
                return
            except Exception as error:  # a bug: the run still goes on
                log.error("fetch failed: internal error: %s: %s", type(error).__name__, error)
                log.debug("internal error", exc_info=True)
                return
        for line in report.failures:
            log.warning("fetch: failed: %s", line)
        log.info("%s", report.summary_line())

    def _next_text(self) -> str:
        moment = self.trigger.get_next_fire_time(None, dt.datetime.now(self.zone))
        return format_time(in_zone(moment, self.zone)) if moment else "never"

    def _on_event(self, event) -> None:
        if event.code == EVENT_JOB_MISSED:
            log.warning(
                "missed the run due %s: it could not start within the grace period of %ss (schedule.grace)",
                format_time(in_zone(event.scheduled_run_time, self.zone)), self.config.schedule.grace,
            )
        elif event.code == EVENT_JOB_MAX_INSTANCES:
            log.warning(
                "skipped the run due %s: the previous run is still going",
                format_time(in_zone(event.scheduled_run_times[-1], self.zone)),
            )

    # --- running the scheduler ------------------------------------------------

    def missed_slot(self, now: dt.datetime) -> dt.datetime | None:
        """The latest slot within the grace period, if no run has started since it (nor is running now)."""
        return self._missed_since(now, self._last_run_started())

    def _missed_since(self, now: dt.datetime, last: dt.datetime | None | object) -> dt.datetime | None:
        """missed_slot, with the latest run's start read before."""
        slot = last_slot(self.trigger, now, dt.timedelta(seconds=self.config.schedule.grace))
        if slot is None:
            return None
        if last is _RUNNING:
            log.info("a briefing run is in progress: it is the run due %s", format_time(in_zone(slot, self.zone)))
            return None
        return slot if last is None or last < slot else None

    def _last_run_started(self) -> dt.datetime | None | object:
        """When the latest run started (pipeline.last_run_started), read under the run lock; _RUNNING if another
        process holds it. A run holds its transaction open, and upgrades the store first: the store read
        beside it waited 5 s and failed the scheduler's start ("database is locked")."""
        if not self.config.paths.state.exists():
            return None
        try:
            with RunLock(self.config.paths.lock):
                return pipeline.last_run_started(self.config)
        except LockedError:
            return _RUNNING

    def serve(self, handle_signals: bool = True) -> None:
        """Start the scheduler and block until stop(); a run in progress is let finish."""
        if problem := seeds_folder_problem(self.config.paths.seeds):
            raise ConfigError(problem)
        # Every run would fail on it (a service that looks healthy and never writes a briefing): said now.
        if problem := folders_problem(self.config.paths):
            raise ConfigError(problem)
        now = dt.datetime.now(self.zone)
        first: dt.datetime | None = None
        last = self._last_run_started()  # (read once: the store is opened under the run lock for it)
        missed = self._missed_since(now, last)
        if missed is not None:
            if last is None:  # a new project: nothing was missed, nothing was made yet
                log.info("no briefing made yet: the run due %s is made now", format_time(in_zone(missed, self.zone)))
            else:
                log.info("catching up: the run due %s did not happen; running now",
                         format_time(in_zone(missed, self.zone)))
            first = now
        elif self.run_now:
            first = now
        self.scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        extra = {"next_run_time": first} if first is not None else {}
        self.scheduler.add_job(self.run_scheduled, self.trigger, id="briefing", name="briefing run", **extra)

        with stopped_by_signals(self._stop, log, handle_signals):
            described = describe_schedule(self.config)
            described = described[:1].lower() + described[1:]
            if first is not None:  # said before the run it starts says it started
                log.info("scheduled %s; next run now", described)
            self.scheduler.start()
            if first is None:
                log.info("scheduled %s; next run %s", described, self._next_text())
            try:
                while not self._stop.wait(self.wake_interval):
                    self.scheduler.wakeup()
            finally:
                if self._running.is_set():
                    log.info("stopping after the run in progress")
                self.scheduler.shutdown(wait=True)
        log.info("stopped")

    def stop(self) -> None:
        self._stop.set()
