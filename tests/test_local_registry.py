"""The embedded-model registry: names, missing packages, assembly and sha256 checks (no llama_cpp needed)."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from benchsmith.llm import registry
from benchsmith.llm.registry import Entry, LocalModelError, Part, resolve_local_name


@pytest.fixture(autouse=True)
def model_dir(tmp_path, monkeypatch) -> Path:
    directory = tmp_path / "models"
    monkeypatch.setenv("BENCHSMITH_MODEL_DIR", str(directory))
    return directory


def fake_parts(tmp_path: Path, monkeypatch, contents: list[bytes]) -> tuple[Part, ...]:
    """Install one tiny distribution per part, the way the real part packages are laid out."""
    site = tmp_path / "site"
    parts = []
    for number, data in enumerate(contents, start=1):
        package = f"benchsmith-fake-part{number}"
        module = package.replace("-", "_")
        info = site / f"{module}-1.0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {package}\nVersion: 1.0\n", encoding="utf-8")
        data_file = site / module / "data" / f"part{number:02d}.bin"
        data_file.parent.mkdir(parents=True)
        data_file.write_bytes(data)
        parts.append(Part(f"{package}==1.0", f"{module}/data/part{number:02d}.bin"))
    monkeypatch.syspath_prepend(str(site))
    return tuple(parts)


def register(monkeypatch, name: str, parts: tuple[Part, ...], whole: bytes, sha256: str | None = None) -> None:
    entry = Entry(parts, len(whole), sha256 or hashlib.sha256(whole).hexdigest())
    monkeypatch.setitem(registry.MODELS, name, entry)


def test_unknown_name_lists_known_models():
    with pytest.raises(LocalModelError) as error:
        resolve_local_name("no-such-model")
    assert isinstance(error.value, ValueError)
    for name in ["qwen2.5-coder-1.5b-instruct", "qwen2.5-coder-0.5b-instruct", "smollm2-135m-instruct"]:
        assert f"local/{name}" in str(error.value)


def test_missing_part_names_the_package_to_install(monkeypatch):
    ghost = (Part("benchsmith-no-such-part==9.9", "benchsmith_no_such_part/data/part01.bin"),)
    register(monkeypatch, "ghost", ghost, b"x")
    with pytest.raises(LocalModelError, match=r"pip install benchsmith-no-such-part==9\.9"):
        resolve_local_name("ghost")


def test_parts_are_joined_verified_and_reused(tmp_path, monkeypatch, model_dir):
    contents = [b"GGUF" + b"a" * 10, b"b" * 7, b"c" * 3]
    whole = b"".join(contents)
    register(monkeypatch, "fake", fake_parts(tmp_path, monkeypatch, contents), whole)

    path = resolve_local_name("fake")
    assert path == model_dir / "fake.gguf" and path.read_bytes() == whole
    assert (model_dir / "fake.gguf.sha256").is_file()
    assert [p.name for p in model_dir.iterdir() if p.name.endswith(".tmp")] == []

    def no_hashing(*args):
        raise AssertionError("a verified model must not be hashed again")

    with monkeypatch.context() as patch:
        patch.setattr(registry.hashlib, "sha256", no_hashing)
        assert resolve_local_name("fake") == path


def test_damaged_model_file_is_rebuilt(tmp_path, monkeypatch, model_dir):
    contents = [b"one-", b"two"]
    whole = b"".join(contents)
    register(monkeypatch, "fake", fake_parts(tmp_path, monkeypatch, contents), whole)
    path = resolve_local_name("fake")
    path.write_bytes(b"X" * len(whole))  # same size, new mtime: the marker no longer vouches for it
    assert resolve_local_name("fake").read_bytes() == whole


def test_wrong_sha256_is_a_clear_error_and_leaves_nothing(tmp_path, monkeypatch, model_dir):
    contents = [b"one-", b"two"]
    register(monkeypatch, "fake", fake_parts(tmp_path, monkeypatch, contents), b"".join(contents), sha256="0" * 64)
    with pytest.raises(LocalModelError, match="sha256"):
        resolve_local_name("fake")
    assert not model_dir.exists() or list(model_dir.iterdir()) == []


def test_wrong_total_size_is_reported_before_joining(tmp_path, monkeypatch, model_dir):
    contents = [b"one-", b"two"]
    parts = fake_parts(tmp_path, monkeypatch, contents)
    monkeypatch.setitem(registry.MODELS, "fake", Entry(parts, 99, "0" * 64))
    with pytest.raises(LocalModelError, match="expected 99"):
        resolve_local_name("fake")


def test_single_part_model_is_used_in_place(tmp_path, monkeypatch, model_dir):
    whole = b"GGUF whole model"
    parts = fake_parts(tmp_path, monkeypatch, [whole])
    register(monkeypatch, "tiny", parts, whole)
    path = resolve_local_name("tiny")
    assert path == tmp_path / "site" / parts[0].file
    assert not (model_dir / "tiny.gguf").exists()

    register(monkeypatch, "tiny", parts, whole, sha256="f" * 64)
    with pytest.raises(LocalModelError, match="sha256"):
        resolve_local_name("tiny")


def test_gguf_path_runs_any_file(tmp_path):
    model = tmp_path / "my model.gguf"
    model.write_bytes(b"GGUF")
    assert resolve_local_name(str(model)) == model.resolve()
    with pytest.raises(LocalModelError, match="not found"):
        resolve_local_name(str(tmp_path / "missing.gguf"))


def test_check_model_uses_the_registry():
    from benchsmith.llm.providers import check_model

    with pytest.raises(ValueError, match="smollm2-135m-instruct"):
        check_model("local/not-a-model")


def test_unknown_local_model_stops_the_run():
    """The provider turns registry errors into litellm's NotFoundError, which the client treats as fatal."""
    import asyncio

    from benchsmith.config import ModelConfig
    from benchsmith.llm import FatalLLMError, LLMClient

    with pytest.raises(FatalLLMError, match="known models are"):
        asyncio.run(LLMClient(cache=None).chat(ModelConfig(model="local/no-such-model"), [{"role": "user", "content": "hi"}]))


