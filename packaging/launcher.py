"""Entry point of the frozen bundle: the same `main()` as `nelm-desktop` and `python -m nelm_desktop`."""

import multiprocessing

# Reports are built in a spawned worker process (ui/printing/report_process.py): in the frozen
# bundle that worker is this executable again, and freeze_support turns it into the worker.
multiprocessing.freeze_support()

from nelm_desktop.cli import main  # noqa: E402

raise SystemExit(main())
