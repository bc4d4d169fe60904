from puskesos_desktop.app import main

raise SystemExit(main())
