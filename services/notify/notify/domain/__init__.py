"""Notify rules: pure functions, no I/O."""
