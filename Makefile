# Two commands for a fresh machine with Python 3.11 and make: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO := demo

.PHONY: install demo test lab bench kontaktark clean

install: $(STAMP)

$(STAMP): pyproject.toml .ci/constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c .ci/constraints.txt -e ".[dev]"
	$(BIN)/python -m ipykernel install --sys-prefix --name evaltools --display-name "evaltools (Python 3)" >/dev/null
	touch $@

demo: install
	rm -rf $(DEMO)
	$(BIN)/evaltools exempel $(DEMO)/ung_framtid
	$(BIN)/evaltools rapport $(DEMO)/ung_framtid/insats.yaml

test: install
	$(BIN)/python -m pytest -q

lab: install
	$(BIN)/jupyter lab --notebook-dir=notebooks

# compiled as pip compiles an installed package: an environment with PYTHONDONTWRITEBYTECODE would
# otherwise compile evaltools from source in every process it measures
bench: install
	$(BIN)/python -m compileall -q evaltools
	$(BIN)/python tests/bench_report.py

# every figure in colour, greyscale and simulated deuteranopia: the example, and cut to 10 participants
kontaktark: install
	$(BIN)/python tests/visual/kontaktark.py --ut docs/kontaktark.png
	$(BIN)/python tests/visual/kontaktark.py --deltagare 10 --ut docs/kontaktark_maskerad.png
	$(BIN)/python tests/visual/kontaktark.py --ut docs/galleri.png --bara maluppfyllelse tid_i_insatsen \
		narvaro_per_manad progression mal_per_kon narvaro_skillnad_kon

clean:
	rm -rf $(VENV) $(DEMO) build dist .pytest_cache
