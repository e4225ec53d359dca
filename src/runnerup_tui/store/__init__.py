"""The library on disk: reading, parsing, format-preserving writes and the index cache."""
