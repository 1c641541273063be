# The two commands: `make run` (set up, ingest the samples, ready to search) and `make test`.
VENV := .venv
RK := $(VENV)/bin/recordkeeper

.PHONY: setup run test test-fast lint bench samples clean

setup:
	bash scripts/bootstrap.sh

run: setup
	$(RK) init
	$(RK) train
	-$(RK) ingest sample_docs/born_digital sample_docs/scans sample_docs/text
	$(RK) status
	@echo
	@echo 'Ready. Try:  $(RK) search "amount due"   (or: source .venv/bin/activate; recordkeeper --help)'
	$(RK) search "amount due" --limit 3

test:
	bash scripts/bootstrap.sh --test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/pytest -q

test-fast:
	bash scripts/bootstrap.sh --test
	$(VENV)/bin/pytest -q -m "not slow"

lint: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

samples: setup
	$(VENV)/bin/python sample_docs/generate.py

clean:
	rm -rf data .pytest_cache

bench: setup
	$(VENV)/bin/python -m benchmarks
