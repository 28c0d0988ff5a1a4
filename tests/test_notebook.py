"""The tour notebook runs top to bottom, and is kept without outputs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "notebooks" / "tour.ipynb"


def test_saved_without_outputs() -> None:
    nbformat = pytest.importorskip("nbformat")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, "clear the outputs before saving"


@pytest.mark.slow
def test_runs_top_to_bottom(tmp_path) -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    # the kernel imports kg from this checkout, installed or not
    env = os.environ | {"PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}
    )
    client.execute(env=env)

    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(
        o.get("data", {}).get("text/html", "") for o in outputs if o.output_type in ("display_data", "execute_result")
    )
    assert "<iframe srcdoc=" in html  # the graph page, inline
    assert "<table" in html  # query results as pandas tables
    assert any("image/png" in o.get("data", {}) for o in outputs)  # the figure
    text = "".join(o.get("text", "") for o in outputs if o.output_type == "stream")
    assert "articles" in text and "triples" in text
