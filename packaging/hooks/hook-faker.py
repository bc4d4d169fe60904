"""Collect only the Faker providers that ``Faker("id_ID")`` loads (overrides the contrib hook).

The contrib hook bundles every provider in every locale (~25 MB of source and bytecode).
Faker finds providers and locales at run time by globbing ``_MEIPASS/faker/providers/*/
__init__.py`` in a PyInstaller build (``faker.utils.loading.list_module``), so each chosen
package needs its ``__init__.py`` on disk as data *and* its bytecode as a hidden import.

For each provider we keep the base package and the one locale ``faker.factory`` picks for
``id_ID``: ``id_ID`` itself when the provider has it, else the provider's ``default_locale``,
else ``en_US`` (the same fallback Faker applies). The demo data (``services/demo.py``) is the
only user of Faker at run time.
"""

from __future__ import annotations

import re
from importlib.util import find_spec
from pathlib import Path

LOCALES = ("id_ID",)
FALLBACK_LOCALE = "en_US"  # faker.config.DEFAULT_LOCALE

_spec = find_spec("faker")
_faker_dir = Path(next(iter(_spec.submodule_search_locations)))  # type: ignore[union-attr]
_providers = _faker_dir / "providers"

hiddenimports: list[str] = ["faker.providers"]
datas: list[tuple[str, str]] = []


def _keep(package_dir: Path) -> None:
    relative = package_dir.relative_to(_faker_dir.parent)
    hiddenimports.append(".".join(relative.parts))
    datas.append((str(package_dir / "__init__.py"), str(relative)))


def _default_locale(init_text: str) -> str | None:
    match = re.search(r'^default_locale\s*=\s*["\']([^"\']+)["\']', init_text, re.MULTILINE)
    return match.group(1) if match else None


for provider in sorted(_providers.iterdir()):
    init = provider / "__init__.py"
    if not init.is_file():
        continue
    _keep(provider)
    text = init.read_text(encoding="utf-8")
    if not re.search(r"^localized\s*=\s*True", text, re.MULTILINE):
        continue
    available = {child.name for child in provider.iterdir() if (child / "__init__.py").is_file()}
    wanted = [locale for locale in LOCALES if locale in available]
    if len(wanted) < len(LOCALES):
        wanted.append(_default_locale(text) or FALLBACK_LOCALE)
    for locale in dict.fromkeys(wanted):
        if locale in available:
            _keep(provider / locale)
