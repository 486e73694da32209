"""Gateway rules: pure functions, no I/O."""
