"""`briefing schedule`: run_once on a cron-like schedule (the only APScheduler import).

APScheduler 3.x does the timing; this module covers its traps:

- cron syntax is parsed by cron.py, so weekday numbers mean what they mean
  in crontab (`CronTrigger.from_crontab` would read 1-5 as Tuesday to
  Saturday), and a day-of-month plus a weekday match either one, as in cron;
- run times come from CronScheduleTrigger, in the time zone given explicitly:
  APScheduler's CronTrigger runs a time repeated when clocks go back twice,
  and can skip the day after clocks go forward;
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

import bisect
import datetime as dt
import logging
import signal
import threading
import time
from typing import Any
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, EVENT_JOB_MISSED
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger

from .config import Config
from .cron import CronSpec, parse_at, parse_cron
from .errors import BriefingError, ConfigError, LockedError
from .pipeline import fetch_once, last_run_started, run_once

log = logging.getLogger("briefing.schedule")

# Longest the scheduler sleeps without looking at the wall clock.
WAKE_INTERVAL = 30.0
# How often a scheduled run that finds the lock held tries again.
LOCK_POLL = 1.0


def schedule_zone(config: Config) -> dt.tzinfo:
    """The schedule's time zone: [schedule] timezone, else `timezone`, else the system's."""
    if config.schedule.timezone:
        return ZoneInfo(config.schedule.timezone)
    from tzlocal import get_localzone

    return get_localzone()


def describe_schedule(config: Config) -> str:
    zone = schedule_zone(config)
    what = f"daily at {config.schedule.at}" if config.schedule.at else f"cron {config.schedule.cron!r}"
    return f"{what} ({zone})"


def in_zone(moment: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """`moment` as the zone's clocks show it, even if it was built from a time the clocks skipped."""
    # astimezone() to the datetime's own zone is a no-op, which would keep "01:30 GMT"
    # on the day London's clocks jump from 01:00 GMT to 02:00 BST: go through UTC.
    return moment.astimezone(dt.timezone.utc).astimezone(zone)


def format_time(moment: dt.datetime) -> str:
    return f"{moment:%a %Y-%m-%d %H:%M %Z}"


class CronScheduleTrigger(BaseTrigger):
    """Fires at the times a CronSpec allows, on the wall clock of one time zone.

    Written here rather than using APScheduler's CronTrigger, which (3.11.3)
    skips the day after a spring-forward change for a run just after midnight
    and runs a fixed time twice when clocks go back. Each day's run times are
    computed as instants: a time the clocks skip runs an hour later by the
    clock, and a time they repeat runs at its first occurrence only, unless the
    hour field is `*` (a job "every hour" keeps the repeated hour).
    """

    # A day-of-month and month that exist only in leap years recur within 8 years.
    SEARCH_DAYS = 366 * 9

    def __init__(self, spec: CronSpec, zone: dt.tzinfo) -> None:
        self.spec = spec
        self.zone = zone
        self.times = [dt.time(hour, minute) for hour in spec.hours for minute in spec.minutes]
        self._days: dict[dt.date, list[dt.datetime]] = {}  # run instants of recently asked days

    def _day_matches(self, day: dt.date) -> bool:
        spec = self.spec
        if day.month not in spec.months:
            return False
        by_day = day.day in spec.days
        by_weekday = day.isoweekday() % 7 in spec.weekdays
        if spec.days_restricted and spec.weekdays_restricted:
            return by_day or by_weekday  # as cron does
        return by_day and by_weekday

    def _instants(self, day: dt.date) -> list[dt.datetime]:
        if day not in self._days:
            if len(self._days) > 8:
                self._days.clear()
            self._days[day] = self._compute_instants(day)
        return self._days[day]

    def _compute_instants(self, day: dt.date) -> list[dt.datetime]:
        found = set()
        for clock in self.times:
            naive = dt.datetime.combine(day, clock)
            first = naive.replace(tzinfo=self.zone, fold=0)
            found.add(first.astimezone(dt.timezone.utc))  # a skipped time lands an hour later
            second = naive.replace(tzinfo=self.zone, fold=1)
            if second.utcoffset() != first.utcoffset() and not self.spec.hours_restricted:
                found.add(second.astimezone(dt.timezone.utc))
        return sorted(found)

    def get_next_fire_time(self, previous_fire_time, now):
        # After a previous run time: the first time after it, even if already past,
        # as APScheduler's own triggers do, so that missed runs can be counted.
        # Arithmetic in UTC: adding to a local time in a repeated hour would drop its fold.
        if previous_fire_time is None:
            start = now.astimezone(dt.timezone.utc)
        else:
            start = previous_fire_time.astimezone(dt.timezone.utc) + dt.timedelta(microseconds=1)
        day = in_zone(start, self.zone).date()
        for offset in range(self.SEARCH_DAYS):
            candidate_day = day + dt.timedelta(days=offset)
            if not self._day_matches(candidate_day):
                continue
            instants = self._instants(candidate_day)
            index = bisect.bisect_left(instants, start)
            if index < len(instants):
                return in_zone(instants[index], self.zone)
        return None

    def __str__(self) -> str:
        return f"cron[{self.spec.text}]"


