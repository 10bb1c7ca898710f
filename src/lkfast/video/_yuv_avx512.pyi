# The avx512 build of lkfast.video._yuv: the same API.
from lkfast.video._yuv import *  # noqa: F403 (a stub re-exports the whole API)
