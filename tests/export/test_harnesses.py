"""The generated task files run in the real harnesses, offline, on a small generated run directory.

Each harness evaluates two stand-in models through its own extension API: an
oracle that answers from the dataset (must score 1.0, so targets, choices and
prompts line up) and a contrarian that always answers wrongly (must score 0.0,
so the metric is not trivially satisfied).
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from benchsmith.export.tasks import task_name, write_tasks
from tests.export.test_tasks import make_run

NAME = "Field Notes QA"
TASK = task_name(NAME)
MODES = ["multiple_choice", "open_ended"]
LIMIT = 3


@pytest.fixture(scope="module")
def runs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("runs")
    return {mode: make_run(root, mode, NAME) for mode in MODES}


def rows_of(run: Path) -> list[dict]:
    return pq.read_table(run / "data" / "test.parquet").to_pylist()


def row_in(rows: list[dict], prompt: str) -> dict:
    """The one row whose question the prompt shows."""
    (row,) = [row for row in rows if row["question"] in prompt]
    return row


def letter(index: int) -> str:
    return chr(ord("A") + index)


# --- lm-evaluation-harness -------------------------------------------------------------------

def lm_eval_model(rows: list[dict], correct: bool):
    from lm_eval.api.model import LM

    class Scripted(LM):
        def loglikelihood(self, requests, disable_tqdm=False):
            results = []
            for request in requests:
                context, continuation = request.args
                row = row_in(rows, context)
                wanted = row["answer_index"] if correct else (row["answer_index"] + 1) % len(row["choices"])
                results.append((0.0 if continuation.strip() == letter(wanted) else -10.0, True))
            return results

        def generate_until(self, requests, disable_tqdm=False):
            return [row_in(rows, request.args[0])["answer"] if correct else "no idea" for request in requests]

        def loglikelihood_rolling(self, requests, disable_tqdm=False):
            raise NotImplementedError("the benchsmith tasks never ask for rolling log-likelihoods")

    return Scripted()


@pytest.mark.parametrize("mode", MODES)
def test_lm_eval_runs_the_task_end_to_end(runs, mode):
    pytest.importorskip("lm_eval", reason="install benchsmith[harness] to run lm-evaluation-harness")
    from lm_eval import simple_evaluate
    from lm_eval.tasks import TaskManager

    run = runs[mode]
    metrics = ["acc,none"] if mode == "multiple_choice" else ["exact_match,none", "f1,none"]
    for correct, expected in [(True, 1.0), (False, 0.0)]:
        # include_defaults=False: indexing lm-eval's thousands of built-in tasks takes half a minute.
        manager = TaskManager(include_path=str(run / "tasks" / "lm_eval"), include_defaults=False)
        output = simple_evaluate(model=lm_eval_model(rows_of(run), correct), tasks=[TASK], task_manager=manager,
                                 limit=LIMIT, bootstrap_iters=0)
        result = output["results"][TASK]
        assert result["sample_len"] == LIMIT
        assert [result[metric] for metric in metrics] == [expected] * len(metrics)


# --- inspect_ai --------------------------------------------------------------------------------

def inspect_model(rows: list[dict], correct: bool):
    from inspect_ai.model import ModelOutput, ModelUsage, get_model

    def reply(messages, tools, tool_choice, config):
        prompt = "\n".join(message.text for message in messages)
        row = row_in(rows, prompt)
        if "[Submission]:" in prompt:  # model_graded_fact asks the same model to grade
            text = "GRADE: C" if f"[Submission]: {row['answer']}" in prompt else "GRADE: I"
        elif row["choices"]:
            wanted = row["answer_index"] if correct else (row["answer_index"] + 1) % len(row["choices"])
            text = f"ANSWER: {letter(wanted)}"
        else:
            text = row["answer"] if correct else "no idea"
        output = ModelOutput.from_content(model="mockllm", content=text)
        # Usage given, or mockllm counts tokens with a tiktoken encoding it would download.
        output.usage = ModelUsage(input_tokens=len(prompt.split()), output_tokens=len(text.split()),
                                  total_tokens=len(prompt.split()) + len(text.split()))
        return output

    return get_model("mockllm/model", custom_outputs=reply)


@pytest.mark.parametrize("mode", MODES)
def test_inspect_ai_runs_the_task_end_to_end(runs, mode, tmp_path, monkeypatch):
    pytest.importorskip("inspect_ai", reason="install benchsmith[harness] to run inspect_ai")
    from inspect_ai import eval as inspect_eval

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # inspect copies datasets into its cache
    run = runs[mode]
    for correct, expected in [(True, 1.0), (False, 0.0)]:
        (log,) = inspect_eval(f"{run}/tasks/inspect_task.py@{TASK}", model=inspect_model(rows_of(run), correct),
                              limit=LIMIT, log_dir=str(tmp_path / "logs"), display="none")
        assert log.status == "success", log.error
        (score,) = log.results.scores
        assert score.name == ("choice" if mode == "multiple_choice" else "model_graded_fact")
        assert score.metrics["accuracy"].value == expected
        assert len(log.samples) == LIMIT and all(sample.scores for sample in log.samples)


# --- lighteval ---------------------------------------------------------------------------------

def lighteval_model(rows: list[dict], correct: bool, cache_dir: Path):
    from lighteval.models.abstract_model import LightevalModel, ModelConfig
    from lighteval.models.model_output import ModelResponse
    from lighteval.utils.cache_management import SampleCache

    class Scripted(LightevalModel):
        tokenizer = None
        add_special_tokens = False
        max_length = 4096

        def __init__(self):
            self.config = ModelConfig(model_name=f"scripted-{correct}", cache_dir=str(cache_dir))
            self._cache = SampleCache(self.config)

        def greedy_until(self, docs):
            return [ModelResponse(text=[row_in(rows, doc.query)["answer"] if correct else "no idea"]) for doc in docs]

        def loglikelihood(self, docs):
            responses = []
            for doc in docs:
                gold = row_in(rows, doc.query)["answer_index"]
                wanted = gold if correct else (gold + 1) % len(doc.choices)
                responses.append(ModelResponse(logprobs=[0.0 if i == wanted else -10.0 for i in range(len(doc.choices))]))
            return responses

        def loglikelihood_rolling(self, docs):
            raise NotImplementedError("the benchsmith tasks never ask for rolling log-likelihoods")

    return Scripted()


@pytest.fixture
def lighteval_custom_tasks_only(monkeypatch, tmp_path):
    """Register only custom tasks: lighteval imports every built-in task module, and one of them
    (tiny_benchmarks) downloads a file at import time, which cannot work offline."""
    pytest.importorskip("lighteval", reason="install benchsmith[harness] to run lighteval")
    from lighteval.tasks.registry import Registry

    monkeypatch.setattr(Registry, "_load_from_files", staticmethod(lambda files, prefix: {}))
    monkeypatch.setattr(Registry, "_load_from_subdirs", staticmethod(lambda subdirs: {}))
    # lighteval's litellm backend switches on a process-wide litellm disk cache (in the working
    # folder) when imported: keep it out of the checkout and out of the tests that follow.
    import litellm

    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(litellm, "cache", litellm.cache)


@pytest.mark.parametrize("mode", MODES)
def test_lighteval_runs_the_task_end_to_end(runs, mode, tmp_path, lighteval_custom_tasks_only):
    from lighteval.logging.evaluation_tracker import EvaluationTracker
    from lighteval.pipeline import ParallelismManager, Pipeline, PipelineParameters

    run = runs[mode]
    metrics = ["acc"] if mode == "multiple_choice" else ["em", "f1"]
    for correct, expected in [(True, 1.0), (False, 0.0)]:
        parameters = PipelineParameters(launcher_type=ParallelismManager.CUSTOM, max_samples=LIMIT,
                                        custom_tasks_directory=str(run / "tasks" / "lighteval_task.py"))
        pipeline = Pipeline(tasks=f"{TASK}|0", pipeline_parameters=parameters,
                            evaluation_tracker=EvaluationTracker(output_dir=str(tmp_path / "lighteval")),
                            model=lighteval_model(rows_of(run), correct, tmp_path / "cache"))
        pipeline.evaluate()
        result = pipeline.get_results()["results"][f"{TASK}:0"]
        assert [float(result[metric]) for metric in metrics] == [expected] * len(metrics)


# --- the Hub fallback of the Python task files ------------------------------------------------

def load_module(path: Path):
    spec = importlib.util.spec_from_file_location(f"generated_{path.stem}_{abs(hash(path))}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_inspect_task_reads_the_hub_repo_without_local_data(tmp_path):
    pytest.importorskip("inspect_ai", reason="install benchsmith[harness] to run inspect_ai")
    write_tasks(tmp_path, name=NAME, mode="multiple_choice", repo_id="acme/field-notes")
    module = load_module(tmp_path / "tasks" / "inspect_task.py")
    calls = []
    module.hf_dataset = lambda path, **kwargs: calls.append((path, kwargs)) or "dataset"
    assert module.load_samples() == "dataset"
    assert calls == [("acme/field-notes", {"split": "test", "sample_fields": module.record_to_sample})]

    write_tasks(tmp_path, name=NAME, mode="multiple_choice")  # no data, no repository
    with pytest.raises(FileNotFoundError, match="no Hub repository"):
        load_module(tmp_path / "tasks" / "inspect_task.py").load_samples()


def test_lighteval_task_reads_the_hub_repo_without_local_data(tmp_path, runs):
    pytest.importorskip("lighteval", reason="install benchsmith[harness] to run lighteval")
    write_tasks(tmp_path, name=NAME, mode="open_ended", repo_id="acme/field-notes")
    (config,) = load_module(tmp_path / "tasks" / "lighteval_task.py").TASKS_TABLE
    assert (config.name, config.hf_repo, config.hf_subset) == (TASK, "acme/field-notes", "default")
    (local,) = load_module(runs["open_ended"] / "tasks" / "lighteval_task.py").TASKS_TABLE
    assert Path(local.hf_repo) == runs["open_ended"]
