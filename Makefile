# cxm - customer-experience analytics inside PostgreSQL.
#
#   make && make install      build and install into the PostgreSQL that pg_config names
#   make installcheck         pg_regress suite against your own server (PGHOST/PGPORT)
#   make test                 everything, on a throwaway cluster (installs what is missing)
#   make demo                 the showcase report on a throwaway cluster
#   make bench                the benchmark on a throwaway cluster
#   make bench-compare        each changed aggregate timed on a git ref (BENCH_REF=main) and the tree, interleaved
#   make unit                 plain-C unit tests of the src/*_core.c files
#   make fuzz                 libFuzzer harnesses of the core parsers (FUZZ_SECONDS=60 each)
#   make test-citus           every aggregate on a throwaway Citus cluster (needs Citus installed)
#   make bench-citus          the distributed benchmark: one node against Citus, bytes shipped
#   make mutate               mutation testing of src/*.c (MUTATE_SAMPLE, MUTATE_ROOMS, MUTATE_JOBS)
#   make coverage             make test's suites against a gcov build; per-file coverage of src/*.c
#   make matrix               make test on every PostgreSQL major Debian carries (slow; cached builds)
#   make deb                  the Debian package postgresql-<major>-cxm (debian/)
#   make dist                 cxm-<version>.zip for PGXN, from git archive
#   make test-clients         the README's examples through pgJDBC, psycopg 3 and node-postgres
#   make dashboard            the Evidence dashboard of the demo data (examples/dashboard/)
#   make dashboard-test       every dashboard page in headless Chromium, with screenshots

EXTENSION  = cxm
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" cxm.control)

