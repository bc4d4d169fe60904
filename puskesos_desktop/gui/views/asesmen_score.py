"""Live score panel: the number, every factor behind it, and the programme hints.

The panel reads like what the operator says to the resident: "Skor 72 — lansia tinggal
sendiri +20, …", the weights version, what is still unknown, then programme hints with the
reasons and the disclaimer that they are hints, not decisions.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QLabel, QTextBrowser, QVBoxLayout, QWidget

from puskesos_desktop.i18n import _

if TYPE_CHECKING:
    from puskesos_desktop.services.assessment_types import Evaluation

_BAND_COLOURS = {"SANGAT_PRIORITAS": "#a61b1b", "PRIORITAS": "#b36200", "BIASA": "#1f5c2e"}
_STATUS_COLOURS = {"MUNGKIN_LAYAK": "#1f5c2e", "PERLU_DATA": "#7a5b00", "TIDAK_SESUAI": "#777777"}


def _p(text: str, colour: str = "") -> str:
    style = f" style='color:{colour}'" if colour else ""
    return f"<p{style}>{escape(text)}</p>"


def evaluation_html(evaluation: Evaluation, *, with_score: bool = True) -> str:
    """The panel's text as simple HTML; the read-only view shows hints only, because a
    saved assessment shows the score frozen on the day it was saved."""
    from puskesos_desktop.domain.eligibility import HINT_DISCLAIMER, format_rupiah

    score = evaluation.score
    colour = _BAND_COLOURS.get(score.band_code, "#1f3b57")
    factors = ", ".join(f"{label} +{points}" for label, points in score.factors)
    headline = f"Skor {score.score} — {factors}" if factors else f"Skor {score.score}"
    parts: list[str] = []
    parts += [
        f"<p style='font-size:18pt; font-weight:700; color:{colour}; margin:0'>"
        f"{escape(_('Skor {score}').format(score=score.score))} "
        f"<span style='font-size:11pt'>({escape(score.band)})</span></p>",
        f"<p>{escape(headline)}</p>",
    ]
    if score.capped:
        text = _("Jumlah poin {total} dibatasi menjadi {score}.")
        parts.append(_p(text.format(total=score.total_before_cap, score=score.score)))
    parts.append(_p(_("Bobot skor versi {v}").format(v=score.weights_version), "#555555"))
    if score.undecided:
        missing = ", ".join(score.missing_facts[:5]) + ("…" if len(score.missing_facts) > 5 else "")
        text = _("{n} faktor belum dinilai karena data belum lengkap. Lengkapi: {missing}")
        parts.append(_p(text.format(n=len(score.undecided), missing=missing), "#7a5b00"))
    if not with_score:
        parts = []
    if evaluation.spm_labels:
        parts.append(
            f"<p><b>{escape(_('Kelompok SPM:'))}</b> {escape('; '.join(evaluation.spm_labels))}</p>"
        )
    parts.append(f"<h4 style='margin-bottom:2px'>{escape(_('Petunjuk program'))}</h4>")
    for hint in evaluation.hints:
        status_colour = _STATUS_COLOURS.get(hint.status.value, "#333333")
        line = (
            f"<p style='margin:4px 0 0 0'><b>{escape(hint.programme_name)}</b>: "
            f"<span style='color:{status_colour}'>{escape(hint.status.label)}</span>"
        )
        if hint.yearly_estimate:
            line += f" — {escape(format_rupiah(hint.yearly_estimate))}/th"
        parts.append(line + "</p>")
        shown = [r for r in hint.reasons if not r.startswith("Tidak memenuhi")] or hint.reasons
        items = "".join(f"<li>{escape(reason)}</li>" for reason in shown[:4])
        if hint.missing_facts:
            needed = escape(", ".join(hint.missing_facts[:4]))
            items += f"<li><i>{escape(_('Perlu data:'))} {needed}</i></li>"
        parts.append(f"<ul style='margin:0'>{items}</ul>")
    parts.append(f"<p style='color:#555555'><i>{escape(HINT_DISCLAIMER)}</i></p>")
    return "".join(parts)


class ScorePanel(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel(_("Skor prioritas dan petunjuk program"))
        title.setObjectName("cardCaption")
        title.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.text, 1)

    def show_evaluation(self, evaluation: Evaluation) -> None:
        bar = self.text.verticalScrollBar()
        position = bar.value()
        self.text.setHtml(evaluation_html(evaluation))
        bar.setValue(position)

    def show_problem(self, message: str) -> None:
        self.text.setHtml(
            f"<p style='color:#a61b1b'><b>{escape(_('Periksa isian:'))}</b> {escape(message)}</p>"
        )

    def plain_text(self) -> str:
        return self.text.toPlainText()
