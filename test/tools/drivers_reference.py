#!/usr/bin/python3
"""Reference values for key driver analysis, computed outside cxm.

Not run by make test: its output is written, with this script named as its
source, into test/pgtap/drivers.sql, sql/drivers.sql and
test/unit/drivers_core_test.c.  Needs NumPy (Debian: apt-get install
python3-numpy), whose least squares and eigen-solver are LAPACK's.

Data: R's datasets::swiss (public domain; 47 French-speaking provinces of
Switzerland, 1888), in test/fixtures/swiss.csv; the model is relaimpo's
documented example Fertility ~ Agriculture + Examination + Education +
Catholic + Infant.Mortality (Grömping 2006, J. Statistical Software 17(1)).

Each statistic is computed by a route different from cxm's:
- R², betas: ordinary least squares on the raw data with an intercept
  (numpy.linalg.lstsq), betas standardized by the standard deviations;
- LMG / Shapley: the R² increment of each driver averaged over all 5! = 120
  orders of entry, each model fitted by least squares on the raw data (cxm
  uses the 2^k subset models from the correlation matrix);
- relative weights: Johnson (2000) from numpy.linalg.eigh of the
  correlation matrix (cxm uses its own Jacobi solver).
"""
import csv
import itertools
import math
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def load(path):
    with open(path, newline="") as f:
        rows = list(csv.DictReader(f))
    names = ["agriculture", "examination", "education", "catholic", "infant_mortality"]
    y = np.array([float(r["fertility"]) for r in rows])
    x = np.array([[float(r[n]) for n in names] for r in rows])
    return y, x, names


def r2_of(y, x, cols):
    if not cols:
        return 0.0
    design = np.column_stack([np.ones(len(y))] + [x[:, c] for c in cols])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    resid = y - design @ coef
    return 1.0 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def lmg(y, x):
    k = x.shape[1]
    cache = {}

    def r2(cols):
        key = frozenset(cols)
        if key not in cache:
            cache[key] = r2_of(y, x, sorted(key))
        return cache[key]

    total = np.zeros(k)
    orders = list(itertools.permutations(range(k)))
    for order in orders:
        entered = []
        for j in order:
            before = r2(entered)
            entered.append(j)
            total[j] += r2(entered) - before
    return total / len(orders)


def relative_weights(y, x):
    data = np.column_stack([x, y])
    corr = np.corrcoef(data, rowvar=False)
    k = x.shape[1]
    rxx, rxy = corr[:k, :k], corr[:k, k]
    values, vectors = np.linalg.eigh(rxx)
    lam_xz = vectors @ np.diag(np.sqrt(values)) @ vectors.T
    beta_star = np.linalg.solve(lam_xz, rxy)
    return (lam_xz ** 2) @ (beta_star ** 2)


def main():
    y, x, names = load(os.path.join(ROOT, "test", "fixtures", "swiss.csv"))
    k = x.shape[1]
    full = r2_of(y, x, list(range(k)))
    design = np.column_stack([np.ones(len(y)), x])
    coef, *_ = np.linalg.lstsq(design, y, rcond=None)
    beta = coef[1:] * x.std(axis=0, ddof=1) / y.std(ddof=1)
    corr = [np.corrcoef(x[:, j], y)[0, 1] for j in range(k)]
    shapley = lmg(y, x)
    weights = relative_weights(y, x)
    print("-- swiss: rows %d, R2 %.17g" % (len(y), full))
    print("-- sum of LMG %.17g, sum of relative weights %.17g" % (shapley.sum(), weights.sum()))
    print("(driver, name, mean, correlation, beta, relative_weight, shapley)")
    for j in range(k):
        print("(%d, '%s', %.17g, %.17g, %.17g, %.17g, %.17g)," %
              (j + 1, names[j], x[:, j].mean(), corr[j], beta[j], weights[j], shapley[j]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
