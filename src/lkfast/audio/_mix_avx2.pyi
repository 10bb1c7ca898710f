# The avx2 build of lkfast.audio._mix: the same API.
from lkfast.audio._mix import *  # noqa: F403 (a stub re-exports the whole API)
