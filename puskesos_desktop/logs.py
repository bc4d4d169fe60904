"""Rotating file log.

NIK and key material are masked before they reach the file: the log travels to the
district when an operator asks for help, and must not leak residents' identities.
"""

from __future__ import annotations

import logging
import re
from logging.handlers import RotatingFileHandler
from pathlib import Path

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\d{6}(\d{4})(?!\d)")
_SECRET_KEY_TEXT = re.compile(r"(AGE-SECRET-KEY-1)[0-9A-Z]+|(RWQ)[A-Za-z0-9+/=]{20,}")


def mask_sensitive(text: str) -> str:
    """Keep the region and serial of a 16-digit number, hide the birth date; drop secret keys."""
    text = _SIXTEEN_DIGITS.sub(r"\1******\2", text)
    return _SECRET_KEY_TEXT.sub(lambda m: (m.group(1) or m.group(2)) + "…[disembunyikan]", text)


class MaskingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return mask_sensitive(super().format(record))


def setup_logging(log_dir: Path, level: int = logging.INFO) -> Path:
    """Log to ``log_dir/puskesos.log`` (1 MB × 5 files); returns the log file path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    log_file = log_dir / "puskesos.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, RotatingFileHandler):
            root.removeHandler(handler)
            handler.close()
    handler = RotatingFileHandler(log_file, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
    handler.setFormatter(MaskingFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    root.setLevel(level)
    return log_file
