#!/usr/bin/env python3
"""Regenerates the tail polynomials of exact GELU in assembly/kernels/gelu.ts (python3 with numpy,
scipy and mpmath).

For a = |x| >= 1/2 the kernel computes a Phi(-a) = F e^S with S = -a^2/2 + P(u), P of degree 8:

  NEAR (a in [1/2, 5/2), F = a):  u = a - NEAR_CENTER,   P ~ log Phi(-a) + a^2/2;
  FAR  (a in [5/2, 16],  F = 1):  u = t - FAR_CENTER,    P ~ log(a Phi(-a)) + a^2/2,
                                  t = 1 / (1 + a/2), so t runs over [1/9, 1/2.25].

P's absolute error is the tail's relative error, so each P is a minimax fit for the absolute
error (Lawson's iteratively reweighted least squares on 3002 Chebyshev points, references from
scipy's log_ndtr).  The kernel adds P0 to u Q(u) by Fast2Sum, so P0's own float32 rounding would
be an uncorrected error: the centre is a float32 where the function is very nearly a float32 and
P0 is fixed to that value.  How the centre and the rounded coefficients are chosen:

  1. candidates: every 97th float32 in [1.25, 1.4) (NEAR) or [0.2223, 0.3) (FAR), hand-picked
     ranges around the middle of each interval; keep the 40 whose function value is closest to a
     float32, relative to its ulp;
  2. fit P1..P8 with P0 fixed for each and order them by how close the fitted P1 is to a float32
     (a P1 that rounds with little loss is a good start);
  3. for the first 3, round P1..P8 to float32 one at a time, refitting the rest after each; P1..P3
     try both float32 neighbours (a tree, pruned by the best complete error so far), P4..P8 take
     the nearer one;
  4. keep the centre whose rounded polynomial has the smallest maximum error on the fit grid.

It prints the centres and coefficients as the `@inline const` lines of gelu.ts, each P0's distance
from the function (in its ulps), and the absolute error of the float32 polynomials, on the fit
grid and against mpmath on a uniform grid of 20001 points.  It reproduces the committed constants
bit for bit (runs in about 35 s on two cores).

K (the degree-4 polynomial for |x| < 1/2) is from an earlier fit and is not regenerated here.

Usage: python3 scripts/fit-gelu.py
"""
import time

import mpmath as mp
import numpy as np
from scipy.special import log_ndtr

f32 = np.float32
DEGREE = 8
FAR_FROM = 2.5
CLAMP = 16.0
CANDIDATE_STEP = 97          # float32 steps between candidate centres
CANDIDATES_KEPT = 40         # closest to a float32 function value
CENTRES_ROUNDED = 3          # centres given the full rounding search
TREE_DEPTH = 3               # P1..P3 try both float32 neighbours


def near_target(a):
    """log Phi(-a) + a^2/2."""
    return log_ndtr(-a) + a * a / 2


def far_target(t):
    """log(a Phi(-a)) + a^2/2 with a = 2 (1/t - 1), i.e. t = 1 / (1 + a/2)."""
    a = 2 * (1 / t - 1)
    return np.log(a) + log_ndtr(-a) + a * a / 2


def chebyshev_grid(lo, hi, n=3000):
    k = np.arange(n)
    inner = (lo + hi) / 2 - (hi - lo) / 2 * np.cos(np.pi * (k + 0.5) / n)
    return np.concatenate([[lo], inner, [hi]])


def lawson(basis, target, iterations):
    """Coefficients minimizing max |basis @ c - target| (Lawson's reweighted least squares)."""
    weights = np.ones(len(target)) / len(target)
    for _ in range(iterations):
        scale = np.sqrt(weights)
        c, *_ = np.linalg.lstsq(basis * scale[:, None], target * scale, rcond=None)
        error = np.abs(basis @ c - target)
        weights = weights * error + 1e-300
        weights /= weights.sum()
    return c, error.max()


def fit_with_fixed(u, g, fixed, iterations):
    """Minimax P with the coefficients in `fixed` (degree -> value) held; returns all and error."""
    free = [j for j in range(DEGREE + 1) if j not in fixed]
    rest = g - sum(v * u**j for j, v in fixed.items())
    c, error = lawson(np.stack([u**j for j in free], 1), rest, iterations)
    coefficients = dict(fixed)
    coefficients.update(zip(free, c))
    return coefficients, error


