"""The per-partition audit under dask.dataframe: the same rows as one process.

Needs the optional ``dask`` extra (installed by the dev extra, pinned in
.ci/constraints.txt); skipped without it.
"""

from __future__ import annotations

import pytest

from sla_calendar.audit import audit_partition, sample_tickets_path

dd = pytest.importorskip("dask.dataframe")
pd = pytest.importorskip("pandas")


def test_map_partitions_with_local_scheduler_equals_single_process() -> None:
    frame = pd.read_csv(sample_tickets_path(), dtype=str, keep_default_na=False)
    single = audit_partition(frame)
    parts = dd.from_pandas(frame, npartitions=4)
    assert parts.npartitions == 4
    distributed = (
        parts.map_partitions(audit_partition, meta=audit_partition(frame.head(0)))
        .compute(scheduler="threads")
        .sort_values("line", kind="stable")
        .reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(distributed, single)
    assert len(single) == len(frame)  # every input row: evaluated or with its error
    errors = single[single["error_message"] != ""]
    assert errors["ticket_id"].tolist() == ["T90001", "T90002", "T90003"]
    assert errors["line"].tolist() == frame.index[frame["ticket_id"].str.startswith("T9")].tolist()
