"""Nuke runs this in every session (GUI, ``nuke -t``, farm renders): install the Avalon host.

The script callbacks live here rather than in menu.py so that scripts opened headless
get them too. A failure to install is reported in one line and does not stop Nuke.
"""

import logging

try:
    from avalon_nuke.hosts.live_nuke import install as _avalon_host

    _avalon_host.install()
except Exception as _error:  # Nuke must start even when the pipeline cannot
    logging.getLogger("avalon_nuke").warning("Avalon is not installed in this session: %s", _error)
