"""The notebooks: stored without outputs, and each runs top to bottom against the test Neo4j.

The kernel is this interpreter (the project's .venv), from a kernelspec written into a temporary
JUPYTER_PATH, with NEO4J_URI pointing at the session's test database. Each notebook loads what it
needs itself (the other tests wipe the database between tests), so it also runs on a fresh one.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from graph.core.db import Graph
from graph.core.settings import Settings

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = ["01-tour.ipynb", "02-learn-and-enable.ipynb", "03-obesity-system.ipynb", "04-your-own-map.ipynb"]
KERNEL = "hls-graph-test"
CELL_TIMEOUT = 600


@pytest.fixture(scope="module")
def kernel_name(tmp_path_factory: pytest.TempPathFactory, neo4j_settings: Settings) -> Iterator[str]:
    """A kernelspec running this Python with the test database's settings in its environment."""
    jupyter_path = tmp_path_factory.mktemp("jupyter")
    spec_dir = jupyter_path / "kernels" / KERNEL
    spec_dir.mkdir(parents=True)
    env = {"NEO4J_URI": neo4j_settings.bolt_uri, "NEO4J_DATABASE": neo4j_settings.neo4j_database,
           "NEO4J_USER": neo4j_settings.neo4j_user, "NEO4J_PASSWORD": neo4j_settings.neo4j_password}
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "hls-graph (test)", "language": "python", "env": env,
    }))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", os.pathsep.join([str(jupyter_path), os.environ.get("JUPYTER_PATH", "")]))
        yield KERNEL


def test_the_four_notebooks_are_there() -> None:
    assert sorted(p.name for p in NOTEBOOK_DIR.glob("*.ipynb")) == NOTEBOOKS


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_stored_without_outputs_and_says_what_it_answers(name: str) -> None:
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    nbformat.validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert [c.source[:40] for c in code if c.outputs or c.execution_count is not None] == []
    first = notebook.cells[0]
    assert first.cell_type == "markdown" and "NEO4J_URI" in first.source
    assert any(c.source.startswith("%%cypher") for c in code), "at least one cell uses %%cypher"
    assert any("%load_ext graph.notebook" in c.source for c in code)


@pytest.mark.notebook
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_notebook_runs_top_to_bottom(name: str, kernel_name: str, clean_graph: Graph) -> None:
    """On an emptied database (schema and scales only): a cell that raises fails the test."""
    notebook = nbformat.read(NOTEBOOK_DIR / name, as_version=4)
    client = NotebookClient(
        notebook, kernel_name=kernel_name, timeout=CELL_TIMEOUT, allow_errors=False,
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, on the first failing cell
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    errors = [out for cell in code for out in cell.outputs if out.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count is not None for cell in code)
