"""The frozen app's entry point (PyInstaller needs a script, not ``caseapp.cli:main``).

The same executable is the window (no command) and the command line (``caseapp demo`` ...).
"""

from caseapp.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
