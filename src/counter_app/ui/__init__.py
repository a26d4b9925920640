"""The desktop application (PySide6): the only package that imports Qt widgets.

Screens call use cases in ``counter_app.services`` through ``operations.Operations`` (off the
GUI thread); none of them opens a database session.
"""
