"""Where many games are played: a pool of local processes, or a Dask cluster.

Both run the same functions on the same arguments and hand the results back; every game
depends only on its scenario, bot and seed, so what they compute is identical whatever
runs it. An executor is made once for a whole command (`pmsim calibrate` plays some
thirty batches) and closed at its end.

- `LocalPool(jobs)`: "spawn" worker processes on this machine (`pmsim.parallel`).
- `DaskCluster(address)` or `DaskCluster(workers=N)`: a running Dask scheduler, or a
  LocalCluster of N worker processes on 127.0.0.1. Dask is an optional extra
  (`pip install 'pmsim[dask]'`); each worker needs pmsim installed, and a scenario given
  as a file must be readable at the same path on every worker.

No user-interface imports.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Any, Protocol

from pmsim.errors import UserError
from pmsim.parallel import process_pool

DASK_HINT = ("Dask is an optional extra of pmsim: install it with "
             "pip install 'pmsim[dask]' (or .venv/bin/pip install distributed)")
CONNECT_TIMEOUT = "10s"
"""How long to wait for a Dask scheduler before saying it cannot be reached."""


class Executor(Protocol):
    """Runs calls of one function and yields their results as they finish."""

    jobs: int
    """How many calls it runs at once (chunks are sized for it)."""

    def run(self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> Iterator[Any]:
        """`fn(*args)` for each args of `calls`, in the order they finish."""
        ...

    def close(self) -> None:
        """Stop the workers (those it started)."""
        ...


def _quiet_worker() -> None:
    """Ctrl-C is the parent's to handle."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


class LocalPool:
    """`jobs` worker processes on this machine, started on first use and kept until
    `close` (so a command's batches share them)."""

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self._pool: ProcessPoolExecutor | None = None

    def run(self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> Iterator[Any]:
        if self._pool is None:
            self._pool = process_pool(self.jobs, _quiet_worker)
        pool = self._pool  # `close` from another thread may clear `_pool` meanwhile
        pending = {pool.submit(fn, *args) for args in calls}
        try:
            while pending:
                finished, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in finished:
                    yield future.result()
        except BaseException:
            # Ctrl-C or a failed call: drop what is queued, let running calls end.
            pool.shutdown(wait=True, cancel_futures=True)
            if self._pool is pool:
                self._pool = None
            raise

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class DaskCluster:
    """A Dask cluster: the scheduler at `address`, or a LocalCluster of `workers`
    processes (one thread each) on 127.0.0.1, closed with this object."""

    def __init__(self, address: str | None = None, workers: int | None = None) -> None:
        try:
            from distributed import Client, LocalCluster
        except ImportError:
            raise UserError(f"--scheduler and --dask-local need Dask. {DASK_HINT}.") from None
        self._cluster: Any = None
        try:
            if address is not None:
                self.client = Client(address, timeout=CONNECT_TIMEOUT)
            else:
                self._cluster = LocalCluster(
                    n_workers=workers or 1, threads_per_worker=1, processes=True,
                    host="127.0.0.1", dashboard_address=None)
                self.client = Client(self._cluster)
        except (OSError, TimeoutError) as exc:
            self._close_cluster()
            where = f"the Dask scheduler at {address}" if address else "a local Dask cluster"
            raise UserError(f"could not reach {where}: {exc}. Check the address (e.g. "
                            "tcp://127.0.0.1:8786) and that `dask scheduler` runs there.") \
                from None
        threads = sum(self.client.nthreads().values())
        self.jobs = max(1, threads)

    def run(self, fn: Callable[..., Any], calls: Sequence[tuple[Any, ...]]) -> Iterator[Any]:
        from distributed import as_completed

        futures = [self.client.submit(fn, *args, pure=False) for args in calls]
        try:
            for future in as_completed(futures):
                yield future.result()
        except BaseException:
            self.client.cancel(futures)
            raise

    def _close_cluster(self) -> None:
        if self._cluster is not None:
            self._cluster.close()
            self._cluster = None

    def close(self) -> None:
        self.client.close()
        self._close_cluster()

    def __enter__(self) -> DaskCluster:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def make_executor(jobs: int, scheduler: str | None = None,
                  dask_local: int | None = None) -> Executor | None:
    """The executor the command line asked for: a Dask scheduler (`--scheduler`), a
    local Dask cluster (`--dask-local N`), a local pool (`--jobs` above 1), or None
    (play in this process)."""
    if scheduler is not None and dask_local is not None:
        raise UserError("give --scheduler ADDRESS or --dask-local N, not both")
    if scheduler is not None:
        return DaskCluster(address=scheduler)
    if dask_local is not None:
        return DaskCluster(workers=dask_local)
    return LocalPool(jobs) if jobs > 1 else None
