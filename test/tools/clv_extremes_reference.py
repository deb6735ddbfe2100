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


# 35 customers (x, mean value), drawn at random, whose likelihood has its
# maximum well inside; a line search that stopped doubling its trial step
# ran off toward p -> 0 on them (test/unit/clv_core_test.c)
GG_SAMPLE = [(5, "44.4"), (1, "83.9"), (7, "45.4"), (2, "35.8"), (4, "87.3"), (3, "69.7"), (5, "45.7"), (7, "27.4"),
             (6, "54.9"), (1, "84.6"), (3, "14.1"), (2, "72.8"), (7, "37.4"), (7, "41.6"), (1, "35.2"), (1, "38.4"),
             (4, "56.6"), (4, "51.3"), (8, "42.1"), (9, "97"), (9, "49.2"), (1, "16.7"), (2, "13.8"), (9, "97.7"),
             (5, "26.6"), (2, "26.3"), (4, "15.5"), (4, "28.7"), (3, "45.2"), (1, "17.8"), (1, "84.3"), (4, "98.9"),
             (2, "93.7"), (3, "39.6"), (3, "44.4")]

# six customers whose likelihood has its maximum at q = 35, v = 7421 (found by
# a random search): a line search that took a step still falling steeply as
# its Wolfe point wandered for 1000 iterations without converging
# (test/unit/clv_core_test.c)
GG_SIX = [(2, "360.6"), (3, "322.7"), (3, "740"), (6, "900.4"), (7, "470.6"), (7, "562.3")]


def gg_log_likelihood(rows, p, q, v):
    """Fader & Hardie's Gamma-Gamma likelihood of (x, mean value) rows."""
    return sum(mp.loggamma(p * x + q) - mp.loggamma(p * x) - mp.loggamma(q) + q * mp.log(v) + (p * x - 1) * mp.log(m)
               + p * x * mp.log(x) - (p * x + q) * mp.log(x * m + v) for x, m in rows)


def gg_optimum(rows, start):
    """The stationary point of the likelihood in log parameters (Newton from start), checked to be a maximum."""
    with mp.workdps(50):
        rows = [(mp.mpf(x), mp.mpf(m)) for x, m in rows]
        f = lambda a, b, c: gg_log_likelihood(rows, mp.exp(a), mp.exp(b), mp.exp(c))
        units = ((1, 0, 0), (0, 1, 0), (0, 0, 1))
        phi = mp.findroot(lambda a, b, c: [mp.diff(f, (a, b, c), d) for d in units], tuple(mp.log(s) for s in start))
        hessian = mp.matrix([[mp.diff(f, tuple(phi), tuple(i + j for i, j in zip(u, w))) for w in units] for u in units])
        assert all(e < 0 for e in mp.eig(hessian)[0]), "not a maximum"
        return [mp.exp(c) for c in phi] + [f(*phi)]


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
    # past 1000 purchases: B(a, b + n) / B(a, b) by Stirling's formula
    for model, t, n in ((cdnow, 1e5, 1001), (cdnow, 1e5, 1500), ((2000, 1, 0.793, 2.426), 1, 2000)):
        show("P(X(%g)=%d), r alpha a b = %s:" % (t, n, model), probability_of_purchases(model, t, n))
    # r small against a + b: the closed form's series cancels (the integral is used)
    show("E[X(100)|0,0,5], r=0.01 alpha=1 a=0.5 b=50:", expected((0.01, 1, 0.5, 50), 100, 0, 0, 5))
    show("E[X(50)|0,0,1], r=0.01 alpha=10 a=50 b=60:", expected((0.01, 10, 50, 60), 50, 0, 0, 1))
    p, q, v, ll = gg_optimum(GG_SAMPLE, (2, 10, 250))
    show("Gamma-Gamma on GG_SAMPLE: p", p)
    show("... q", q)
    show("... v", v)
    show("... log-likelihood", ll)
    p, q, v, ll = gg_optimum(GG_SIX, (2.7, 35, 7400))
    show("Gamma-Gamma on GG_SIX: p", p)
    show("... q", q)
    show("... v", v)
    show("... log-likelihood", ll)
    show("P(alive|1e6,1e6,2e6), r=0.5 alpha=1e12 a=1e6 b=1e-6:", alive((0.5, 1e12, 1e6, 1e-6), 1e6, 1e6, 2e6))
    show("E[M|1,1], p=1e200 q=2 v=1e200:", expected_value((1e200, 2, 1e200), 1, 1))
    show("CLV, CDNOW customer 1, 120 months of 1e-70 weeks, discount -0.999:",
         clv(cdnow, spend, 2, 30.43, 38.86, 22.35, 120, -0.999, 1e-70))


if __name__ == "__main__":
    main()
