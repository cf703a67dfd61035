"""Loaded models are freed at exit, before the interpreter takes llama_cpp apart."""

from __future__ import annotations

from pathlib import Path

import pytest

local = pytest.importorskip("benchsmith.llm.local")


class Closable:
    closed = 0

    def close(self) -> None:
        self.closed += 1


def test_close_all_frees_every_loaded_model_and_forgets_it(monkeypatch):
    model, vocab = Closable(), Closable()
    monkeypatch.setattr(local, "_loaded", {Path("m.gguf"): local.LoadedModel(model)})
    monkeypatch.setattr(local, "_vocabs", {Path("m.gguf"): vocab})
    local.close_all()
    assert model.closed == vocab.closed == 1 and not local._loaded and not local._vocabs
