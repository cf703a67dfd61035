"""How the validation report prints p-values."""

from benchsmith.evaluate.report import _p_value


def test_a_p_value_below_the_printed_precision_is_not_printed_as_zero():
    assert _p_value(1 / 40320) == "p < 0.001"  # the smallest p of an 8-model permutation test
    assert _p_value(0.0123) == "p = 0.012"
    assert _p_value(None) == "p = n/a"
