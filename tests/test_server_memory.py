"""What keeps a hosted server's memory in check: closed sessions let go on time, big blocks handed back when freed.

The browser test ``tests/browser/test_server_memory_browser.py`` checks the sweep end to end on a real server.
"""

import platform
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import MagicMock

import pytest
from streamlit.runtime import Runtime
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from ui.server_memory import drop_expired_sessions

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Session:
    id: str
    fails: bool = False
    shut_down: bool = False

    def shutdown(self) -> None:
        if self.fails:
            raise RuntimeError("a session that cannot shut down")
        self.shut_down = True


@dataclass
class SessionInfo:
    session: Session


def test_sessions_past_their_reconnect_time_are_dropped_and_shut_down():
    clock = [0.0]
    stored = TTLCache(maxsize=128, ttl=120, timer=lambda: clock[0])
    early, late = SessionInfo(Session("early")), SessionInfo(Session("late"))
    stored["early"] = early
    clock[0] = 100.0
    stored["late"] = late
    clock[0] = 119.0
    assert drop_expired_sessions(stored, threading.Lock()) == 0
    clock[0] = 121.0
    assert drop_expired_sessions(stored, threading.Lock()) == 1
    assert early.session.shut_down and not late.session.shut_down
    assert list(stored) == ["late"]


def test_a_session_that_fails_to_shut_down_does_not_keep_the_others_running(caplog):
    clock = [0.0]
    stored = TTLCache(maxsize=128, ttl=120, timer=lambda: clock[0])
    broken, fine = SessionInfo(Session("broken", fails=True)), SessionInfo(Session("fine"))
    stored["broken"], stored["fine"] = broken, fine
    clock[0] = 121.0
    assert drop_expired_sessions(stored, threading.Lock()) == 2
    assert fine.session.shut_down
    assert "Could not shut down the closed session broken" in caplog.text


def test_streamlits_session_store_is_what_keep_server_memory_in_check_reaches_for():
    """The pinned Streamlit still has the internals the sweep uses, and they behave as it expects."""
    manager = WebsocketSessionManager(MemorySessionStorage(ttl_seconds=0), MagicMock(), MagicMock(), None)
    expired = SessionInfo(Session("expired"))
    manager._session_storage.save(expired)  # a reconnect time of 0 s: expired at once, but kept until a write
    assert drop_expired_sessions(manager._session_storage._cache, manager._storage_lock) == 1
    assert expired.session.shut_down
    assert callable(Runtime._get_async_objs) and isinstance(Runtime.media_file_mgr, property)


#: Run in a fresh interpreter: in a heap that earlier tests left with big free chunks, glibc would reuse those first.
COLUMNS_GO_BACK = """
import ctypes, ctypes.util
import numpy as np
from ui.server_memory import keep_big_blocks_mapped


class MallInfo2(ctypes.Structure):
    _fields_ = [(name, ctypes.c_size_t) for name in
                ("arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
                 "keepcost")]


mallinfo2 = ctypes.CDLL(ctypes.util.find_library("c")).mallinfo2
mallinfo2.restype = MallInfo2
big = np.ones(2**22)
del big  # a freed 32 MiB block: left alone, glibc would now put blocks up to that size on the heap
assert {fixed}
before = mallinfo2().hblkhd  # bytes in blocks mapped on their own, returned to the system when freed
columns = [np.ones(2**15) for _ in range(20)]  # 20 columns of 32,768 numbers (256 KiB each)
assert mallinfo2().hblkhd - before >= 20 * 2**18, mallinfo2().hblkhd - before
del columns
assert mallinfo2().hblkhd <= before
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="the thresholds are glibc's")
def test_after_a_big_block_is_freed_table_columns_still_go_back_to_the_system_when_freed():
    fixed = subprocess.run([sys.executable, "-c", COLUMNS_GO_BACK.format(fixed="keep_big_blocks_mapped()")],
                           cwd=ROOT, capture_output=True, text=True, check=False)
    assert fixed.returncode == 0, fixed.stderr
    left_alone = subprocess.run([sys.executable, "-c", COLUMNS_GO_BACK.format(fixed="True")],
                                cwd=ROOT, capture_output=True, text=True, check=False)
    assert "AssertionError" in left_alone.stderr  # what the setting is for: without it the columns stay on the heap
