"""The local farm: the subset of Deadline's Web Service we use, on one machine (``avalon-nuke farm``).

Built from ``api`` (routes), ``queue`` (its SQLite store), ``failure_limits`` (when an erroring
task or job fails), ``worker`` (renders the way Deadline's Nuke plugin does: ``render_commands``
for its command lines, stdin statements and error lines, ``nuke_process`` for the running Nuke),
``job_records`` and ``job_documents`` (rows and the JSON shapes Deadline answers).
"""
