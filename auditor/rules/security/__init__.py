"""Security rules: one rule per module."""
