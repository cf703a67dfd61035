"""The dataset card (``README.md``): Hub YAML metadata, provenance, counts and distributions."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from benchsmith.records import Item


def size_category(n: int) -> str:
    for limit, label in [(1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"), (1_000_000, "100K<n<1M")]:
        if n < limit:
            return label
    return "n>1M"


def _table(counter: Counter, header: str, sort_numeric: bool = False) -> str:
    keys = sorted(counter, key=(lambda k: int(k)) if sort_numeric else (lambda k: (-counter[k], str(k))))
    total = sum(counter.values()) or 1
    lines = [f"| {header} | items | share |", "|---|---:|---:|"]
    lines += [f"| {key} | {counter[key]} | {counter[key] / total:.0%} |" for key in keys]
    return "\n".join(lines)


def _file_types(sources: list[str]) -> str:
    """One line on what the documents were, by file type."""
    types = Counter(Path(source).suffix.lower().lstrip(".") or "no extension" for source in sources)
    listed = ", ".join(f"{count} {kind}" for kind, count in sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))
    return f"{len(sources)} document(s) were read ({listed}); items per document:\n\n" if sources else ""


def verification_table(stages: dict[str, Any] | None) -> str:
    """Per check: items in, out and dropped by reason; then the verifier's calls."""
    stages = stages or {}
    lines = ["| check | in | out | dropped | seconds |", "|---|---:|---:|---|---:|"]
    for name, stage in stages.items():
        if name.startswith("verify."):
            dropped = ", ".join(f"{reason}: {count}" for reason, count in stage.get("dropped", {}).items()) or "-"
            lines.append(f"| {name.removeprefix('verify.')} | {stage['items_in']} | {stage['items_out']} | {dropped} | {stage.get('wall_time_s', '')} |")
    calls = (stages.get("verify") or {}).get("verifier")
    if calls:
        lines.append(f"\nVerifier calls: {calls['calls']} ({calls['cached']} from the cache, {calls['failed']} failed), "
                     f"{calls['prompt_tokens']} prompt and {calls['completion_tokens']} completion tokens, "
                     f"{stages['verify'].get('wall_time_s', 0)} s.")
    return "\n".join(lines)


def card_languages(items: list[Item], stages: dict[str, Any] | None, configured: list[str] | None) -> list[str]:
    """The card's ``language``: the config's when it names some, else the items' languages, most items first (the
    documents' as ingest found them when no item was kept)."""
    if configured:
        return configured
    counts = Counter(item.language for item in items) or Counter(((stages or {}).get("ingest") or {}).get("languages") or {})
    return [code for code, _ in sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))] or ["en"]


def strategies_section(accounts: dict[str, Any]) -> str:
    """What each strategy was asked for and kept; a multi-chunk item was kept only when no one of its chunks'
    spans leads the verifier to its answer."""
    lines = ["## Strategies", "", "multi_hop items combine linked chunks of one document, cross_document items chunks "
             "of several; such an item was kept only when the verifier reaches its answer from all its cited spans and "
             "from the spans of no single chunk alone (`answerable_from_one_chunk` otherwise).", "",
             "| strategy | requested | generated | kept | missing, by reason |", "|---|---|---|---|---|"]
    for name, entry in accounts.items():
        missing = ", ".join(f"{reason} {n}" for reason, n in entry["missing"].items()) or "none"
        lines.append(f"| {name} | {entry['requested']} | {entry['generated']} | {entry['kept']} | {missing} |")
    return "\n".join(lines)


def metadata(items: list[Item], mode: str, license_id: str, language: list[str], pretty_name: str) -> dict[str, Any]:
    return {
        "pretty_name": pretty_name,
        "license": license_id,
        "language": language,
        "task_categories": ["multiple-choice"] if mode == "multiple_choice" else ["question-answering"],
        "size_categories": [size_category(len(items))],
        "tags": ["benchsmith", "synthetic", "evaluation", "document-grounded"],
        "configs": [{"config_name": "default", "data_files": [{"split": "test", "path": "data/test.parquet"}]}],
    }


