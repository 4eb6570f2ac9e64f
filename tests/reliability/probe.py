"""Load hostile files under a memory limit and report what happened, as one JSON line.

Run as ``python -m tests.reliability.probe LIMIT_BYTES`` with a JSON list of
``[kind, path]`` cases on standard input. The address-space limit (``RLIMIT_AS``) is set
before vendoreval, numpy or openpyxl are imported, so the whole process lives under it;
each case's processor time is measured (not wall time, which a loaded machine stretches).
A loader that blows the limit shows up as a ``MemoryError`` outcome (or, if the
interpreter itself cannot recover, as a failed subprocess).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections.abc import Callable
from typing import Any


def _loaders() -> dict[str, Callable[[str], Any]]:
    from vendoreval.assessments import load_assessments
    from vendoreval.criteria import CriteriaPack
    from vendoreval.io import load_needs, load_proposals, read_questionnaire

    return {
        "questionnaire": read_questionnaire,
        "needs": load_needs,
        "proposals": load_proposals,
        "criteria": CriteriaPack.load,
        "assessments": load_assessments,
    }


def main() -> None:
    limit = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    cases = json.loads(sys.stdin.read())
    from vendoreval.errors import VendorEvalError

    loaders = _loaders()
    results = []
    for kind, path in cases:
        start = time.process_time()
        outcome: dict[str, Any]
        try:
            loaders[kind](path)
        except Exception as exc:  # MemoryError included: reported, then judged by the test
            outcome = {
                "error": type(exc).__name__,
                "ours": isinstance(exc, VendorEvalError),
                "message": str(exc),
            }
        else:
            outcome = {"error": None, "ours": False, "message": ""}
        # processor time: what the case costs, whatever else the machine is doing
        outcome["seconds"] = time.process_time() - start
        results.append(outcome)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"results": results, "max_rss_kib": usage.ru_maxrss}))


if __name__ == "__main__":
    main()
