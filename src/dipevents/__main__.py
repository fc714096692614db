import sys

from dipevents.cli import main

sys.exit(main())
