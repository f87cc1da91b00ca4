# reviewmech — the team's entry point. `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PO_FILES := $(wildcard locale/*/LC_MESSAGES/django.po)
MO_FILES := $(PO_FILES:.po=.mo)
export DJANGO_SETTINGS_MODULE := reviewmech.settings

.PHONY: run test install system-deps messages makemessages lint format check bench clean backup restore

## run: install what is needed, migrate, load reference and demo data, serve on :8000 with a worker
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_reference_data
	$(BIN)/python manage.py seed_demo
	DJANGO_DEBUG=$${DJANGO_DEBUG:-1} TWO_FACTOR_EXEMPT=$${TWO_FACTOR_EXEMPT:-1} $(BIN)/honcho -f Procfile.dev start

## test: install what is needed, then the whole suite (SQLite, then PostgreSQL when reachable)
test: install
	$(BIN)/python scripts/run_tests.py $(ARGS)

install: system-deps $(VENV)/.installed $(MO_FILES)

system-deps:
	@scripts/system_deps.sh $(if $(filter true,$(CI)),--browser --office,)

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	msgfmt --check -o $@ $<

messages: $(MO_FILES)

## makemessages: refresh the catalogues of the five languages other than English
makemessages:
	$(BIN)/python manage.py makemessages --no-obsolete --no-location --ignore=.venv --ignore=var --ignore=tests \
		-l ar -l zh_Hans -l en -l fr -l ru -l es

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache --no-logo

format:
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install lint
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

## bench: PDF rendering figures (one summary in-process, then 300 renditions through 2 workers; needs Redis)
bench: install
	$(BIN)/python bench/render_single.py
	$(BIN)/python bench/render_batch.py

## backup: one archive of the database and the media files, var/backups/reviewmech-YYYYmmddTHHMMSSZ.tar (README, "Operations")
backup:
	$(BIN)/python manage.py backup

## restore: ARCHIVE=var/backups/reviewmech-....tar into an EMPTY database and media folder, then verified
restore:
	@test -n "$(ARCHIVE)" || { echo "usage: make restore ARCHIVE=var/backups/reviewmech-YYYYmmddTHHMMSSZ.tar" >&2; exit 2; }
	$(BIN)/python manage.py restore "$(ARCHIVE)"

clean:
	rm -rf var/celery var/celerybeat-schedule* .pytest_cache
