#!/usr/bin/env python3
"""Regenerates the polynomial coefficients of the exp family (python3 with mpmath and numpy):

  Q(t), degree 4, in assembly/math/expm1.ts:  expm1(t) = t + t^2 Q(t), minimax for the relative
        error of expm1 on [-ln2/2, ln2/2] (widened by 0.05 % for the reduction's rounding);
  T(s), degree 6, in assembly/kernels/tanh-shrink.ts:  3 (x - tanh x) / x^3 = 1 + s T(s),
        s = x^2, minimax for the relative error on [0, 1.05^2].

Each is fitted with a Remez exchange in 60-digit arithmetic, then rounded to float32; the script
prints the float32 coefficients (lowest degree first) and the relative error they reach, measured
in float64 on a fine grid.  Usage: python3 scripts/fit-exp-family.py
"""
import mpmath as mp
import numpy as np

mp.mp.dps = 60


def remez(g, w, a, b, deg, iters=40, grid=3000):
    """Coefficients c0..c_deg of the polynomial P minimizing max |w(x) (P(x) - g(x))| on [a, b]."""
    a, b = mp.mpf(a), mp.mpf(b)
    n = deg + 2
    xs = [(a + b) / 2 - (b - a) / 2 * mp.cos(mp.pi * (i + 0.5) / n) for i in range(n)]
    pts = [a + (b - a) * k / grid for k in range(grid + 1)]
    pts = [p if p != 0 else mp.mpf('1e-30') for p in pts]
    for _ in range(iters):
        A = mp.matrix(n, n)
        rhs = mp.matrix(n, 1)
        for i, x in enumerate(xs):
            for j in range(deg + 1):
                A[i, j] = x**j
            A[i, deg + 1] = (-1) ** i / w(x)
            rhs[i] = g(x)
        sol = mp.lu_solve(A, rhs)
        c = [sol[j] for j in range(deg + 1)]
        err = [w(p) * (sum(c[j] * p**j for j in range(deg + 1)) - g(p)) for p in pts]
        # Local extrema of the error, alternating in sign, become the next reference.
        ext = []
        for k, v in enumerate(err):
            left = err[k - 1] if k > 0 else None
            right = err[k + 1] if k < len(err) - 1 else None
            if (left is None or abs(v) >= abs(left)) and (right is None or abs(v) >= abs(right)) and v != 0:
                if ext and mp.sign(ext[-1][1]) == mp.sign(v):
                    if abs(v) > abs(ext[-1][1]):
                        ext[-1] = (pts[k], v)
                else:
                    ext.append((pts[k], v))
        while len(ext) > n:
            ext.pop(0 if abs(ext[0][1]) < abs(ext[-1][1]) else -1)
        if len(ext) < n:
            break
        xs = [p for p, _ in ext]
    return c


def report(name, coefficients, relative_error, lo, hi):
    f32 = [np.float32(float(v)) for v in coefficients]
    grid = np.linspace(lo, hi, 200001)
    grid = grid[grid != 0]
    print(f'{name}: ' + ', '.join(repr(float(v)) for v in f32))
    print(f'  max relative error with float32 coefficients: {max(relative_error(f32, grid)):.3g}')


# expm1(t) = t + t^2 Q(t): Q approximates (expm1(t) - t) / t^2, weighted to the relative error.
h = mp.log(2) / 2 * mp.mpf('1.0005')
q = remez(
    lambda t: (mp.expm1(t) - t) / t**2,
    lambda t: t**2 / abs(mp.expm1(t)),
    -h, h, 4, grid=2001,
)
report(
    'Q (expm1.ts Q0..Q4)', q,
    lambda c, t: np.abs((t + t * t * sum(float(c[j]) * t**j for j in range(5))) - np.expm1(t)) / np.abs(np.expm1(t)),
    -float(h), float(h),
)


# 3 (x - tanh x) / x^3 = 1 + s T(s): T approximates (3 R(s) - 1) / s, R(s) = (x - tanh x) / x^3.
def three_r(s):
    x = mp.sqrt(s)
    return 3 * (x - mp.tanh(x)) / x**3


t = remez(lambda s: (three_r(s) - 1) / s, lambda s: s / three_r(s), 0, mp.mpf('1.05') ** 2, 6)


def tanh_shrink_error(c, s):
    exact = np.array([float(three_r(mp.mpf(v))) for v in s[::100]])
    approx = 1 + s[::100] * sum(float(c[j]) * s[::100] ** j for j in range(7))
    return np.abs(approx - exact) / exact


report('T (tanh-shrink.ts T0..T6)', t, tanh_shrink_error, 0, 1.05**2)
