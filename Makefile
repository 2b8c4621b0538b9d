# Fenghuo (烽火). `make help` lists the targets.
#
# C++ builds go through CMake presets (CMakePresets.json) and run one after the other:
# Ninja already uses every core, and two builds at once on a small machine only thrash.
# .NOTPARALLEL keeps that true under `make -j` too.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:
.DELETE_ON_ERROR:
.SUFFIXES:
MAKEFLAGS += --no-builtin-rules

FENGHUO := build/release/fenghuo

# The web build reruns only when a file of the web app changed (or web/dist is gone).
# Test folders and tool outputs are left out so that running the tests does not trigger it.
WEB_SOURCES := $(shell find web \( -path web/node_modules -o -path web/dist -o -path web/e2e \
                 -o -path web/test-results -o -path web/.vite \) -prune \
                 -o -type f ! -name '*.tsbuildinfo' ! -name '*.spec.ts' -print 2>/dev/null)

.PHONY: help deps deps-bench build server server-dev web run test bench clean

help:
	@echo 'Fenghuo (烽火) — make targets:'
	@echo '  make run     install what is missing, build, migrate the database, serve on http://127.0.0.1:8080'
	@echo '  make test    install, build (release + sanitizer dev build + web), run every test suite'
	@echo '  make build   install, build build/release/fenghuo and web/dist'
	@echo '  make bench   benchmarks against their anchors (nginx, ...); results in bench/results/'
	@echo '  make deps    install Debian and npm packages that are missing (scripts/install-deps.sh)'
	@echo '  make clean   remove build/ and web/dist (keeps var/, the local database and files)'
	@echo 'One suite only: scripts/test.sh server|web|e2e|demo-large (after make test built everything once).'

deps:
	scripts/install-deps.sh

deps-bench:
	scripts/install-deps.sh --bench

# configure_and_build PRESET TARGETS: configure once, then build those targets.
define configure_and_build
	@[[ -f build/$(1)/build.ninja ]] || cmake --preset $(1)
	cmake --build --preset $(1) --target $(2)
endef

server:
	$(call configure_and_build,release,fenghuo)

server-dev:
	$(call configure_and_build,dev,fenghuo fenghuo_tests)

web: web/dist/index.html

web/dist/index.html: $(WEB_SOURCES)
	cd web && npm run build

build: deps server web

# ---------------------------------------------------------------------------------------
# make run: the one place that prepares a local instance and greets the user. It must stay
# one command. Later issues add here: loading demo data (after `migrate`) and the login
# hint (in the banner below).
# ---------------------------------------------------------------------------------------
RUN_URL = http://$${FENGHUO_SERVER_HOST:-127.0.0.1}:$${FENGHUO_SERVER_PORT:-8080}

run: build
	$(FENGHUO) migrate
	$(FENGHUO) demo-data
	@echo
	@echo '=================================================================='
	@echo "  Fenghuo (烽火) is starting: open $(RUN_URL)"
	@echo "  Sign in with phone 13800138000 (演示管理员, system administrator)."
	@echo "  Login codes are not sent by SMS here: each appears as a line in"
	@echo "  $${FENGHUO_SMS_OUTBOX_PATH:-var/sms-outbox.jsonl}  (tail -f it while you sign in)."
	@echo "  Other demo users: 13800138001 ... 13800138010 (see fenghuo demo-data); the"
	@echo "  小店区 duty room: 13800138006 (值班员) and 13800138010 (带班领导)."
	@echo "  Health check: curl $(RUN_URL)/api/v1/health"
	@echo '  Monitoring: serve feeds itself 40 simulated readings a second (FENGHUO_MONITORING_SIMULATE_RATE).'
	@echo '  Data: var/ (database var/fenghuo.db, files var/data). Stop: Ctrl-C'
	@echo '=================================================================='
	@echo
	FENGHUO_MONITORING_SIMULATE_RATE=$${FENGHUO_MONITORING_SIMULATE_RATE:-40} exec $(FENGHUO) serve

test: deps server server-dev web
	scripts/test.sh

bench: deps-bench server
	bench/run.sh

clean:
	rm -rf build web/dist
