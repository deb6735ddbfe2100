#!/usr/bin/env python3
"""Independent reference values for the BG/NBD and Gamma-Gamma tests.

Not run by `make test`: it is how the 17-digit values quoted in
test/unit/clv_core_test.c and sql/clv.sql were obtained, written from the
published formulas (Fader, Hardie & Lee 2005; Hardie's notes 004, 021, 025)
with none of cxm's code: predictions in 50-digit arithmetic with mpmath's own
2F1, fits with scipy's BFGS and analytic gradients on the CDNOW fixture.

Needs Debian's python3-scipy and python3-mpmath.
Usage: python3 test/tools/clv_reference.py
"""
import os

import mpmath as mp
import numpy as np
from scipy.optimize import minimize
from scipy.special import digamma, gammaln

mp.mp.dps = 50
FIXTURE = os.path.join(os.path.dirname(__file__), "..", "fixtures", "cdnow_customers.csv")


def bgnbd_objective(log_params, x, t_x, T, w, penalizer):
    """Mean negative log-likelihood plus penalty, and its gradient in log parameters."""
    r, alpha, a, b = np.exp(log_params)
    a3 = -(r + x) * np.log(alpha + T)
    a4 = np.where(x > 0, np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x), -np.inf)
    top = np.maximum(a3, a4)
    lse = top + np.log(np.exp(a3 - top) + np.exp(a4 - top))
    p3, p4 = np.exp(a3 - lse), np.exp(a4 - lse)
    ll = (gammaln(r + x) - gammaln(r) + r * np.log(alpha) + gammaln(a + b) + gammaln(b + x) - gammaln(b)
          - gammaln(a + b + x) + lse)
    g_r = digamma(r + x) - digamma(r) + np.log(alpha) - p3 * np.log(alpha + T) - p4 * np.log(alpha + t_x)
    g_alpha = r / alpha - (r + x) * (p3 / (alpha + T) + p4 / (alpha + t_x))
    g_a = digamma(a + b) - digamma(a + b + x) + p4 / a
    g_b = digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - p4 / (b + np.maximum(x, 1) - 1)
    params = np.array([r, alpha, a, b])
    grad = -np.array([(w * g).sum() for g in (g_r, g_alpha, g_a, g_b)]) * params / w.sum() + 2 * penalizer * params ** 2
    return -(w * ll).sum() / w.sum() + penalizer * (params ** 2).sum(), grad


def bgnbd_fit(x, t_x, T, penalizer=0.0, w=None):
    scale = 1.0 / T.max()
    w = np.ones_like(x) if w is None else w
    res = minimize(bgnbd_objective, 0.1 * np.ones(4), jac=True, method="BFGS", tol=1e-12,
                   args=(x, t_x * scale, T * scale, w, penalizer))
    r, alpha, a, b = np.exp(res.x)
    return r, alpha / scale, a, b


def gg_objective(log_params, x, m, w, penalizer):
    p, q, v = np.exp(log_params)
    ll = (gammaln(p * x + q) - gammaln(p * x) - gammaln(q) + q * np.log(v) + (p * x - 1) * np.log(m)
          + p * x * np.log(x) - (p * x + q) * np.log(x * m + v))
    g_p = x * (digamma(p * x + q) - digamma(p * x) + np.log(m) + np.log(x) - np.log(x * m + v))
    g_q = digamma(p * x + q) - digamma(q) + np.log(v) - np.log(x * m + v)
    g_v = q / v - (p * x + q) / (x * m + v)
    params = np.array([p, q, v])
    grad = -np.array([(w * g).sum() for g in (g_p, g_q, g_v)]) * params / w.sum() + 2 * penalizer * params ** 2
    return -(w * ll).sum() / w.sum() + penalizer * (params ** 2).sum(), grad


def gg_fit(x, m, penalizer=0.0):
    res = minimize(gg_objective, 0.1 * np.ones(3), jac=True, method="BFGS", tol=1e-12,
                   args=(x, m, np.ones_like(x), penalizer))
    return tuple(np.exp(res.x))


