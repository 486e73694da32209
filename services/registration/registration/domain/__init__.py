"""Registration rules: pure functions, no I/O."""
