# Two entry points, both idempotent: `make sample` (the course's main job) and `make test` (the whole test suite).
# Each creates .venv and installs the package with its dev tools the first time, and reuses them afterwards.
SHELL  := /bin/bash
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup sample test sync-check clean

setup: $(STAMP)

$(STAMP): setup.py settings.ini
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e ".[dev]"
	touch $(STAMP)

# Class-guided Fashion-MNIST samples from the shipped checkpoints -> data/guided_samples.png
sample: $(STAMP)
	$(BIN)/gt-sample --out data/guided_samples.png

# Every notebook's tests (heavy training and sweep cells are skipped by their nbdev flags), each in a fresh process,
# two at a time, then a summary line.
test: $(STAMP)
	@set -o pipefail; $(BIN)/python tools/test_notebooks.py 2>&1 | tee .test.log

# Notebooks and package must agree: exporting must not change guided_tutorial/.
sync-check: $(STAMP)
	$(BIN)/nbdev_export
	git diff --exit-code -- guided_tutorial || (echo "nbs/ and guided_tutorial/ disagree: run nbdev_export and commit." && exit 1)
	test -z "$$(git ls-files --others --exclude-standard guided_tutorial)" || (echo "nbdev_export created untracked files in guided_tutorial/: commit them." && exit 1)

clean:
	rm -rf $(VENV) .test.log _proc _docs

# The opening, forward-process and guided-sampling chapters run in JupyterLab in headless Chromium, as a student runs
# them (Run > Run All Cells); checks errors, rendered math, figures, widget progress bars, no warnings.
# Screenshots and report.json in data/screenshots/. Chromium comes from the system's packages: tools/install_chromium.sh.
.PHONY: browser-test
browser-test: $(STAMP)
	$(BIN)/python tools/browser_check.py --out data/screenshots

# Kill a small training run (gt-train tiny) with SIGKILL 24 times at random moments, some in the middle of a save, and check
# that it resumes bit-identical to an uninterrupted run, logs each step once and leaves nothing behind (a few minutes on a CPU).
.PHONY: fault-test
fault-test: $(STAMP)
	$(BIN)/python -c "from guided_tutorial.training import kill_resume_test; print(kill_resume_test(kills=24, steps=150))"
