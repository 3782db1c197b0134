"""The artist's windows: Loader, Manager, Creator and Publisher (Qt.py: PySide2 or PySide6).

The windows hold no pipeline logic: every action calls the database, container,
creator or publish APIs below them. Each module's ``show()`` is what the Avalon
menu calls; importing a module does nothing (no Qt application, no database).
"""
