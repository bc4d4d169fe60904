"""Role gating in the GUI: one call marks a button (or menu action) as needing a permission.

The service layer is the guard (``ServiceContext.require`` refuses an operator who voids a
letter, whatever the screen shows); this only spares the operator a button that answers
"Peran Anda tidak boleh…". A gated action the signed-in role may not take is *disabled*
with a tooltip naming the roles that may ("Hanya koordinator atau admin yang boleh
membatalkan surat."), rather than hidden, so the operator knows whom to ask.

Views keep enabling and disabling their buttons as before (nothing selected → disabled):
the gate watches those changes, remembers what the view wants and lets the role veto it.
:func:`refresh_roles` re-applies every gate after a sign-in or a switch of user on the lock
screen (``SessionGuard`` calls it); a gate also re-checks whenever its widget is shown.

A whole area that exists only for one permission (the user list, the audit trail) is not
greyed out but replaced by a :class:`PermissionNotice` saying the same words: a disabled,
empty table looks broken, and its rows are not the role's to read.
"""

from __future__ import annotations

import weakref
from typing import Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget

from puskesos_desktop.domain.permissions import Permission, allows

_GATES: weakref.WeakSet[_Gate | PermissionNotice] = weakref.WeakSet()


class _Gate(QObject):
    """Owned by its target (a child QObject), so it dies with the button."""

    def __init__(self, target: QWidget | QAction, permission: Permission, desk: Any) -> None:
        super().__init__(target)
        self.target, self.permission, self.desk = target, permission, desk
        self.own_tooltip = target.toolTip()
        self.forcing = False
        if isinstance(target, QWidget):
            self.wanted = not target.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
            target.installEventFilter(self)
        else:
            self.wanted = target.isEnabled()
        _GATES.add(self)
        self.apply()

    @property
    def allowed(self) -> bool:
        return _allowed(self.desk, self.permission)

    def apply(self) -> None:
        allowed = self.allowed
        self.target.setToolTip(self.own_tooltip if allowed else _who_may(self.permission))
        self.forcing = True
        try:
            self.target.setEnabled(self.wanted and allowed)
        finally:
            self.forcing = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.EnabledChange and not self.forcing:
            # The view changed its mind (selection, state); remember it, then veto.
            self.wanted = not self.target.testAttribute(Qt.WidgetAttribute.WA_ForceDisabled)
            if self.wanted and not self.allowed:
                self.apply()
        elif kind == QEvent.Type.Show:
            self.apply()
        return False


class PermissionNotice(QLabel):
    """Shown instead of ``area`` while the signed-in role may not use it; says who may.

    Created after ``area`` has its parent (the notice joins that parent, so it never flashes
    up as a window of its own); the caller adds it to the layout next to ``area``. A view
    asks :attr:`allowed` before loading the area's rows, since the service would refuse.
    """

    def __init__(self, area: QWidget, permission: Permission, desk: Any) -> None:
        parent = area.parentWidget()
        if parent is None:
            raise ValueError("put the gated area in its panel before gating it")
        super().__init__(parent)
        self.target, self.permission, self.desk = area, permission, desk
        self.setObjectName("hint")
        self.setWordWrap(True)
        _GATES.add(self)
        self.apply()

    @property
    def allowed(self) -> bool:
        return _allowed(self.desk, self.permission)

    def apply(self) -> None:
        allowed = self.allowed
        self.setText("" if allowed else _who_may(self.permission))
        self.target.setVisible(allowed)
        self.setVisible(not allowed)


def _allowed(desk: Any, permission: Permission) -> bool:
    return allows(desk.context.operator_role, permission)


def _who_may(permission: Permission) -> str:
    from puskesos_desktop.services.access import who_may

    return who_may(permission)


def require_permission(target: QWidget | QAction, permission: Permission, desk: Any) -> None:
    """Enable ``target`` only while the signed-in operator's role allows ``permission``.

    Set ``target``'s own tooltip first: it is kept for roles that may use it. A widget's
    view may keep enabling and disabling it; a gated QAction's view must not (actions send
    no event the gate could watch).
    """
    _Gate(target, permission, desk)


def refresh_roles() -> None:
    """Re-apply every live gate: another operator signed in."""
    for gate in list(_GATES):
        if shiboken6.isValid(gate) and shiboken6.isValid(gate.target):
            gate.apply()
