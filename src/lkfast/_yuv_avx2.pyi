# The avx2 build of lkfast._yuv: the same API.
from lkfast._yuv import *  # noqa: F403 (a stub re-exports the whole API)
