from dipevents.cli import main
import sys

sys.exit(main())
