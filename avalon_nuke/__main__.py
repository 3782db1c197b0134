"""``python -m avalon_nuke`` is the ``avalon-nuke`` command."""

import sys

from avalon_nuke.cli import main

sys.exit(main())
