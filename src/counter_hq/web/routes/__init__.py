"""One module per group of back-office pages; web/app.py includes each module's ``router``."""
