#!/usr/bin/env bash
# make mutate: mutation testing (test/tools/mutate.py); not part of make test.
# Installs what is missing, then hands over to the generator and runner.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

cxm_base_packages
cxm_need_packages "postgresql-$PG_MAJOR-pgtap"
python3 "$CXM_ROOT/test/tools/mutate.py" "$@"
