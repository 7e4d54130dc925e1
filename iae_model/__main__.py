import sys

from iae_model.cli import main

sys.exit(main())
