import shutil

from briefing.publish.html import HTML_WORTH_SPLITTING as _HTML_WORTH_SPLITTING
from briefing.workers import batch_size as _batch_size
from conftest import article_text, run_briefing, write_seed


def test_parallel_and_serial_runs_write_byte_identical_briefings(workdir, tmp_path):
    # Enough seeds for workers to take two per task, and a day big enough
    # for its HTML to be converted in parts on the workers too.
    for n in range(67):
        write_seed(workdir / "seeds", f"batch/story-{n:02d}.txt", article_text(f"topic {n}", sentences=6 + n % 5))
    # Every story in full (as briefings were before the editor): a day big enough to convert in parts.
    (workdir / "briefing.toml").write_text("[briefing]\ntop_stories = 0\n")
    other = tmp_path / "other"
    shutil.copytree(workdir, other)

    serial = run_briefing("run", "--date", "2026-11-25", "--jobs", "1", cwd=workdir)
    parallel = run_briefing("run", "--date", "2026-11-25", "--jobs", "2", cwd=other)
    assert serial.code == parallel.code == 0
    assert "72 new" in serial.stdout and "72 new" in parallel.stdout
    assert len((workdir / "out" / "2026-11-25.md").read_text()) > _HTML_WORTH_SPLITTING
    assert _batch_size(72, 2) == 2
    for name in ("2026-11-25.md", "2026-11-25.html"):
        assert (workdir / "out" / name).read_bytes() == (other / "out" / name).read_bytes()
