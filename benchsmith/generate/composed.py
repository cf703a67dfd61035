"""Group items composed from single-chunk steps (``generation.grouping.compose``: bridge, timeline), for models that
cannot write a question joining two excerpts in one call: see generate/bridge.py and generate/timeline.py."""

from __future__ import annotations

from typing import TYPE_CHECKING

from benchsmith.generate import bridge, group, timeline
from benchsmith.generate.messages import build_messages, type_plan
from benchsmith.generate.schema import batch_schema, first_json_object
from benchsmith.llm import LLMCallError
from benchsmith.records import Bridge, Item, Task, Timeline, stable_hash
from benchsmith.text import Span

# The generator of a quoted timeline item is the template, not a model (a model judged by items it wrote is favoured).
QUOTED_GENERATOR = "template/timeline-quoted"

if TYPE_CHECKING:
    from benchsmith.generate import GenerationResult


class ComposedGeneration:
    """Mixed into ``Generator``: uses its ``_ask``, ``_generate``, ``_missing``, ``config`` and ``model``."""

    async def generate_bridge(self, task: Task, result: GenerationResult) -> None:
        """Bridge items of a group (generate/bridge.py): a description of a shared term written from one chunk, and
        single-hop questions about the term asked of the other, the term in each replaced by the description."""
        from benchsmith.generate import Call, resolve_citations  # defined beside Generator, which this is mixed into

        sentences = group.group_sentences(task)
        found = bridge.plan_bridge(task, sentences)
        if found is None:
            self._missing(task, result, task.questions, "no_bridge_term",
                          "no key term of the group is named in a citable sentence of two of its chunks")
            return
        asked, described = task.chunks[found.asked], task.chunks[found.described]
        naming = bridge.naming_sentences(asked, sentences[found.asked], found.term)
        plan = type_plan(asked.index, task.questions, self.config.question_types)[: len(naming)]
        if len(plan) < task.questions:
            self._missing(task, result, task.questions - len(plan), "too_few_bridge_sentences",
                          f"{len(naming)} sentence(s) of {asked.id} name {found.term!r}")
        described_as = await self._bridge_description(task, found, sentences[found.described], result, len(plan))
        if described_as is None:
            return
        quote, description = described_as
        schema = None
        if self.structured:
            schema = batch_schema(self.config.mode, plan, len(sentences[found.asked]))
            for entry in schema["properties"]["items"]["items"]:  # only sentences that name the term
                entry["properties"]["citations"]["items"]["enum"] = naming
        messages = build_messages(asked, self.config.model_copy(update={"questions_per_chunk": len(plan)}),
                                  sentences[found.asked])
        messages[-1]["content"] += bridge.question_instruction(found.term)

        def build(draft) -> Item:
            if self.config.mode == "multiple_choice" and bridge.names_term(draft.answer, found.term):
                # shown among the options, it would tell the reader what the description stands for
                raise ValueError(f"the key names the bridge term {found.term!r}")
            question = bridge.compose(draft.question, found.term, description)
            cited = {found.described: group.source_of(described, [quote]),
                     found.asked: group.source_of(asked, resolve_citations(draft.citations, asked, sentences[found.asked]))}
            item = group.make_group_item(draft.model_copy(update={"question": question}), task, self.config,
                                         self.model.model, plan, [cited[k] for k in sorted(cited)])
            return item.model_copy(update={"bridge": Bridge(term=found.term, description=description,
                                                            description_chunk=described.id, question_chunk=asked.id,
                                                            hop_question=draft.question)})

        await self._generate(Call(task.id, task.strategy, messages, plan, schema, build), result)

    async def _bridge_description(self, task: Task, found: bridge.BridgePlan, sentences: list[Span],
                                  result: GenerationResult, items: int) -> tuple[str, str] | None:
        """The cited sentence and the description of the term, or None (counted) when the model gives none usable."""
        chunk = task.chunks[found.described]
        allowed = bridge.naming_sentences(chunk, sentences, found.term)
        text = await self._ask_or_count(task, result, items, bridge.description_messages(chunk, sentences, found.term),
                                        bridge.description_schema(allowed))
        if text is None:
            return None
        problems = []
        for number, description in bridge.parse_descriptions(first_json_object(text)):
            problem = bridge.check_description(description, found.term, chunk.language)
            if not number.isdigit() or int(number) not in allowed:
                problem = f"citation {number!r} is not a sentence naming {found.term!r} ({allowed})"
            if problem is None:
                span = sentences[int(number) - 1]
                return chunk.text[span.start : span.end], description
            problems.append(problem)
        self._missing(task, result, items, "no_bridge_description", "; ".join(problems) or "no description", raw=text)
        return None

    async def _ask_or_count(self, task: Task, result: GenerationResult, items: int, messages: list[dict[str, str]],
                            schema: dict) -> str | None:
        """The reply to a composing call, or None with its ``items`` counted as missing when the call fails."""
        try:
            return await self._ask(messages, result, schema if self.structured else None)
        except LLMCallError as error:
            result.failed_calls += 1
            self._missing(task, result, items, "llm_error", str(error))
            return None

    async def generate_timeline(self, task: Task, result: GenerationResult) -> None:
        """One "which happened first" item of a group (generate/timeline.py): one call names the two dated events,
        or (``timeline_events: quoted``) each event is its sentence quoted, and no model writes the item."""
        sentences = group.group_sentences(task)
        if self.config.mode == "multiple_choice":
            self._timeline_choices(task, result, sentences)
            return
        quoted = self.config.grouping.timeline_events == "quoted"
        pair = timeline.plan_timeline(task, sentences, quoted=quoted)
        if pair is None:
            self._missing(task, result, task.questions, "no_dated_pair",
                          "no two chunks of the group date different events with years the other does not hold")
            return
        self._missing(task, result, task.questions - 1, "one_timeline_item_per_group", "a dated pair makes one item")
        quotes = [timeline.sentence_of(task, dated) for dated in pair]
        if quoted:
            events = tuple(timeline.quoted_event(quote, dated.year) for quote, dated in zip(quotes, pair))
        else:
            events = await self._named_events(task, result, pair, quotes)
            if events is None:
                return
        result.asked[task.strategy] += 1  # a missing item is counted as asked by _missing
        question, answer = timeline.compose(events, (pair[0].year, pair[1].year), self.config.seed, task.id)
        sources = _timeline_sources(task, pair, quotes)
        result.items.append(self._timeline_item(task, pair, sources, list(events), question, answer,
                                                QUOTED_GENERATOR if quoted else self.model.model))

    def _timeline_choices(self, task: Task, result: GenerationResult, sentences: list[list[Span]]) -> None:
        """One "which of these events happened first" item of a group: four quoted events, no call."""
        dated = timeline.plan_choices(task, sentences)
        if dated is None:
            self._missing(task, result, task.questions, "no_four_dated_events",
                          f"the group's chunks do not date {timeline.CHOICES} events with years no other chunk holds")
            return
        self._missing(task, result, task.questions - 1, "one_timeline_item_per_group", "four dated events make one item")
        result.asked[task.strategy] += 1
        quotes = [timeline.sentence_of(task, found) for found in dated]
        events = [timeline.quoted_event(quote, found.year) for quote, found in zip(quotes, dated)]
        sources = _timeline_sources(task, dated, quotes)
        question, choices, key = timeline.compose_choices(events, [found.year for found in dated], self.config.seed,
                                                          "+".join(source.chunk_id for source in sources))
        result.items.append(self._timeline_item(task, dated, sources, events, question, choices[key], QUOTED_GENERATOR,
                                                choices, key))

    def _timeline_item(self, task: Task, dated: list, sources: list, events: list[str], question: str, answer: str,
                       generator: str, choices: list[str] | None = None, key: int | None = None) -> Item:
        """A timeline item (open-ended, or with the events as ``choices``), citing each dated sentence."""
        fields = group.group_fields(sources)
        return Item(
            id=stable_hash(fields["chunk_id"], question, answer, choices or []), question=question, answer=answer,
            choices=choices or [], answer_index=key, question_type="comparison",
            citations=[quote for source in sources for quote in source.citations], language=task.chunks[0].language,
            generator=generator, mode=self.config.mode, planned_types=["comparison"], strategy=task.strategy,
            sources=sources, timeline=Timeline(events=events, years=[found.year for found in dated],
                                               chunks=[task.chunks[found.chunk].id for found in dated]), **fields)

    async def _named_events(self, task: Task, result: GenerationResult, pair: tuple, quotes: list[str]
                            ) -> tuple[str, str] | None:
        """The two events as the model names them (one call), or None, counted, when it names none usable."""
        text = await self._ask_or_count(task, result, 1, timeline.event_messages(task, pair), timeline.SCHEMA)
        if text is None:
            return None
        value = first_json_object(text) or {}
        events = tuple(timeline.without_year(str(value.get(f"event_{k}", "")).strip(), dated.year)
                       for k, dated in enumerate(pair, start=1))
        problems = [p for event, quote in zip(events, quotes) if (p := timeline.check_event(event, quote))]
        if events[0].lower() == events[1].lower():
            problems.append("the two events are the same")
        if problems:
            self._missing(task, result, 1, "no_timeline_events", "; ".join(problems), raw=text)
            return None
        return events


def _timeline_sources(task: Task, dated: list, quotes: list[str]) -> list:
    """One source per chunk that dates an event, in group order, citing its dated sentences."""
    return [group.source_of(task.chunks[k], [quote for quote, found in zip(quotes, dated) if found.chunk == k])
            for k in sorted({found.chunk for found in dated})]
