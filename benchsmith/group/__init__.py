"""Group: the chunks selected for generation in, generation tasks out (see docs/multihop.md).

A task is one chunk (``single_hop``) or a group of chunks a question must combine: ``multi_hop`` groups chunks of
one document, ``cross_document`` chunks of several. Chunks are linked by what they share, not at random: their
embeddings must be close and they must hold the same key terms (names, rare words). The stage is in the pipeline
only when ``generation.strategies`` asks for more than every chunk once, single-hop.
"""

from benchsmith.group.linking import Group, form_groups, link_chunks
from benchsmith.group.plan import plan_tasks

__all__ = ["Group", "form_groups", "link_chunks", "plan_tasks"]
