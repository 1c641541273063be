# The two commands: `make run` (set up, ingest the samples, ready to search) and `make test`.
VENV := .venv
RK := $(VENV)/bin/recordkeeper
# The oldest Elasticsearch client (and its transport) pyproject.toml allows: the adapter's tests run against
# it as well as against the newest 8.x installed in the venv (tests/search/test_client_range.py keeps
# these in step with pyproject.toml).
ES_FLOOR := 8.13.0
ES_TRANSPORT_FLOOR := 8.13.0
ES_FLOOR_DIR := $(VENV)/es-floor-$(ES_FLOOR)
ES_ADAPTER_TESTS := tests/search/test_elasticsearch_adapter.py tests/search/test_elasticsearch_lifecycle.py \
	tests/search/test_client_range.py

.PHONY: setup run test test-fast test-es-floor lint bench samples clean

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
	$(MAKE) test-es-floor

# The Elasticsearch adapter's tests with the lowest supported client, installed beside the venv's newest.
test-es-floor:
	test -f $(ES_FLOOR_DIR)/.installed || { rm -rf $(ES_FLOOR_DIR) && \
		$(VENV)/bin/pip install --quiet --target $(ES_FLOOR_DIR) \
			'elasticsearch==$(ES_FLOOR)' 'elastic-transport==$(ES_TRANSPORT_FLOOR)' && \
		touch $(ES_FLOOR_DIR)/.installed; }
	PYTHONPATH=$(ES_FLOOR_DIR) RK_EXPECT_ES_CLIENT=$(ES_FLOOR) $(VENV)/bin/pytest -q -p no:cacheprovider $(ES_ADAPTER_TESTS)

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
