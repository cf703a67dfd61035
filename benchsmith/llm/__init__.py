"""The LLM client and benchsmith's litellm providers."""

from benchsmith.llm.client import ChatResult, FatalLLMError, LLMCallError, LLMClient
from benchsmith.llm.usage import BudgetExceeded, Usage

__all__ = ["BudgetExceeded", "ChatResult", "FatalLLMError", "LLMCallError", "LLMClient", "Usage"]
