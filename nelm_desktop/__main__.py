from nelm_desktop.cli import main

raise SystemExit(main())
