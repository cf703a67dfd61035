from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from benchsmith.config import ConfigError, load_config


def write(tmp_path: Path, data: dict) -> Path:
    path = tmp_path / "pipeline.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def minimal(tmp_path: Path) -> dict:
    (tmp_path / "docs").mkdir(exist_ok=True)
    return {"inputs": {"paths": ["docs"]}, "models": {"generator": "openai/gpt-4o-mini"}}


def test_relative_paths_resolve_against_the_config_file(tmp_path, monkeypatch):
    monkeypatch.chdir("/")
    config = load_config(write(tmp_path, {**minimal(tmp_path), "output": {"dir": "out"}}))
    assert config.inputs.paths == [tmp_path / "docs"]
    assert config.output.dir == tmp_path / "out"
    assert config.models.generator.model == "openai/gpt-4o-mini"


def test_shareable_config_shows_paths_relative_to_the_run_directory(tmp_path):
    config = load_config(write(tmp_path, {**minimal(tmp_path), "output": {"dir": "runs/one"},
                                          "llm": {"cache_dir": "~/.cache/bs"}}))
    shown = config.shareable()
    assert shown["inputs"]["paths"] == ["../../docs"]
    assert (config.output.dir / shown["inputs"]["paths"][0]).resolve() == (tmp_path / "docs").resolve()
    assert shown["output"]["dir"] == "." and shown["llm"]["cache_dir"] == "~/.cache/bs"
    assert str(tmp_path) not in yaml.safe_dump(shown)


def test_environment_variables_are_expanded(tmp_path, monkeypatch):
    monkeypatch.setenv("BENCH_MODEL", "anthropic/claude-3-5-haiku-latest")
    data = minimal(tmp_path)
    data["models"]["generator"] = {"model": "${BENCH_MODEL}", "api_key": "${NOT_SET_ANYWHERE:-fallback}"}
    config = load_config(write(tmp_path, data))
    assert config.models.generator.model == "anthropic/claude-3-5-haiku-latest"
    assert config.models.generator.api_key.get_secret_value() == "fallback"
    assert "fallback" not in str(config.masked())


def test_missing_environment_variable_names_it(tmp_path):
    data = minimal(tmp_path)
    data["output"] = {"dir": "${SURELY_UNDEFINED_VAR_123}"}
    with pytest.raises(ConfigError, match="SURELY_UNDEFINED_VAR_123"):
        load_config(write(tmp_path, data))


@pytest.mark.parametrize(
    ("change", "key", "expected"),
    [
        ({"generation": {"mode": "essay"}}, "generation.mode", "open_ended"),
        ({"generation": {"questions_per_chunk": "many"}}, "generation.questions_per_chunk", "integer"),
        ({"filters": {"citation_treshold": 0.5}}, "filters.citation_treshold", "unknown key"),
        ({"chunking": {"size_tokens": 64, "overlap_tokens": 64}}, "chunking.overlap_tokens", "smaller"),
        ({"inputs": {"paths": ["nowhere"]}}, "inputs.paths.0", "does not exist"),
    ],
)
def test_bad_config_fails_with_one_line_naming_the_key(tmp_path, change, key, expected):
    data = minimal(tmp_path)
    for section, values in change.items():
        data[section] = {**data.get(section, {}), **values}
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, data))
    message = str(error.value)
    assert "\n" not in message
    assert key in message and expected in message


def test_missing_required_section(tmp_path):
    with pytest.raises(ConfigError, match="models: required key is missing"):
        load_config(write(tmp_path, {"inputs": {"paths": ["."]}}))


@pytest.mark.parametrize("key, setting", [("temperature", "generation.temperature"), ("seed", "generation.seed"),
                                          ("max_tokens", "max_tokens"), ("response_format", "generation.structured_output")])
def test_extra_cannot_override_a_documented_setting(tmp_path, key, setting):
    data = {**minimal(tmp_path), "models": {"generator": {"model": "openai/gpt-4o-mini", "extra": {key: 1, "top_p": 0.9}}}}
    with pytest.raises(ConfigError) as error:
        load_config(write(tmp_path, data))
    message = str(error.value)
    assert f"models.generator.extra: extra.{key} would override" in message and f"set {setting}" in message
    assert "Value error" not in message


def test_extra_passes_other_litellm_parameters(tmp_path):
    data = {**minimal(tmp_path), "models": {"generator": {"model": "openai/gpt-4o-mini", "extra": {"top_p": 0.9}}}}
    assert load_config(write(tmp_path, data)).models.generator.extra == {"top_p": 0.9}
