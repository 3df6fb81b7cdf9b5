"""Performance rules: one rule per module."""
