"""The yes/no log-odds of the support_score check, read from a first token's alternatives."""

import math

from benchsmith.verify.support_score import yes_no_log_odds


def test_the_two_sides_are_read_whatever_the_spacing_and_case():
    assert math.isclose(yes_no_log_odds({" Yes": -0.1, " No": -2.4}), 2.3)
    assert math.isclose(yes_no_log_odds({"yes": -3.0, "No": -0.05, "Maybe": -4.0}), -2.95)
    # The likelier spelling counts when a provider lists both.
    assert math.isclose(yes_no_log_odds({"Yes": -0.2, " Yes": -1.0, " No": -1.2}), 1.0)


def test_a_missing_side_is_bounded_by_the_smallest_listed_value():
    assert math.isclose(yes_no_log_odds({" Yes": -0.01, "Sure": -5.0}), 4.99)
    assert math.isclose(yes_no_log_odds({" No": -0.3, "The": -1.3}), -1.0)


def test_no_answer_to_read_is_none_not_zero():
    assert yes_no_log_odds(None) is None
    assert yes_no_log_odds({}) is None
    assert yes_no_log_odds({"The": -0.1, "It": -2.0}) is None
