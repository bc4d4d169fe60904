"""The Sinkronisasi screen: a village sends, the district receives, conflicts, key cards.

Real desks (see ``tests/services/sync/desk_kit.py``), real bundles on disk, real widgets;
folder and file choosers and the fingerprint question are injected.
"""

from __future__ import annotations

from pathlib import Path

from desk_kit import (
    Desks,
    add_people,
    desk_id,
    edit_person,
    person,
    send,
)
from PySide6.QtWidgets import QApplication, QMessageBox

from puskesos_desktop.gui.runner import JobRunner
from puskesos_desktop.gui.views.sinkronisasi import SinkronisasiView

SHOTS = Path("/tmp/shots")


def _view(qtbot, desk, **prompts) -> tuple[SinkronisasiView, JobRunner]:
    runner = JobRunner()
    view = SinkronisasiView(desk, runner, **prompts)
    runner.data_changed.connect(view.on_data_changed)
    qtbot.addWidget(view)
    view.resize(1166, 700)
    view.show()
    return view, runner


def _settle(qtbot, runner: JobRunner) -> None:
    qtbot.waitUntil(lambda: not runner.busy, timeout=20_000)
    QApplication.processEvents()


def _shot(view, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    view.grab().save(str(SHOTS / f"{name}.png"))


def test_village_sends_and_district_receives_through_the_screen(
    qtbot, desks: Desks, tmp_path: Path
) -> None:
    uids = add_people(desks.village, 3)
    usb = tmp_path / "usb"
    usb.mkdir()
    village_view, village_runner = _view(qtbot, desks.village, choose_dir=lambda _p: str(usb))
    village_view.tabs.setCurrentWidget(village_view.keys)  # the keys unlock on first show
    _settle(qtbot, village_runner)
    village_view.tabs.setCurrentWidget(village_view.send)
    assert village_view.keys.fingerprint.text() == desks.village.sync.trust.my_card().fingerprint
    village_view.send.send_button.click()
    _settle(qtbot, village_runner)
    [bundle] = usb.glob("*.psb")
    assert "3 perubahan" in village_view.send.result_label.text()
    assert village_view.send.table.rowCount() == 1
    assert village_view.send.table.item(0, 5).text() == "Belum diterima"
    _shot(village_view, "sinkronisasi-kirim")

    tampered = tmp_path / "rusak.psb"
    tampered.write_bytes(bundle.read_bytes()[:-40] + bytes(40))
    chosen = [str(bundle), str(tampered), str(bundle)]
    district_view, runner = _view(
        qtbot, desks.district, choose_files=lambda _p: chosen, choose_dir=lambda _p: None
    )
    district_view.tabs.setCurrentWidget(district_view.receive)
    district_view.receive.files_button.click()
    _settle(qtbot, runner)
    results = [district_view.receive.table.item(r, 1).text() for r in range(3)]
    assert results == ["Diterapkan", "Ditolak", "Sudah pernah diterapkan"]
    assert person(desks.district, uids[0]).nama == "WARGA 1"
    _shot(district_view, "sinkronisasi-terima")
    district_view.tabs.setCurrentWidget(district_view.desks)
    assert district_view.desks.table.item(0, 6).text() == "3"
    _shot(district_view, "sinkronisasi-desk-desa")


def test_conflict_inbox_resolves_and_keys_tab_enrols_after_confirmation(
    qtbot, desks: Desks, tmp_path: Path
) -> None:
    [uid] = add_people(desks.village, 1)
    desks.district.sync.imports.import_files(send(desks.village, desks.district, tmp_path / "1"))
    edit_person(desks.village, uid, nama="NAMA DESA")
    edit_person(desks.district, uid, nama="NAMA DINAS")
    desks.district.sync.imports.import_files(send(desks.village, desks.district, tmp_path / "2"))
    asked: list[str] = []
    card = tmp_path / "kartu"
    card.mkdir()
    desks.village2.sync.trust.export_card(card)
    desks.district.sync.trust.revoke(desk_id(desks.village2))
    view, runner = _view(
        qtbot,
        desks.district,
        choose_file=lambda _p: str(next(card.iterdir())),
        confirm=lambda _p, _t, text: asked.append(text) or True,
    )
    _settle(qtbot, runner)
    assert view.tabs.tabText(view.tabs.indexOf(view.conflicts)) == "Konflik (1)"
    view.tabs.setCurrentWidget(view.conflicts)
    _shot(view, "sinkronisasi-konflik")
    view.conflicts.table.selectRow(0)
    view.conflicts.take_theirs.click()
    _settle(qtbot, runner)
    assert person(desks.district, uid).nama == "NAMA DESA"
    assert desks.district.sync.conflicts.open_conflicts() == []
    assert view.tabs.tabText(view.tabs.indexOf(view.conflicts)) == "Konflik"
    view.tabs.setCurrentWidget(view.keys)
    _shot(view, "sinkronisasi-kunci")
    view.keys.import_button.click()  # a revoked desk cannot simply be re-enrolled
    _settle(qtbot, runner)
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert any("sudah dicabut" in box.text() for box in boxes)
    for box in boxes:
        box.close()
    assert asked and desks.village2.sync.trust.my_card().fingerprint in asked[0]
    [village2] = [d for d in desks.district.sync.trust.trusted() if d.kind == "desa" and d.revoked]
    assert village2.desk_id == desk_id(desks.village2)