def build_trigger(config: Config) -> BaseTrigger:
    """The APScheduler trigger for the configured cron or at time, in the schedule's time zone."""
    zone = schedule_zone(config)
    if config.schedule.at:
        hour, minute = parse_at(config.schedule.at)
        spec = parse_cron(f"{minute} {hour} * * *")
        origin = config.origins.get("schedule.at", "schedule.at")
    elif config.schedule.cron:
        spec = parse_cron(config.schedule.cron)
        origin = config.origins.get("schedule.cron", "schedule.cron")
    else:
        raise ConfigError(
            "no schedule: set cron or at in the [schedule] section of briefing.toml, or give --cron or --at"
        )
    trigger = CronScheduleTrigger(spec, zone)
    if trigger.get_next_fire_time(None, dt.datetime.now(zone)) is None:
        raise ConfigError(f"schedule {spec.text!r} ({origin}) never runs")
    return trigger


def next_run_times(config: Config, count: int, after: dt.datetime | None = None) -> list[dt.datetime]:
    """The next `count` run times after `after` (default now), in the schedule's time zone."""
    zone = schedule_zone(config)
    trigger = build_trigger(config)
    now = after.astimezone(zone) if after else dt.datetime.now(zone)
    times: list[dt.datetime] = []
    previous = None
    while len(times) < count:
        moment = trigger.get_next_fire_time(previous, now)
        if moment is None:
            break
        moment = in_zone(moment, zone)
        times.append(moment)
        previous = now = moment
    return times


def last_slot(trigger: BaseTrigger, now: dt.datetime, lookback: dt.timedelta) -> dt.datetime | None:
    """The latest run time of `trigger` in (now - lookback, now], if any."""
    latest = None
    moment = trigger.get_next_fire_time(None, now - lookback)
    while moment is not None and moment <= now:
        latest = moment
        moment = trigger.get_next_fire_time(moment, moment)
    return latest


def job_defaults(config: Config) -> dict[str, Any]:
    return {"coalesce": True, "max_instances": 1, "misfire_grace_time": config.schedule.grace}


class Scheduler:
    """Runs run_once on the configured schedule until stop() is called or SIGINT/SIGTERM arrives."""

    def __init__(self, config: Config, *, run_now: bool = False, wake_interval: float = WAKE_INTERVAL) -> None:
        self.config = config
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
        deadline = time.monotonic() + self.config.schedule.lock_wait
        waiting = False
        while True:
            try:
                return run_once(self.config, day=day)
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
                report = fetch_once(self.config)
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
        """The latest slot within the grace period, if no run has started since it."""
        slot = last_slot(self.trigger, now, dt.timedelta(seconds=self.config.schedule.grace))
        if slot is None:
            return None
        last = last_run_started(self.config)
        return slot if last is None or last < slot else None

    def serve(self, handle_signals: bool = True) -> None:
        """Start the scheduler and block until stop(); a run in progress is let finish."""
        if not self.config.paths.seeds.is_dir():
            raise ConfigError(f"seeds folder not found: {self.config.paths.seeds}")
        now = dt.datetime.now(self.zone)
        first: dt.datetime | None = None
        missed = self.missed_slot(now)
        if missed is not None:
            log.info("catching up: the run due %s did not happen; running now", format_time(in_zone(missed, self.zone)))
            first = now
        elif self.run_now:
            first = now
        self.scheduler.add_listener(self._on_event, EVENT_JOB_MISSED | EVENT_JOB_MAX_INSTANCES)
        extra = {"next_run_time": first} if first is not None else {}
        self.scheduler.add_job(self.run_scheduled, self.trigger, id="briefing", name="briefing run", **extra)

        previous_handlers = self._install_signal_handlers() if handle_signals else {}
        self.scheduler.start()
        log.info("scheduled %s; next run %s", describe_schedule(self.config),
                 "now" if first is not None else self._next_text())
        try:
            while not self._stop.wait(self.wake_interval):
                self.scheduler.wakeup()
        finally:
            if self._running.is_set():
                log.info("stopping after the run in progress")
            self.scheduler.shutdown(wait=True)
            for signum, handler in previous_handlers.items():
                signal.signal(signum, handler)
            log.info("stopped")

    def stop(self) -> None:
        self._stop.set()

    def _install_signal_handlers(self) -> dict[int, Any]:
        def on_signal(signum, frame) -> None:
            log.info("%s received: stopping", signal.Signals(signum).name)
            self._stop.set()
            # A second signal stops at once: files are replaced atomically, so that is safe too.
            for sig in (signal.SIGINT, signal.SIGTERM):
                signal.signal(sig, signal.SIG_DFL)

        previous = {}
        for sig in (signal.SIGINT, signal.SIGTERM):
            previous[sig] = signal.signal(sig, on_signal)
        return previous
