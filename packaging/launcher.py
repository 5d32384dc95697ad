"""Entry point of the frozen bundle: the same `main()` as `nelm-desktop` and `python -m nelm_desktop`."""

from nelm_desktop.cli import main

raise SystemExit(main())