# Rooms: each family of features has src/<room>.c (PostgreSQL glue),
# usually src/<room>_core.c (plain C), src/<room>.sql (its SQL declarations)
# and tests named to match.  They are found by name; ratings and state (the
# aggregates' state type, cxm_state) come first in the install script
# because later rooms use their types.
FIRST_ROOMS = ratings state
ROOMS = $(FIRST_ROOMS) $(filter-out $(FIRST_ROOMS) header changes,$(sort $(basename $(notdir $(wildcard src/*.sql)))))

MODULE_big = cxm
OBJS = $(patsubst %.c,%.o,$(sort $(wildcard src/*.c)))
PG_CPPFLAGS += -DCXM_VERSION='"$(EXTVERSION)"'

# Versions.  The install script of the current version is built from the
# rooms' SQL.  The upgrade script from the previous release is built from the
# rooms that release did not have, then src/changes.sql (statements that
# change objects of earlier rooms, which may use the new rooms' types).  At a release both built scripts are
# copied, frozen, into extension/, PREVIOUS_VERSION and PREVIOUS_ROOMS move
# on, and src/changes.sql is emptied.
PREVIOUS_VERSION = 0.2.0
PREVIOUS_ROOMS = ratings attribution clv funnel operations paths retention sequence sessions
NEW_ROOMS = $(filter-out $(PREVIOUS_ROOMS),$(ROOMS))
UPGRADE_SCRIPT = cxm--$(PREVIOUS_VERSION)--$(EXTVERSION).sql

DATA_built = cxm--$(EXTVERSION).sql $(UPGRADE_SCRIPT)
DATA = $(filter-out $(addprefix extension/,$(DATA_built)),$(wildcard extension/cxm--*.sql))
EXTRA_CLEAN = results regression.diffs regression.out test/unit/*.bin src/*.d test/tools/calltrace/*.o test/tools/calltrace/*.so

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --dbname=cxm_regression --load-extension=cxm --encoding=UTF8

# The expected outputs assume these settings; a DBA's server may differ, so
# installcheck sets them for its sessions (plans in EXPLAIN tests depend on
# the memory and cost settings; times on the time zone; messages on lc_messages).
installcheck: export PGOPTIONS += -c timezone=UTC -c datestyle=ISO,MDY -c intervalstyle=postgres \
	-c lc_messages=C -c lc_monetary=C -c lc_numeric=C -c extra_float_digits=1 -c work_mem=4MB \
	-c hash_mem_multiplier=2 -c random_page_cost=4 -c seq_page_cost=1 -c cpu_tuple_cost=0.01 \
	-c effective_cache_size=4GB -c jit=off -c max_parallel_workers_per_gather=0

# Warnings are errors: a clean build on every supported PostgreSQL is part of
# the contract.  A DBA whose newer compiler adds a warning can pass WERROR=.
# PostgreSQL's own headers are not -Wextra clean, so they are read as system
# headers; our code gets every warning.
WERROR ?= -Werror
PG_CFLAGS += -Wall -Wextra $(WERROR) -MMD -MP
PG_CPPFLAGS += -isystem $(shell $(PG_CONFIG) --includedir-server)

# SANITIZE=1 builds with AddressSanitizer and UndefinedBehaviorSanitizer
# (make test CXM_SANITIZE=1 loads that build into its cluster).
ifeq ($(SANITIZE),1)
PG_CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer
SHLIB_LINK += -fsanitize=address,undefined
endif

# COVERAGE=1 builds with gcov instrumentation, unoptimised so that every line
# counts (make coverage does this on a scratch copy of the tree).
ifeq ($(COVERAGE),1)
PG_CFLAGS += --coverage -O0
SHLIB_LINK += --coverage
endif

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# Supported PostgreSQL majors (also in META.json and the README's "Supported
# versions"; test/tools/release_lint.py keeps them equal).  Another major
# stops the build here with one line rather than deep in a header.
PG_MAJOR_MIN = 13
PG_MAJOR_MAX = 18
ifeq ($(filter clean distclean dist,$(MAKECMDGOALS)),)
ifneq ($(shell test $(MAJORVERSION) -ge $(PG_MAJOR_MIN) -a $(MAJORVERSION) -le $(PG_MAJOR_MAX) 2>/dev/null && echo ok),ok)
$(error cxm $(EXTVERSION) supports PostgreSQL $(PG_MAJOR_MIN) to $(PG_MAJOR_MAX); $(PG_CONFIG) is PostgreSQL $(VERSION))
endif
endif

# header dependencies written by -MMD: a changed .h rebuilds what includes it
-include $(OBJS:.o=.d)

cxm--$(EXTVERSION).sql: src/header.sql $(addprefix src/,$(addsuffix .sql,$(ROOMS))) cxm.control Makefile
	cat src/header.sql $(addprefix src/,$(addsuffix .sql,$(ROOMS))) > $@

$(UPGRADE_SCRIPT): src/header.sql $(addprefix src/,$(addsuffix .sql,$(NEW_ROOMS))) src/changes.sql cxm.control Makefile
	sed 's/CREATE EXTENSION cxm/ALTER EXTENSION cxm UPDATE/' src/header.sql > $@
	cat $(addprefix src/,$(addsuffix .sql,$(NEW_ROOMS))) src/changes.sql >> $@

# ---- harness targets (scripts in test/tools) ----
.PHONY: test demo bench bench-compare unit fuzz mutate coverage matrix deb deb-test dist test-clients dashboard dashboard-test test-citus bench-citus

unit:
	bash test/tools/unit.sh

FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) bash test/tools/fuzz.sh

test:
	bash test/tools/run-tests.sh

test-citus:
	bash test/tools/citus.sh

bench-citus:
	bash test/tools/bench-citus.sh

demo:
	bash test/tools/demo.sh

bench:
	bash test/tools/bench.sh

BENCH_REF ?= main
bench-compare:
	BENCH_REF=$(BENCH_REF) bash test/tools/bench-compare.sh

mutate:
	bash test/tools/mutate.sh

coverage:
	bash test/tools/coverage.sh

matrix:
	bash test/tools/matrix.sh

deb:
	bash test/tools/deb.sh

# The PGXN distribution: the committed tree at HEAD (git archive), after the
# release checks (versions agree, META.json is valid).
dist:
	python3 test/tools/release_lint.py
	git archive --format=zip --prefix=$(EXTENSION)-$(EXTVERSION)/ -o $(EXTENSION)-$(EXTVERSION).zip HEAD
	@echo "$(EXTENSION)-$(EXTVERSION).zip"

# Installs the package into the machine's PostgreSQL, tests it and purges it
# (root; not part of make test).
deb-test:
	bash test/tools/deb_test.sh

test-clients:
	bash test/tools/test-clients.sh

dashboard:
	bash test/tools/dashboard.sh build

dashboard-test:
	bash test/tools/dashboard.sh test
