"""The distributed engine: extraction on a Dask LocalCluster (loopback only) gives the
same graph as a local build, and per-partition N-Quads a triple store can bulk-load."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

import kg
from kg.pipeline import DaskEngine

from .conftest import SEEDS

pytest.importorskip("distributed")


@pytest.mark.slow
def test_dask_build_equals_local_build(tmp_path, seeds_build) -> None:
    engine = DaskEngine(workers=2, partition_size=2, partitions_dir=tmp_path / "partitions")
    result = kg.build([SEEDS], tmp_path, formats=["turtle"], html=False, engine=engine)
    assert result.report["articles"]["built"] == 5
    assert (tmp_path / "graph.ttl").read_bytes() == (seeds_build.out / "graph.ttl").read_bytes()
    parts = sorted((tmp_path / "partitions").glob("part-*.nq"))
    assert len(parts) == 3  # five articles, two per partition
    partition_quads = {
        (q.subject, q.predicate, q.object) for part in parts for q in ox.parse(path=str(part), format=ox.RdfFormat.N_QUADS)
    }
    merged = {(q.subject, q.predicate, q.object) for q in result.quads}
    assert partition_quads <= merged
    assert len(merged - partition_quads) > 0  # the merged graph adds the entities' own descriptions
