"""Gives a hosted server's memory back once its visitors leave.

Four things kept it otherwise (measured with ``bench/load.py``, figures in ``bench/README.md``):

1. Streamlit keeps a closed session for ``server.disconnectedSessionTTL`` (120 s) in case its browser reconnects,
   but drops it only when another session disconnects: on a server that falls quiet, the last visitors' sessions
   (their order logs, forecasts, uploads and downloads) stay for good. :func:`drop_expired_sessions_regularly`
   drops them on time, every ``CHECK_EVERY_SECONDS``, shuts them down as Streamlit does on close, and lets go of
   the downloads no session shows any more.
2. glibc's ``malloc`` raises its mmap threshold each time a big block is freed (up to 32 MiB), so the columns of
   later tables come from the heap, where what they free stays with the process. :func:`keep_big_blocks_mapped`
   holds the threshold at glibc's default of 128 KiB, so a freed column goes back to the system at once.
3. pyarrow (the file reader, pandas' text columns, Streamlit's tables on their way to the browser) allocates with
   its bundled mimalloc, which kept much of what the sessions had freed: 25 sessions at once left the server
   179 MB over its starting level with it, 37-41 MB with the C library's ``malloc``, which
   :func:`allocate_arrow_with_malloc` makes pyarrow use.
4. What is left waits: objects in reference cycles until Python's next full collection, and free pages inside
   glibc's heaps (below the 128 KiB blocks of 2) until the heap's top is free. After a sweep that dropped sessions,
   :func:`release_freed_memory` collects and trims at once: 25 sessions left 18 MB instead of 37-41 MB.

The first reaches below Streamlit's public API, whose version is pinned in ``requirements.txt``;
``tests/test_server_memory.py`` checks the internals it uses against it, and where they are missing the server runs
as Streamlit alone would, with a warning in its log.
"""

import asyncio
import ctypes
import gc
import logging
import platform
import threading

import pyarrow as pa
import streamlit as st
from streamlit import config, runtime
from streamlit.runtime.caching.ttl_cache import TTLCache

logger = logging.getLogger("retention.app")

#: How often closed sessions past their reconnect time are dropped.
CHECK_EVERY_SECONDS = 10
#: glibc's ``mallopt`` parameter numbers for the trim and mmap thresholds, and their default value.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
THRESHOLD_BYTES = 128 * 1024


def keep_big_blocks_mapped() -> bool:
    """Fix glibc's mmap and trim thresholds at 128 KiB, so blocks of that size or more are returned when freed.

    (glibc raises the trim threshold along with the mmap threshold, so it goes back to its default too.) True when
    glibc took both settings; False elsewhere (macOS, Windows, musl), where nothing changes.
    """
    if platform.libc_ver()[0] != "glibc":
        return False
    mallopt = ctypes.CDLL("libc.so.6").mallopt
    results = [mallopt(parameter, THRESHOLD_BYTES) for parameter in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD)]
    return results == [1, 1]


def release_freed_memory() -> None:
    """Free Python's unreachable reference cycles now (``gc.collect()``), then, with glibc, hand the free pages of
    every ``malloc`` heap back to the system (``malloc_trim(0)``)."""
    gc.collect()
    if platform.libc_ver()[0] == "glibc":
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def allocate_arrow_with_malloc() -> None:
    """Make the C library's ``malloc`` pyarrow's default allocator, in place of its bundled mimalloc.

    Only what is allocated from now on comes from it; what mimalloc holds goes back to mimalloc when freed.
    """
    pa.set_memory_pool(pa.system_memory_pool())


def drop_expired_sessions(stored_sessions: TTLCache, lock: threading.Lock) -> int:
    """Drop the closed sessions whose reconnect time has run out and shut each down; how many were dropped.

    ``stored_sessions`` is Streamlit's store of closed sessions and ``lock`` its session manager's storage lock.
    A session that fails to shut down is logged and leaves the others to be shut down.
    """
    with lock:
        dropped = stored_sessions.expire()
    for session_id, session_info in dropped:
        try:
            session_info.session.shutdown()
        except Exception:
            logger.exception("Could not shut down the closed session %s", session_id)
    return len(dropped)


def sweep(stored_sessions: TTLCache, lock: threading.Lock, media_files) -> None:
    """One look: :func:`drop_expired_sessions`, let go of the downloads no session shows any more (Streamlit deletes
    a download on the second look that finds it unused), and :func:`release_freed_memory` if sessions were dropped.
    """
    dropped = drop_expired_sessions(stored_sessions, lock)
    media_files.remove_orphaned_files()
    if dropped:
        release_freed_memory()


async def drop_expired_sessions_regularly(storage, lock: threading.Lock, media_files) -> None:
    """:func:`sweep` every ``CHECK_EVERY_SECONDS``."""
    while True:
        await asyncio.sleep(CHECK_EVERY_SECONDS)
        try:
            sweep(storage._cache, lock, media_files)
        except Exception:  # a failed look must not stop the next one, nor the server
            logger.exception("Could not let closed sessions go; trying again in %s s.", CHECK_EVERY_SECONDS)


def stop(task) -> None:
    """Cancel the running task of :func:`keep_server_memory_in_check` when its cache entry is released."""
    if task is not None:
        task.cancel()


@st.cache_resource(show_spinner=False, on_release=stop)
def keep_server_memory_in_check():
    """Once per server process: :func:`keep_big_blocks_mapped`, :func:`allocate_arrow_with_malloc`, and start
    :func:`drop_expired_sessions_regularly` on the server's event loop, where Streamlit changes its session store.

    Returns the running task (a ``concurrent.futures.Future``; clearing the cache cancels it), or None where there
    is no server (AppTest runs the script without one) or Streamlit's internals are not as expected.
    """
    keep_big_blocks_mapped()
    allocate_arrow_with_malloc()
    if config.get_option("global.appTest") or not runtime.exists():
        return None
    server = runtime.get_instance()
    try:
        session_manager = server._session_mgr
        storage, lock = session_manager._session_storage, session_manager._storage_lock
        if not isinstance(storage._cache, TTLCache):
            raise TypeError(type(storage._cache))
        loop = server._get_async_objs().eventloop
    except (AttributeError, TypeError, RuntimeError) as error:
        logger.warning("Streamlit's session store is not as expected (%r): closed sessions are dropped only when "
                       "another session disconnects.", error)
        return None
    return asyncio.run_coroutine_threadsafe(
        drop_expired_sessions_regularly(storage, lock, server.media_file_mgr), loop)
