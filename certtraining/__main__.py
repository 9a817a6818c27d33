import sys

from certtraining.cli.main import main

sys.exit(main())
