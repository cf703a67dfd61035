"""The prompt of one chunk: its citable sentences numbered, the type plan, the language, the worked examples."""

from __future__ import annotations

import re
from importlib import resources

from benchsmith.config import GenerationConfig
from benchsmith.generate.schema import draft_kind
from benchsmith.generate.sentences import citable_sentences, numbered
from benchsmith.language import has_latin_letter, language_name
from benchsmith.records import Chunk
from benchsmith.text import Span


def load_prompt(name: str) -> str:
    return resources.files("benchsmith.generate").joinpath("prompts", f"{name}.txt").read_text(encoding="utf-8")


def type_plan(chunk_index: int, n: int, types: list[str]) -> list[str]:
    """The question types asked of one chunk: rotated from chunk to chunk so every type gets its share.

    Left free to choose, small models write almost only factual questions.
    """
    return [types[(chunk_index * n + i) % len(types)] for i in range(n)]


def prompt_safe(text: str) -> str:
    """A title or heading as one short line that cannot close the quotes it is shown in."""
    return " ".join(text.replace('"', "'").split())[:200]


def fenced(text: str) -> str:
    """Chunk text for a <document> block: a document cannot close the block early and talk to the model as the prompt."""
    return re.sub(r"</?\s*document\s*>", "[document tag removed]", text, flags=re.I)


def context_block(chunk: Chunk) -> str:
    """What precedes the chunk, as unnumbered lines at the start of the excerpt (so not citable), or nothing.

    Not a block of its own: shown as "<context>" or as "Earlier in the same document" the 1.5B model asked "What is the
    name of the crater in the context?" and "... described in the earlier part of the document?" (4 of 40 drafts,
    8 of about 80; docs/verification.md, fifteenth round)."""
    return f"{fenced(chunk.preceding)}\n\n" if chunk.preceding else ""


def questions_for(chunk: Chunk, config: GenerationConfig, sentences: list[Span]) -> list[str]:
    """The planned types of a chunk's items: no more items than it has sentences to cite."""
    return type_plan(chunk.index, config.questions_per_chunk, config.question_types)[: len(sentences)]


def _written(mode: str) -> str:
    return "questions, answers and distractors" if mode == "multiple_choice" else "questions and answers"


def language_instruction(code: str, mode: str) -> str:
    """What the prompt says about the language to write in: nothing for English, the language of the prompts."""
    if code == "en":
        return ""
    return (f" Write the {_written(mode)} in {language_name(code)}, the language of the excerpt (keep the JSON keys "
            "and the question types in English).")


def closing_instruction(code: str, mode: str) -> str:
    """The last line of the prompt, for a document not in English: the 1.5B model, given English instructions and a
    Korean excerpt, wrote 55 of 55 questions in English when the language was named only at the top."""
    if code == "en":
        return ""
    return f"\nWrite every one of the {_written(mode)} in {language_name(code)}.\n"


def worked_examples(code: str, mode: str, answers: str = "written") -> str:
    """The prompt's two worked examples, in the document's language where the package has them, else in English;
    extracted answers (generation.answers) have examples of their own for open-ended items. ``mode`` is a draft
    form (schema.DRAFTS): ``multiple_choice_key`` shows items without distractors."""
    folder = resources.files("benchsmith.generate").joinpath("prompts", "examples")
    kind = f"{mode}.extracted" if answers == "extracted" and mode == "open_ended" else mode
    found = folder.joinpath(f"{kind}.{code}.txt")
    chosen = found if found.is_file() else folder.joinpath(f"{kind}.en.txt")
    return chosen.read_text(encoding="utf-8").rstrip("\n")


ANSWER_RULES = {
    "written": " The answer states the fact the cited sentence gives, in a sentence or less, and says more than the "
               "question already says.",
    # A phrase the chunk holds can be checked as a span; a written answer can add or change a claim unseen.
    "extracted": " The answer is the shortest phrase (one to eight words) that answers the question, copied word for "
                 "word from the cited sentence; the question does not contain it.",
}


DISTRACTOR_RULE = (" The five distractors are wrong according to the excerpt but plausible: the same kind of thing as "
                   "the answer (a number for a number, a name for a name, a cause for a cause), as specific and about "
                   "as long as the answer, different from each other, and not stated in the cited sentence.")
DISTRACTOR_FIELD = ', "distractors": ["wrong 1", "wrong 2", "wrong 3", "wrong 4", "wrong 5"]'


def build_messages(chunk: Chunk, config: GenerationConfig, sentences: list[Span] | None = None) -> list[dict[str, str]]:
    sentences = citable_sentences(chunk.text) if sentences is None else sentences
    plan = questions_for(chunk, config, sentences)
    template = load_prompt(config.mode)
    # With distractors after the checks the generator drafts keys only: no distractor rule, field or example, and
    # the language lines ask for questions and answers.
    kind = draft_kind(config.mode, config.distractors)
    inline = config.distractors == "inline"
    user = template.format(
        n=len(plan),
        title=prompt_safe(chunk.title or chunk.source),
        section=f', section "{prompt_safe(chunk.section)}"' if chunk.section else "",
        type_plan=", ".join(plan),
        language=language_instruction(chunk.language, kind),
        answer_rule=ANSWER_RULES[config.answers],
        distractor_rule=DISTRACTOR_RULE if inline else "",
        distractor_field=DISTRACTOR_FIELD if inline else "",
        examples=worked_examples(chunk.language, kind, config.answers),
        closing=closing_instruction(chunk.language, kind),
        context=context_block(chunk),
        chunk=fenced(numbered(chunk.text, sentences)),
    )
    return [{"role": "system", "content": load_prompt("system")}, {"role": "user", "content": user}]


def avoids_latin(config: GenerationConfig, model: str, texts: list[str]) -> bool:
    """Whether a local generator writes items about ``texts`` without a Latin letter (``generation.keep_script``):
    a Korean chunk's multiple-choice items came with English keys and options (wrong_language 15 of 50 drafts)."""
    return model.startswith("local/") and config.keep_script and not any(map(has_latin_letter, texts))