def test_letter_enum_schema_becomes_a_bare_choice_grammar():
    from benchsmith.llm.local import grammar_text

    letters = {"type": "string", "enum": ["A", "B", "C", "D"]}
    wrapped = {"response_format": {"type": "json_schema", "json_schema": {"name": "x", "schema": letters}}}
    assert grammar_text(wrapped) == 'root ::= "A" | "B" | "C" | "D"'
    odd = {"response_format": {"type": "json_object", "schema": {"type": "string", "enum": ['say "hi"', "a\\b", "é\n"]}}}
    assert grammar_text(odd) == 'root ::= "say \\"hi\\"" | "a\\\\b" | "\\U000000E9\\U0000000A"'
    assert grammar_text({"extra_body": {"grammar": 'root ::= "yes" | "no"'}}) == 'root ::= "yes" | "no"'
    assert grammar_text({"response_format": {"type": "text"}}) is None and grammar_text({}) is None


def test_missing_llama_cpp_says_what_to_install(tmp_path, monkeypatch):
    import asyncio
    import sys

    from benchsmith.config import ModelConfig
    from benchsmith.llm import FatalLLMError, LLMClient

    model = tmp_path / "any.gguf"
    model.write_bytes(b"GGUF")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # makes `import llama_cpp` fail
    with pytest.raises(FatalLLMError, match=r'pip install -e "\.\[local\]"'):
        asyncio.run(LLMClient(cache=None).chat(ModelConfig(model=f"local/{model}"), [{"role": "user", "content": "hi"}]))


def test_forced_chat_formats_are_ones_llama_cpp_knows():
    chat_format = pytest.importorskip("llama_cpp.llama_chat_format")
    forced = {name: entry.chat_format for name, entry in registry.MODELS.items() if entry.chat_format}
    for name, format_name in forced.items():
        assert chat_format.get_chat_completion_handler(format_name) is not None, name
        assert registry.forced_chat_format(name) == format_name
    assert registry.forced_chat_format("no-such-model") is None
