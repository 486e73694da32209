"""The `contest` command-line tool."""
