"""CHECK: compliance rules (one per module under security/, integrity/, performance/,
conventions/) and migration lint rules (under lint/), their registry, configuration and runner."""

from auditor.rules.base import (
    REGISTRY,
    RETIRED,
    SHARED_OPTIONS,
    AllowEntry,
    DuplicateRuleError,
    Rule,
    RuleConfig,
    RulesConfig,
    register,
    run_rules,
)

__all__ = [
    "REGISTRY",
    "RETIRED",
    "SHARED_OPTIONS",
    "AllowEntry",
    "DuplicateRuleError",
    "Rule",
    "RuleConfig",
    "RulesConfig",
    "register",
    "run_rules",
]
