"""``bundle`` and ``keys`` commands for district IT staff and scripts (no Qt).

Human-readable output by default, one JSON document on stdout with ``--json``.

Exit codes (in addition to cli.py's 0 ok, 1 user error, 2 usage, 130 cancelled):

* 4 — at least one bundle was rejected (``bundle verify``/``import``)
* 5 — nothing was rejected, but at least one bundle is waiting (gap, parts, unknown desk,
  app update needed)
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from puskesos_desktop.i18n import _

EXIT_OK, EXIT_REJECTED, EXIT_WAITING = 0, 4, 5


def add_sync_subcommands(commands: Any) -> None:
    bundle = commands.add_parser("bundle", help="periksa, impor atau ekspor paket sinkronisasi")
    actions = bundle.add_subparsers(dest="bundle_action", metavar="AKSI", required=True)
    verify = actions.add_parser("verify", help="verifikasi penuh (tanda tangan, isi) tanpa impor")
    verify.add_argument("files", nargs="+", type=Path)
    inspect = actions.add_parser("inspect", help="tampilkan manifest tanpa kunci")
    inspect.add_argument("files", nargs="+", type=Path)
    imp = actions.add_parser("import", help="impor berkas atau folder paket")
    imp.add_argument("files", nargs="+", type=Path)
    exp = actions.add_parser("export", help="tulis paket berikutnya ke folder")
    exp.add_argument("--to", required=True, type=Path, help="folder tujuan (mis. flashdisk)")
    exp.add_argument("--destination", help="ID desk tujuan (wajib di mode dinas)")
    exp.add_argument("--receipt", action="store_true", help="hanya tanda terima (ack)")
    exp.add_argument("--part-size", type=int, help="ukuran maksimum per berkas (bita)")
    keys = commands.add_parser("keys", help="kunci desk dan desk tepercaya")
    key_actions = keys.add_subparsers(dest="keys_action", metavar="AKSI", required=True)
    key_actions.add_parser("show", help="sidik jari desk ini dan daftar desk tepercaya")
    card = key_actions.add_parser("export-card", help="simpan kartu kunci (.pskey)")
    card.add_argument("--to", required=True, type=Path)
    imp_card = key_actions.add_parser("import-card", help="daftarkan kartu kunci desk lain")
    imp_card.add_argument("file", type=Path)
    imp_card.add_argument(
        "--fingerprint", required=True, help="sidik jari yang sudah dicocokkan lewat telepon"
    )
    key_actions.add_parser("rotate", help="ganti kunci desk ini (kartu baru ditandatangani)")
    revoke = key_actions.add_parser("revoke", help="cabut kunci sebuah desk")
    revoke.add_argument("desk_id")
    for parser in (verify, inspect, imp, exp, keys):
        parser.add_argument("--json", action="store_true", help="keluaran JSON")
    for parser in key_actions.choices.values():
        parser.add_argument("--json", action="store_true", help="keluaran JSON")


def _default(value: object) -> object:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, frozenset | set | tuple):
        return list(value)
    return str(value)


def _emit(args: argparse.Namespace, data: Any, text: str) -> None:
    if getattr(args, "json", False):
        print(json.dumps(data, default=_default, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        print(text)


def run_sync(desk: Any, args: argparse.Namespace, progress: Any) -> int:
    if args.command == "bundle":
        return _bundle(desk, args, progress)
    return _keys(desk, args)


def _bundle(desk: Any, args: argparse.Namespace, progress: Any) -> int:
    from puskesos_desktop.sync.bundle import BundleRejected, inspect_bundle

    sync = desk.sync
    if args.bundle_action == "inspect":
        found, lines, code = [], [], EXIT_OK
        for path in args.files:
            try:
                info = inspect_bundle(path)
            except BundleRejected as err:
                found.append(
                    {"file": str(path), "rejected": err.reason.value, "message": err.message}
                )
                lines.append(f"{path.name}: {_('DITOLAK')} — {err.message}")
                code = EXIT_REJECTED
                continue
            found.append({"file": str(path), **info})
            lines.append(
                f"{path.name}: {info['origin']} → {info['destination']} seq {info['seq']}, "
                f"{info['change_count']} {_('perubahan')}, {_('tanda tangan belum diperiksa')}"
            )
        _emit(args, found, "\n".join(lines))
        return code
    if args.bundle_action == "verify":
        return _verify(sync, args)
    if args.bundle_action == "import":
        report = sync.imports.import_files(list(args.files), progress=progress)
        results = [asdict(result) for result in report.results]
        text = "\n".join(f"{r.file}: {r.message}" for r in report.results) or _("Tidak ada paket.")
        _emit(args, results, text)
        outcomes = {r.outcome.value for r in report.results}
        if "ditolak" in outcomes:
            return EXIT_REJECTED
        waiting = {"menunggu_paket", "menunggu_bagian", "desk_belum_dikenal", "perlu_pembaruan"}
        return EXIT_WAITING if outcomes & waiting else EXIT_OK
    options = {"part_size": args.part_size} if args.part_size else {}
    result = sync.exports.export(
        args.to, args.destination, receipt_only=args.receipt, progress=progress, **options
    )
    text = _("{count} perubahan ditulis ke:").format(count=result.change_count)
    text += "".join(f"\n  {path}" for path in result.files)
    if result.unacknowledged:
        seqs = ", ".join(str(item.seq) for item in result.unacknowledged)
        text += "\n" + _("Paket sebelumnya yang belum diterima tujuan: {seqs}").format(seqs=seqs)
    _emit(args, asdict(result), text)
    return EXIT_OK


def _verify(sync: Any, args: argparse.Namespace) -> int:
    from puskesos_desktop.sync.bundle import BundleRejected

    found, lines, code = [], [], EXIT_OK
    for path in args.files:
        try:
            bundle = sync.imports._read(path)
        except BundleRejected as err:
            found.append(
                {"file": str(path), "ok": False, "reason": err.reason.value, "message": err.message}
            )
            lines.append(f"{path.name}: {_('DITOLAK')} ({err.reason.value}) — {err.message}")
            code = EXIT_REJECTED
            continue
        with bundle:
            m = bundle.manifest
            found.append(
                {
                    "file": str(path),
                    "ok": True,
                    **m.to_json(),
                    "manifest_sha256": bundle.manifest_sha256,
                }
            )
            lines.append(
                f"{path.name}: {_('SAH')} — {m.origin} → {m.destination} seq {m.seq}, "
                f"{m.change_count} {_('perubahan')}"
            )
    _emit(args, found, "\n".join(lines))
    return code


def _keys(desk: Any, args: argparse.Namespace) -> int:
    sync = desk.sync
    action = args.keys_action
    if action == "show":
        card = sync.trust.my_card()
        trusted = sync.trust.trusted()
        text = _("Desk ini: {desk_id}\nSidik jari: {fp}").format(
            desk_id=card.desk_id, fp=card.fingerprint
        )
        for desk_view in trusted:
            state = _("DICABUT") if desk_view.revoked else _("tepercaya")
            name = desk_view.official_name
            text += f"\n  {desk_view.desk_id:<16} {desk_view.fingerprint}  {state}  {name}"
        data = {
            "desk_id": card.desk_id,
            "fingerprint": card.fingerprint,
            "trusted": [asdict(d) for d in trusted],
        }
        _emit(args, data, text)
    elif action == "export-card":
        path = sync.trust.export_card(args.to)
        card = sync.trust.my_card()
        _emit(
            args,
            {"file": str(path), "fingerprint": card.fingerprint},
            _("Kartu kunci disimpan: {path}\nSidik jari: {fp}").format(
                path=path, fp=card.fingerprint
            ),
        )
    elif action == "import-card":
        result, applied = sync.trust_card(args.file, args.fingerprint)
        text = _("Desk {desk_id} ({name}) kini tepercaya.").format(
            desk_id=result.desk.desk_id, name=result.desk.official_name
        )
        if applied:
            text += "\n" + _("{n} paket yang menunggu ikut diproses.").format(n=len(applied))
        _emit(
            args,
            {
                "desk": asdict(result.desk),
                "rotated": result.rotated,
                "queued_results": [asdict(r) for r in applied],
            },
            text,
        )
    elif action == "rotate":
        card = sync.trust.rotate()
        _emit(
            args,
            {"desk_id": card.desk_id, "fingerprint": card.fingerprint},
            _(
                "Kunci baru dibuat. Sidik jari baru: {fp}\nKirim kartu kunci baru ke semua desk "
                "yang mempercayai desk ini."
            ).format(fp=card.fingerprint),
        )
    else:
        view = sync.trust.revoke(args.desk_id)
        _emit(args, asdict(view), _("Kunci desk {desk_id} dicabut.").format(desk_id=view.desk_id))
    return EXIT_OK
