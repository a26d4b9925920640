"""Use cases: each public function takes plain values, runs one transaction, returns plain results.

The CLI and (later) the desktop UI both call these; neither touches the database directly.
"""
