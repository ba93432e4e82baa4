"""Under ``mkdocs serve``: notice an edit sooner, and do not rebuild for the pages the build wrote.

MkDocs 1.6 polls the watched folders every 0.5 s, so an edit waited 0.25 s on average
before the rebuild began. And every page our hook regenerates in docs/ looks to it like
an edit, so each data edit was built twice; the second build ran while the browser
reloaded and competed with it for the CPU. Here the server polls every 0.1 s (a few
hundred ``stat`` calls; about 3% of one core while idle) and leaves out events on files whose content is what the
build itself just wrote (the hook tells :func:`expect` before writing, so no poll can
see the write first). Anything else, including a hand edit of a generated page, still
rebuilds, and the build puts the page back.

This uses attributes of MkDocs' ``LiveReloadServer`` that are not public API (MkDocs 1.x
is frozen); if they are missing, nothing is changed and serve behaves as before.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
import time
import types
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers.polling import PollingObserver

from .write import TEMP_SUFFIX

POLL_S = 0.1

log = logging.getLogger("mkdocs.hooks.macros")

_NEEDED = ("observer", "watch", "_watched_paths", "_watch_refs", "_rebuild_cond", "_want_rebuild")

EXPIRE_S = 3.0
"""How long a record of the build's own write is kept. The server sees a write within a poll or two
(0.1-0.2 s); kept longer, a record could hide a contributor's later edit of the same file (say, the
deletion of a page the build had removed and they then made by hand)."""

_lock = threading.Lock()
_expected: dict[str, tuple[str | None, float]] = {}
"""Absolute path → (hash of the content the build wrote there, or None for a file it removed; when)."""


def _digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def expect(docs_dir: Path, pages: dict[str, str], removed: Iterable[str] = ()) -> None:
    """Record what the build is about to write into (and remove from) ``docs_dir``."""
    base = os.path.abspath(docs_dir)
    now = time.monotonic()
    entries = {os.path.join(base, rel): (_digest(text.encode("utf-8")), now) for rel, text in pages.items()}
    entries.update({os.path.join(base, rel): (None, now) for rel in removed})
    with _lock:
        for path in [p for p, (_, when) in _expected.items() if now - when > EXPIRE_S]:
            del _expected[path]
        _expected.update(entries)


def _recent(path: str) -> tuple[bool, str | None]:
    """(whether the build wrote or removed ``path`` in the last EXPIRE_S seconds, the hash it wrote)."""
    with _lock:
        entry = _expected.get(path)
    if entry is None or time.monotonic() - entry[1] > EXPIRE_S:
        return False, None
    return True, entry[0]


def is_own_write(path: str) -> bool:
    """Whether ``path`` holds exactly what the build just wrote there (or is gone as the build left it)."""
    path = os.path.abspath(path)
    if path.endswith(TEMP_SUFFIX) and _recent(path[: -len(TEMP_SUFFIX)])[0]:
        return True  # the build's own temporary file, renamed onto the page
    recent, wanted = _recent(path)
    if not recent:
        return False
    try:
        with open(path, "rb") as file:
            return wanted is not None and _digest(file.read()) == wanted
    except FileNotFoundError:
        return wanted is None
    except OSError:
        return False


def _is_own_event(event: FileSystemEvent) -> bool:
    paths = [event.src_path, getattr(event, "dest_path", "")]
    return all(is_own_write(os.fsdecode(p)) for p in paths if p)


def _watch(server: Any, path: str, func: None = None, *, recursive: bool = True) -> None:
    """MkDocs' ``LiveReloadServer.watch``, leaving out the build's own writes."""
    path = os.path.abspath(path)
    if func is not None and func is not server.builder:
        raise TypeError("Plugins can no longer pass a 'func' parameter to watch().")
    if path in server._watched_paths:
        server._watched_paths[path] += 1
        return
    server._watched_paths[path] = 1

    def callback(event: FileSystemEvent) -> None:
        if event.is_directory or _is_own_event(event):
            return
        log.debug(str(event))
        with server._rebuild_cond:
            server._want_rebuild = True
            server._rebuild_cond.notify_all()

    handler = FileSystemEventHandler()
    handler.on_any_event = callback  # type: ignore[method-assign]
    server._watch_refs[path] = server.observer.schedule(handler, path, recursive=recursive)


def install(server: Any) -> bool:
    """Give ``server`` the faster, self-aware watching; say whether it could."""
    if not all(hasattr(server, name) for name in _NEEDED) or server.observer.is_alive():
        log.debug("macros: mkdocs serve is not as expected; its own file watching is kept")
        return False
    watched = dict(server._watched_paths)
    for path in watched:
        server.observer.unschedule(server._watch_refs.pop(path))
    server._watched_paths.clear()
    server.observer = PollingObserver(timeout=POLL_S)
    server.watch = types.MethodType(_watch, server)
    for path, count in watched.items():
        server.watch(path)
        server._watched_paths[path] = count
    return True
