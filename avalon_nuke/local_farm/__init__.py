"""The local farm: the subset of Deadline's Web Service we use, on one machine (``avalon-nuke farm``).

Built from ``api`` (routes), ``queue`` (its SQLite store), ``worker`` (renders the way Deadline's
Nuke plugin does), ``job_records`` and ``job_documents`` (rows and the JSON shapes Deadline answers).
"""
