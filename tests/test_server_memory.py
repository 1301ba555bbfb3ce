"""What keeps a hosted server's memory in check: closed sessions let go on time, big blocks handed back when freed,
Arrow's tables allocated with ``malloc``, what closed sessions freed released after each sweep that dropped some.

The browser test ``tests/browser/test_server_memory_browser.py`` checks the sweep end to end on a real server.
"""

import gc
import os
import platform
import subprocess
import sys
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import MagicMock

import pytest
from streamlit.runtime import Runtime
from streamlit.runtime.caching.ttl_cache import TTLCache
from streamlit.runtime.memory_session_storage import MemorySessionStorage
from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

from ui.server_memory import drop_expired_sessions, sweep

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


def test_a_sweep_that_drops_a_session_frees_its_reference_cycles_at_once():
    clock = [0.0]
    stored = TTLCache(maxsize=128, ttl=120, timer=lambda: clock[0])
    session = Session("closed")
    session.widgets = [session]  # a reference cycle, as a session's objects form: only the cycle collector frees it
    still_held = weakref.ref(session)
    stored["closed"] = SessionInfo(session)
    del session
    media_files = MagicMock()
    gc.disable()  # no automatic collection during the test: only the sweep's own may free the cycle
    try:
        sweep(stored, threading.Lock(), media_files)
        assert still_held() is not None  # nothing dropped yet
        clock[0] = 121.0
        sweep(stored, threading.Lock(), media_files)
        assert still_held() is None
    finally:
        gc.enable()
    assert media_files.remove_orphaned_files.call_count == 2


def test_streamlits_session_store_is_what_keep_server_memory_in_check_reaches_for():
    """The pinned Streamlit still has the internals the sweep uses, and they behave as it expects."""
    manager = WebsocketSessionManager(MemorySessionStorage(ttl_seconds=0), MagicMock(), MagicMock(), None)
    expired = SessionInfo(Session("expired"))
    manager._session_storage.save(expired)  # a reconnect time of 0 s: expired at once, but kept until a write
    assert drop_expired_sessions(manager._session_storage._cache, manager._storage_lock) == 1
    assert expired.session.shut_down
    assert callable(Runtime._get_async_objs) and isinstance(Runtime.media_file_mgr, property)


def run_fresh(script: str) -> subprocess.CompletedProcess:
    """Run a script in a fresh interpreter, with pyarrow left to choose its own allocator (in this one, earlier
    tests have already used and freed memory, and glibc would reuse their big free chunks first)."""
    environment = {name: value for name, value in os.environ.items() if name != "ARROW_DEFAULT_MEMORY_POOL"}
    return subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True,
                          check=False)


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
    fixed = run_fresh(COLUMNS_GO_BACK.format(fixed="keep_big_blocks_mapped()"))
    assert fixed.returncode == 0, fixed.stderr
    left_alone = run_fresh(COLUMNS_GO_BACK.format(fixed="True"))
    assert "AssertionError" in left_alone.stderr  # what the setting is for: without it the columns stay on the heap


ARROW_FROM_MALLOC = """
import pyarrow as pa
from retention.io.readers import load_transactions
from ui.server_memory import keep_server_memory_in_check

bundled, malloc = pa.default_memory_pool(), pa.system_memory_pool()
{switch}
before = bundled.bytes_allocated(), malloc.bytes_allocated()
loaded = load_transactions("retention/data/sample_orders.csv")  # pyarrow's reader and pandas' text columns
after = bundled.bytes_allocated(), malloc.bytes_allocated()
assert after[0] == before[0] and after[1] > before[1], (before, after)
"""


def test_an_uploaded_order_log_is_read_into_memory_from_malloc_not_from_pyarrows_own_allocator():
    switched = run_fresh(ARROW_FROM_MALLOC.format(switch="keep_server_memory_in_check()"))
    assert switched.returncode == 0, switched.stderr
    left_alone = run_fresh(ARROW_FROM_MALLOC.format(switch=""))
    assert "AssertionError" in left_alone.stderr  # without the switch, pyarrow's bundled allocator holds the table


FREE_PAGES_GO_BACK = """
import numpy as np
from ui.server_memory import keep_big_blocks_mapped, release_freed_memory


def resident() -> int:
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmRSS:"))


keep_big_blocks_mapped()
blocks = [np.ones(2**13) for _ in range(1000)]  # 1,000 blocks of 64 KiB: on the heap, under the mmap threshold
above = np.ones(2**13)  # a block above them keeps the heap's top in use, so freeing them returns nothing by itself
del blocks
before = resident()
{release}
assert before - resident() > 2**25, before - resident()
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_free_pages_inside_the_heap_go_back_to_the_system_when_released():
    released = run_fresh(FREE_PAGES_GO_BACK.format(release="release_freed_memory()"))
    assert released.returncode == 0, released.stderr
    left_alone = run_fresh(FREE_PAGES_GO_BACK.format(release=""))
    assert "AssertionError" in left_alone.stderr  # without the release, 64 MB of free pages stay resident
