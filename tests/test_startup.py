"""Start-up: a command imports only what it uses (a fresh process each: what is imported is the point).

The time this saves is measured by benchmarks/speed.py --startup, not here.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import DATA, REPO

# Run the CLI as the `briefing` program does, then list every module the process imported.
PROBE = """
import sys
from briefing.cli import main
try:
    main(args=sys.argv[1:], prog_name="briefing")
except SystemExit as end:
    assert not end.code, end.code
# Modules loaded from somewhere (not a stand-in that would import its module when used), by their
# full names and their packages' names.
names = [name for name, module in list(sys.modules.items()) if getattr(module, "__spec__", None)]
loaded = {*names, *(name.split(".")[0] for name in names)}
# sumy imports pycountry, whose language database loads when a name is looked up (0.05 s).
countries = sys.modules.get("pycountry")
if countries is not None and countries.languages._is_loaded:
    loaded.add("pycountry-database")
print("\\n".join(sorted(loaded)), file=sys.stderr)
"""

NEVER_FOR_SUMMARIZE = {"jinja2", "markdown", "nh3", "feedgen", "apscheduler", "cronsim", "smtplib", "requests",
                       "pycountry-database",
                       # what a run writes with: the state store, the lock, publishing, the worker processes
                       "sqlite3", "multiprocessing", "briefing.state", "briefing.lock", "briefing.publish",
                       "briefing.workers", "briefing.pipeline.run",
                       # NLTK beyond its stemmers and word tokenizer (its package init imports these: 0.2 s)
                       "nltk.corpus.reader", "nltk.parse", "nltk.tag", "nltk.metrics", "nltk.translate",
                       "nltk.downloader", "nltk.collocations", "scipy"}
# What trafilatura brings with it, for HTML only.
FOR_HTML = {"trafilatura", "lxml", "urllib3", "charset_normalizer"}


def imported_by(*args: str, cwd) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return set(done.stderr.split())


def test_version_and_help_import_no_summariser_no_templates(tmp_path):
    for args in (["--version"], ["--help"], ["run", "--help"]):
        modules = imported_by(*args, cwd=tmp_path)
        assert "click" in modules
        assert not modules & {"sumy", "nltk", "numpy", "jinja2", "markdown", "yaml", "trafilatura", "sqlite3",
                              "apscheduler", "cronsim", "importlib_metadata",
                              "briefing.config.walk"}, args  # the flags are declared; no config is read


@pytest.mark.parametrize("seed, needed, not_needed", [
    (REPO / "seeds" / "heatwave-harvest.txt", set(), {"yaml", *FOR_HTML}),
    (DATA / "bridge-update.md", {"yaml"}, FOR_HTML),
    (REPO / "seeds" / "city-library-ends-late-fees.html", FOR_HTML, set()),
])
def test_summarize_imports_what_its_file_needs_and_no_more(tmp_path, seed, needed, not_needed):
    modules = imported_by("summarize", str(seed), cwd=tmp_path)
    assert {"sumy", "nltk"} <= modules  # the summariser itself
    assert needed <= modules
    assert not modules & (NEVER_FOR_SUMMARIZE | not_needed)


def test_a_run_with_nothing_new_imports_no_summariser_and_no_composer(workdir):
    first = subprocess.run([sys.executable, "-m", "briefing", "run"], cwd=workdir, capture_output=True, text=True,
                           timeout=120)
    assert first.returncode == 0, first.stderr
    modules = imported_by("run", cwd=workdir)
    # Nothing to read, compose or write: the seeds listing and the state store are all it needs.
    assert not modules & {"sumy", "nltk", "numpy", "scipy", "jinja2", "markdown", "nh3", "feedgen", "trafilatura",
                           "msgspec", "multiprocessing"}


def test_a_run_that_composes_leaves_the_ilp_solver_unimported(workdir):
    # scipy.optimize takes most of a second to import; only the "ilp" story method uses it.
    modules = imported_by("run", cwd=workdir)
    assert {"numpy", "scipy.sparse", "briefing.compose.story_summary"} <= modules
    assert "scipy.optimize" not in modules


def test_describing_a_schedule_imports_no_run(tmp_path):
    # --next and --explain (and config check) compute times: no state store, no run, no publishing.
    for args in (["schedule", "--at", "06:30", "--next", "2"], ["schedule", "--cron", "30 6 * * 1-5", "--explain"]):
        modules = imported_by(*args, cwd=tmp_path)
        assert "apscheduler" in modules
        assert not modules & {"sqlite3", "briefing.state", "briefing.pipeline.run", "briefing.publish", "sumy",
                              "numpy"}, args


def test_nltk_imported_after_the_summariser_is_the_whole_of_it(tmp_path):
    """The summariser loads two modules of NLTK with its packages' init not run (nltk_parts.py): `import nltk`
    after it gives all of NLTK, and its init still imports no scipy."""
    program = """
