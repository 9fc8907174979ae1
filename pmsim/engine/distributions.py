"""Three-point (low, most likely, high) sampling, vectorised with NumPy.

Task efforts and durations in pmsim are estimated with three points: optimistic
``a``, most likely ``m`` and pessimistic ``b`` (``0 <= a <= m <= b``). Three
distributions turn such an estimate into random draws:

``"pert"``
    Beta-PERT: ``a + (b - a) * Beta(alpha, beta)`` with
    ``alpha = 1 + 4 (m - a) / (b - a)`` and ``beta = 1 + 4 (b - m) / (b - a)``.
    Mean ``(a + 4m + b) / 6``; standard deviation close to ``(b - a) / 6``.
``"triangular"``
    The triangular distribution on ``[a, b]`` with its peak at ``m``
    (NumPy's ``Generator.triangular``). Mean ``(a + m + b) / 3``.
``"lognormal"``
    A lognormal shifted to start at ``a``: ``X = a + L`` where ``L`` is lognormal
    with mean ``(a + 4m + b) / 6 - a`` and standard deviation ``(b - a) / 6``, the
    classic PERT moments. So ``X`` has the PERT mean and standard deviation, is
    never below ``a``, but has a long right tail and may exceed ``b`` (rarely:
    ``b`` is at least three standard deviations above the mean). With
    ``s`` the standard deviation and ``mu_L`` the mean of ``L``, the parameters of
    the underlying normal are ``sigma^2 = ln(1 + s^2 / mu_L^2)`` and
    ``mu = ln(mu_L) - sigma^2 / 2``.

Degenerate estimates are allowed: when ``a == b`` every distribution returns
``a`` exactly, and ``m == a`` or ``m == b`` work without warnings. A degenerate
element still consumes its draws. Triangular and lognormal use one draw per
element, so elements do not shift each other's values; NumPy's beta sampler
uses rejection, so with PERT the values drawn for one element depend on the
other elements' parameters in the same call. Code that needs common random
numbers per task (the engine's true efforts) should give each task its own
generator.

Randomness comes only from the ``numpy.random.Generator`` passed in; there is no
global random state.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

Distribution = Literal["pert", "triangular", "lognormal"]
DISTRIBUTIONS: tuple[str, ...] = ("pert", "triangular", "lognormal")

__all__ = ["DISTRIBUTIONS", "Distribution", "sample_three_point", "three_point_mean"]


def _broadcast(low: ArrayLike, mode: ArrayLike, high: ArrayLike) -> tuple[np.ndarray, ...]:
    a, m, b = np.broadcast_arrays(
        np.asarray(low, dtype=np.float64),
        np.asarray(mode, dtype=np.float64),
        np.asarray(high, dtype=np.float64),
    )
    return a, m, b


def _check_distribution(distribution: str) -> None:
    if distribution not in DISTRIBUTIONS:
        raise ValueError(
            f"unknown distribution {distribution!r}; expected one of {', '.join(DISTRIBUTIONS)}"
        )


def _out_shape(size: int | tuple[int, ...] | None, shape: tuple[int, ...]) -> tuple[int, ...]:
    if size is None:
        return shape
    if isinstance(size, int | np.integer):
        return (int(size), *shape)
    return tuple(int(s) for s in size) + shape


def sample_three_point(
    rng: np.random.Generator,
    low: ArrayLike,
    mode: ArrayLike,
    high: ArrayLike,
    distribution: str,
    size: int | tuple[int, ...] | None = None,
) -> np.ndarray:
    """Draw samples from three-point estimates.

    Args:
        rng: the generator all draws come from.
        low, mode, high: floats or 1-D arrays (broadcast together), with
            ``0 <= low <= mode <= high``, all finite (validated by the caller).
        distribution: ``"pert"``, ``"triangular"`` or ``"lognormal"`` (see the
            module docstring).
        size: ``None`` for one draw per estimate (the broadcast shape of the
            inputs); an int ``n`` (or a tuple) to prepend that many draws, so
            ``k`` estimates and ``size=n`` give shape ``(n, k)``.

    Returns:
        A float64 array of samples. Where ``low == high`` the sample is ``low``
        exactly.

    Raises:
        ValueError: for an unknown distribution name.
    """
    _check_distribution(distribution)
    a, m, b = _broadcast(low, mode, high)
    shape = _out_shape(size, a.shape)
    width = b - a
    flat = width <= 0.0
    safe_width = np.where(flat, 1.0, width)

    if distribution == "pert":
        alpha = 1.0 + 4.0 * (m - a) / safe_width
        beta = 1.0 + 4.0 * (b - m) / safe_width
        # A flat estimate gets Beta(1, 1) (m - a = b - m = 0); its draw is discarded.
        x = a + width * rng.beta(alpha, beta, size=shape)
    elif distribution == "triangular":
        # NumPy refuses left == right, so flat estimates sample on [a, a + 1] instead.
        right = np.where(flat, a + 1.0, b)
        x = rng.triangular(a, m, right, size=shape)
    else:
        mean_shift = (4.0 * (m - a) + width) / 6.0  # PERT mean minus a
        sd = width / 6.0
        safe_mean = np.where(flat, 1.0, mean_shift)
        sigma2 = np.log1p((sd / safe_mean) ** 2)
        mu = np.log(safe_mean) - 0.5 * sigma2
        x = a + np.exp(mu + np.sqrt(sigma2) * rng.standard_normal(size=shape))

    out = np.where(flat, a, x) if np.any(flat) else x
    return np.asarray(out, dtype=np.float64)


def three_point_mean(
    low: ArrayLike, mode: ArrayLike, high: ArrayLike, distribution: str
) -> float | np.ndarray:
    """Expected value of a three-point estimate under ``distribution``.

    PERT and the shifted lognormal have mean ``(a + 4m + b) / 6``; the triangular
    distribution ``(a + m + b) / 3``. Returns a float for scalar inputs and an
    array (the broadcast shape) otherwise.
    """
    _check_distribution(distribution)
    a, m, b = _broadcast(low, mode, high)
    tri = distribution == "triangular"
    mean = (a + m + b) / 3.0 if tri else (a + 4.0 * m + b) / 6.0
    # A flat estimate's mean is its value exactly (no rounding in the sum).
    mean = np.where(b - a <= 0.0, a, mean)
    if mean.ndim == 0:
        return float(mean)
    return mean
