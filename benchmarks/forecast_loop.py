"""Plain-Python reference for the Monte Carlo forecast (benchmark and test oracle).

It runs the same critical-path passes as ``pmsim.engine.forecast.Network.finish_times``
with a Python loop over iterations *and* tasks, on the same sampled durations,
doing the same floating-point operations in the same order, so both must give
bit-identical finish arrays and critical masks.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from pmsim.engine.distributions import sample_three_point
from pmsim.engine.forecast import CRITICAL_RTOL, ON_TIME_EPS, ForecastResult, Network

__all__ = ["finish_times_loop", "forecast_network_loop", "total_float_loop"]


def finish_times_loop(
    network: Network,
    durations: np.ndarray,
    start: float = 0.0,
    release: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Same contract as ``Network.finish_times``, one iteration at a time."""
    dur = np.asarray(durations, dtype=np.float64)
    k = len(network)
    if dur.ndim != 2 or dur.shape[1] != k:
        raise ValueError(f"durations must have shape (n_iter, {k}), got {dur.shape}")
    if release is None:
        floors = [float(start)] * k
    else:
        floors = [max(float(r), float(start)) for r in np.asarray(release, dtype=np.float64)]
    order = network.order
    preds = network.preds
    succs = network.succs
    rows = dur.tolist()
    finishes: list[float] = []
    critical: list[list[bool]] = []
    for d in rows:
        ef = [0.0] * k
        for j in order:
            es = floors[j]
            for p in preds[j]:
                if ef[p] > es:
                    es = ef[p]
            ef[j] = es + d[j]
        finish = max(ef) if k else float(start)
        tol = CRITICAL_RTOL * max(1.0, abs(finish))
        ls = [0.0] * k
        crit = [False] * k
        for j in reversed(order):
            lf = min((ls[s] for s in succs[j]), default=finish)
            crit[j] = (lf - ef[j]) <= tol
            ls[j] = lf - d[j]
        finishes.append(finish)
        critical.append(crit)
    return np.asarray(finishes, dtype=np.float64), np.asarray(critical, dtype=bool).reshape(-1, k)


def forecast_network_loop(
    network: Network,
    low: ArrayLike,
    mode: ArrayLike,
    high: ArrayLike,
    *,
    iterations: int,
    rng: np.random.Generator,
    distribution: str = "pert",
    deadline_days: float,
    start: float = 0.0,
    release: np.ndarray | None = None,
    durations: np.ndarray | None = None,
) -> ForecastResult:
    """Same contract as ``pmsim.engine.forecast.forecast_network``, with loops.

    Pass ``durations`` (shape ``(iterations, k)``) to reuse samples already drawn;
    otherwise they are drawn from ``rng`` exactly as the vectorised version does.
    """
    k = len(network)
    low_a, mode_a, high_a = (
        np.broadcast_to(np.asarray(x, dtype=np.float64), (k,)) for x in (low, mode, high)
    )
    if durations is None:
        durations = sample_three_point(rng, low_a, mode_a, high_a, distribution, size=iterations)
    finish, critical = finish_times_loop(network, durations, start=start, release=release)
    det, _ = finish_times_loop(network, mode_a.reshape(1, k), start=start, release=release)
    p50, p80 = np.percentile(finish, [50.0, 80.0])
    on_time = sum(1 for f in finish.tolist() if f <= deadline_days + ON_TIME_EPS)
    counts = critical.sum(axis=0).tolist() if k else []
    return ForecastResult(
        iterations=int(iterations),
        deterministic_days=float(det[0]),
        mean_days=float(finish.mean()),
        p50_days=float(p50),
        p80_days=float(p80),
        p_on_time=on_time / len(finish),
        criticality={tid: c / len(finish) for tid, c in zip(network.ids, counts, strict=True)},
        deadline_days=float(deadline_days),
        total_float=dict(zip(network.ids, total_float_loop(network, mode_a.tolist(), start,
                                                           release), strict=True)),
    )


def total_float_loop(network: Network, durations: list[float], start: float = 0.0,
                     release: np.ndarray | None = None) -> list[float]:
    """Each task's total float (latest finish − earliest finish) for one set of
    durations: the textbook forward and backward passes, one task at a time."""
    k = len(network)
    floors = [start] * k if release is None else [max(start, float(r)) for r in release]
    early = [0.0] * k
    for j in network.order:
        early[j] = max([floors[j]] + [early[p] for p in network.preds[j]]) + durations[j]
    finish = max(early, default=start)
    late = [finish] * k
    for j in reversed(network.order):
        for s in network.succs[j]:
            late[j] = min(late[j], late[s] - durations[s])
    tol = CRITICAL_RTOL * max(1.0, abs(finish))
    return [0.0 if lf - ef <= tol else lf - ef for lf, ef in zip(late, early, strict=True)]
