"""One module per resource, all under ``API_PREFIX`` and behind the protocol header check."""
