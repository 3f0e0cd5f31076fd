# The two commands of README.md. Everything else is in scripts/stack.sh.
.PHONY: demo test bench setup stop status lint

demo:  ## set up everything, load the sample data, serve http://127.0.0.1:5000 (Ctrl-C stops)
	bash scripts/stack.sh demo

test:  ## the same set-up without serving, then the whole test suite (PYTEST_ARGS="-k foo" to narrow; CKAN_VERSION=2.11 for the other CKAN)
	bash scripts/stack.sh test $(PYTEST_ARGS)

bench:  ## every benchmark, one report in .run/benchmarks/report.md
	bash scripts/stack.sh bench

setup:
	bash scripts/stack.sh setup

stop:
	bash scripts/stack.sh stop

status:
	bash scripts/stack.sh status

lint:
	.venv/bin/ruff check ckanext tests tools benchmarks
