from backwalk_tui.cli import main

raise SystemExit(main())
