"""What a big day's run gives back to the system (benchmarks/speed.py measures the peaks themselves)."""

import subprocess
import sys

import pytest

# Composing's pattern: a big array freed, then arrays of a megabyte with blocks of the heap made between
# them (which pin what lies below them), then the arrays freed. Prints the MB given back.
FREED_ARRAYS = """
import sys
import numpy as np
from briefing.pipeline.days import big_blocks_given_back

if sys.argv[1] == "given back":
    big_blocks_given_back()

def rss_mb():
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024

first = np.ones((4 << 20) // 8)
del first
arrays, pins = [], []
for _ in range(64):
    arrays.append(np.ones((1 << 20) // 8))
    pins.append(bytes(100_000))
before = rss_mb()
del arrays
print(before - rss_mb())
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's allocator, /proc")
def test_the_arrays_a_big_day_frees_go_back_to_the_system():
    def given_back(how: str) -> int:
        return int(subprocess.run([sys.executable, "-c", FREED_ARRAYS, how], capture_output=True, text=True,
                                  check=True).stdout)

    assert given_back("as glibc does") < 16  # they stay in the heap, pinned: the run's peak grew by them
    assert given_back("given back") >= 56  # the 64 MB, as each was freed
