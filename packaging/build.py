"""Build the Puskesos Desk program folder (and on Windows, optionally, the installer).

    python packaging/build.py                  # -> dist/PuskesosDesk/
    python packaging/build.py --installer      # Windows: also dist/PuskesosDesk-Setup-<v>.exe

Run it with the Python of a virtual environment that has ``pip install -e ".[build]"``
(PyInstaller). Steps: write the Windows version resource, run PyInstaller on
``packaging/puskesos.spec``, smoke-test the result (``--version`` and the installation
lines of ``doctor`` in a throw-away data folder, offscreen), print the folder size, and with
``--installer`` compile ``packaging/windows/puskesos.iss`` with Inno Setup's ISCC.
Works the same on Windows and Linux; see packaging/README.md.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SPEC = HERE / "puskesos.spec"
ISS = HERE / "windows" / "puskesos.iss"
APP_FOLDER = "PuskesosDesk"
WINDOWS = sys.platform == "win32"
CLI_NAME = "puskesos-desktop.exe" if WINDOWS else "puskesos-desktop"
# Doctor lines that prove the *installation* is complete even on a desk not set up yet.
INSTALL_CHECKS = ("Surat PDF", "Paket sinkron")

sys.path.insert(0, str(HERE))
from version_info import read_version, write_version_info  # noqa: E402


def cli_path(dist: Path) -> Path:
    return dist / APP_FOLDER / CLI_NAME


def clean_env(data_dir: Path | None = None) -> dict[str, str]:
    """What a fresh machine has: no venv, no PYTHONPATH, Qt drawing offscreen."""
    drop = ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "PYTHONSTARTUP", "PUSKESOS_DATA_DIR")
    env = {key: value for key, value in os.environ.items() if key not in drop}
    venv_bin = str(Path(sys.prefix) / ("Scripts" if WINDOWS else "bin"))
    parts = env.get("PATH", "").split(os.pathsep)
    env["PATH"] = os.pathsep.join(part for part in parts if part and part != venv_bin)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env.setdefault("LANG", "C.UTF-8")
    env["PYTHONIOENCODING"] = "utf-8"
    if data_dir is not None:
        env["PUSKESOS_DATA_DIR"] = str(data_dir)
    return env


def run_pyinstaller(dist: Path, work: Path, *, clean: bool) -> None:
    command = [
        sys.executable,
        "-m",
        "PyInstaller",
        "--noconfirm",
        "--log-level",
        "WARN",
        "--distpath",
        str(dist),
        "--workpath",
        str(work),
    ]
    if clean:
        command.append("--clean")
    subprocess.run([*command, str(SPEC)], cwd=ROOT, check=True)


def smoke_test(dist: Path, version: str) -> None:
    """``--version`` and the installation checks of ``doctor``, from a clean environment."""
    exe = cli_path(dist)
    with tempfile.TemporaryDirectory(prefix="puskesos-smoke-") as tmp:
        env = clean_env()
        shown = subprocess.run(
            [str(exe), "--version"],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp,
            timeout=120,
            check=True,
        )
        if version not in shown.stdout:
            raise SystemExit(f"--version printed {shown.stdout!r}, expected {version}")
        doctor = subprocess.run(
            [str(exe), "--data-dir", str(Path(tmp) / "data"), "doctor"],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            cwd=tmp,
            timeout=300,
            check=False,
        )
        print(doctor.stdout)
        for name in INSTALL_CHECKS:
            if f"[OK   ] {name}" not in doctor.stdout:
                raise SystemExit(f"doctor: '{name}' failed in the built app\n{doctor.stderr}")


def folder_size(path: Path) -> tuple[int, int]:
    """Bytes and number of regular files; symlinks (PyInstaller makes some on Linux) are free."""
    files = [item for item in path.rglob("*") if item.is_file() and not item.is_symlink()]
    return sum(item.stat().st_size for item in files), len(files)


def find_iscc() -> Path | None:
    found = shutil.which("ISCC") or shutil.which("iscc")
    if found:
        return Path(found)
    bases = [os.environ.get(name) for name in ("ProgramFiles(x86)", "ProgramFiles")]
    local = os.environ.get("LOCALAPPDATA")
    candidates = [Path(base) / "Inno Setup 6" / "ISCC.exe" for base in bases if base]
    if local:
        candidates.append(Path(local) / "Programs" / "Inno Setup 6" / "ISCC.exe")
    return next((path for path in candidates if path.is_file()), None)


def build_installer(dist: Path, version: str) -> Path:
    if not WINDOWS:
        raise SystemExit("The installer (Inno Setup) can only be built on Windows.")
    if dist.resolve() != (ROOT / "dist").resolve():
        raise SystemExit("--installer needs the default --dist (the .iss reads dist\\).")
    iscc = find_iscc()
    if iscc is None:
        raise SystemExit("ISCC.exe not found: install Inno Setup 6 (packaging/README.md).")
    subprocess.run([str(iscc), f"/DAppVersion={version}", str(ISS)], cwd=ROOT, check=True)
    return dist / f"PuskesosDesk-Setup-{version}.exe"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dist", type=Path, default=ROOT / "dist", help="output folder")
    parser.add_argument(
        "--work",
        type=Path,
        default=ROOT / "build" / "pyinstaller",
        help="PyInstaller's scratch folder",
    )
    parser.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's cache")
    parser.add_argument("--skip-smoke", action="store_true", help="do not run the result")
    parser.add_argument(
        "--installer", action="store_true", help="Windows: also compile the Inno Setup installer"
    )
    args = parser.parse_args(argv)

    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        raise SystemExit('PyInstaller missing: pip install -e ".[build]"') from None

    version = read_version()
    write_version_info(version=version)
    started = time.monotonic()
    run_pyinstaller(args.dist, args.work, clean=not args.no_clean)
    elapsed = time.monotonic() - started
    folder = args.dist / APP_FOLDER
    size, count = folder_size(folder)
    print(f"Built {folder} in {elapsed:.0f} s: {size / 2**20:.0f} MB in {count} files")
    if not args.skip_smoke:
        smoke_test(args.dist, version)
        print("Smoke test passed.")
    if args.installer:
        installer = build_installer(args.dist, version)
        print(f"Installer: {installer} ({installer.stat().st_size / 2**20:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
