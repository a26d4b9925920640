"""The back office: server-rendered pages (Jinja2, a little htmx) mounted at ``/office`` in the
same app, behind the same TLS as the sync API. Pages call counter_hq.office use cases only."""
