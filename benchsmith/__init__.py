"""benchsmith: turn your documents into a grounded LLM evaluation benchmark."""

__version__ = "0.1.0"
