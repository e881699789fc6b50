import json
import shutil

from briefing.publish.html import HTML_WORTH_SPLITTING as _HTML_WORTH_SPLITTING
from briefing.workers import batch_size as _batch_size
from conftest import article_text, run_briefing, write_seed


def test_parallel_and_serial_runs_write_byte_identical_briefings(workdir, tmp_path):
    # Enough seeds for workers to take two per task, and a day big enough
    # for its HTML to be converted in parts on the workers too.
    for n in range(67):
        write_seed(workdir / "seeds", f"batch/story-{n:02d}.txt", article_text(f"topic {n}", sentences=6 + n % 5))
    # And stories of several reports, summarised across them on the workers.
    for event in range(8):
        for outlet in range(3):
            body = article_text(f"event {event}", sentences=8).split("\n\n", 1)[1]
            write_seed(workdir / "seeds", f"events/event-{event}-{outlet}.txt",
                       f"Event {event} report by outlet {outlet}\n\n{body}\n"
                       f"Outlet {outlet} reporters counted {outlet + 7} witnesses at the scene.\n")
    # Every story in full (as briefings were before the editor): a day big enough to convert in parts.
    (workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 0\n")
    other = tmp_path / "other"
    shutil.copytree(workdir, other)

    serial = run_briefing("run", "--date", "2026-11-25", "--jobs", "1", cwd=workdir)
    parallel = run_briefing("run", "--date", "2026-11-25", "--jobs", "2", cwd=other)
    assert serial.code == parallel.code == 0
    assert "96 new" in serial.stdout and "96 new" in parallel.stdout
    assert len((workdir / "out" / "2026-11-25.md").read_text()) > _HTML_WORTH_SPLITTING
    assert _batch_size(96, 2) == 3
    day = json.loads((workdir / "out" / "2026-11-25.json").read_text(encoding="utf-8"))
    assert sorted(len(story["reports"]) for story in day["stories"])[-8:] == [3] * 8
    for name in ("2026-11-25.md", "2026-11-25.html", "2026-11-25.json"):
        assert (workdir / "out" / name).read_bytes() == (other / "out" / name).read_bytes()
