"""The rule catalogue (a contract): one module per rule, registered here by id."""

from __future__ import annotations

from planner.rules import (
    after_holiday,
    after_test_week,
    before_test_week,
    consecutive_test_days,
    duplicate,
    homework_per_day,
    homework_per_week,
    makeup_room,
    non_school_day,
    notice_period,
    peak_week,
    test_week_load,
    tests_per_day,
    tests_per_week,
)
from planner.rules.base import Rule

# The order is config.RULE_SCHEMA's (the catalogue's); ids are a contract.
REGISTRY: dict[str, Rule] = {
    module.RULE.id: module.RULE
    for module in (
        non_school_day,
        tests_per_day,
        tests_per_week,
        after_holiday,
        after_test_week,
        before_test_week,
        test_week_load,
        makeup_room,
        homework_per_day,
        homework_per_week,
        consecutive_test_days,
        notice_period,
        duplicate,
        peak_week,
    )
}

__all__ = ["REGISTRY", "Rule"]