def float32_neighbours(v):
    """The two float32 values around v."""
    below = np.nextafter(f32(v), f32(-np.inf)) if f32(v) > v else f32(v)
    return [float(below), float(np.nextafter(below, f32(np.inf)))]


def round_coefficients(u, g, p0, iterations=120):
    """Float32 P1..P8 (P0 = p0 held), rounded one at a time with the rest refitted."""
    best_error, best = np.inf, None

    def descend(fixed, j):
        nonlocal best_error, best
        if j > DEGREE:
            error = np.abs(sum(v * u**k for k, v in fixed.items()) - g).max()
            if error < best_error:
                best_error, best = error, dict(fixed)
            return
        refit, error = fit_with_fixed(u, g, fixed, iterations)
        if error >= best_error:
            return
        choices = float32_neighbours(refit[j]) if j <= TREE_DEPTH else [float(f32(refit[j]))]
        for v in choices:
            descend({**fixed, j: v}, j + 1)

    descend({0: float(p0)}, 1)
    return [best[j] for j in range(DEGREE + 1)], best_error


def ulps_from_float32(v):
    """|v - float32(v)| in units of float32(v)'s ulp."""
    rounded = v.astype(f32)
    return np.abs(v - rounded.astype(np.float64)) / np.abs(np.spacing(rounded).astype(np.float64))


def fit_piece(target, lo, hi, search_from, search_to):
    """(centre, P0's distance in ulps, float32 coefficients P0..P8, max error on the fit grid)."""
    first, last = f32(search_from).view(np.int32), f32(search_to).view(np.int32)
    candidates = np.arange(first, last, CANDIDATE_STEP, dtype=np.int32).view(f32)
    values = target(candidates.astype(np.float64))
    distance = ulps_from_float32(values)
    kept = np.argsort(distance)[:CANDIDATES_KEPT]

    grid = chebyshev_grid(lo, hi)
    g = target(grid)
    by_p1 = []
    for i in kept:
        unrounded, _ = fit_with_fixed(grid - float(candidates[i]), g, {0: float(f32(values[i]))}, 150)
        by_p1.append((ulps_from_float32(np.float64(unrounded[1])), i))
    by_p1.sort()

    best = None
    for _, i in by_p1[:CENTRES_ROUNDED]:
        centre = float(candidates[i])
        coefficients, error = round_coefficients(grid - centre, g, f32(values[i]))
        if best is None or error < best[3]:
            best = (centre, float(distance[i]), coefficients, error)
    return best


def mpmath_error(coefficients, centre, lo, hi, exact):
    """Max |P(u) - exact| over 20001 uniform points, P evaluated in float64."""
    mp.mp.dps = 30
    xs = np.linspace(lo, hi, 20001)
    reference = np.array([float(exact(mp.mpf(float(x)))) for x in xs])
    return np.abs(np.polyval(coefficients[::-1], xs - centre) - reference).max()


def near_exact(a):
    return mp.log(mp.ncdf(-a)) + a * a / 2


def far_exact(t):
    a = 2 * (1 / t - 1)
    return mp.log(a * mp.ncdf(-a)) + a * a / 2


start = time.time()
pieces = [
    ('NEAR', near_target, near_exact, 0.5, FAR_FROM, 1.25, 1.4),
    ('FAR', far_target, far_exact, 1 / (1 + CLAMP / 2), 1 / (1 + FAR_FROM / 2), 0.2223, 0.3),
]
for name, target, exact, lo, hi, search_from, search_to in pieces:
    centre, p0_distance, coefficients, grid_error = fit_piece(target, lo, hi, search_from, search_to)
    print(f'@inline const {name}_CENTER: f32 = {centre!r};')
    for j, v in enumerate(coefficients):
        print(f'@inline const {name}{j}: f32 = {v!r};')
    dense_error = mpmath_error(coefficients, centre, lo, hi, exact)
    print(f'  P0 is {p0_distance:.2e} ulp from the function at the centre; max absolute error '
          f'{grid_error:.3g} on the fit grid, {dense_error:.3g} against mpmath '
          f'({dense_error * 2**23:.3g} ulp of 1)')
print(f'({time.time() - start:.0f} s)')
