"""Filter: the keep/drop interface, structural quality checks and embedding dedup. Drops are kept with reasons."""

from benchsmith.filter.base import FilterStats, ItemFilter, Verdict
from benchsmith.filter.dedup import EmbeddingDedup
from benchsmith.filter.quality import QualityFilter

__all__ = ["EmbeddingDedup", "FilterStats", "ItemFilter", "QualityFilter", "Verdict"]
