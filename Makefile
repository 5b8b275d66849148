# Two commands on a fresh machine: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.stamp-install

.PHONY: run check test lint bench clean sample reports

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[dashboard,test]"
	touch $(STAMP)

# The dashboard on the sample school: the first run puts the sample school into the store
# (toetsplanner.db, or $TOETSPLANNER_DB); later runs show the store as the team left it.
DB ?= toetsplanner.db
SAMPLE_PLAN := Voorbeeldcollege 2025-2026

$(DB): | $(STAMP)
	$(BIN)/planner db import sample_data/plan.csv sample_data/plan-4havo.xlsx \
		sample_data/plan-2a.ics --plan "$(SAMPLE_PLAN)" --school sample_data/school.toml \
		--members sample_data/members.csv --lessons sample_data/lesrooster.csv \
		--db $(DB) --by Voorbeeld

# The dashboard (port 8501) and the calendar feeds (`planner serve`, port 8502) together.
run: $(STAMP) $(DB)
	TOETSPLANNER_DB=$(DB) BIN=$(BIN) ./scripts/run

check: $(STAMP)
	$(BIN)/planner check sample_data/plan.csv --school sample_data/school.toml \
		--members sample_data/members.csv --format json

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

# Two pytest workers (pytest-xdist), one per core of the 2-core machine the suite is sized for;
# `make test WORKERS=0` runs it in one process.
WORKERS ?= 2

test: lint
	./scripts/test-deps
	$(BIN)/pytest -n $(WORKERS)

bench: $(STAMP)
	$(BIN)/python bench/bench_check.py
	$(BIN)/python bench/bench_import.py
	$(BIN)/python bench/bench_store.py
	$(BIN)/python bench/bench_dashboard.py
	$(BIN)/python bench/bench_reports.py
	$(BIN)/python bench/bench_suggest.py
	$(BIN)/python bench/bench_feeds.py
	$(BIN)/python bench/bench_fit.py
	$(BIN)/python bench/bench_toronto.py

sample: $(STAMP)
	$(BIN)/python sample_data/generate.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache *.egg-info

# The sample school's reports in sample_data/reports/, Dutch and English, with each teacher's
# list and the suggested dates (exit 1 = the plan has errors, which is what these reports are
# about).
REPORT_SOURCES := sample_data/plan.csv sample_data/plan-4havo.xlsx sample_data/plan-2a.ics \
	--school sample_data/school.toml --members sample_data/members.csv --made 2026-03-02T09:00 \
	--per-teacher --suggest --lessons sample_data/lesrooster.csv --steps 3000
reports: $(STAMP)
	mkdir -p sample_data/reports
	$(BIN)/planner report $(REPORT_SOURCES) --lang nl --xlsx sample_data/reports/conflictrapport.xlsx \
		--pdf sample_data/reports/vergaderrapport.pdf --ics sample_data/reports/toetsplan.ics \
		--csv sample_data/reports/bevindingen.csv || test $$? -eq 1
	$(BIN)/planner report $(REPORT_SOURCES) --lang en --xlsx sample_data/reports/conflict-report.xlsx \
		--pdf sample_data/reports/meeting-report.pdf || test $$? -eq 1
