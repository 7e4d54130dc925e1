"""Running the real command line in a subprocess, as a script or a facilitator would."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

RACINE = Path(__file__).resolve().parent.parent
DELAI_SUBPROCESS = 30


def lancer_cli(*args: str | Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """`python -m iae_model ARGS` from the repository root; returns the process and its duration in s."""
    env = {**os.environ, "PYTHONUTF8": "1", "PYTHONIOENCODING": "utf-8"}
    debut = time.perf_counter()
    res = subprocess.run(
        [sys.executable, "-m", "iae_model", *map(str, args)],
        cwd=RACINE,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=DELAI_SUBPROCESS,
        env=env,
    )
    return res, time.perf_counter() - debut
