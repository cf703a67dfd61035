"""Filter: quality checks, citation grounding, embedding dedup. Drops are kept with reasons."""

from benchsmith.filter.base import FilterStats, ItemFilter, Verdict, apply_filters
from benchsmith.filter.citations import CitationFilter, citation_score
from benchsmith.filter.dedup import EmbeddingDedup
from benchsmith.filter.quality import QualityFilter

__all__ = ["CitationFilter", "EmbeddingDedup", "FilterStats", "ItemFilter", "QualityFilter", "Verdict", "apply_filters", "citation_score"]
