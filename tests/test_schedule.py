"""The scheduler library with the real APScheduler: triggers, DST, and its 3.x traps."""

import datetime as dt
import logging
import threading
import time
from zoneinfo import ZoneInfo

import pytest

from briefing.config import load_config
from briefing.lock import RunLock
from briefing.pipeline import last_run_started, run_once
from briefing.schedule import Scheduler, build_trigger, in_zone, last_slot, next_run_times
from conftest import article_text, recorded_run_started, write_seed

LONDON = ZoneInfo("Europe/London")


def config_for(tmp_path, **schedule):
    """The config of a briefing.toml whose [schedule] section holds `schedule` (timezone= sets its zone)."""
    (tmp_path / "seeds").mkdir(exist_ok=True)
    lines = ["[schedule]"] + [f"{key} = {value!r}".replace("'", '"') for key, value in schedule.items()]
    (tmp_path / "briefing.toml").write_text("\n".join(lines) + "\n")
    return load_config(cwd=tmp_path)


def wait_until(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_cron_weekdays_are_numbered_as_in_crontab(tmp_path):
    # APScheduler's from_crontab would read 1-5 as Tuesday to Saturday.
    sunday = dt.datetime(2026, 11, 22, tzinfo=LONDON)
    config = config_for(tmp_path, cron="30 6 * * 1-5", timezone="Europe/London")
    times = next_run_times(config, 10, sunday)
    assert [t.strftime("%a") for t in times[:5]] == ["Mon", "Tue", "Wed", "Thu", "Fri"]
    assert {t.weekday() for t in times} == {0, 1, 2, 3, 4}
    assert all((t.hour, t.minute) == (6, 30) for t in times)
    for sunday_number in ("0", "7", "sun"):
        config = config_for(tmp_path, cron=f"0 9 * * {sunday_number}", timezone="UTC")
        assert {t.strftime("%a") for t in next_run_times(config, 4, sunday)} == {"Sun"}


def test_day_of_month_and_weekday_match_either_as_in_cron(tmp_path):
    config = config_for(tmp_path, cron="0 9 13 * 5", timezone="UTC")
    times = next_run_times(config, 12, dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc))
    assert all(t.day == 13 or t.weekday() == 4 for t in times)
    assert any(t.day == 13 and t.weekday() != 4 for t in times)
    assert any(t.weekday() == 4 and t.day != 13 for t in times)


@pytest.mark.parametrize("zone, change_day", [
    ("Europe/London", dt.date(2026, 3, 29)),
    ("Europe/London", dt.date(2026, 10, 25)),
    ("America/New_York", dt.date(2026, 3, 8)),
    ("America/New_York", dt.date(2026, 11, 1)),
])
@pytest.mark.parametrize("at", ["00:30", "01:00", "01:30", "02:00", "02:30", "03:00", "06:30"])
def test_a_daily_run_happens_exactly_once_on_each_day_across_dst(tmp_path, zone, change_day, at):
    config = config_for(tmp_path, at=at, timezone=zone)
    start = dt.datetime.combine(change_day - dt.timedelta(days=3), dt.time(12), ZoneInfo(zone))
    times = next_run_times(config, 6, start)
    days = [t.date() for t in times]
    assert days == [change_day - dt.timedelta(days=2 - n) for n in range(6)]
    hour, minute = map(int, at.split(":"))
    for moment in times:
        if moment.date() != change_day:
            assert (moment.hour, moment.minute) == (hour, minute)
    # On the change day a time the clocks skip runs when they jump, as cron does; a repeated one runs once.
    on_the_day = times[2]
    wanted = dt.datetime.combine(change_day, dt.time(hour, minute), ZoneInfo(zone))
    while in_zone(wanted, ZoneInfo(zone)).replace(tzinfo=None) != wanted.replace(tzinfo=None):
        wanted += dt.timedelta(minutes=1)  # a wall-clock time that does not exist: the jump is later
    assert (on_the_day.hour, on_the_day.minute) == (wanted.hour, wanted.minute)
    assert on_the_day.utcoffset() == wanted.utcoffset()


