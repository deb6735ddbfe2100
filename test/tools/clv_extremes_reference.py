#!/usr/bin/env python3
"""Reference values for the BG/NBD and Gamma-Gamma predictions at the extremes.

Not run by `make test`: it is how the values quoted in test/pgtap/clv.sql
(extreme models, long horizons, discounts near -1) and in
test/unit/clv_core_test.c were obtained, from the published formulas
(Fader, Hardie & Lee 2005, eqs. 8 and 10; Hardie's note 021; Fader & Hardie's
Gamma-Gamma mean) in 200-digit arithmetic with mpmath's own 2F1 and
incomplete beta function, with none of cxm's code.  At a = 1, where the
closed form of E[Y(t)] divides 0 by 0, the value is the closed form at
a = 1 +- 1e-60 (they agree to 50 digits) and the integral over the dropout
probability p ~ Beta(a, b + x) of (1 - (1 + p tau)^-(r + x)) / p.

Needs Debian's python3-mpmath.  Usage: python3 test/tools/clv_extremes_reference.py
"""
import mpmath as mp

mp.mp.dps = 200


def alive(model, x, t_x, T):
    r, alpha, a, b = (mp.mpf(v) for v in model)
    if x == 0:
        return mp.mpf(1)
    return 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))


def expected(model, t, x=0, t_x=0, T=0):
    """E[Y(t) | x, t_x, T], eq. (10), after Euler's transformation as lifetimes writes it."""
    r, alpha, a, b = (mp.mpf(v) for v in model)
    t, x, t_x, T = mp.mpf(t), mp.mpf(x), mp.mpf(t_x), mp.mpf(T)
    if a == 1:
        above = expected((r, alpha, 1 + mp.mpf('1e-60'), b), t, x, t_x, T)
        below = expected((r, alpha, 1 - mp.mpf('1e-60'), b), t, x, t_x, T)
        assert abs(above - below) < mp.mpf('1e-50') * abs(above)
        return (above + below) / 2
    hyp = mp.hyp2f1(r + x, b + x, a + b + x - 1, t / (alpha + T + t))
    bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hyp
    return (a + b + x - 1) / (a - 1) * bracket * alive(model, x, t_x, T)


def expected_by_integral(model, t, x=0, t_x=0, T=0):
    r, alpha, a, b = (mp.mpf(v) for v in model)
    s, beta, tau = r + x, b + x, mp.mpf(t) / (alpha + T)
    density = lambda p: p ** (a - 1) * (1 - p) ** (beta - 1) / mp.beta(a, beta)
    given = mp.quad(lambda p: -mp.expm1(-s * mp.log1p(p * tau)) / p * density(p), [0, a / (a + beta), 1])
    return given * alive(model, x, t_x, T)


def probability_of_purchases(model, t, n):
    """P(X(t) = n), eq. (8), the negative binomial tail as a regularized incomplete beta function."""
    r, alpha, a, b = (mp.mpf(v) for v in model)
    t = mp.mpf(t)
    p0, q0 = alpha / (alpha + t), t / (alpha + t)
    ratio = mp.beta(a, b + n) / mp.beta(a, b)
    density = mp.gamma(r + n) / mp.gamma(r) / mp.factorial(n) * p0 ** r * q0 ** n
    tail = mp.betainc(n, r, 0, q0, regularized=True) if n > 0 else 0
    return ratio * density + (mp.beta(a + 1, b + n - 1) / mp.beta(a, b) * tail if n > 0 else 0)


def expected_value(spend, x, m):
    with mp.workdps(1000):  # 1 - weight cancels 400 digits at p = 1e200
        p, q, v = (mp.mpf(s) for s in spend)
        weight = p * x / (p * x + q - 1)
        return +((1 - weight) * v * p / (q - 1) + weight * mp.mpf(m))


def clv(model, spend, x, t_x, T, m, months, discount, per_month):
    value = expected_value(spend, x, m)
    per_month, discount = mp.mpf(per_month), mp.mpf(discount)
    return sum(value * (expected(model, k * per_month, x, t_x, T) - expected(model, (k - 1) * per_month, x, t_x, T))
               / (1 + discount) ** k for k in range(1, months + 1))


def show(label, value):
    print(label, mp.nstr(value, 17))


def main():
    cdnow, spend = (0.243, 4.414, 0.793, 2.426), (6.25, 3.74, 15.44)
    show("E[Y(100)|1,1,2], r=1 alpha=1 a=b=1000:", expected((1, 1, 1000, 1000), 100, 1, 1, 2))
    show("E[X(30)], r=0.5 alpha=10 a=1 b=2:", expected((0.5, 10, 1, 2), 30))
    show("... the integral:", expected_by_integral((0.5, 10, 1, 2), 30))
    show("E[X(1e9)], alpha=0.001:", expected((0.243, 0.001, 0.793, 2.426), 1e9))
    show("E[X(1e12)], CDNOW:", expected(cdnow, 1e12))
    show("E[Y(1e6)|5,20,30], r=2 alpha=7 a=1e6 b=3e5:", expected((2, 7, 1e6, 3e5), 1e6, 5, 20, 30))
    show("E[Y(50)|3,10,40], r=1e-6 alpha=1e-3 a=1e-6 b=1e6:", expected((1e-6, 1e-3, 1e-6, 1e6), 50, 3, 10, 40))
    for n in (0, 1, 5, 10, 20):
        show("P(X(10)=%d), r=1000 alpha=1000 a=b=1e6:" % n, probability_of_purchases((1000, 1000, 1e6, 1e6), 10, n))
    for n in (0, 1, 3):
        show("P(X(10)=%d), r=1e-6 alpha=1e-6 a=1e6 b=1e-6:" % n, probability_of_purchases((1e-6, 1e-6, 1e6, 1e-6), 10, n))
    show("P(alive|1e6,1e6,2e6), r=0.5 alpha=1e12 a=1e6 b=1e-6:", alive((0.5, 1e12, 1e6, 1e-6), 1e6, 1e6, 2e6))
    show("E[M|1,1], p=1e200 q=2 v=1e200:", expected_value((1e200, 2, 1e200), 1, 1))
    show("CLV, CDNOW customer 1, 120 months of 1e-70 weeks, discount -0.999:",
         clv(cdnow, spend, 2, 30.43, 38.86, 22.35, 120, -0.999, 1e-70))


if __name__ == "__main__":
    main()
