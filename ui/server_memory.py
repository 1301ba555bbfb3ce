"""Gives a hosted server's memory back once its visitors leave.

Two things kept it otherwise (measured with ``bench/load.py``, figures in ``bench/README.md``):

1. Streamlit keeps a closed session for ``server.disconnectedSessionTTL`` (120 s) in case its browser reconnects,
   but only lets it go when another session disconnects: on a server that falls quiet, the last visitors' order
   logs, forecasts and downloads stay in memory for good. :func:`forget_expired_sessions` lets them go on time and
   shuts them down as Streamlit does on close, so their uploaded files and downloads go too.
2. glibc's ``malloc`` raises its mmap threshold each time a big block is freed (up to 32 MiB), so the columns of
   later tables come from the heap, where what they free stays with the process. :func:`keep_big_blocks_mapped`
   holds the threshold at glibc's default of 128 KiB, so a freed column goes back to the system at once.

Both reach below Streamlit's public API (its version is pinned in ``requirements.txt``, and
``tests/test_server_memory.py`` checks them against it); where a piece is missing they do nothing and log why.
"""

import asyncio
import ctypes
import ctypes.util
import logging

import streamlit as st
from streamlit import runtime

log = logging.getLogger(__name__)

#: How often closed sessions past their reconnect time are let go.
CHECK_EVERY_SECONDS = 10
#: glibc's ``mallopt`` parameter numbers for the trim and mmap thresholds, and their default value.
M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
THRESHOLD_BYTES = 128 * 1024


def keep_big_blocks_mapped() -> bool:
    """Fix glibc's mmap and trim thresholds at 128 KiB, so blocks of that size or more are returned when freed.

    (glibc raises the trim threshold along with the mmap threshold: it goes back to its default too, so free space
    at the top of the heap is returned as well.)

    True when glibc took the setting; False on systems without glibc (macOS, musl), where nothing changes.
    """
    try:
        mallopt = ctypes.CDLL(ctypes.util.find_library("c")).mallopt
    except (OSError, AttributeError):
        log.info("No glibc mallopt here: freed memory is returned as this system's malloc sees fit.")
        return False
    return all(mallopt(parameter, THRESHOLD_BYTES) == 1 for parameter in (M_MMAP_THRESHOLD, M_TRIM_THRESHOLD))


def forget_expired_sessions(stored_sessions, lock) -> int:
    """Drop the closed sessions whose reconnect time has run out, and shut each down; how many were dropped.

    ``stored_sessions`` is Streamlit's ``TTLCache`` of closed sessions and ``lock`` the session manager's storage
    lock. Must run on the server's event loop, like every other change to that storage.
    """
    with lock:
        expired = stored_sessions.expire()
    for _session_id, session_info in expired:
        session_info.session.shutdown()
    return len(expired)


async def forget_expired_sessions_regularly(stored_sessions, lock) -> None:
    """Every ``CHECK_EVERY_SECONDS``, :func:`forget_expired_sessions`, for as long as the server runs."""
    while True:
        await asyncio.sleep(CHECK_EVERY_SECONDS)
        try:
            forget_expired_sessions(stored_sessions, lock)
        except Exception:  # a failed sweep must not stop the next one, nor the server
            log.exception("Could not let closed sessions go; trying again in %s s.", CHECK_EVERY_SECONDS)


@st.cache_resource(show_spinner=False)
def keep_server_memory_in_check():
    """Once per server process: :func:`keep_big_blocks_mapped`, and start forgetting expired sessions.

    Returns the running sweep (a ``concurrent.futures.Future``), or None where there is no server (AppTest runs the
    script without one) or Streamlit's internals are not as expected.
    """
    keep_big_blocks_mapped()
    if not runtime.exists():
        return None
    server = runtime.get_instance()
    try:
        session_manager = server._session_mgr
        stored_sessions = session_manager._session_storage._cache
        lock = session_manager._storage_lock
        loop = server._get_async_objs().eventloop
    except (AttributeError, RuntimeError):
        stored_sessions = lock = loop = None
    if not callable(getattr(stored_sessions, "expire", None)):
        # AppTest's stand-in runtime lands here too; the browser test fails if a real server ever does.
        log.info("No Streamlit server with the expected session storage: closed sessions are let go only when "
                 "another session disconnects.")
        return None
    return asyncio.run_coroutine_threadsafe(forget_expired_sessions_regularly(stored_sessions, lock), loop)
