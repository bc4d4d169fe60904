"""One window per data directory.

Two copies on the same database would race for SQLite's single writer and confuse an operator
who double-clicked the icon twice. A :class:`QLockFile` in the data directory decides who
runs; the winner also listens on a local socket so that a second start can ask it to come to
the front before quitting. The app starts listening after its window painted: QtNetwork is
not needed to paint, and a second start in that moment still finds the lock and explains.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, QObject, Signal, Slot

if TYPE_CHECKING:
    from PySide6.QtNetwork import QLocalServer, QLocalSocket

_RAISE = b"tampilkan\n"
_CONNECT_TIMEOUT_MS = 1000


def server_name(lock_path: Path) -> str:
    """A socket name unique per data directory (short: Unix socket paths are limited)."""
    digest = f"{zlib.crc32(str(lock_path.resolve()).encode('utf-8')):08x}"
    return f"puskesos-desk-{digest}"


class SingleInstance(QObject):
    """Holds the lock for one data directory and relays "come to the front" requests."""

    activation_requested = Signal()

    def __init__(self, lock_path: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.lock_path = Path(lock_path)
        self.name = server_name(self.lock_path)
        self._lock = QLockFile(str(self.lock_path))
        # Held for hours: only a dead owner makes the lock stale, never its age.
        self._lock.setStaleLockTime(0)
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def try_acquire(self, *, listen: bool = True) -> bool:
        """True if this process now owns the data directory (and listens for activations,
        unless ``listen`` is False: then call :meth:`listen` later)."""
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        if not self._lock.tryLock(100):
            return False
        if listen:
            self.listen()
        return True

    def listen(self) -> None:
        """Accept "come to the front" requests from later starts (we own the lock)."""
        from PySide6.QtNetwork import QLocalServer

        server = QLocalServer(self)
        QLocalServer.removeServer(self.name)  # a crashed owner may have left its socket
        if server.listen(self.name):
            server.newConnection.connect(self._on_connection)
            self._server = server

    def notify_running_instance(self) -> bool:
        """Ask the owner to raise its window; False if it could not be reached."""
        from PySide6.QtNetwork import QLocalSocket

        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(_CONNECT_TIMEOUT_MS):
            return False
        socket.write(_RAISE)
        delivered = socket.waitForBytesWritten(_CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return delivered

    def release(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        self._clients.clear()
        if self._lock.isLocked():
            self._lock.unlock()

    @Slot()
    def _on_connection(self) -> None:
        # Sockets stay children of the server (no deleteLater, no lambdas holding wrappers):
        # PySide and deferred deletes of these sockets do not mix well. A second start
        # happens rarely, so keeping a few closed sockets until exit costs nothing.
        assert self._server is not None
        while self._server.hasPendingConnections():
            socket = self._server.nextPendingConnection()
            self._clients.append(socket)
            socket.readyRead.connect(self._read_clients)
        self._read_clients()

    @Slot()
    def _read_clients(self) -> None:
        for socket in self._clients:
            if socket.bytesAvailable() and bytes(socket.readAll().data()).strip():
                self.activation_requested.emit()
