"""Task files for lm-evaluation-harness, inspect_ai and lighteval, plus the card section that uses them.

Every run directory gets ``tasks/`` pointing at its own ``data/test.parquet``;
the copy uploaded by ``benchsmith publish`` is rendered again to point at the
Hub repository instead.
"""

from __future__ import annotations

import json
import re
import shlex
from importlib import resources
from pathlib import Path
from string import Template

EXAMPLE_HF_MODEL = "HuggingFaceTB/SmolLM2-135M-Instruct"
EXAMPLE_API_MODEL = "openai/gpt-4o-mini"
SECTION_START = "<!-- benchsmith:harness-commands -->"
SECTION_END = "<!-- /benchsmith:harness-commands -->"


def task_name(name: str) -> str:
    """A harness task name (and Python identifier) from the benchmark's display name."""
    slug = re.sub(r"[^0-9a-z]+", "_", name.lower()).strip("_") or "benchsmith"
    return slug if slug[0].isalpha() else f"benchsmith_{slug}"


def _template(filename: str) -> Template:
    return Template(resources.files("benchsmith.export").joinpath("templates", filename).read_text(encoding="utf-8"))


def _title(name: str) -> str:
    # The name lands inside a docstring: keep it from closing it.
    return '"' + " ".join(name.replace("\\", "").replace('"', "'").split()) + '"'


def _lm_eval_yaml(name: str, mode: str, data_dir: Path, repo_id: str | None) -> str:
    if repo_id is not None:
        dataset_path, dataset_kwargs = repo_id, ""
    else:
        # json strings are valid YAML scalars, whatever the path holds.
        parquet = json.dumps(str((data_dir / "data" / "test.parquet").resolve()))
        dataset_path, dataset_kwargs = "parquet", f"dataset_kwargs:\n  data_files:\n    test: {parquet}"
    return _template(f"lm_eval_{mode}.yaml.tmpl").substitute(
        task=task_name(name), pretty_name=" ".join(name.replace('"', "'").split()), dataset_path=json.dumps(dataset_path),
        dataset_kwargs=dataset_kwargs)


def _python_task(filename: str, name: str, mode: str, repo_id: str | None) -> str:
    multiple_choice = mode == "multiple_choice"
    if multiple_choice:
        imports = "from inspect_ai.scorer import choice\nfrom inspect_ai.solver import multiple_choice"
        solver, scorer = "multiple_choice()", "choice()"
    else:
        imports = "from inspect_ai.scorer import model_graded_fact\nfrom inspect_ai.solver import generate"
        solver, scorer = "generate()", "model_graded_fact()"
    return _template(filename).substitute(
        title_comment=_title(name), task=task_name(name), task_repr=repr(task_name(name)), repo_id=repr(repo_id),
        multiple_choice=repr(multiple_choice), imports=imports, solver=solver, scorer=scorer)


def write_tasks(out_dir: Path, *, name: str, mode: str, repo_id: str | None = None) -> list[str]:
    """Write ``tasks/`` into ``out_dir``; without ``repo_id`` the lm-eval task reads ``out_dir``'s parquet.

    The Python task files always prefer a ``data/test.parquet`` beside their
    folder and fall back to ``repo_id``; the lm-eval YAML cannot look around,
    so it names one source. Returns the paths written, relative to ``out_dir``.
    """
    files = {
        "tasks/lighteval_task.py": _python_task("lighteval_task.py.tmpl", name, mode, repo_id),
        "tasks/inspect_task.py": _python_task("inspect_task.py.tmpl", name, mode, repo_id),
        f"tasks/lm_eval/{task_name(name)}.yaml": _lm_eval_yaml(name, mode, out_dir, repo_id),
    }
    if mode == "open_ended":
        files["tasks/lm_eval/utils.py"] = _template("lm_eval_utils.py.tmpl").template
    # A task renamed (or a mode changed) since the last run would otherwise stay next to the new one.
    for stale in (out_dir / "tasks" / "lm_eval").glob("*"):
        if stale.is_file() and "written by benchsmith" in stale.read_text(encoding="utf-8", errors="replace")[:200]:
            stale.unlink()
    for relative, text in files.items():
        path = out_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return sorted(files)


def _commands(name: str, mode: str, root: str) -> str:
    """The three harness invocations with task files under ``root``."""
    task = task_name(name)
    grader = " (the model also grades the answers; add --model-role grader=... to use another)" if mode == "open_ended" else ""
    return (
        f"# lm-evaluation-harness\n"
        f"lm_eval --model hf --model_args pretrained={EXAMPLE_HF_MODEL} \\\n"
        f"  --include_path {root}/tasks/lm_eval --tasks {task}\n"
        f"# inspect_ai{grader}\n"
        # "file@task": inspect cannot glob an absolute path given alone.
        f"inspect eval {root}/tasks/inspect_task.py@{task} --model {EXAMPLE_API_MODEL}\n"
        f"# lighteval\n"
        f'lighteval accelerate "model_name={EXAMPLE_HF_MODEL}" "{task}|0" \\\n'
        f"  --custom-tasks {root}/tasks/lighteval_task.py"
    )


def harness_section(name: str, mode: str, *, local_dir: Path | None = None, repo_id: str | None = None) -> str:
    """Card markdown with copy-paste commands for each harness, for the local folder and/or the Hub repo."""
    scoring = ("accuracy of the option letter (log-likelihood in lm-eval and lighteval, the generated letter in inspect_ai)"
               if mode == "multiple_choice" else
               "exact match and token F1 against `answer` (lm-eval, lighteval); inspect_ai grades with a model (`model_graded_fact`)")
    parts = [
        SECTION_START,
        ("## Evaluate a model\n\nTask files for three harnesses are in `tasks/`: "
         f"`tasks/lm_eval/{task_name(name)}.yaml` (lm-evaluation-harness), `tasks/inspect_task.py` (inspect_ai) "
         f"and `tasks/lighteval_task.py` (lighteval). They score {scoring}. Install the harness you use with "
         "`pip install lm-eval`, `pip install inspect-ai` or `pip install lighteval`, then swap in your own model."),
    ]
    if local_dir is not None:
        parts.append(f"From the local files of this run:\n\n```bash\n{_commands(name, mode, shlex.quote(str(local_dir)))}\n```")
    if repo_id is not None:
        folder = repo_id.split("/")[-1]
        parts.append(
            f"From the Hub repository [`{repo_id}`](https://huggingface.co/datasets/{repo_id}): fetch the task "
            "files, which then read the data from the Hub.\n\n"
            f'```bash\nhf download {repo_id} --repo-type dataset --include "tasks/*" --local-dir {folder}\n'
            f"{_commands(name, mode, folder)}\n```\n\nOr load the data directly:\n\n"
            f'```python\nfrom datasets import load_dataset\nds = load_dataset("{repo_id}", split="test")\n```')
    parts.append(SECTION_END)
    return "\n\n".join(parts)


def replace_harness_section(card: str, section: str) -> str:
    """Swap the harness section of a rendered card for ``section`` (appended when the card has none)."""
    start, end = card.find(SECTION_START), card.find(SECTION_END)
    if start == -1 or end == -1:
        return card.rstrip("\n") + "\n\n" + section + "\n"
    return card[:start] + section + card[end + len(SECTION_END):]
