"""The per-partition audit under dask.dataframe: the same rows as one process.

Needs the optional ``dask`` extra, and ``distributed`` for the cluster (both installed
by the dev extra, pinned in .ci/constraints.txt); skipped without them.
"""

from __future__ import annotations

import os

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


def _worker_pid(frame: object) -> object:
    """The worker process's id, one row per partition (run there, not here)."""
    import os

    return pd.DataFrame({"pid": [os.getpid()]})


def test_map_partitions_on_a_cluster_of_two_worker_processes_equals_single_process() -> None:
    """A real scheduler and two worker processes: partitions and results are serialised
    between processes, and the rows are still those of one process."""
    distributed = pytest.importorskip("dask.distributed")
    frame = pd.read_csv(sample_tickets_path(), dtype=str, keep_default_na=False)
    single = audit_partition(frame)
    parts = dd.from_pandas(frame, npartitions=6)
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_port=0,
            silence_logs=50,
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        workers = client.run(os.getpid)
        assert len(workers) == 2
        assert os.getpid() not in workers.values()
        pids = parts.map_partitions(_worker_pid, meta={"pid": "int64"}).compute()
        assert set(pids["pid"]) <= set(workers.values())
        rows = (
            parts.map_partitions(audit_partition, meta=audit_partition(frame.head(0)))
            .compute()
            .sort_values("line", kind="stable")
            .reset_index(drop=True)
        )
    pd.testing.assert_frame_equal(rows, single)
    assert len(rows) == len(frame)
