#!/usr/bin/env bash
# make demo: build, install, start a throwaway cluster, load the sample CRM
# data set (test/demo/data/*.sql, in name order) and print the showcase
# report (test/demo/report/*.sql, in name order).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cxm_base_packages
cxm_build_install
cxm_cluster_start

cxm_psql -d postgres -c 'CREATE DATABASE cxm_demo' || cxm_die "could not create the demo database"
cxm_psql -d cxm_demo -c 'CREATE EXTENSION cxm' || cxm_die "CREATE EXTENSION cxm failed"
cxm_log "loading the sample CRM data set"
for f in "$CXM_ROOT"/test/demo/data/*.sql; do
	cxm_psql -d cxm_demo -f "$f" >/dev/null || cxm_die "loading $(basename "$f") failed"
done
for f in "$CXM_ROOT"/test/demo/report/*.sql; do
	cxm_psql -d cxm_demo -P footer=off -f "$f" || cxm_die "report $(basename "$f") failed"
done
