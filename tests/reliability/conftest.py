from __future__ import annotations

import pytest

from tests.reliability.fault_server import FaultPlan, FaultServer


@pytest.fixture
def fault_server():
    """Start fault servers on loopback: ``fault_server(FaultPlan(...))``; all stopped after the test."""
    started: list[FaultServer] = []

    def start(plan: FaultPlan | None = None) -> FaultServer:
        server = FaultServer(plan).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


def openai_model(server: FaultServer, timeout_s: float = 1.0, api_key: str = "sk-test-not-a-real-key") -> dict:
    return {"model": "openai/gpt-4o-mini", "api_base": server.url, "api_key": api_key, "timeout_s": timeout_s, "max_tokens": 512}