def test_a_schedule_every_half_hour_keeps_the_repeated_hour(tmp_path):
    config = config_for(tmp_path, cron="*/30 * * * *", timezone="Europe/London")
    start = dt.datetime(2026, 10, 25, 0, 0, tzinfo=LONDON) - dt.timedelta(minutes=1)
    on_day = [t for t in next_run_times(config, 60, start) if t.date() == dt.date(2026, 10, 25)]
    assert len(on_day) == 50  # the day has 25 hours
    assert len(set(t.astimezone(dt.timezone.utc) for t in on_day)) == 50


def test_a_schedule_that_never_runs_is_refused(tmp_path):
    from briefing.errors import ConfigError

    with pytest.raises(ConfigError, match="never runs"):
        build_trigger(config_for(tmp_path, cron="0 0 30 2 *"))
    with pytest.raises(ConfigError, match="no schedule"):
        build_trigger(config_for(tmp_path))


def test_last_slot_is_the_latest_run_time_within_the_lookback(tmp_path):
    trigger = build_trigger(config_for(tmp_path, at="06:30", timezone="Europe/London"))
    now = dt.datetime(2026, 11, 25, 9, 0, tzinfo=LONDON)
    assert last_slot(trigger, now, dt.timedelta(hours=12)) == dt.datetime(2026, 11, 25, 6, 30, tzinfo=LONDON)
    assert last_slot(trigger, now, dt.timedelta(hours=2)) is None


def test_a_slot_missed_while_down_is_caught_up_once(tmp_path):
    now = dt.datetime.now(dt.timezone.utc)
    an_hour_ago = (now - dt.timedelta(hours=1)).strftime("%H:%M")
    config = config_for(tmp_path, at=an_hour_ago, timezone="UTC")
    scheduler = Scheduler(config)
    assert scheduler.missed_slot(now) is not None  # no run ever
    run_once(config)
    assert scheduler.missed_slot(dt.datetime.now(dt.timezone.utc)) is None  # a run started after the slot
    # Tomorrow, an hour after the slot, with no run since today's: the slot was missed.
    tomorrow = now + dt.timedelta(days=1)
    assert scheduler.missed_slot(tomorrow) == last_slot(scheduler.trigger, tomorrow, dt.timedelta(hours=2))
    assert scheduler.missed_slot(tomorrow) is not None


def test_a_scheduler_started_while_a_run_holds_the_store_waits_on_nothing(tmp_path, caplog):
    """A run holds the run lock and a transaction on the store (and, the first time a new release opens it,
    upgrades it): the scheduler starting beside it read the store to find a missed slot, waited 5 s on it and
    failed ("database is locked"). Now it finds the run in progress: the run due is that one."""
    import sqlite3

    now = dt.datetime.now(dt.timezone.utc)
    config = config_for(tmp_path, at=(now - dt.timedelta(hours=1)).strftime("%H:%M"), timezone="UTC")
    run_once(config, now=now - dt.timedelta(hours=3))  # before the slot: the slot was missed
    scheduler = Scheduler(config)
    assert scheduler.missed_slot(now) is not None
    store = sqlite3.connect(config.paths.state, timeout=0)
    with RunLock(config.paths.lock):
        store.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with caplog.at_level(logging.INFO, logger="briefing.schedule"):
            assert scheduler.missed_slot(now) is None
        assert time.monotonic() - started < 2
        store.rollback()
    store.close()
    assert "a briefing run is in progress: it is the run due" in caplog.text
    assert scheduler.missed_slot(now) is not None  # the run ended (here, without running): the slot is missed


def run_scheduler_in_thread(scheduler: Scheduler) -> threading.Thread:
    thread = threading.Thread(target=scheduler.serve, kwargs={"handle_signals": False})
    thread.start()
    return thread


