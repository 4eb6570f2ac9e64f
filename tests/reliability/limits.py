"""Run loaders on hostile files in a fresh interpreter under memory and time limits."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import vendoreval

#: Address space of the probing process (``RLIMIT_AS``): 1 GiB [bytes].
MEMORY_LIMIT = 1 << 30
#: Most processor time a single hostile file may take to be refused or read [s].
CASE_SECONDS = 5.0

_ROOT = Path(__file__).resolve().parents[2]
_SRC = Path(vendoreval.__file__).resolve().parents[1]


def probe(cases: Sequence[tuple[str, Path]], *, timeout: float = 90.0) -> list[dict[str, Any]]:
    """Load each ``(kind, path)`` in one subprocess limited to :data:`MEMORY_LIMIT`.

    Returns one outcome per case: ``error`` (the exception's class name or None), ``ours``
    (a VendorEvalError), ``message`` and ``seconds`` (processor time). The whole run is
    also bounded in wall time by ``timeout``.
    """
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(_SRC), str(_ROOT)]),
        # one thread each: thread stacks and BLAS buffers would count against the limit
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        # openpyxl's optional defusedxml must not be what refuses a document type
        "OPENPYXL_DEFUSEDXML": "False",
    }
    payload = json.dumps([[kind, str(path)] for kind, path in cases])
    done = subprocess.run(
        [sys.executable, "-m", "tests.reliability.probe", str(MEMORY_LIMIT)],
        input=payload,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=_ROOT,
        check=False,
    )
    assert done.returncode == 0, f"the probe failed ({done.returncode}):\n{done.stderr[-3000:]}"
    report = json.loads(done.stdout.strip().splitlines()[-1])
    results: list[dict[str, Any]] = report["results"]
    assert len(results) == len(cases)
    return results
