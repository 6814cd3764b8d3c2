"""Rendering many documents in a pool of processes.

WeasyPrint holds the interpreter while it lays a page out, so the PDFs of a batch are
printed in separate processes. They are started with « spawn »: a child forked from a
process where polars has run its threads may hang.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

Document = TypeVar("Document")
DEFAULT_WORKERS = 2


def render_each(
    render: Callable[[Document], bytes], documents: Sequence[Document], workers: int
) -> Iterator[tuple[Document, bytes]]:
    """Each document with its PDF, in the order given; in ``workers`` processes when there
    is more than one (``render`` must be a function of a module, to reach the processes)."""
    if workers <= 1 or len(documents) < 2:
        for document in documents:
            yield document, render(document)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        chunk = max(1, min(16, len(documents) // (workers * 4)))
        yield from zip(documents, pool.map(render, documents, chunksize=chunk), strict=True)