import sys
from briefing.summarize.toolkit import toolkit
stem = toolkit("english").stemmer
import nltk
from nltk.stem import PorterStemmer, SnowballStemmer
from nltk.corpus import stopwords
import nltk.stem.snowball as snowball
print(nltk.__version__ != "", callable(nltk.word_tokenize), callable(nltk.download), type(stopwords).__name__,
      SnowballStemmer("english").stem("running"), stem("running"), PorterStemmer().stem("running"),
      snowball.EnglishStemmer is nltk.stem.snowball.EnglishStemmer, "scipy" in sys.modules, type(nltk.corpus).__name__)
"""
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True", "LazyCorpusLoader", "run", "run", "run", "True", "False",
                                   "LazyModule"]


@pytest.mark.parametrize("unlike", [
    'nltk_parts.PACKAGES = (*nltk_parts.PACKAGES, "nltk.no_such_package")',  # another NLTK
    "nltk_parts._LOCK = None",  # a Python without the import system's module locks
])
def test_nltk_of_another_layout_is_imported_whole(tmp_path, unlike):
    """Where NLTK's two modules cannot be loaded alone (another version's layout, or another Python's import
    system), NLTK is imported as usual, still without scipy, and the summariser works."""
    program = f"""
import sys
from briefing.summarize import nltk_parts
for name in [name for name in sys.modules if name == "nltk" or name.startswith("nltk.")]:
    del sys.modules[name]
{unlike}
nltk_parts.load()
from briefing.summarize.toolkit import toolkit
print(type(sys.modules["nltk"]).__name__, "nltk.corpus.reader" in sys.modules, "scipy" in sys.modules,
      toolkit("english").stemmer("running"))
"""
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["module", "True", "False", "run"]


def test_an_nltk_module_first_imported_after_the_summariser_is_loaded_once(tmp_path):
    """The first import of another NLTK module runs NLTK's init, which imports that module itself: the import
    then gives that module, not a second copy of it (a second nltk.data held its own search path, which the
    corpus readers NLTK's init loaded never read)."""
    program = """
import sys
import briefing.summarize
import nltk.data
nltk.data.path.insert(0, "/somewhere/of/mine")
import nltk.tokenize.punkt as punkt
import nltk
api = sys.modules["nltk.corpus.reader.api"]  # (NLTK's own init sets nltk.corpus.reader.api to another module)
print(api.PathPointer is nltk.data.PathPointer, punkt.PunktTokenizer is nltk.tokenize.PunktTokenizer,
      sys.modules["nltk.data"] is nltk.data)
"""
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True"]


def test_a_thread_using_nltk_while_another_runs_its_init_waits_for_it(tmp_path):
    """As for `import nltk` in two threads at once: a thread asking NLTK for a name while another thread runs
    NLTK's init (started by the summariser's partial load) waits for the init, and gets the name."""
    program = """
import sys, threading, time
import briefing.summarize
results = []
def use():
    try:
        from nltk import word_tokenize
        results.append(callable(word_tokenize))
    except Exception as error:
        results.append(repr(error))
class StartAnotherUser:  # (while NLTK's init is importing nltk.tag: another thread asks for a name of NLTK's)
    def find_spec(self, name, path, target=None):
        if name == "nltk.tag" and not results and not threads:
            threads.append(threading.Thread(target=use))
            threads[0].start()
            time.sleep(0.1)
        return None
threads = []
sys.meta_path.insert(0, StartAnotherUser())
use()
threads[0].join()
print(*results)
"""
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]


def test_a_thread_using_nltk_while_the_summariser_loads_it_waits_for_it(tmp_path):
    """As for a thread's `import nltk` while another imports it: a thread using NLTK while the summariser loads
    NLTK's two modules waits for that, then gets all of NLTK (it was AttributeError: word_tokenize)."""
    program = """
import sys, threading, time
results, threads = [], []
def use():
    try:
        import nltk
        results.append(callable(nltk.word_tokenize))
    except Exception as error:
        results.append(repr(error))
class StartAnotherUser:  # (while the summariser imports Snowball: another thread uses NLTK)
    def find_spec(self, name, path, target=None):
        if name == "nltk.stem.snowball" and not threads:
            threads.append(threading.Thread(target=use))
            threads[0].start()
            time.sleep(0.1)
        return None
sys.meta_path.insert(0, StartAnotherUser())
import briefing.summarize
threads[0].join()
print(*results)
"""
    done = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True"]