def expected(model, t, x, t_x, T):
    """E[Y(t) | x, t_x, T], eq. (10) of Fader, Hardie & Lee (2005), with mpmath's 2F1."""
    r, alpha, a, b = (mp.mpf(v) for v in model)
    x, t_x, T, t = mp.mpf(x), mp.mpf(t_x), mp.mpf(T), mp.mpf(t)
    hyp = mp.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp
    alive = 1 if x == 0 else 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))
    return (a + b + x - 1) / (a - 1) * bracket * alive


def probability_alive(model, x, t_x, T):
    r, alpha, a, b = (mp.mpf(v) for v in model)
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def probability_of_purchases(model, t, n):
    """P(X(t) = n), eq. (8)."""
    r, alpha, a, b = (mp.mpf(v) for v in model)
    t = mp.mpf(t)
    first = (mp.beta(a, b + n) / mp.beta(a, b) * mp.gamma(r + n) / mp.gamma(r) / mp.factorial(n)
             * (alpha / (alpha + t)) ** r * (t / (alpha + t)) ** n)
    if n == 0:
        return first
    head = sum(mp.gamma(r + j) / mp.gamma(r) / mp.factorial(j) * (t / (alpha + t)) ** j for j in range(n))
    return first + mp.beta(a + 1, b + n - 1) / mp.beta(a, b) * (1 - (alpha / (alpha + t)) ** r * head)


def expected_value(spend, x, m):
    p, q, v = (mp.mpf(s) for s in spend)
    weight = p * x / (p * x + q - 1)
    return (1 - weight) * v * p / (q - 1) + weight * mp.mpf(m)


def clv(model, spend, x, t_x, T, m, months, discount, per_month):
    value = expected_value(spend, x, m)
    return sum(value * (expected(model, k * per_month, x, t_x, T) - expected(model, (k - 1) * per_month, x, t_x, T))
               / mp.mpf(1 + discount) ** k for k in range(1, months + 1))


def start_point_weights():
    """Weights that put the likelihood's maximum at the optimiser's start (every log parameter 0.1).

    The per-customer log-likelihoods (Hardie's notes 004 and 025), differentiated
    numerically in the log parameters; the weights solve
    sum_k w_k grad_k = 0, sum_k w_k = 1 (test_progress_fit_passes in
    test/unit/clv_core_test.c; the histories were picked so that every weight
    is positive).
    """
    def gg_ll(lp, lq, lv, x, m):
        p, q, v = mp.exp(lp), mp.exp(lq), mp.exp(lv)
        return (mp.loggamma(p * x + q) - mp.loggamma(p * x) - mp.loggamma(q) + q * mp.log(v)
                + (p * x - 1) * mp.log(m) + p * x * mp.log(x) - (p * x + q) * mp.log(x * m + v))

    def bgnbd_ll(lr, lalpha, la, lb, x, t_x, T):
        r, alpha, a, b = mp.exp(lr), mp.exp(lalpha), mp.exp(la), mp.exp(lb)
        s = mp.exp(-(r + x) * mp.log(alpha + T))
        if x > 0:
            s += mp.exp(mp.log(a) - mp.log(b + x - 1) - (r + x) * mp.log(alpha + t_x))
        return (mp.loggamma(r + x) - mp.loggamma(r) + r * mp.log(alpha) + mp.loggamma(a + b) + mp.loggamma(b + x)
                - mp.loggamma(b) - mp.loggamma(a + b + x) + mp.log(s))

    def weights(ll, dim, rows):
        start = [mp.mpf("0.1")] * dim
        matrix = mp.matrix(dim + 1, len(rows))
        for j, row in enumerate(rows):
            for k in range(dim):
                matrix[k, j] = mp.diff(lambda t: ll(*(start[:k] + [t] + start[k + 1:]), *row), start[k])
            matrix[dim, j] = 1
        return mp.lu_solve(matrix, mp.matrix([0] * dim + [1]))

    for name, ll, dim, rows in [
            ("Gamma-Gamma (x, m)", gg_ll, 3, [(1, 4), (3, 1), (5, 0.25), (5, 4)]),
            ("BG/NBD (x, t_x, T)", bgnbd_ll, 4, [(0, 0, 1), (1, 0.25, 1), (1, 0.75, 1), (2, 0.25, 1), (4, 0.75, 1)])]:
        print("weights with the maximum at the start,", name, rows,
              [mp.nstr(w, 20) for w in weights(ll, dim, [tuple(mp.mpf(v) for v in row) for row in rows])])


