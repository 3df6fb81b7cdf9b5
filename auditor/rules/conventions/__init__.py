"""Conventions rules: one rule per module."""
