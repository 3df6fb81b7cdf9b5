"""Where the fleet's work runs: a bounded pool of threads in this process, or the workers of a
dask.distributed cluster (``--executor dask --scheduler ADDRESS``). Both yield results as they
complete, with at most a bounded number of tasks in flight, so that neither memory nor the number
of open connections grows with the fleet."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Any, Protocol, TypeVar

from auditor.errors import UsageError

T = TypeVar("T")
R = TypeVar("R")


class Executor(Protocol):
    def map_unordered(self, fn: Callable[..., R], items: Iterable[T], *shared: Any) -> Iterator[R]:
        """``fn(item, *shared)`` for every item, results in completion order."""
        ...

    def close(self) -> None: ...


class ThreadExecutor:
    """At most ``concurrency`` members at once (each holds one or two connections)."""

    def __init__(self, concurrency: int) -> None:
        self.concurrency = concurrency
        self.pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="fleet")

    def map_unordered(self, fn: Callable[..., R], items: Iterable[T], *shared: Any) -> Iterator[R]:
        pending: set[Future[R]] = set()
        it = iter(items)
        try:
            for item in it:
                pending.add(self.pool.submit(fn, item, *shared))
                if len(pending) >= self.concurrency * 2:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (f.result() for f in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (f.result() for f in done)
        finally:
            for f in pending:
                f.cancel()

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


class DaskExecutor:
    """Tasks on a dask.distributed cluster: the shared arguments (the expected catalogs, the
    options) are scattered once to every worker; at most ``concurrency`` tasks are in flight."""

    def __init__(self, scheduler: str, concurrency: int, timeout_s: float = 30.0) -> None:
        try:
            import importlib

            dist: Any = importlib.import_module("distributed")  # optional, and untyped
        except ImportError:
            raise UsageError(
                "--executor dask needs dask.distributed",
                hint="pip install 'schema-auditor[fleet]' (or 'dask[distributed]')",
            ) from None
        try:
            self.client: Any = dist.Client(scheduler, timeout=timeout_s, set_as_default=False)
        except (OSError, TimeoutError) as e:
            from auditor.errors import DatabaseError

            raise DatabaseError(
                f"cannot reach the dask scheduler at {scheduler}: {e}",
                hint="check --scheduler (tcp://host:8786) and that the scheduler runs",
            ) from None
        self.concurrency = concurrency

    def map_unordered(self, fn: Callable[..., R], items: Iterable[T], *shared: Any) -> Iterator[R]:
        import importlib

        as_completed: Any = importlib.import_module("distributed").as_completed
        scattered = [self.client.scatter(s, broadcast=True, hash=False) for s in shared]
        it = iter(items)
        first = []
        for count, item in enumerate(it, 1):
            first.append(self.client.submit(fn, item, *scattered, pure=False))
            if count >= self.concurrency * 2:
                break
        if not first:
            return
        running = as_completed(first, loop=self.client.loop)
        for fut in running:
            try:
                result = fut.result()
            except Exception as e:  # the tasks catch their own errors: this is the cluster's
                from auditor.errors import DatabaseError

                raise DatabaseError(
                    f"the dask cluster did not run a fleet task: {type(e).__name__}: {e}",
                    hint="check the workers (memory, restarts) and that they run this schema-auditor version",
                ) from None
            fut.release()
            nxt = next(it, None)
            if nxt is not None:
                running.add(self.client.submit(fn, nxt, *scattered, pure=False))
            yield result

    def close(self) -> None:
        self.client.close()


def make_executor(name: str, concurrency: int, scheduler: str | None, timeout_s: float = 30.0) -> Executor:
    if concurrency < 1:
        raise UsageError(f"--concurrency {concurrency}: must be 1 or more")
    if name == "threads":
        if scheduler:
            raise UsageError("--scheduler is for --executor dask")
        return ThreadExecutor(concurrency)
    if name == "dask":
        if not scheduler:
            raise UsageError("--executor dask needs --scheduler ADDRESS", hint="e.g. tcp://scheduler:8786")
        return DaskExecutor(scheduler, concurrency, timeout_s)
    raise UsageError(f"--executor {name}: choose threads or dask")
