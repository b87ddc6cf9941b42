"""Running the passes of sahel.scale.analysis over every partition: as tasks of a Dask cluster
(a local one of N worker processes, or an existing one at a scheduler's address), or one after
the other in this process.

Tasks receive the gazetteer and the first pass's repeated lines once per worker (scattered), and
each worker builds its Matcher once (sahel.scale.matcher_for). Results come back in partition
order whatever order the tasks finish in; a worker that dies takes its tasks with it and Dask
runs them again elsewhere.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

#: Reports progress: (pass name, partitions done, partitions, documents done).
Progress = Callable[[str, int, int, int], None]


class Runner:
    """Maps a function over partitions, here (``client`` None) or on a Dask client."""

    def __init__(self, client: Any = None, progress: Progress | None = None):
        self.client = client
        self.progress = progress

    def share(self, value: Any) -> Any:
        """``value`` as tasks should receive it: once per worker on a cluster (scattered)."""
        if self.client is None:
            return value
        # In a list: scatter would send each item of a dict or list as a value of its own.
        return self.client.scatter([value], broadcast=True, hash=False)[0]

    def map(
        self,
        name: str,
        function: Callable[..., Any],
        parts: Sequence[Any],
        count: Callable[[Any], int] | None = None,
        **kwargs: Any,
    ) -> list[Any]:
        """``function(part, **kwargs)`` for every partition (or a request naming one), results
        in partition order.
        ``count`` gives the documents of a result, for the progress report."""
        results: list[Any] = [None] * len(parts)
        documents = 0
        self._report(name, 0, len(parts), 0)
        if self.client is None:
            for k, part in enumerate(parts):
                results[k] = function(part, **kwargs)
                documents += count(results[k]) if count else 0
                self._report(name, k + 1, len(parts), documents)
            return results
        from distributed import as_completed

        futures = self.client.map(
            function, parts, pure=False, key=_keys(name, len(parts)), **kwargs
        )
        position = {future.key: k for k, future in enumerate(futures)}
        done = 0
        for future, result in as_completed(futures, with_results=True):
            results[position[future.key]] = result
            done += 1
            documents += count(result) if count else 0
            self._report(name, done, len(parts), documents)
        return results

    def imap(
        self,
        name: str,
        function: Callable[..., Any],
        parts: Sequence[Any],
        count: Callable[[Any], int] | None = None,
        **kwargs: Any,
    ) -> Iterator[Any]:
        """``function(part, **kwargs)`` for every partition, yielded in partition order as soon
        as each is done and every earlier one has been yielded: here one at a time (memory
        holds one result), on a cluster the results that finish early wait for their turn."""
        documents = 0
        self._report(name, 0, len(parts), 0)
        if self.client is None:
            for k, part in enumerate(parts):
                result = function(part, **kwargs)
                documents += count(result) if count else 0
                self._report(name, k + 1, len(parts), documents)
                yield result
                del result
            return
        from distributed import as_completed

        futures = self.client.map(
            function, parts, pure=False, key=_keys(name, len(parts)), **kwargs
        )
        position = {future.key: k for k, future in enumerate(futures)}
        waiting: dict[int, Any] = {}
        following = done = 0
        for future, result in as_completed(futures, with_results=True):
            waiting[position[future.key]] = result
            futures[position[future.key]] = None  # the cluster may forget it once read
            done += 1
            documents += count(result) if count else 0
            self._report(name, done, len(parts), documents)
            del future, result
            while following in waiting:
                yield waiting.pop(following)
                following += 1

    def _report(self, name: str, done: int, total: int, documents: int) -> None:
        if self.progress is not None:
            self.progress(name, done, total, documents)


def _keys(name: str, n: int) -> list[str]:
    stamp = time.time_ns()
    return [f"sahel-{name}-{stamp}-{k}" for k in range(n)]


@contextmanager
def dask_client(
    workers: int | None = None, scheduler: str | None = None, stream: TextIO | None = sys.stderr
) -> Iterator[Any]:
    """A Dask client: on the scheduler at ``scheduler`` (tcp://host:port), or on a local cluster
    of ``workers`` processes with one thread each, closed on exit; None for ``workers=0`` (the
    partitions one after the other in this process, without Dask). The dashboard's address is
    printed on ``stream``."""
    if (workers is None) == (scheduler is None):
        raise ValueError("give either workers (a local cluster) or scheduler (an existing one)")
    if workers is not None and (
        not isinstance(workers, int) or isinstance(workers, bool) or workers < 0
    ):
        raise ValueError(f"workers must be a number of processes (0: none), not {workers!r}")
    if workers == 0:
        yield None
        return
    from distributed import Client, LocalCluster

    if scheduler is not None:
        client = Client(scheduler, timeout=60)
        cluster = None
    else:
        cluster = LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",
        )
        client = Client(cluster)
    try:
        if stream is not None:
            where = scheduler or "a local cluster"
            print(f"Dask: {where}, dashboard at {client.dashboard_link}", file=stream, flush=True)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def stream_progress(stream: TextIO = sys.stderr) -> Progress:
    """Progress on ``stream``: partitions done of each pass, and documents per second; on a
    terminal the line is redrawn as partitions end, elsewhere (a log) each pass is one line."""
    started: dict[str, float] = {}
    live = stream.isatty()

    def report(name: str, done: int, total: int, documents: int) -> None:
        if done == 0:
            started[name] = time.perf_counter()
        elapsed = max(time.perf_counter() - started.get(name, 0.0), 1e-9)
        rate = f", {documents / elapsed:,.0f} documents/s" if documents else ""
        line = f"{name}: {done}/{total} partitions{rate}"
        if live:
            print("\r" + line, end="\n" if done == total else "", file=stream, flush=True)
        elif done == total:
            print(f"{line}, {elapsed:.1f} s", file=stream, flush=True)

    return report
