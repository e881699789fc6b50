"""NLTK's Snowball stemmers and word tokenizer, without the rest of NLTK.

The summariser uses two modules of NLTK: the Snowball stemmers
(`nltk.stem.snowball`, through sumy too) and the word tokenizer
(`nltk.tokenize.destructive`). NLTK's package init imports nearly all the
rest (its corpus readers, parsers, taggers, metrics, the downloader, numpy's
clustering) and compiles some 250 patterns: about 0.2 s of every start of
`briefing summarize`, and of every run that summarises, as long as the rest
of the start together. So `nltk` and the packages of those two modules are
put in `sys.modules` as packages whose own init has not run yet: a submodule
imports as usual, and the first time anything else is asked of one
(`nltk.download`, `from nltk.stem import *`), its init runs, into that same
module, as a plain `import nltk` would have run it. Snowball imports the
stop-word corpus for an option briefing never takes (`ignore_stopwords`): it
gets a stand-in that reads the real corpus when it is used.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
import threading
import types

# The import system's per-module locks, which the inits run here take too. They are CPython's own (3.8 to
# 3.13 at least): a Python without them imports NLTK whole, as it ships (see load).
from importlib import _bootstrap

_LOCK = getattr(_bootstrap, "_ModuleLockManager", None)
_DEADLOCK = getattr(_bootstrap, "_DeadlockError", RuntimeError)

# The packages put in place without their init, each after its parent.
PACKAGES = ("nltk", "nltk.stem", "nltk.tokenize", "nltk.corpus")
# NLTK's own init imports scipy.stats, when scipy is installed, for statistics briefing never uses
# (nltk.metrics, nltk.translate): 1 to 2 s. While it runs, these read as absent, as NLTK allows; they
# import as usual afterwards.
_SCIPY = ("scipy", "scipy.stats", "scipy.sparse")


class _InitWhenUsed(types.ModuleType):
    """A package whose init has not run: the first thing asked of it that it lacks (its `__path__` too, so
    importing another submodule) runs its init, and its parents', as importing it would have."""

    def __getattr__(self, attribute: str):
        if _loading == threading.get_ident():  # (the two modules' imports: a submodule they ask for is imported)
            raise AttributeError(attribute)
        run_init(self)
        if isinstance(self, _InitWhenUsed):  # (its init is running in this thread: a name it has not set yet)
            raise AttributeError(attribute)  # noqa: TRY004 - what a missing attribute raises
        return getattr(self, attribute)

    def __dir__(self):
        run_init(self)
        return super().__dir__()


class _StopwordsWhenUsed:
    """Snowball's `nltk.corpus.stopwords` until it is used: then the corpus package's init runs, and this
    reads its corpus."""

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module("nltk.corpus").stopwords, attribute)


def run_init(package: types.ModuleType) -> None:
    """Run a package's own init into it, once; its parents' first, as an import of it would have (NLTK's
    packages import each other in an order its own init sets). It runs holding the lock an import of the
    package takes, marked as initializing, as an import runs it: another thread's import or use of it waits
    for the init (or, where waiting would deadlock, gets it as it is so far, as an import would)."""
    parent = package.__name__.rpartition(".")[0]
    if parent:
        run_init(sys.modules[parent])
    if not isinstance(package, _InitWhenUsed):
        return
    try:
        lock = _LOCK(package.__name__)
        lock.__enter__()
    except _DEADLOCK:
        return
    try:
        if isinstance(package, _InitWhenUsed) and not getattr(package.__spec__, "_initializing", False):
            _exec_init(package)
    finally:
        lock.__exit__(None, None, None)


def _exec_init(package: types.ModuleType) -> None:
    package.__path__ = package.__spec__.submodule_search_locations
    package.__spec__._initializing = True
    try:
        with _without_scipy(package.__name__ == "nltk"):
            package.__spec__.loader.exec_module(package)
    finally:
        package.__spec__._initializing = False
        package.__class__ = types.ModuleType


class _ImportedByAnInit(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """An import of a submodule of NLTK's reads its package's `__path__`, which runs the package's init; when
    that init imports the submodule itself, the import would then load it a second time (a second
    `nltk.data`, with a search path of its own): it is given the module the init loaded."""

    def find_spec(self, name, path, target=None):
        module = sys.modules.get(name)
        if target is not None or module is None or not name.startswith("nltk."):
            return None  # (target: a reload, which must load it again)
        return importlib.machinery.ModuleSpec(name, self, loader_state=module.__spec__)

    def create_module(self, spec):
        return sys.modules[spec.name]

    def exec_module(self, module):
        module.__spec__ = module.__spec__.loader_state  # (the import set the spec given here in its place)


@contextlib.contextmanager
def _without_scipy(blocking: bool = True):
    """scipy's modules not imported yet read as absent (NLTK's init then leaves them out)."""
    blocked = [name for name in _SCIPY if name not in sys.modules] if blocking else []
    sys.modules.update(dict.fromkeys(blocked))
    try:
        yield
    finally:
        for name in blocked:
            sys.modules.pop(name, None)


def load() -> None:
    """Import NLTK's Snowball stemmers and word tokenizer with its packages in place but their init not run;
    if that fails (another layout of NLTK), all of NLTK as usual (without scipy). Nothing if any of NLTK is
    imported already. It holds the lock an import of NLTK takes: another thread's import or use of NLTK
    meanwhile waits for it, and it waits for another thread's import of NLTK."""
    if _LOCK is None:  # (no lock to hold while the packages are only partly in place)
        _whole_nltk()
        return
    with _LOCK("nltk"):
        if any(name in sys.modules for name in PACKAGES):
            return
        try:
            _load_parts()
        except Exception:  # (whatever this version of NLTK needs, its own import gives it)
            for name in [name for name in sys.modules if name == "nltk" or name.startswith("nltk.")]:
                del sys.modules[name]
            _whole_nltk()


def _whole_nltk() -> None:
    """All of NLTK, as its own import gives it (without scipy)."""
    if "nltk" not in sys.modules:
        with _without_scipy():
            importlib.import_module("nltk")


def _load_parts() -> None:
    global _loading
    for name in PACKAGES:
        spec = importlib.util.find_spec(name)  # (a package's parent is in place: found on its path)
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            raise ImportError(f"no package {name}")
        package = importlib.util.module_from_spec(spec)
        package.__class__ = _InitWhenUsed
        spec._initializing = True  # (an import of it in another thread waits for the lock load() holds)
        sys.modules[name] = package
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, package)
    corpus = sys.modules["nltk.corpus"]
    corpus.stopwords = _StopwordsWhenUsed()  # (for Snowball alone: others asking for it get the corpus's own)
    _loading = threading.get_ident()
    try:
        importlib.import_module("nltk.stem.snowball")
        importlib.import_module("nltk.tokenize.destructive")
    finally:
        _loading = None
        del corpus.stopwords
    for name in PACKAGES:  # (from now on, importing any other submodule runs the inits first)
        del sys.modules[name].__path__
        sys.modules[name].__spec__._initializing = False
    if not any(isinstance(finder, _ImportedByAnInit) for finder in sys.meta_path):
        sys.meta_path.insert(0, _ImportedByAnInit())


# The thread importing the two modules: what they ask of a package is a submodule of it, or a mistake. (Another
# thread asking a package for something waits for the import, as for an import of NLTK.)
_loading: int | None = None