def test_serving_catches_up_at_start_and_records_the_run(tmp_path):
    write_seed(tmp_path / "seeds", "tram.txt", article_text("tram"))
    an_hour_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)).strftime("%H:%M")
    config = config_for(tmp_path, at=an_hour_ago, timezone="UTC")
    scheduler = Scheduler(config)
    thread = run_scheduler_in_thread(scheduler)
    try:
        assert wait_until(lambda: recorded_run_started(config) is not None, 60)
    finally:
        scheduler.stop()
        thread.join(30)
    assert not thread.is_alive()
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_a_project_that_ran_before_the_missed_slot_says_it_catches_up(tmp_path, caplog):
    write_seed(tmp_path / "seeds", "tram.txt", article_text("tram"))
    an_hour_ago = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1)).strftime("%H:%M")
    config = config_for(tmp_path, at=an_hour_ago, timezone="UTC")
    run_once(config, now=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=3))  # before the slot
    scheduler = Scheduler(config)
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        thread = run_scheduler_in_thread(scheduler)
        try:
            assert wait_until(lambda: "run finished" in caplog.text, 60)
        finally:
            scheduler.stop()
            thread.join(30)
    assert "catching up: the run due" in caplog.text and "no briefing made yet" not in caplog.text


def test_the_job_waits_for_the_triggers_time_runs_when_it_comes_and_waits_for_the_next(tmp_path, caplog):
    # The real scheduler and trigger, without waiting for a real minute: the job's time
    # is brought forward to now through APScheduler's public API, as if that minute came.
    write_seed(tmp_path / "seeds", "tram.txt", article_text("tram"))
    # A slot about 12 hours from now and a grace of a minute: the last slot is
    # long past, so there is nothing to catch up, whatever the time of day.
    hour = (dt.datetime.now(LONDON).hour + 12) % 24
    config = config_for(tmp_path, cron=f"30 {hour} * * 1-5", timezone="Europe/London", grace=60)
    scheduler = Scheduler(config)
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        thread = run_scheduler_in_thread(scheduler)
        try:
            assert wait_until(lambda: "; next run " in caplog.text, 10)
            job = scheduler.scheduler.get_job("briefing")
            due = scheduler.trigger.schedule.next_time(dt.datetime.now(LONDON), LONDON)
            assert job.next_run_time == due and due.weekday() < 5 and (due.hour, due.minute) == (hour, 30)
            assert (f"scheduled at {hour:02}:30 on Monday through Friday (cron '30 {hour} * * 1-5', Europe/London); "
                    f"next run {due:%a %Y-%m-%d %H:%M %Z}") in caplog.text
            assert last_run_started(config) is None
            scheduler.scheduler.modify_job("briefing", next_run_time=dt.datetime.now(LONDON))
            assert wait_until(lambda: "run finished" in caplog.text, 60)
            # After the run the trigger is asked again, from the time the job ran.
            following = scheduler.scheduler.get_job("briefing").next_run_time
            assert following == due
        finally:
            scheduler.stop()
            thread.join(30)
    assert "1 seed, 1 new" in caplog.text and f"next run {due:%a %Y-%m-%d %H:%M %Z}" in caplog.text
    assert len(list((tmp_path / "out").glob("*.md"))) == 1


def test_a_late_run_still_runs_within_the_grace_period(tmp_path):
    # APScheduler's default misfire_grace_time of 1 s would drop a run that starts 30 s late.
    ran = threading.Event()
    scheduler = Scheduler(config_for(tmp_path, cron="0 0 1 1 *"))
    scheduler.scheduler.add_job(ran.set, scheduler.trigger,
                                next_run_time=dt.datetime.now(scheduler.zone) - dt.timedelta(seconds=30))
    scheduler.scheduler.start()
    try:
        assert ran.wait(5)
    finally:
        scheduler.scheduler.shutdown()


def test_a_run_later_than_the_grace_period_is_missed_and_logged(tmp_path, caplog):
    scheduler = Scheduler(config_for(tmp_path, cron="0 0 1 1 *", grace=10))
    late = dt.datetime.now(scheduler.zone) - dt.timedelta(seconds=30)
    scheduler.scheduler.add_job(lambda: None, scheduler.trigger, next_run_time=late)
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        thread = run_scheduler_in_thread(scheduler)
        try:
            assert wait_until(lambda: "missed the run due" in caplog.text, 10)
        finally:
            scheduler.stop()
            thread.join(30)
    assert "grace period of 10s" in caplog.text


