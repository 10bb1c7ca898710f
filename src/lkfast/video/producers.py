"""Frame producers of a :class:`~lkfast.video.publisher.VideoPublisher`: asked once per tick.

A plain callable (or iterator) is asked at the tick and its answer used at once; an async
callable or async iterator is asked after a tick and its answer is used at the first tick after
it arrives; it is not asked again while an answer is pending. Exhaustion (``StopIteration`` /
``StopAsyncIteration``) ends the asking; any other exception propagates to the paced loop.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, Callable, Optional, Union

import numpy as np
from livekit import rtc

from lkfast.video.formats import FormatLike

#: A producer's answer for one tick: a frame, ``(buffer, format)``, or None for nothing new.
Produced = Union[None, rtc.VideoFrame, np.ndarray, tuple[Any, FormatLike]]
Producer = Union[Callable[[], Union[Produced, Awaitable[Produced]]], AsyncIterator[Produced],
                 Iterator[Produced]]


def check_producer(producer: Any) -> None:
    """Raise TypeError unless ``producer`` is None or something :class:`Asker` can ask."""
    if producer is None:
        return
    if inspect.isgeneratorfunction(producer) or inspect.isasyncgenfunction(producer):
        raise TypeError(f"producer is a generator function: pass the generator it makes, "
                        f"producer={producer.__name__}(), not producer={producer.__name__}")
    if not (callable(producer) or hasattr(producer, "__anext__")
            or hasattr(producer, "__next__")):
        raise TypeError(f"producer must be a callable, an async iterator or an iterator, got "
                        f"{type(producer).__name__}")


def _retrieve(future: asyncio.Future[Any]) -> None:
    # A producer request cancelled by stop() has nobody awaiting it: consume its outcome.
    if not future.cancelled():
        future.exception()


#: Takes each answer that is not None: ``(frame, None)`` or ``(buffer, format)``.
Use = Callable[[Any, Optional[FormatLike]], None]


class Asker:
    """Asks one producer for frames and hands each answer to a ``use`` callback.

    Args:
        producer: as :class:`~lkfast.video.publisher.VideoPublisher` takes it (checked with
            :func:`check_producer`), or None (never asks).
    """

    __slots__ = ("_producer", "exhausted")

    def __init__(self, producer: Optional[Producer]) -> None:
        self._producer = producer
        self.exhausted = False

    def take(self, request: Optional[asyncio.Future[Any]],
             use: Use) -> Optional[asyncio.Future[Any]]:
        """Use the answer of ``request`` if it has come; returns the request still pending."""
        if request is None or not request.done():
            return request
        try:
            answer = request.result()
        except StopAsyncIteration:
            self.exhausted = True
            return None
        _answer(answer, use)
        return None

    def ask(self, use: Use) -> Optional[asyncio.Future[Any]]:
        """Ask for a frame: answered now (None returned), or later through the future."""
        producer = self._producer
        if producer is None or self.exhausted:
            return None
        try:
            if hasattr(producer, "__anext__"):
                answer = producer.__anext__()
            elif hasattr(producer, "__next__"):
                answer = next(producer)
            else:
                answer = producer()
        except StopIteration:
            self.exhausted = True
            return None
        if inspect.isawaitable(answer):
            request = asyncio.ensure_future(answer)
            request.add_done_callback(_retrieve)
            return request
        _answer(answer, use)
        return None


def _answer(answer: Produced, use: Use) -> None:
    if answer is None:
        return
    if isinstance(answer, tuple):
        if len(answer) != 2:
            raise TypeError(f"a producer's tuple must be (buffer, format), got "
                            f"{len(answer)} items")
        use(answer[0], answer[1])
        return
    use(answer, None)
