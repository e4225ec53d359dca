"""A library file swapped for a FIFO while the app runs is reported, never waited on."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from runnerup_tui.session import LibrarySession


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs are a POSIX thing")
def test_a_candidate_file_replaced_by_a_fifo_loads_as_a_problem_instead_of_hanging(sample_library: Path) -> None:
    session = LibrarySession(sample_library)
    path = sample_library / "candidates" / "zoe-angstrom.yaml"
    path.unlink()
    os.mkfifo(path)  # swapped in after the list was drawn: the detail pane reads the file fresh
    loaded = []
    reader = threading.Thread(target=lambda: loaded.append(session.load("zoe-angstrom")), daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        with open(path, "wb"):  # let the blocked read end, so the test process can exit
            pass
        pytest.fail("loading a FIFO blocked the app's reader")
    assert loaded[0].candidate is None
    assert "not a regular file" in loaded[0].problems[0].message
