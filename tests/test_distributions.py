"""Tests for pmsim.engine.distributions (three-point sampling)."""

from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the package may not be installed in the venv
    sys.path.insert(0, str(ROOT))

from pmsim.engine.distributions import (  # noqa: E402
    DISTRIBUTIONS,
    sample_three_point,
    three_point_mean,
)

A = np.array([1.0, 2.0, 0.0, 5.0, 3.0])
M = np.array([2.0, 2.0, 4.0, 9.0, 3.0])
B = np.array([6.0, 7.0, 4.0, 20.0, 3.0])


def rng(seed: int = 0) -> np.random.Generator:
    return np.random.default_rng(seed)


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_shapes(dist: str) -> None:
    assert sample_three_point(rng(), 1.0, 2.0, 3.0, dist).shape == ()
    assert sample_three_point(rng(), 1.0, 2.0, 3.0, dist, size=7).shape == (7,)
    assert sample_three_point(rng(), A, M, B, dist).shape == (5,)
    assert sample_three_point(rng(), A, M, B, dist, size=11).shape == (11, 5)
    assert sample_three_point(rng(), 0.0, M, B, dist, size=4).shape == (4, 5)
    assert sample_three_point(rng(), A, M, B, dist, size=np.int64(3)).shape == (3, 5)


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_degenerate_inputs_exact_and_silent(dist: str) -> None:
    low = np.array([0.0, 3.5, 1.0, 1.0, 0.0, 0.0, 1e-12])
    mode = np.array([0.0, 3.5, 1.0, 4.0, 0.0, 2.0, 1e-12])
    high = np.array([0.0, 3.5, 4.0, 4.0, 2.0, 2.0, 1e-12])
    with warnings.catch_warnings(), np.errstate(all="raise"):
        warnings.simplefilter("error")
        x = sample_three_point(rng(3), low, mode, high, dist, size=2000)
        zeros = sample_three_point(rng(3), 0.0, 0.0, 0.0, dist, size=10)
        scalar = sample_three_point(rng(3), 2.5, 2.5, 2.5, dist)
        means = three_point_mean(low, mode, high, dist)
    assert np.all(np.isfinite(x))
    flat = low == high
    assert np.array_equal(x[:, flat], np.broadcast_to(low[flat], (2000, int(flat.sum()))))
    assert np.array_equal(zeros, np.zeros(10))
    assert float(scalar) == 2.5
    assert np.all(np.isfinite(means))
    assert np.array_equal(np.asarray(means)[flat], low[flat])
    # m == a and m == b are honoured: samples stay above a (and below b unless lognormal)
    assert np.all(x[:, 2] >= 1.0) and np.all(x[:, 3] >= 1.0)
    if dist != "lognormal":
        assert np.all(x[:, 2:4] <= 4.0)


@pytest.mark.parametrize("dist", ["pert", "triangular"])
def test_samples_within_bounds(dist: str) -> None:
    x = sample_three_point(rng(1), A, M, B, dist, size=50_000)
    assert np.all(x >= A) and np.all(x <= B)


def test_lognormal_at_least_low_with_pert_moments() -> None:
    a, m, b = 2.0, 5.0, 20.0
    x = sample_three_point(rng(2), a, m, b, "lognormal", size=400_000)
    assert np.all(x >= a)
    assert x.mean() == pytest.approx((a + 4 * m + b) / 6, rel=5e-3)
    assert x.std() == pytest.approx((b - a) / 6, rel=2e-2)
    # a == m still has a finite, positive spread
    y = sample_three_point(rng(2), 1.0, 1.0, 7.0, "lognormal", size=100_000)
    assert np.all(y >= 1.0) and y.mean() == pytest.approx(2.0, rel=1e-2)


def test_pert_mean_and_sd() -> None:
    a, m, b = 2.0, 5.0, 20.0
    x = sample_three_point(rng(4), a, m, b, "pert", size=400_000)
    assert x.mean() == pytest.approx((a + 4 * m + b) / 6, rel=3e-3)
    alpha, beta = 1 + 4 * (m - a) / (b - a), 1 + 4 * (b - m) / (b - a)
    var = alpha * beta / ((alpha + beta) ** 2 * (alpha + beta + 1)) * (b - a) ** 2
    assert x.std() == pytest.approx(np.sqrt(var), rel=1e-2)


def test_vector_means_match_three_point_mean() -> None:
    for dist in DISTRIBUTIONS:
        x = sample_three_point(rng(5), A, M, B, dist, size=200_000)
        expected = three_point_mean(A, M, B, dist)
        np.testing.assert_allclose(x.mean(axis=0), expected, rtol=1e-2)


def test_three_point_mean_values_and_types() -> None:
    assert three_point_mean(1.0, 2.0, 9.0, "pert") == pytest.approx(3.0)
    assert three_point_mean(1.0, 2.0, 9.0, "lognormal") == pytest.approx(3.0)
    assert three_point_mean(1.0, 2.0, 9.0, "triangular") == pytest.approx(4.0)
    assert isinstance(three_point_mean(1.0, 2.0, 9.0, "pert"), float)
    out = three_point_mean([1.0, 0.0], [2.0, 0.0], [9.0, 0.0], "pert")
    assert isinstance(out, np.ndarray) and out.shape == (2,)
    assert three_point_mean(0.1, 0.1, 0.1, "pert") == 0.1


@pytest.mark.parametrize("dist", DISTRIBUTIONS)
def test_deterministic_and_independent_of_global_rng(dist: str) -> None:
    state = np.random.get_state()
    np.random.seed(1)
    x = sample_three_point(rng(42), A, M, B, dist, size=100)
    np.random.seed(2)
    y = sample_three_point(rng(42), A, M, B, dist, size=100)
    z = sample_three_point(rng(43), A, M, B, dist, size=100)
    np.random.set_state(state)
    assert np.array_equal(x, y)
    assert not np.array_equal(x, z)


@pytest.mark.parametrize("dist", ["triangular", "lognormal"])
def test_degenerate_element_does_not_shift_other_draws(dist: str) -> None:
    # One draw per element for these two (PERT's beta uses rejection sampling, whose
    # consumption depends on every element's shape parameters).
    x = sample_three_point(rng(9), [1.0, 0.0], [2.0, 3.0], [5.0, 8.0], dist, size=50)
    z = sample_three_point(rng(9), [1.0, 4.0], [2.0, 4.0], [5.0, 4.0], dist, size=50)
    assert np.array_equal(z[:, 0], x[:, 0]) and np.all(z[:, 1] == 4.0)


def test_unknown_distribution() -> None:
    with pytest.raises(ValueError, match="unknown distribution"):
        sample_three_point(rng(), 1.0, 2.0, 3.0, "normal")
    with pytest.raises(ValueError):
        three_point_mean(1.0, 2.0, 3.0, "uniform")
