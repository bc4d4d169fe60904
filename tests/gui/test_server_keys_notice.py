"""An officer's laptop on the district's shared server without the desk's keys hears so at start.

Without the keys it can neither send nor receive bundles; finding out at the first bundle
(days later, in front of a queue) is too late. A village desk's own keys are made by its
setup wizard, so the notice is for server desks only.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable

import pytest
from pg_server import BACKENDS

from puskesos_desktop.gui.main_window import MainWindow


@pytest.mark.parametrize("backend", BACKENDS)
def test_missing_keys_are_reported_at_start_on_a_server_desk(
    open_window: Callable[..., MainWindow], demo_desk: object, backend: str
) -> None:
    keys = demo_desk.paths.keys  # type: ignore[attr-defined]
    shutil.move(keys, keys.with_name("kunci-di-komputer-lain"))
    window = open_window(demo_desk)
    box = getattr(window, "keys_box", None)
    if backend == "sqlite":
        assert box is None
    else:
        assert box is not None and box.isVisible()
        assert "Kunci desk belum terpasang di komputer ini." in box.text()
        assert "Pasang kunci dari berkas" in box.text()  # what to press, by name
        box.close()
