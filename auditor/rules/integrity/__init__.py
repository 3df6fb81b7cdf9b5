"""Integrity rules: one rule per module."""
