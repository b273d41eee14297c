"""A served embedded graph stays the graph on disk: other processes' writes (a CLI ingest) are
picked up without a restart, and an upload never overwrites them.

* A poller thread asks the database for its last commit every ``RG_RELOAD_INTERVAL_S`` seconds;
  when another process committed, the rows it wrote are applied (graph/embedded/store.py
  ``apply_changes``), or, for a large change, the database is loaded and warmed aside (reads go
  on against the old graph meanwhile) and swapped in under the write guard.
* An upload holds the data directory's writer lock (graph/embedded/lock.py) for its whole
  write and first catches up with the disk the same way, so it merges on top of what the CLI
  wrote instead of writing its in-memory graph over it. Reads go on while it merges.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from typing import Any

from app import deps

log = logging.getLogger(__name__)

# One write at a time in this process (uploads, reloads); other processes are held off by the
# data directory's writer lock.
WRITE_LOCK = threading.Lock()
# More changed rows than this are loaded aside and swapped in whole (reads go on meanwhile)
# rather than applied in place under the write guard (~20k rows take a few seconds).
IN_PLACE_CHANGES = 20_000


def _inner(store: Any) -> Any:
    return store.inner if isinstance(store, deps.GuardedStore) else store


def catch_up(store: Any) -> bool:
    """Apply what other processes committed to the data directory; True if there was something.

    A few rows (an upload, a small ingest) are applied in place under the write guard; a large
    change (a corpus ingest) is loaded aside while reads go on, and swapped in."""
    inner = _inner(store)
    if not getattr(inner, "changed_on_disk", lambda: False)():
        return False
    if inner.pending_changes() > IN_PLACE_CHANGES:
        fresh = inner.loaded_copy()
        fresh.warm()
        with deps.writing(store):
            inner.adopt(fresh)
        log.info("reloaded the graph another process wrote to %s", inner.data_dir)
    else:
        with deps.writing(store):
            n = inner.apply_changes()
        log.info("applied %d rows another process committed to %s", n, inner.data_dir)
    return True


@contextlib.contextmanager
def exclusive_write(store: Any) -> Iterator[Any]:
    """For an upload: this process's write lock and the data directory's writer lock, the disk
    caught up with; yields the store itself, so the merge reads beside other requests and only
    the store's writes take the write guard (app/deps.py ``GuardedStore``)."""
    inner = _inner(store)
    writer = getattr(inner, "writer", None)
    with WRITE_LOCK, (writer() if writer else contextlib.nullcontext()):
        catch_up(store)
        yield store


class Poller:
    """The background thread of the module docstring; ``stop()`` ends it."""

    def __init__(self, store: Any, interval: float) -> None:
        self.store = store
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="graph-reloader", daemon=True)

    def start(self) -> Poller:
        inner = _inner(self.store)
        if hasattr(inner, "changed_on_disk") and getattr(inner, "data_dir", None) is not None:
            self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                with WRITE_LOCK:
                    catch_up(self.store)
            except Exception:  # a half-written or corrupt file: keep serving the graph we have
                log.exception("could not apply the new commits; still serving the previous graph")
