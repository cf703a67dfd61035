"""Generation is spent on prose: chunks that are mostly links, questions or lists are not picked, and say so."""

from __future__ import annotations

import json

import pytest
import yaml

from benchsmith.config import load_config
from benchsmith.pipeline import run_pipeline
from benchsmith.stages.base import PipelineError

PROSE = """# The Varnholt Glacier

The Varnholt Glacier flows north from the Skarn plateau into Lake Orrin over a distance of forty kilometres.
Its meltwater feeds the Orrin river, which drives three small hydroelectric plants along the valley floor.
Surveys since 1962 show that the glacier's front has retreated by about nine hundred metres in total.
"""
LINKS = """# Videos about glaciers

- Glaciers of the North, episode 4: https://video.example.org/watch?v=a1b2c3.
- The Retreating Ice, a lecture: https://video.example.org/watch?v=d4e5f6.
- Meltwater and Power: https://video.example.org/watch?v=g7h8i9.
- Measuring a Glacier's Front: https://video.example.org/watch?v=j0k1l2.
"""
ITEM = {"question_type": "factual", "citations": [1], "question": "Into which lake does the Varnholt Glacier flow?",
        "answer": "Lake Orrin"}


def configure(make_config, tmp_path, prose: bool = True, **chunking):
    (tmp_path / "docs").mkdir()
    if prose:
        (tmp_path / "docs" / "glacier.md").write_text(PROSE, encoding="utf-8")
    (tmp_path / "docs" / "videos.md").write_text(LINKS, encoding="utf-8")
    rules = [{"match": "Varnholt", "response": {"items": [ITEM]}}, {"match": "Videos", "response": {"items": []}}]
    (tmp_path / "script.yaml").write_text(yaml.safe_dump({"rules": rules}), encoding="utf-8")
    return load_config(make_config({"inputs": {"paths": [str(tmp_path / "docs")]}, "chunking": chunking,
                                    "generation": {"questions_per_chunk": 1, "question_types": ["factual"],
                                                   "max_chunks": 1}}))


def chunk_stage(tmp_path) -> dict:
    return json.loads((tmp_path / "out" / "run.json").read_text())["stages"]["chunk"]


def test_a_list_of_links_is_not_picked_for_generation(make_config, tmp_path):
    run_pipeline(configure(make_config, tmp_path))
    stats = chunk_stage(tmp_path)
    assert stats["chunks_out"] == 2 and stats["chunks_not_prose"] == 1 and stats["chunks_selected"] == 1
    rows = (tmp_path / "out" / "data" / "test.jsonl").read_text().splitlines()
    assert [json.loads(row)["source"] for row in rows] == ["glacier.md"]


def test_min_prose_share_zero_uses_every_chunk(make_config, tmp_path):
    config = configure(make_config, tmp_path, min_prose_share=0)
    config.generation.max_chunks = None
    run_pipeline(config)
    assert chunk_stage(tmp_path)["chunks_not_prose"] == 0 and chunk_stage(tmp_path)["chunks_selected"] == 2


def test_documents_without_prose_stop_the_run_with_what_to_change(make_config, tmp_path):
    config = configure(make_config, tmp_path, prose=False)
    with pytest.raises(PipelineError, match="min_prose_share"):
        run_pipeline(config)
