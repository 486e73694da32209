"""Review rules: pure functions, no I/O."""
