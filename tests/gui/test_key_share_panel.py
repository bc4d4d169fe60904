"""Pengaturan → Kunci desk untuk petugas lain: save the keys to a file, install them again.

A real district desk (real keys, age, files). The "other laptop" is this desk with its key
folder moved away, which is exactly what an officer's new installation looks like: same
database, no keys. Choosers, passphrases and the confirmation are answered by the test.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from puskesos_desktop.gui.dialogs.backup_passphrase import UsbPassphraseDialog
from puskesos_desktop.gui.roles import refresh_roles
from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.key_share_panel import KeySharePanel, _check_key_passphrase
from puskesos_desktop.services.setup import DeskMode, SetupRequest
from puskesos_desktop.sync.keys import MINISIGN_KEY

WAIT_MS = 60_000
PHRASE = "pohon asam di alun-alun"
SHOTS = Path("/tmp/shots")


def _shot(panel: KeySharePanel, path: str) -> None:
    panel.adjustSize()
    panel.grab().save(path)


class Answers:
    def __init__(self, usb: Path) -> None:
        self.usb = usb
        self.file: str | None = None
        self.questions: list[str] = []

    def confirm(self, _parent: object, _title: str, text: str) -> bool:
        self.questions.append(text)
        return True


@pytest.fixture
def district(fresh_desk: object) -> object:
    fresh_desk.setup.complete(  # type: ignore[attr-defined]
        SetupRequest(mode=DeskMode.DINAS, kode_wilayah="33.20", admin_username="admin",
                     admin_nama="Admin Dinas", admin_password="rahasia123")
    )
    return fresh_desk


@pytest.fixture
def answers(tmp_path: Path) -> Answers:
    usb = tmp_path / "flashdisk"
    usb.mkdir()
    return Answers(usb)


@pytest.fixture
def panel(qtbot: QtBot, district: object, answers: Answers) -> Iterator[KeySharePanel]:
    runner = JobRunner()
    widget = KeySharePanel(
        district,
        runner,
        choose_dir=lambda _parent: str(answers.usb),
        choose_file=lambda _parent: answers.file,
        ask_new=lambda _parent: PHRASE,
        ask_existing=lambda _parent, _name: PHRASE,
        confirm=answers.confirm,
    )
    qtbot.addWidget(widget)
    widget.setFixedWidth(620)
    widget.show()
    yield widget
    runner.wait_for_all(WAIT_MS)


def test_save_then_install_on_a_laptop_without_keys(
    qtbot: QtBot, panel: KeySharePanel, district: object, answers: Answers
) -> None:
    fingerprint = panel.fingerprint.text()
    assert len(fingerprint) == 19 and panel.save_button.isEnabled()
    panel.save_button.click()
    qtbot.waitUntil(lambda: "Berkas kunci disimpan" in panel.result.text(), timeout=WAIT_MS)
    assert fingerprint in panel.result.text() and "hapus berkas" in panel.result.text()
    (saved,) = answers.usb.glob("kunci-dinas-3320-*.puskesos-kunci")
    SHOTS.mkdir(exist_ok=True)
    _shot(panel, str(SHOTS / "keyshare-saved.png"))

    keys_dir = district.paths.keys  # type: ignore[attr-defined]
    original = (keys_dir / MINISIGN_KEY).read_bytes()
    shutil.rmtree(keys_dir)  # the other officer's laptop: same server, no keys yet
    keys_dir.mkdir()
    panel.refresh()
    assert panel.missing.isVisible() and not panel.fingerprint.isVisible()
    assert not panel.save_button.isEnabled()
    _shot(panel, str(SHOTS / "keyshare-no-keys.png"))

    answers.file = str(saved)
    panel.install_button.click()
    qtbot.waitUntil(lambda: "terpasang" in panel.result.text(), timeout=WAIT_MS)
    (question,) = answers.questions
    assert fingerprint in question and "sama persis" in question
    assert (keys_dir / MINISIGN_KEY).read_bytes() == original
    assert panel.fingerprint.text() == fingerprint and panel.save_button.isEnabled()
    _shot(panel, str(SHOTS / "keyshare-installed.png"))


def test_operators_cannot_use_it(qtbot: QtBot, panel: KeySharePanel, district: object) -> None:
    district.context.operator_role = "operator"  # type: ignore[attr-defined]
    refresh_roles()
    assert not panel.save_button.isEnabled() and not panel.install_button.isEnabled()
    assert "admin" in panel.install_button.toolTip()


def test_passphrase_dialog_insists_on_a_strong_repeated_phrase(qtbot: QtBot) -> None:
    from puskesos_desktop.gui.views.key_share_panel import Wording

    dialog = UsbPassphraseDialog(
        None, wording=Wording("Judul", "Penjelasan", "Petunjuk", "Simpan berkas kunci"),
        check=_check_key_passphrase, optional=False,
    )
    qtbot.addWidget(dialog)
    dialog.show()
    assert not dialog.protect.isVisible()
    qtbot.keyClicks(dialog.passphrase, "12345678901")
    dialog.try_accept()
    assert "mudah ditebak" in dialog.message.text() and dialog.result() == 0
    dialog.passphrase.setText(PHRASE)
    dialog.repeat.setText(PHRASE + "x")
    dialog.try_accept()
    assert "tidak sama" in dialog.message.text()
    dialog.repeat.setText(PHRASE)
    dialog.try_accept()
    assert dialog.choice().passphrase == PHRASE and dialog.result() == 1
