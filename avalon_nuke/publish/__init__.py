"""Publishing, one module per job.

- :mod:`~avalon_nuke.publish.rendered_images`: rendered images on disk become a version in place
  (the ``avalon-nuke publish`` command).
- :mod:`~avalon_nuke.publish.script_publish`: runs the pyblish publish of a comp script, with rollback.
- :mod:`~avalon_nuke.publish.shared_data`: what the plug-ins share through the pyblish context.
- :mod:`~avalon_nuke.publish.published_copy`: the read-only copy of the script the farm renders.
- :mod:`~avalon_nuke.publish.farm_submission`: one Deadline job per instance, never two.
- :mod:`~avalon_nuke.publish.plugins`: the pyblish plug-ins themselves.
"""
