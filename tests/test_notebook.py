"""The report notebook as a file: one documented parameters cell, stored clean, runs on its defaults
in the project's own kernel (as in JupyterLab), and imports nothing heavy it does not use."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill

from evaltools.resources import KERNEL_NAME, notebook_path
from evaltools.run import _use_packaged_kernel

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_every_notebook_is_stored_without_outputs_and_with_one_parameters_cell():
    assert NOTEBOOKS
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, path.name
        assert all(not c.get("outputs") and c.get("execution_count") is None
                   for c in nb.cells if c.cell_type == "code"), path.name
        assert nb.metadata.kernelspec.name == KERNEL_NAME


def test_parameters_are_documented_for_papermill():
    parameters = papermill.inspect_notebook(str(notebook_path()))
    assert set(parameters) == {"config_path", "output_dir", "word_template"}
    for parameter in parameters.values():
        assert parameter["inferred_type_name"] == "str"
        assert parameter["default"] == '""'
        assert len(parameter["help"]) > 20


def test_packaged_kernel_is_this_interpreter(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import sys; print(sys.executable)")])
    source, executed = tmp_path / "k.ipynb", tmp_path / "k_out.ipynb"
    nbformat.write(nb, source)
    _use_packaged_kernel()
    papermill.execute_notebook(str(source), str(executed), kernel_name=KERNEL_NAME, progress_bar=False)
    printed = nbformat.read(executed, as_version=4).cells[0].outputs[0]["text"].strip()
    assert Path(printed).resolve() == Path(sys.executable).resolve()


def test_notebook_runs_top_to_bottom_on_its_defaults_and_writes_nothing(tmp_path):
    """As in JupyterLab: no parameters injected, so the bundled example and no output folder."""
    _use_packaged_kernel()
    executed = tmp_path / "interaktiv.ipynb"
    papermill.execute_notebook(str(notebook_path()), str(executed), kernel_name=KERNEL_NAME,
                               progress_bar=False, cwd=str(tmp_path))
    nb = nbformat.read(executed, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert any("Ung Framtid" in json.dumps(o) for o in outputs)
    assert not any(o["output_type"] == "error" for o in outputs)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["interaktiv.ipynb"]


def test_a_report_does_not_import_pyplot(tmp_path):
    """The figures are drawn on Figure objects: pyplot (and its GUI backends) is never loaded.
    (statsmodels and scipy.stats are: the report's intervals and tests come from them.)"""
    code = """
import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
source = "\\n".join(c.source for c in nb.cells if c.cell_type == "code")
source = source.replace('output_dir: str = ""', f"output_dir: str = {sys.argv[2]!r}")
exec(compile(source, "rapport", "exec"), {})
print([m for m in ("matplotlib.pyplot",) if m in sys.modules])
"""
    done = subprocess.run([sys.executable, "-c", code, str(notebook_path()), str(tmp_path)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"
    assert (tmp_path / "nyckeltal.json").is_file()
