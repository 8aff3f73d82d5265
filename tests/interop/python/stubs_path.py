"""Puts the Python stubs run.sh generates from the repository's protos on sys.path.

Import it before any generated module; GENERATED is the folder, for child interpreters.
"""

import os
import sys

GENERATED = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "generated", "python")
if GENERATED not in sys.path:
    sys.path.insert(0, GENERATED)
