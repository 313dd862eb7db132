"""The frozen app's entry point (PyInstaller needs a script, not ``caseapp.cli:main``).

The same executable is the window (no command) and the command line (``caseapp demo`` ...).
It is also the helper process a large import starts (caseapp/store/analysis_ahead.py):
``freeze_support`` runs the helper's work there, before any of the app's own start.
"""

import multiprocessing

from caseapp.cli import main

if __name__ == "__main__":
    multiprocessing.freeze_support()
    raise SystemExit(main())