def render_card(
    items: list[Item],
    *,
    config: dict[str, Any],
    summary: dict[str, Any],
    sources: list[str],
    pretty_name: str,
    license_id: str,
    language: list[str],
    harness_section: str = "",
    stages: dict[str, Any] | None = None,
    report: bool = False,
    review: dict[str, Any] | None = None,
) -> str:
    mode = config["generation"]["mode"]
    verifier = (config.get("verification", {}).get("model") or config["models"]["generator"])["model"]
    header = yaml.safe_dump(metadata(items, mode, license_id, language, pretty_name), sort_keys=False, allow_unicode=True)
    dropped = Counter(summary.get("rejected_by_reason", {}))
    per_source = Counter(item.source for item in items)
    parts = [
        f"---\n{header}---",
        f"# {pretty_name}",
        f"{'An' if mode == 'open_ended' else 'A'} {mode.replace('_', '-')} benchmark of **{len(items)} questions** generated by "
        f"[benchsmith](https://pypi.org/project/benchsmith/) from {len(sources)} document(s), with "
        f"`{config['models']['generator']['model']}` as the generator. Every question cites spans of its source "
        "chunk (stored with their character offsets). Before export each item passed deterministic checks (citations "
        "are exact spans of whole sentences, no heading as evidence, the answer's words are in the cited sentences, "
        "no answer given away by the question, "
        "no reference to an unseen excerpt, distinct options without a length cue, no near-duplicate question and "
        f"answer) and, with `{verifier}` as the verifier, a support check: from the cited spans alone the verifier "
        "must reach the reference answer (multiple choice: pick the key in every option order; open-ended: judge, "
        "rationale first, that the spans entail the answer)"
        + (", and an options-only check (the key must not be found without the question)" if mode == "multiple_choice" else "")
        + ". Every dropped item is listed with its reason in the run's `rejected.jsonl`.",
        "## Source documents\n\n" + _file_types(sources) + _table(per_source + Counter({s: 0 for s in sources}), "document"),
        "## Counts\n\n"
        f"- chunks used for generation: {summary.get('chunks_used', 0)}\n"
        f"- items generated: {summary.get('items_generated', 0)}\n"
        f"- items kept: {len(items)}\n"
        f"- generation calls that failed: {summary.get('failed_calls', 0)}\n"
        + (f"- dropped by a reviewer: {review['dropped']}; answer keys fixed by a reviewer: {review['fixed']}\n" if review else "")
        + "\n"
        + (_table(dropped, "dropped because") if dropped else "Nothing was dropped."),
        "## Question types\n\n" + _table(Counter(item.question_type for item in items), "type"),
        *([strategies_section(summary["strategies"])] if summary.get("strategies") else []),
        "## Verification\n\n" + verification_table(stages),
        "## Fields\n\n`id`, `question`, `answer`, `choices` (empty for open-ended), `answer_index`, "
        "`question_type` (the type the generation plan asked for), `difficulty` (the share of the models evaluated "
        "on this benchmark that get the item wrong, written by `benchsmith evaluate`; null before), `citations` (spans of the chunk), `citation_spans` "
        "(`[start, end)` of each citation in `chunk_text`), `citation_score`, `document_id`, `source`, `title`, "
        "`section`, `language` (ISO 639-1 code of the source document), `pages`, `chunk_id`, `chunk_start` (offset of the chunk in its document), `chunk_text`, "
        "`generator`, `mode`"
        + (". With several strategies also `strategy` (single_hop, multi_hop, cross_document) and `sources`, the chunks "
           "an item cites, each with `document_id`, `source`, `chunk_id`, `title`, `section`, `pages`, `start` (offset "
           "of the chunk in its document), `citations` and `citation_spans` (offsets in that chunk); a multi-chunk "
           "item's `chunk_text` is its chunks' texts one after the other, `chunk_start` -1" if summary.get("strategies") else "")
        + ".",
        "## Usage\n\n```python\nfrom datasets import load_dataset\n"
        'ds = load_dataset("parquet", data_files={"test": "data/test.parquet"})["test"]  # in this folder\n'
        '# or, in the run directory: datasets.load_from_disk("dataset")["test"]\n```',
    ]
    if report:  # right after the summary: the first thing to open before trusting the numbers below
        parts.insert(3, "**See it before you use it:** [`report.html`](report.html) shows how many items each check "
                        "dropped and why, the distributions, and every item, kept or dropped, next to its source passage "
                        "with the cited spans highlighted (one self-contained file: open it in a browser).")
    if harness_section:
        parts.append(harness_section)
    parts.append("## How it was generated\n\nThe benchsmith configuration (secrets masked; input paths relative to the run directory):\n\n```yaml\n"
                 + yaml.safe_dump(config, sort_keys=False, allow_unicode=True) + "```")
    parts.append("## Limitations\n\nQuestions and answers are machine-generated and checked by a model, not by a "
                 "person: a verifier as small as the generator misses errors a person would see. Measure what the "
                 "checks let through on a sample (the project's docs report blind audits) before relying on it.")
    return "\n\n".join(parts) + "\n"
