import sys

from certtraining.cli import main

sys.exit(main())
