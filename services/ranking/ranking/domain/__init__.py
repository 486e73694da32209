"""Ranking rules: pure functions, no I/O."""
