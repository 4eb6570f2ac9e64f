"""Measurements the benchmarks share: the best time of a call, and the time and peak
resident memory of one run in a fresh interpreter.

A fresh run starts after its imports and setup; the peak is the process's ``VmHWM``
(Linux; the resource module's ``ru_maxrss`` elsewhere), so it includes what the imports
took, which ``baseline_mib`` reports on its own.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

_SCRIPT = """
import json, resource, sys, time
from decimal import Decimal


def high_water_kib():
    # VmHWM starts afresh with the new program; ru_maxrss may carry the parent's peak over.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


{setup}
baseline = high_water_kib()
start = time.perf_counter()
result = {run}
seconds = time.perf_counter() - start
peak = high_water_kib()
print(json.dumps({{"result": result, "seconds": seconds, "baseline_kib": baseline,
                  "peak_kib": peak}}))
"""


def peak_memory(setup: str, run: str, path: Path) -> dict[str, Any]:
    """Run ``run`` once on ``path`` (``sys.argv[1]``) in a fresh interpreter after ``setup``.

    Parameters
    ----------
    setup : str
        Statements run first (imports, objects), outside the measurement.
    run : str
        An expression whose value is JSON-serializable: the result reported.
    path : Path
        The input, passed as ``sys.argv[1]``.

    Returns
    -------
    dict
        ``result``; ``seconds`` [s] of the run; ``peak_mib``, ``baseline_mib`` (after the
        setup) and ``after_imports_mib`` (their difference) [MiB].
    """
    code = _SCRIPT.format(setup=setup, run=run)
    output = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    report: dict[str, Any] = json.loads(output.stdout.strip().splitlines()[-1])
    report["peak_mib"] = report["peak_kib"] / 1024
    report["baseline_mib"] = report["baseline_kib"] / 1024
    report["after_imports_mib"] = report["peak_mib"] - report["baseline_mib"]
    return report


def best_seconds(function: Callable[[], object], repeat: int = 5) -> float:
    """The shortest of ``repeat`` timed calls of ``function`` [s]."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best
