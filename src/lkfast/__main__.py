"""``python -m lkfast``: see :mod:`lkfast.cli`."""

from lkfast.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
