"""Persistence: SQLAlchemy models, the SQLite engine, migrations, backup and checks."""
