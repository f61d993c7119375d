"""Start the local Tableau REST emulator: ``python tests/emulator/run_emulator.py --port 8850``."""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from tableau_emulator.__main__ import main  # noqa: E402  pylint: disable=wrong-import-position

if __name__ == "__main__":
    sys.exit(main())