def test_runs_missed_several_times_run_once(tmp_path):
    calls = []
    scheduler = Scheduler(config_for(tmp_path, cron="* * * * *"))
    # Not near the turn of a minute, when the next slot would come due within the test and run too.
    while dt.datetime.now(scheduler.zone).second >= 50:
        time.sleep(0.5)
    scheduler.scheduler.add_job(lambda: calls.append(1), scheduler.trigger,
                                next_run_time=dt.datetime.now(scheduler.zone) - dt.timedelta(minutes=5))
    scheduler.scheduler.start()
    try:
        assert wait_until(lambda: calls, 5)
        time.sleep(0.5)
    finally:
        scheduler.scheduler.shutdown()
    assert len(calls) == 1  # five slots passed; coalesced into one run


@pytest.mark.parametrize("wake_interval, runs_on_time", [(0.2, True), (3600, False)])
def test_the_wall_clock_is_checked_even_if_the_scheduler_sleeps_too_long(tmp_path, wake_interval, runs_on_time):
    # After a suspend the scheduler's monotonic sleep ends late. Simulate it by moving the
    # job's run time into the past behind the scheduler's back (no wakeup), then see
    # whether the run happens anyway.
    # A grace of a minute: on the morning of 1 January the slot is not caught up at start.
    config = config_for(tmp_path, cron="0 0 1 1 *", grace=60)
    scheduler = Scheduler(config, wake_interval=wake_interval)
    thread = run_scheduler_in_thread(scheduler)
    try:
        assert wait_until(lambda: scheduler.scheduler.get_job("briefing") is not None, 5)
        # Let the scheduler finish the pass that added the job and go to sleep;
        # a job moved while that pass is still running would be seen at once.
        time.sleep(1.0)
        store = scheduler.scheduler._lookup_jobstore("default")  # no public way to skip the wakeup
        job = store.lookup_job("briefing")
        job.next_run_time = dt.datetime.now(scheduler.zone) - dt.timedelta(seconds=1)
        store.update_job(job)
        # A run on time comes within a wake interval; 3 s with no run shows the long sleep held it back.
        assert wait_until(lambda: recorded_run_started(config) is not None, 10 if runs_on_time else 3) is runs_on_time
    finally:
        scheduler.stop()
        thread.join(30)


def test_a_scheduled_run_waits_for_the_lock_then_runs(tmp_path, caplog):
    write_seed(tmp_path / "seeds", "tram.txt", article_text("tram"))
    config = config_for(tmp_path, at="06:30", lock_wait=30)
    scheduler = Scheduler(config)
    holder = RunLock(config.paths.lock)
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        holder.__enter__()
        thread = threading.Thread(target=scheduler.run_scheduled)
        thread.start()
        assert wait_until(lambda: "holds the lock; waiting up to 30s" in caplog.text, 10)
        assert last_run_started(config) is None
        holder.__exit__(None, None, None)
        thread.join(60)
    assert "run finished: " in caplog.text and "1 new" in caplog.text
    assert last_run_started(config) is not None


def test_a_scheduled_run_skips_its_slot_when_the_lock_stays_held(tmp_path, caplog):
    config = config_for(tmp_path, at="06:30", lock_wait=1)
    with caplog.at_level(logging.INFO, logger="briefing.schedule"), RunLock(config.paths.lock):
        Scheduler(config).run_scheduled()
    assert "run skipped: another briefing run held the lock for 1s (schedule.lock_wait)" in caplog.text
    assert last_run_started(config) is None


def test_a_failing_run_is_logged_and_the_schedule_goes_on(tmp_path, caplog):
    config = config_for(tmp_path, at="06:30")
    (tmp_path / "seeds").rmdir()
    scheduler = Scheduler(config)
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        scheduler.run_scheduled()
    assert "run failed: seeds folder not found" in caplog.text


