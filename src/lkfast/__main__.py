"""``python -m lkfast``: see :mod:`lkfast.cli`."""

from lkfast.cli import main

raise SystemExit(main())