def main():
    start_point_weights()
    data = np.loadtxt(FIXTURE, delimiter=",", skiprows=1)
    x, t_x, T, m = data[:, 1], data[:, 2], data[:, 3], data[:, 4]
    print("BG/NBD fit:", bgnbd_fit(x, t_x, T))
    print("BG/NBD fit, penalizer 0.1:", bgnbd_fit(x, t_x, T, 0.1))
    print("Gamma-Gamma fit:", gg_fit(x[x > 0], m[x > 0]))
    print("Gamma-Gamma fit, penalizer 0.1:", gg_fit(x[x > 0], m[x > 0], 0.1))
    # test/limits/business.sql: 10 million rows, i = 1..10^7, x = i % 5, t_x = 0 or 10 + i % 20,
    # T = 40 + i % 100, penalizer 0.001; as its 2,000 distinct histories with their counts
    hist = {}
    period = 100                        # (i % 5, i % 20, i % 100) repeats every lcm(5, 20, 100) values of i
    full, rest = divmod(10 ** 7, period)
    for i in range(1, period + 1):
        n = full + (1 if i <= rest else 0)
        key = (i % 5, 0 if i % 5 == 0 else 10 + i % 20, 40 + i % 100)
        hist[key] = hist.get(key, 0) + n
    keys = sorted(hist)
    hx, ht, hT = (np.array([k[j] for k in keys], dtype=float) for j in range(3))
    print("BG/NBD fit of test/limits/business.sql, penalizer 0.001:",
          bgnbd_fit(hx, ht, hT, 0.001, np.array([hist[k] for k in keys], dtype=float)), len(keys), "histories")
    published, spend = (0.243, 4.414, 0.793, 2.426), (6.25, 3.74, 15.44)
    for args in [(39, 2, 30.43, 38.86), (39, 0, 0, 38.86), (10, 7, 29.43, 38.86), (200, 150, 30, 38.86),
                 (5000, 3, 30, 38.86), (0.001, 5, 30, 38.86)]:
        print("E[Y]", args, mp.nstr(expected(published, *args), 17))
    for t in [0.1429, 1, 3, 31.8571, 32, 78, 1000]:
        print("E[X]", t, mp.nstr(expected(published, t, 0, 0, 0), 17))
    for args in [(2, 30.43, 38.86), (7, 29.43, 38.86), (1, 1.71, 38.86)]:
        print("P(alive)", args, mp.nstr(probability_alive(published, *args), 17))
    for t, n in [(2, 10), (39, 0), (30, 11), (30, 20)]:
        print("P(X(t)=n)", t, n, mp.nstr(probability_of_purchases(published, t, n), 17))
    print("E[M]", mp.nstr(expected_value(spend, 2, 22.35), 17), mp.nstr(expected_value(spend, 0, 0), 17))
    print("CLV", mp.nstr(clv(published, spend, 2, 30.43, 38.86, 22.35, 12, 0.01, 4.345), 17),
          mp.nstr(clv(published, spend, 7, 29.43, 38.86, 73.74, 24, 0.02, 4.345), 17))
    for model, args in [((0.3, 20.0, 0.2, 0.5), (30, 0, 0, 50)), ((0.3, 20.0, 0.2, 0.5), (30, 4, 20, 50)),
                        ((0.5, 10.0, 3.5, 6.0), (365, 12, 300, 360))]:
        print("E[Y]", model, args, mp.nstr(expected(model, *args), 17))


if __name__ == "__main__":
    main()
