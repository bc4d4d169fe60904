"""Entry script of the frozen build (PyInstaller runs it as ``__main__``).

The same as ``python -m puskesos_desktop``; kept in packaging/ so the build never depends on
how the package's own ``__main__`` is written.
"""

import sys

from puskesos_desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
