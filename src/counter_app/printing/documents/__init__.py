"""The printed documents, each a function from plain data to PDF bytes."""
