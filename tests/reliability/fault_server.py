"""A fault-injecting, OpenAI-compatible chat server on loopback, for reliability tests.

It answers ``POST /v1/chat/completions`` like a generator model would: grounded
items quoting sentences of the ``<document>`` in the prompt. A seeded draw per
request decides whether to answer normally or with a fault instead:
``rate_limit`` (429), ``server_error`` (500), ``slow`` (sleeps past the client
timeout), ``drop`` (closes the connection), ``malformed`` (HTTP body is not JSON),
``truncated`` (reply content is cut-off JSON) or ``schema`` (valid JSON that
breaks the item schema). Every request is logged with a hash of its messages.

Every connection is counted when it is accepted, and every reply closes its
connection, so the count is the number of attempts clients made: an attempt a
client gave up on before sending a byte (its connect timed out while its event
loop was stalled) opens a connection but never becomes a request.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ("rate_limit", "server_error", "slow", "drop", "malformed", "truncated", "schema")


def messages_hash(messages: list[dict]) -> str:
    return hashlib.sha256(json.dumps(messages, sort_keys=True).encode()).hexdigest()[:16]


def planned_types(prompt: str) -> list[str]:
    """The question types the generator's prompt asks for, in order."""
    match = re.search(r"The items' types, in order: ([^.\n]+)\.", prompt)
    return [kind.strip() for kind in match.group(1).split(",")] if match else ["factual"] * 10


def grounded_reply(prompt: str, per_chunk: int = 2) -> dict:
    match = re.search(r"<document>\n(.*)\n</document>", prompt, re.DOTALL)
    text = re.sub(r"\[\d+\] ", "", match.group(1) if match else prompt)  # the sentence numbers are not the document's
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if 50 <= len(s.strip()) <= 400 and "<" not in s]
    items = [
        {"question": f"What does the source say, in statement {n}, about '{' '.join(s.split()[:4])}'?", "answer": s,
         "citations": [s], "question_type": kind}
        for n, (s, kind) in enumerate(zip(sentences[:per_chunk], planned_types(prompt)))
    ]
    return {"items": items}


@dataclass
class FaultPlan:
    """Share of requests that get each fault; the rest are answered normally."""

    shares: dict[str, float] = field(default_factory=dict)
    seed: int = 0
    slow_seconds: float = 3.0
    hold: threading.Event | None = None  # when set, request number ``hold_at`` waits for it
    hold_at: int | None = None
    echo_auth: bool = False  # put the Authorization header into error bodies (secret-leak tests)

    def draw(self, number: int) -> str | None:
        roll = random.Random(f"{self.seed}:{number}").random()
        for fault in FAULTS:
            roll -= self.shares.get(fault, 0.0)
            if roll < 0:
                return fault
        return None


class _CountingServer(ThreadingHTTPServer):
    """Records each connection's peer as it is accepted, in accept order, before a thread handles it."""

    daemon_threads = True
    # socketserver listens with a backlog of 5, which can fill while this thread waits for the GIL; a connect
    # the kernel drops there would be an attempt no count sees
    request_queue_size = 128

    def __init__(self, address, handler, on_accept):
        super().__init__(address, handler)
        self.on_accept = on_accept

    def process_request(self, request, client_address):
        self.on_accept(client_address)
        super().process_request(request, client_address)


class FaultServer:
    def __init__(self, plan: FaultPlan | None = None):
        self.plan = plan or FaultPlan()
        self.log: list[dict] = []
        self._lock = threading.Lock()
        self._accepted: list[tuple] = []  # peer addresses, in accept order
        self._accepted_changed = threading.Condition(self._lock)
        self._probes = 0
        self.held = threading.Event()
        handler = self._handler()
        self.httpd = _CountingServer(("127.0.0.1", 0), handler, self._on_accept)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"

    def start(self) -> FaultServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        if self.plan.hold is not None:
            self.plan.hold.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _on_accept(self, client_address: tuple) -> None:
        with self._accepted_changed:
            self._accepted.append(client_address)
            self._accepted_changed.notify_all()

    def attempts(self) -> int:
        """Connections clients have opened so far, one per attempt (see the module docstring).

        The listen queue is first in, first out: once a probe connection made now is accepted, no earlier
        connection is still waiting in it.
        """
        with self._lock:
            already = len(self._accepted)
        with socket.create_connection(self.httpd.server_address, timeout=10) as probe:
            peer = probe.getsockname()
            with self._accepted_changed:
                self._probes += 1
                accepted = self._accepted_changed.wait_for(lambda: peer in self._accepted[already:], timeout=10)
                assert accepted, "the fault server did not accept a connection within 10 s"
                return len(self._accepted) - self._probes

    def faults(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for entry in self.log:
            counts[entry["fault"] or "ok"] = counts.get(entry["fault"] or "ok", 0) + 1
        return counts

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection: a connection is an attempt

            def log_message(self, *args):  # keep test output quiet
                pass

            def _send(self, status: int, body: bytes, content_type: str = "application/json") -> None:
                try:
                    self.send_response(status)
                except (BrokenPipeError, ConnectionResetError):
                    return
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.send_header("Connection", "close")  # said, not only implied by HTTP/1.0: no client pools it
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout) or was killed
                    pass

            def do_POST(self):  # noqa: N802 - http.server's naming
                request = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                messages = request.get("messages", [])
                with server._lock:
                    number = len(server.log)
                    fault = server.plan.draw(number)
                    server.log.append({"number": number, "hash": messages_hash(messages), "fault": fault})
                plan = server.plan
                if plan.hold is not None and plan.hold_at == number:
                    server.held.set()
                    plan.hold.wait(60)
                auth = self.headers.get("Authorization", "") if plan.echo_auth else ""
                if fault == "rate_limit":
                    return self._send(429, json.dumps({"error": {"message": f"slow down {auth}", "type": "rate_limit"}}).encode())
                if fault == "server_error":
                    return self._send(500, json.dumps({"error": {"message": f"internal error {auth}", "type": "server_error"}}).encode())
                if fault == "slow":
                    time.sleep(plan.slow_seconds)
                if fault == "drop":
                    self.close_connection = True
                    self.connection.close()
                    return None
                if fault == "malformed":
                    return self._send(200, b'{"id": "x", "choices": [{"message": ')
                prompt = "\n".join(str(m.get("content", "")) for m in messages)
                content = json.dumps(grounded_reply(prompt))
                if fault == "truncated":
                    content = content[: max(10, len(content) // 2)]
                if fault == "schema":
                    content = json.dumps({"items": [{"question": "Q?", "answer": 7, "citations": "none"}]})
                usage = {"prompt_tokens": len(prompt.split()), "completion_tokens": len(content.split())}
                usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
                body = {
                    "id": f"chatcmpl-{number}", "object": "chat.completion", "created": 0, "model": request.get("model", "x"),
                    "choices": [{"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": content}}],
                    "usage": usage,
                }
                return self._send(200, json.dumps(body).encode())

        return Handler
