"""Memory behaviour of large reads: no cyclic garbage collection while a catalog is built.

Reading or checking a 5,000-table schema allocates hundreds of thousands of tuples and frozen
dataclasses, none of them in a reference cycle. With the collector on, every allocation threshold
crossed rescans the growing heap: measured, that was half the time of introspection, of loading a
spec and of the rules. Reference counting still frees everything.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic collector; nested pauses are free. On the way out, what was allocated goes
    straight to the oldest generation (what surviving a few collections would do) instead of being
    scanned all at once by the next collection."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_freeze_count() == 0:  # nothing else froze objects: freeze/unfreeze only ours
                gc.freeze()
                gc.unfreeze()
            gc.enable()
