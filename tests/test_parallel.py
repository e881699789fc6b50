import shutil

from conftest import article_text, run_briefing, write_seed


def test_parallel_and_serial_runs_write_byte_identical_briefings(workdir, tmp_path):
    for n in range(24):
        write_seed(workdir / "seeds", f"batch/story-{n:02d}.txt", article_text(f"topic {n}", sentences=6 + n % 5))
    other = tmp_path / "other"
    shutil.copytree(workdir, other)

    serial = run_briefing("run", "--date", "2026-11-25", "--jobs", "1", cwd=workdir)
    parallel = run_briefing("run", "--date", "2026-11-25", "--jobs", "2", cwd=other)
    assert serial.code == parallel.code == 0
    assert "29 new" in serial.stdout and "29 new" in parallel.stdout
    for name in ("2026-11-25.md", "2026-11-25.html"):
        assert (workdir / "out" / name).read_bytes() == (other / "out" / name).read_bytes()
