"""Small benchmarks, MMLU-like files and scripted models whose accuracy is known by construction."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from benchsmith.records import Item

LETTERS = "ABCD"


def mc_questions(prefix: str, n: int) -> list[dict[str, Any]]:
    """``n`` four-option questions tagged ``[prefix-i]``; the correct option cycles A, B, C, D."""
    return [{"question": f"[{prefix}-{i}] Which of these options is the right one?",
             "choices": [f"option {k} of {prefix} {i}" for k in range(4)], "answer_index": i % 4} for i in range(n)]


def as_mmlu(questions: list[dict[str, Any]], subject: str) -> list[dict[str, Any]]:
    return [{"question": q["question"], "subject": subject, "choices": q["choices"], "answer": q["answer_index"]} for q in questions]


def item(id: str, question: str, answer: str, choices: list[str] | None = None, answer_index: int | None = None,
         chunk_id: str = "chunk", generator: str = "mock/generator") -> Item:
    return Item(id=id, question=question, answer=answer, choices=choices or [], answer_index=answer_index,
                question_type="factual", difficulty=3, citations=[answer], document_id="doc", source="doc.md",
                pages=[], chunk_id=chunk_id, chunk_text=answer, generator=generator,
                mode="multiple_choice" if choices else "open_ended")


def as_items(questions: list[dict[str, Any]], prefix: str = "q", per_chunk: int = 1, generator: str = "mock/generator") -> list[Item]:
    """Items from ``questions``, ``per_chunk`` of them from each chunk (the clusters of the bootstrap)."""
    return [item(f"{prefix}{i}", q["question"], q["choices"][q["answer_index"]], q["choices"], q["answer_index"],
                 chunk_id=f"{prefix}-chunk{i // per_chunk}", generator=generator) for i, q in enumerate(questions)]


def write_jsonl(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def gold(question: dict[str, Any]) -> str:
    return LETTERS[question["answer_index"]]


def wrong(question: dict[str, Any]) -> str:
    return LETTERS[(question["answer_index"] + 1) % 4]


def answers(questions: list[dict[str, Any]], right: int) -> list[dict[str, Any]]:
    """Mock rules answering the first ``right`` questions correctly and the rest wrongly, in any option order.

    The rules find the option they pick (the gold one, or the one after it) among the lettered lines, so the
    model still answers by content when the options are shifted (as letter-bias control does).
    """
    rules = []
    for i, q in enumerate(questions):
        tag = q["question"].split("]")[0] + "]"
        picked = q["choices"][q["answer_index"] if i < right else (q["answer_index"] + 1) % 4]
        rules += [{"match_all": [tag, f"{letter}. {picked}\n"], "response": letter} for letter in LETTERS]
    return rules


def letter_answers(questions: list[dict[str, Any]], right: int) -> list[dict[str, Any]]:
    """Mock rules answering a fixed letter per question, whatever option it shows: right for the first
    ``right`` questions as given, and no knowledge under shifted options."""
    return [{"match": q["question"].split("]")[0] + "]", "response": gold(q) if i < right else wrong(q)}
            for i, q in enumerate(questions)]


def mock_model(path: Path, rules: list[dict[str, Any]], default: str = "") -> str:
    path.write_text(yaml.safe_dump({"rules": rules, "default": default}), encoding="utf-8")
    return f"mock/{path}"


def open_benchmark(tmp_path: Path) -> Path:
    """Four open-ended questions whose reference answers are 'City 0' .. 'City 3'."""
    rows = [item(f"oe{i}", f"[oe-{i}] What is the capital of region {i}?", f"City {i}").row() for i in range(4)]
    return write_jsonl(tmp_path / "open.jsonl", rows)


def answering(path: Path, right: list[int]) -> str:
    """A model naming the right city for the questions in ``right`` and 'Nowhere' otherwise."""
    return mock_model(path, [{"match": f"[oe-{i}]", "response": f"City {i}" if i in right else "Nowhere"} for i in range(4)])


def judge_script(path: Path, biased: bool = False) -> str:
    """A judge that grades by the city named; ``biased`` always prefers the first of two answers."""
    rules = [{"match_all": [f"[Reference answer]\nCity {i}", f"[Answer to grade]\nCity {i}"],
              "response": f"The answer names City {i}, as the reference does.\nVerdict: CORRECT"} for i in range(4)]
    rules.append({"match": "[Answer to grade]", "response": "The answer names no city; the reference does. Verdict: CORRECT would be wrong.\nVerdict: INCORRECT"})
    if biased:
        rules.append({"match": "[Answer A]", "response": "The first answer reads better.\nVerdict: A"})
    for i in range(4):
        rules += [{"match_all": [f"[Answer A]\nCity {i}", f"[Answer B]\nCity {i}"], "response": "Both match.\nVerdict: TIE"},
                  {"match": f"[Answer A]\nCity {i}", "response": "Only A matches.\nVerdict: A"},
                  {"match": f"[Answer B]\nCity {i}", "response": "Only B matches.\nVerdict: B"}]
    return mock_model(path, rules, default="Neither matches the reference.\nVerdict: TIE")
