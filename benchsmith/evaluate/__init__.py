"""Evaluate models on a benchmark, and validate a generated benchmark against MMLU.

* :mod:`.benchmark` loads questions (benchsmith rows or MMLU) as :class:`EvalItem`.
* :mod:`.multiple_choice` and :mod:`.judge` ask and score one item.
* :mod:`.runner` runs models over items through the one LLM client.
* :mod:`.stats` holds the bootstrap, correlations, separability and agreement.
* :mod:`.evaluation` is ``benchsmith evaluate``; :mod:`.validate` and
  :mod:`.report` are ``benchsmith validate``.
"""

from benchsmith.evaluate.benchmark import BenchmarkError, EvalItem, load_benchmark, load_mmlu
from benchsmith.evaluate.runner import EvaluationError

__all__ = ["BenchmarkError", "EvalItem", "EvaluationError", "load_benchmark", "load_mmlu"]
