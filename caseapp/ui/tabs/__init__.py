"""The window's tabs; each gets the services it needs through its constructor."""
