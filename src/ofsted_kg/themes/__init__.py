"""Recommendation themes: which practice themes (``concept:theme``) each recommendation is
about, by phrase rules and a small embedding model shipped in a wheel (no downloads)."""
