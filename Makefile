# cxm - customer-experience analytics inside PostgreSQL.
#
#   make && make install      build and install into the PostgreSQL that pg_config names
#   make installcheck         pg_regress suite against your own server (PGHOST/PGPORT)
#   make test                 everything, on a throwaway cluster (installs what is missing)
#   make demo                 the showcase report on a throwaway cluster
#   make bench                the benchmark on a throwaway cluster
#   make unit                 plain-C unit tests of the src/*_core.c files

EXTENSION  = cxm
EXTVERSION = $(shell sed -n "s/^default_version *= *'\(.*\)'/\1/p" cxm.control)

# Rooms, in install order: each has src/<room>.c and src/<room>.sql.
ROOMS = ratings

CORE_OBJS = src/decimal_core.o src/stats_core.o src/ratings_core.o
MODULE_big = cxm
OBJS = src/cxm.o $(addprefix src/,$(addsuffix .o,$(ROOMS))) $(CORE_OBJS)

# The install script of the current version is built from the rooms' SQL;
# released versions and upgrade scripts are kept, frozen, in extension/.
DATA_built = cxm--$(EXTVERSION).sql
DATA = $(filter-out extension/cxm--$(EXTVERSION).sql,$(wildcard extension/cxm--*.sql))
EXTRA_CLEAN = results regression.diffs regression.out test/unit/*.bin

REGRESS = $(patsubst sql/%.sql,%,$(sort $(wildcard sql/*.sql)))
REGRESS_OPTS = --inputdir=. --dbname=cxm_regression --load-extension=cxm

# Warnings are errors: a clean build on every supported PostgreSQL is part of
# the contract.  A DBA whose newer compiler adds a warning can pass WERROR=.
# PostgreSQL's own headers are not -Wextra clean, so they are read as system
# headers; our code gets every warning.
WERROR ?= -Werror
PG_CFLAGS += -Wall -Wextra $(WERROR)
PG_CPPFLAGS += -isystem $(shell $(PG_CONFIG) --includedir-server)

PG_CONFIG ?= pg_config
PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

cxm--$(EXTVERSION).sql: src/header.sql $(addprefix src/,$(addsuffix .sql,$(ROOMS))) cxm.control
	cat src/header.sql $(addprefix src/,$(addsuffix .sql,$(ROOMS))) > $@

# ---- harness targets (scripts in test/tools) ----
.PHONY: test demo bench unit

unit:
	bash test/tools/unit.sh

test:
	bash test/tools/run-tests.sh

demo:
	bash test/tools/demo.sh

bench:
	bash test/tools/bench.sh
