"""Split a PCM stream of any chunking into fixed-length ``rtc.AudioFrame``s.

:class:`AudioFramer` is compiled (``lkfast.audio._framing``); its pure-Python twin is
:class:`lkfast.reference.AudioFramer`.
"""

from __future__ import annotations

from lkfast.audio._framing import AudioFramer

__all__ = ["AudioFramer"]
