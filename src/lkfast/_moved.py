"""Old module paths of lkfast's public submodules, kept importable after the move into
:mod:`lkfast.audio` and :mod:`lkfast.video`.

``import lkfast.formats`` or ``from lkfast.reference.yuv import RGB_TO_YUV`` still work: each old
name is the new module itself (the same object in ``sys.modules``), not a copy.
"""

from __future__ import annotations

import importlib
import sys

#: Old public module -> the module that holds it now.
MOVED: dict[str, str] = {
    "lkfast.formats": "lkfast.video.formats",
    "lkfast.framing": "lkfast.audio.framing",
    "lkfast.loopback": "lkfast.audio.loopback",
    "lkfast.pacing": "lkfast.video.pacing",
    "lkfast.pcm": "lkfast.audio.pcm",
    "lkfast.publisher": "lkfast.audio.publisher",
    "lkfast.scale": "lkfast.video.scale",
    "lkfast.sources": "lkfast.audio.sources",
    "lkfast.streams": "lkfast.audio.streams",
    "lkfast.video_publisher": "lkfast.video.publisher",
    "lkfast.video_sources": "lkfast.video.sources",
    "lkfast.video_streams": "lkfast.video.streams",
    "lkfast.reference.channels": "lkfast.audio.reference.channels",
    "lkfast.reference.framing": "lkfast.audio.reference.framing",
    "lkfast.reference.gain": "lkfast.audio.reference.gain",
    "lkfast.reference.levels": "lkfast.audio.reference.levels",
    "lkfast.reference.pcm": "lkfast.audio.reference.pcm",
    "lkfast.reference.tone": "lkfast.audio.reference.tone",
    "lkfast.reference.scale": "lkfast.video.reference.scale",
    "lkfast.reference.video": "lkfast.video.reference.pixels",
    "lkfast.reference.yuv": "lkfast.video.reference.yuv",
}


def install() -> None:
    """Register every old name in ``sys.modules`` and as an attribute of its parent package.

    A parent's attribute of the same name stays (``lkfast.reference.levels`` is the function,
    as it always was; the module is still ``import``-able by that name).
    """
    for old, new in MOVED.items():
        module = importlib.import_module(new)
        sys.modules.setdefault(old, module)
        parent, _, child = old.rpartition(".")
        package = importlib.import_module(parent)
        if not hasattr(package, child):
            setattr(package, child, module)
