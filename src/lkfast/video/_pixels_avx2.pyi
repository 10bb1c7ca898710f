# The avx2 build of lkfast.video._pixels: the same API.
from lkfast.video._pixels import *  # noqa: F403 (a stub re-exports the whole API)
