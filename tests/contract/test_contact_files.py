"""Contact records from files: CSV pieces read like one stream, on the process's one pool."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.contract.test_records import SERVICE_LEVEL, month
from vendoreval._parallel import shared_pool, worker_count
from vendoreval.contract import iter_contact_batches, sla_report


@pytest.mark.parametrize(
    "form",
    [
        "plain",
        "crlf",
        "cr",
        "bom",
        "no final newline",
        "gzip",
        "quoted",
        "quoted line breaks",
        "one piece",
    ],
)
def test_csv_pieces_read_like_one_stream(tmp_path: Path, form: str) -> None:
    import gzip

    frame = month(2000, seed=5)
    quoted = {"quoted": "id,{}", "quoted line breaks": 'id\n"{}"\r\n'}.get(form, "{}")
    frame["contact_id"] = [quoted.format(i) for i in range(2000)]
    text = frame.to_csv(index=False, lineterminator="\r\n" if form == "crlf" else "\n")
    if form == "cr":
        text = text.replace("\n", "\r")
    if form == "bom":
        text = "\ufeff" + text
    if form == "no final newline":
        text = text.rstrip("\n")
    path = tmp_path / ("calls.csv.gz" if form == "gzip" else "calls.csv")
    if form == "gzip":
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_bytes(text.encode())
    rows = 5000 if form == "one piece" else 40  # pieces of 16 KiB or of 640 KiB
    batches = list(iter_contact_batches(path, batch_rows=rows))
    assert [b.first_row for b in batches] == list(np.cumsum([0] + [len(b) for b in batches[:-1]]))
    assert sum(len(b) for b in batches) == 2000
    ids = np.concatenate([b.contact_id for b in batches if b.contact_id is not None])
    assert ids.tolist() == frame["contact_id"].tolist()
    expected = sla_report(SERVICE_LEVEL, frame, "2027-01")
    got = sla_report(SERVICE_LEVEL, path, "2027-01", batch_rows=rows)
    pd.testing.assert_frame_equal(got.intervals, expected.intervals)


def test_a_line_longer_than_a_piece(tmp_path: Path) -> None:
    frame = month(50).astype({"contact_id": object})
    frame.loc[30, "contact_id"] = "x" * 40_000  # more than a 16 KiB piece
    path = tmp_path / "calls.csv"
    frame.to_csv(path, index=False)
    batches = list(iter_contact_batches(path, batch_rows=8))
    ids = [i for b in batches if b.contact_id is not None for i in b.contact_id]
    assert ids == [str(i) for i in frame["contact_id"]]


def test_a_task_on_the_shared_pool_does_its_work_itself() -> None:
    # Readers and the chunked numpy work share one pool; a task running on it gets no pool,
    # so that it never waits on the pool it runs in.
    pool = shared_pool()
    if worker_count() < 2:
        assert pool is None
        return
    assert isinstance(pool, ThreadPoolExecutor)
    assert shared_pool() is pool
    assert pool.submit(shared_pool).result() is None


@pytest.mark.parametrize("row", [3, 1500])
def test_fractional_and_padded_durations_in_any_piece(tmp_path: Path, row: int) -> None:
    """Durations are parsed as whole numbers while the pieces hold only those; a fraction
    sends its piece and the later ones to the text reader. Either way the report is the
    frame's, and a number written with spaces around it reads the same."""
    written = month(2000, seed=7).astype({"wait_seconds": object})  # whole numbers stay so
    written.loc[row, ["channel", "talk_seconds", "wait_seconds"]] = ["phone", 100, 20.5]
    frame = written.astype({"wait_seconds": np.float64})
    text = written.to_csv(index=False).splitlines()
    assert text[row + 1].endswith(",20.5")
    assert text[row + 2].split(",")[-1].isdigit()
    padded = text[row + 101].rsplit(",", 1)
    text[row + 101] = f'{padded[0]}," {padded[1]} "'  # the wait, quoted with spaces
    path = tmp_path / "calls.csv"
    path.write_text("\n".join(text) + "\n")
    expected = sla_report(SERVICE_LEVEL, frame, "2027-01")
    got = sla_report(SERVICE_LEVEL, path, "2027-01", batch_rows=40)  # pieces of 16 KiB
    pd.testing.assert_frame_equal(got.intervals, expected.intervals)
    pd.testing.assert_series_equal(got.achieved, expected.achieved)
    # 20.5 s is beyond the 20 s threshold; read as 20 s it would not be
    whole = frame.assign(wait_seconds=frame["wait_seconds"] // 1)
    assert not sla_report(SERVICE_LEVEL, whole, "2027-01").intervals.equals(got.intervals)
