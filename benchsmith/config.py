"""Pipeline configuration: ``pipeline.yaml`` parsed into strict pydantic models.

Unknown keys are errors, ``${ENV_VAR}`` is expanded, and relative paths are
resolved against the config file's folder so a job runs the same from anywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator, model_validator

# re-exported: the rest of benchsmith imports them from here
from benchsmith.configfile import ConfigError, expand_env, format_validation_error, read_yaml, resolve_path, validate_mapping  # noqa: F401
from benchsmith.records import Mode
from benchsmith.secrets import register_secret, redact
from benchsmith.strategy_config import GroupingConfig, StrategiesConfig, default_strategies

# counterfactual is available but not a default: its answers are rarely stated in a text, so they get invented
DEFAULT_QUESTION_TYPES = ["factual", "analytical", "conceptual", "application"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class InputsConfig(Strict):
    paths: list[Path] = Field(min_length=1)
    include: list[str] = Field(default_factory=lambda: ["**/*"])
    exclude: list[str] = Field(default_factory=lambda: ["**/.*", "**/.*/**"])
    max_file_mb: float = Field(20, gt=0, description="larger text/HTML files are reported, not read (PDFs: 10x)")
    language: str = Field("auto", pattern=r"^(auto|[a-z]{2})$",
                          description="ISO 639-1 code of every document (ko, en, ...); auto = detected per document")


class ChunkingConfig(Strict):
    size_tokens: int = Field(512, gt=16)
    overlap_tokens: int = Field(64, ge=0)
    tokenizer: str = Field("auto", description="what chunk sizes are counted in; auto = all-MiniLM-L6-v2 for English, "
                           "the generator's own tokenizer for other languages (see docs/languages.md)")
    context_chars: int = Field(0, ge=0, le=4000, description="up to this many characters of the text before a chunk "
                               "(from a sentence start) open its excerpt in the generation prompt, unnumbered so not "
                               "citable, so a question can name what the chunk refers back to; 0: none. Off by default: "
                               "with the 1.5B generator, 600 characters gave fewer standalone kept items, not more "
                               "(docs/verification.md, fifteenth round)")
    min_prose_share: float = Field(0.5, ge=0, le=1, description="a chunk is used for generation only when at least this "
                                   "share of its characters is citable prose (whole sentences, no headings, lists, "
                                   "tables or links): a list of videos or references is not; 0 uses every chunk")


# litellm kwargs that a documented setting decides: in ``extra`` they would silently override it.
DOCUMENTED_PARAMETERS = {
    "temperature": "generation.temperature (the verifier always uses 0)",
    "seed": "generation.seed",
    "max_tokens": "max_tokens of this model",
    "response_format": "generation.structured_output",
    "api_base": "api_base of this model",
    "base_url": "api_base of this model",
    "api_key": "api_key of this model",
    "timeout": "timeout_s of this model",
    "num_retries": "llm.max_retries",
    "max_retries": "llm.max_retries",
    "caching": "llm.cache_dir",
    "model": "model",
    "messages": "the prompts (not configurable)",
}


class ModelConfig(Strict):
    """A litellm model string plus how to reach it."""

    model: str
    api_base: str | None = None
    api_key: SecretStr | None = None
    max_tokens: int = Field(1536, gt=0)
    timeout_s: float = Field(600, gt=0)
    extra: dict[str, Any] = Field(default_factory=dict, description="extra litellm kwargs (not the documented ones)")

    @field_validator("extra")
    @classmethod
    def _no_documented_parameter(cls, extra: dict[str, Any]) -> dict[str, Any]:
        for key in extra:
            if key in DOCUMENTED_PARAMETERS:
                raise ValueError(f"extra.{key} would override a documented setting; remove it and set "
                                 f"{DOCUMENTED_PARAMETERS[key]} instead")
        return extra


def _model_shorthand(cls, value: Any) -> Any:
    """A model given as a bare string ("local/...", "openai/...") means ``{model: that string}``."""
    return {"model": value} if isinstance(value, str) else value


class ModelsConfig(Strict):
    generator: ModelConfig
    embedder: str | dict[str, str] = Field("all-MiniLM-L6-v2", description="dedup embeddings: one model for every "
                                           "language, or ISO 639-1 code -> model with a default (see docs/languages.md)")

    _shorthand = field_validator("generator", mode="before")(_model_shorthand)


# A question naming one of these leans on the excerpt ("What does the figure show?"): 70 of 400 drafts were dropped
# as not_standalone for them (docs/verification.md, eleventh round); the words the model reached for once the
# first five were banned ("the graph in the image") are here too, and those it reached for next on held-out
# chapters ("mentioned in the text", "the main point of the first sentence": docs/verification.md, twelfth round).
SOURCE_WORDS = ("passage", "excerpt", "figure", "chapter", "paragraph", "image", "graph", "diagram", "illustration",
                "photograph", "picture", "caption", "text", "sentence", "photo")


class GenerationConfig(Strict):
    mode: Mode = "open_ended"
    questions_per_chunk: int = Field(3, ge=1, le=20)
    question_types: list[str] = Field(default_factory=lambda: list(DEFAULT_QUESTION_TYPES), min_length=1)
    max_chunks: int | None = Field(None, ge=1)
    sampling: Literal["sequential", "random", "stratified"] = "stratified"
    seed: int = 42
    temperature: float = Field(0.2, ge=0, le=2)
    structured_output: Literal["auto", "on", "off"] = "auto"
    answers: Literal["written", "extracted"] = Field(
        "written", description="written: the generator words the reference answer; extracted: the answer is a short "
        "phrase copied from the cited sentence (a span of the chunk, checked as such; open-ended single-hop items), and "
        "the verifier must copy the same phrase (docs/verification.md, eighth round)")
    second_distractor_request: bool = Field(True, description="multiple choice: when a draft's distractors repeat its "
                                            "key or each other, or are much shorter than it, ask once more for five "
                                            "(generate/distractors.py) instead of dropping the item")
    distractors: Literal["inline", "after_checks"] = Field(
        "inline", description="multiple choice, single-hop: inline = the generator writes five distractors with each "
        "item; after_checks = it drafts each item with its key only, and one short call per item asks for the "
        "distractors of the items that the checks without a model keep (generate/distractors.py)")
    avoid_in_questions: list[str] = Field(
        default_factory=lambda: list(SOURCE_WORDS), description="words a local generator cannot write in a question "
        "(llama.cpp logits, benchsmith/llm/avoid_words.py): the unseen source's parts, which make a question lean on an "
        "excerpt the test taker never sees; [] turns it off. API models get the prompt's rule only")
    keep_script: bool = Field(False, description="a local generator cannot write a Latin letter in the questions, "
                              "answers and options it writes about a chunk that has none. Off: on Korean multiple "
                              "choice it removed the English options and kept no more items (docs/languages.md)")
    strategies: StrategiesConfig = Field(default_factory=default_strategies, description="single_hop, multi_hop, "
                                         "cross_document: a share of the calls or a count of items each (docs/multihop.md)")
    grouping: GroupingConfig = Field(default_factory=GroupingConfig, description="how chunks are linked for multi_hop "
                                     "and cross_document")

    @model_validator(mode="after")
    def _named_timeline_is_open_ended(self) -> GenerationConfig:
        if self.grouping.compose == "timeline" and self.mode != "open_ended" and self.grouping.timeline_events != "quoted":
            raise ValueError("grouping.compose: timeline with named events writes open-ended items ('which happened "
                             "first'); set generation.mode: open_ended, or grouping.timeline_events: quoted for "
                             "multiple choice ('which of these events happened first', four quoted events)")
        return self

    @model_validator(mode="after")
    def _distractors_after_checks_is_multiple_choice(self) -> GenerationConfig:
        if self.distractors == "after_checks" and self.mode != "multiple_choice":
            raise ValueError("generation.distractors: after_checks asks for the distractors of multiple-choice items; "
                             "set generation.mode: multiple_choice, or remove generation.distractors")
        return self

    @model_validator(mode="after")
    def _extracted_is_open_ended(self) -> GenerationConfig:
        if self.answers == "extracted" and self.mode != "open_ended":
            raise ValueError("generation.answers: extracted is for open-ended items (a multiple-choice key is already "
                             "a short phrase of the cited sentence); set generation.mode: open_ended, or answers: written")
        return self


class FiltersConfig(Strict):
    dedup_threshold: float = Field(0.90, ge=0, le=1, description="cosine similarity of question + answer above which two items are duplicates")
    min_question_chars: int = Field(10, ge=1)
    max_question_chars: int = Field(600, ge=10)


class VerificationConfig(Strict):
    """The checks between generation and export (see benchsmith/verify)."""

    model: ModelConfig | None = Field(None, description="verifier model; null = the generator")
    support: bool = Field(True, description="the verifier must reach the reference answer from the cited spans alone")
    judge_open_ended: bool = Field(
        False, description="single-hop open-ended items too get the support check's rationale-first judgement; off by "
        "default: the 1.5B judge passed 102 of 103 such items in five measured runs and took a third of a job's time "
        "(docs/verification.md, eighth round); support_score and reproduce judge them")
    options_only: bool = Field(True, description="multiple choice: drop an item whose key is picked from the options alone")
    reproduce: float | None = Field(0.5, ge=0, le=1, description="open-ended: the verifier answers from the cited spans "
                                    "itself; drop when its answer shares less than this of the reference answer's new "
                                    "words (null: off)")
    needs_every_chunk: bool = Field(True, description="multi_hop, cross_document: drop an item the verifier "
                                    "answers from the cited spans of one chunk alone")
    sole_key: bool = Field(False, description="multiple choice: drop an item whose distractor the verifier picks from "
                           "the evidence once the key is removed (a second right answer); off by default: with the 1.5B "
                           "model as verifier it dropped valid and invalid items alike (docs/verification.md)")
    min_support_log_odds: float | None = Field(
        1.0, description="the verifier's log P(Yes) - log P(No) that the cited spans state the answer (one forward "
        "pass) must reach this; null: off. Set from blind audits of the 1.5B model (docs/verification.md): another "
        "verifier model needs its own")
    min_key_margin_log_odds: float | None = Field(
        1.0, description="multiple choice: the verifier's yes/no log-odds that the cited spans state the key must "
        "exceed those of every distractor by this much (else a second right option is likely); one forward pass per "
        "distractor; null: off. Set from blind audits of the 1.5B model (docs/verification.md, seventh round)")
    rotations: int = Field(2, ge=1, le=4, description="multiple choice: circular option orders the verifier sees")
    min_evidence_words: int = Field(5, ge=1, description="a citation shorter than this cannot state a fact")
    min_answer_in_evidence: float = Field(
        0.5, ge=0, le=1, description="share of the answer's content words that must occur in the cited sentences (0: off)")
    max_answer_length_ratio: float | None = Field(
        1.2, gt=1, description="multiple choice: drop an item whose key is this many times longer than its longest "
        "distractor (a length cue lets a model answer without knowledge); null turns the check off")

    _shorthand = field_validator("model", mode="before")(_model_shorthand)


class LLMConfig(Strict):
    concurrency: int = Field(4, ge=1)
    max_retries: int = Field(4, ge=0)
    retry_wait_s: float = Field(1.0, ge=0, description="first backoff wait; doubles per retry")
    cache_dir: Path | None = Path("~/.cache/benchsmith/responses")
    max_calls: int | None = Field(None, ge=0)
    max_cost_usd: float | None = Field(None, ge=0)


class OutputConfig(Strict):
    dir: Path = Path("runs/default")
    name: str = "benchsmith benchmark"
    license: str = "other"
    language: list[str] | None = Field(None, description="card metadata (ISO 639-1 codes); null = the languages of the documents")
    report: bool = Field(True, description="write report.html (funnel, plots, item browser) at the end of the run")


class PublishConfig(Strict):
    """Upload the run to a Hugging Face dataset repository (``benchsmith publish`` does the same by hand)."""

    enabled: bool = False
    repo_id: str | None = Field(None, pattern=r"^[A-Za-z0-9][\w.-]*/[A-Za-z0-9][\w.-]*$", description="ORG/NAME")
    private: bool = True

    @model_validator(mode="after")
    def _needs_repo(self) -> PublishConfig:
        if self.enabled and self.repo_id is None:
            raise ValueError("publish.enabled needs publish.repo_id (ORG/NAME)")
        return self


class ExtraStage(Strict):
    """A stage from outside benchsmith: an entry point of group ``benchsmith.stages`` or ``module:callable``."""

    use: str = Field(description="entry point name, or module:callable returning a Stage")
    after: str | None = Field(None, description="the stage it follows (a run.json stage name); null = just before export")
    settings: dict[str, Any] = Field(default_factory=dict, description="keyword arguments of the callable")


class StagesConfig(Strict):
    extra_stages: list[ExtraStage] = Field(default_factory=list)


class PipelineConfig(Strict):
    inputs: InputsConfig
    chunking: ChunkingConfig = Field(default_factory=ChunkingConfig)
    models: ModelsConfig
    generation: GenerationConfig = Field(default_factory=GenerationConfig)
    filters: FiltersConfig = Field(default_factory=FiltersConfig)
    verification: VerificationConfig = Field(default_factory=VerificationConfig)
    llm: LLMConfig = Field(default_factory=LLMConfig)
    output: OutputConfig = Field(default_factory=OutputConfig)
    publish: PublishConfig = Field(default_factory=PublishConfig)
    pipeline: StagesConfig = Field(default_factory=StagesConfig)

    def masked(self) -> dict[str, Any]:
        """The config as plain data with secrets replaced, safe to publish."""
        # A pipeline of built-in stages only says nothing: cards and run.json stay as they were before the section.
        data = self.model_dump(mode="json", exclude=set() if self.pipeline.extra_stages else {"pipeline"})
        if self.generation.strategies.only_single_hop():  # likewise a run without groups: as before strategies
            for key in ("strategies", "grouping"):
                data["generation"].pop(key)
            data["verification"].pop("needs_every_chunk")
        return redact(data)  # SecretStr dumps as '**********' already

    def shareable(self) -> dict[str, Any]:
        """``masked()`` without this machine's layout, for the published dataset card.

        Input folders become relative to the output folder (the run directory
        is the card's home), the cache folder is shown under ``~``.
        """
        data = self.masked()
        out = self.output.dir
        data["inputs"]["paths"] = [_relative_to(path, out) for path in self.inputs.paths]
        data["output"]["dir"] = "."
        if self.llm.cache_dir is not None:
            data["llm"]["cache_dir"] = _home_relative(self.llm.cache_dir) or _relative_to(self.llm.cache_dir, out)
        return data


def _relative_to(path: Path, base: Path) -> str:
    """``path`` seen from ``base``; just its name when they share no folder but the root,
    since ``../../../home/alice/...`` would show the whole layout again."""
    path, base = path.resolve(), base.resolve()
    try:
        shared = Path(os.path.commonpath([path, base]))
    except ValueError:  # another drive on Windows
        return path.name
    if shared == Path(shared.anchor):
        return path.name
    return Path(os.path.relpath(path, base)).as_posix()


def _home_relative(path: Path) -> str | None:
    try:
        return "~/" + path.expanduser().relative_to(Path.home()).as_posix()
    except ValueError:
        return None


def parse_config(data: Any, base_dir: Path, source: str = "config") -> PipelineConfig:
    config = validate_mapping(PipelineConfig, data, source)
    for model in (config.models.generator, config.verification.model):
        if model is not None and model.api_key is not None:
            register_secret(model.api_key.get_secret_value())
    config.inputs.paths = [resolve_path(base_dir, path) for path in config.inputs.paths]
    config.output.dir = resolve_path(base_dir, config.output.dir)
    if config.llm.cache_dir is not None:
        config.llm.cache_dir = resolve_path(base_dir, config.llm.cache_dir)
    for index, path in enumerate(config.inputs.paths):
        if not path.exists():
            raise ConfigError(f"{source}: inputs.paths.{index}: path does not exist: {path}")
    if config.inputs.language != "auto":
        from benchsmith.language import known_codes

        if config.inputs.language not in known_codes():
            raise ConfigError(f"{source}: inputs.language: {config.inputs.language!r} is not an ISO 639-1 code the "
                              f"detector knows; use auto or one of {', '.join(known_codes())}")
    if config.chunking.overlap_tokens >= config.chunking.size_tokens:
        raise ConfigError(f"{source}: chunking.overlap_tokens: must be smaller than chunking.size_tokens ({config.chunking.size_tokens})")
    return config


def load_config(path: str | Path) -> PipelineConfig:
    """Read, expand and validate a pipeline YAML file; raises :class:`ConfigError`."""
    path = Path(path)
    return parse_config(read_yaml(path), path.resolve().parent, str(path))