def test_progress_of_a_long_scheduled_run_is_logged_now_and_then(caplog):
    from briefing.progress import ProgressLog

    now = [0.0]
    progress = ProgressLog(interval=10, clock=lambda: now[0])
    with caplog.at_level(logging.INFO, logger="briefing.schedule"):
        for done, at in [(0, 0), (3, 4), (7, 11), (9, 15), (12, 22), (20, 25), (20, 26)]:
            now[0] = at
            progress(done, 20)
        ProgressLog(interval=0, clock=lambda: now[0])(0, 9)  # a short run says nothing
    # At the start, then at most every 10 s, then at the end (the end is said each time it is told).
    assert [r.getMessage() for r in caplog.records] == [
        "reading 20 seeds", "read 7 of 20 seeds", "read 12 of 20 seeds",
        "read all 20 seeds; writing the briefings", "read all 20 seeds; writing the briefings"]


def test_a_scheduled_runs_log_says_where_it_is_and_ends_with_the_runs_counts(tmp_path, caplog):
    for number in range(11):
        write_seed(tmp_path / "seeds", f"story-{number:02}.txt", article_text(f"topic{number}"))
    write_seed(tmp_path / "seeds", "short.txt", "Too short")
    config = config_for(tmp_path, at="06:30", timezone="UTC")
    with caplog.at_level(logging.INFO, logger="briefing"):
        Scheduler(config, progress_interval=0).run_scheduled()
    messages = [r.getMessage() for r in caplog.records]
    assert messages[:3] == ["run started", "reading 12 seeds", "read 1 of 12 seeds"]
    assert "read all 12 seeds; writing the briefings" in messages
    today = dt.datetime.now(dt.timezone.utc).date()
    (finished,) = [m for m in messages if m.startswith("run finished: ")]
    assert finished.startswith(f"run finished: {today}: 12 seeds, 11 new, 1 skipped; wrote ")
    assert "skipped short.txt: too short to summarise: 2 words" in messages


def test_a_day_loaded_is_kept_from_the_cycle_collector_until_the_run_ends(tmp_path, monkeypatch):
    # The day's summaries are frozen once loaded (the collector never walks them again); the scheduler
    # runs run after run in one process, so a run leaves nothing frozen and the collector as it was.
    import gc

    import briefing.compose.editor as editor

    config = config_for(tmp_path)
    write_seed(tmp_path / "seeds", "bridge.txt", "Bridge reopens\n\n" + article_text("bridge"))
    seen = []
    compose_briefing = editor.compose_briefing

    def watched(day, summaries, *args, **kwargs):
        seen.append((gc.isenabled(), gc.get_freeze_count()))
        return compose_briefing(day, summaries, *args, **kwargs)

    monkeypatch.setattr(editor, "compose_briefing", watched)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    run_once(config)
    assert len(seen) == 1 and seen[0][0] and seen[0][1] > 0  # on again, and the loaded day frozen
    assert gc.isenabled() and gc.get_freeze_count() == 0

    def failing(*args, **kwargs):
        raise RuntimeError("composing failed")

    monkeypatch.setattr(editor, "compose_briefing", failing)
    write_seed(tmp_path / "seeds", "tunnel.txt", "Tunnel opens\n\n" + article_text("tunnel"))
    with pytest.raises(RuntimeError):
        run_once(config)
    assert gc.isenabled() and gc.get_freeze_count() == 0
    gc.disable()
    try:
        monkeypatch.setattr(editor, "compose_briefing", watched)
        run_once(config)
        assert not gc.isenabled() and gc.get_freeze_count() == 0  # off before, off after
    finally:
        gc.enable()


def test_a_runs_collections_walk_only_its_own_objects_and_what_was_garbage_before_is_collected_after(
        tmp_path, monkeypatch):
    # The collection before a day is loaded walked every object of the process (a scheduler's, NLTK's):
    # garbage made before the run is left to the collections after it.
    import gc
    import weakref

    import briefing.compose.editor as editor

    config = config_for(tmp_path)
    write_seed(tmp_path / "seeds", "bridge.txt", "Bridge reopens\n\n" + article_text("bridge"))
    collected = []
    compose_briefing = editor.compose_briefing

    def watched(*args, **kwargs):
        collected.append(("composing", bool(finalizer.alive)))
        return compose_briefing(*args, **kwargs)

    monkeypatch.setattr(editor, "compose_briefing", watched)

    class Cycle:
        pass

    gc.disable()  # no automatic collection between making the garbage and the run
    try:
        garbage = Cycle()
        garbage.itself = garbage
        finalizer = weakref.finalize(garbage, collected.append, ("collected", False))
        del garbage
        run_once(config)
        # Alive (not walked) through the run, collected at its end: a process running run after run (a caller
        # of run_once, the scheduler) collected none of it while it slept, and froze it again at the next run.
        assert collected == [("composing", True), ("collected", False)] and not finalizer.alive
        garbage = Cycle()
        garbage.itself = garbage
        finalizer = weakref.finalize(garbage, collected.append, ("collected again", False))
        del garbage
        run_once(config, process_ends=True)  # the command's run: the process's exit frees it
        assert finalizer.alive
    finally:
        gc.enable()


def test_a_run_that_finds_the_lock_held_neither_freezes_nor_collects(tmp_path, monkeypatch):
    # A scheduled run waiting for the lock tries again every second: each try walked the whole process in a
    # full collection (a run's collections are its own: they start once it holds the lock).
    import gc

    from briefing.errors import LockedError

    config = config_for(tmp_path)
    collections = []
    collect = gc.collect
    monkeypatch.setattr(gc, "collect", lambda *args: collections.append(args) or collect(*args))
    with RunLock(config.paths.lock):
        with pytest.raises(LockedError):
            run_once(config)
    assert collections == [] and gc.get_freeze_count() == 0
    run_once(config)
    assert collections  # (a run that holds it collects what it leaves: see the test above)


def test_scheduled_runs_compile_each_template_once_and_an_edited_one_again(tmp_path, monkeypatch):
    import jinja2

    compiled = []
    compile_template = jinja2.Environment.compile

    def counted(self, source, name=None, filename=None, *args, **kwargs):
        compiled.append(name)
        return compile_template(self, source, name, filename, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "briefing.md.j2").write_text("First {{ day }}\n")
    (tmp_path / "seeds").mkdir()
    (tmp_path / "briefing.toml").write_text('templates = "templates"\n')
    config = load_config(cwd=tmp_path)
    for number, topic in enumerate(("bridge", "tunnel", "ferry")):
        if number == 2:
            (templates / "briefing.md.j2").write_text("Edited {{ day }}\n")
        write_seed(tmp_path / "seeds", f"{topic}.txt", article_text(topic))
        run_once(config, day=dt.date(2026, 11, 25))
        if number == 0:
            assert "briefing.md.j2" in compiled  # (the built-in ones may have been compiled before in this process)
            compiled.clear()
        elif number == 1:
            assert compiled == []  # the same files: none compiled again
    assert compiled == ["briefing.md.j2"]
    assert (tmp_path / "out" / "2026-11-25.md").read_text() == "Edited 2026-11-25\n"


def test_a_scheduled_run_shows_times_in_the_zone_it_dates_its_day_in(tmp_path):
    # Only [schedule] timezone is set: it dates the day, and the times shown are in it too.
    write_seed(tmp_path / "seeds", "quake.txt", article_text("quake"))
    write_seed(tmp_path / "seeds", "quake.txt.meta.toml", 'source = "Asia Wire"\npublished = 2026-03-03T04:30:00+09:00\n')
    config = config_for(tmp_path, at="06:30", timezone="America/New_York")
    scheduler = Scheduler(config)
    assert scheduler._run_when_unlocked().new == 1
    (page,) = (tmp_path / "out").glob("*.md")
    assert "Asia Wire · 2 Mar 2026, 14:30" in page.read_text(encoding="utf-8")  # 04:30 in Tokyo
