"""The question-word ban: which tokens it bans, and that it bans them only inside the named JSON field."""

from __future__ import annotations

import numpy as np

from benchsmith.llm.avoid_words import FieldWordBan, banned_token_ids

PIECES = ['{"', "question", '":', ' "', "What", " does", " the", " figure", " show", "?", '",', ' "', "answer",
          " Figure", " figures", " configure", " fig", "ure", '\\"', "Passage", " passage", "}"]


class FakeLlama:
    """The two methods the ban uses, over a vocabulary of whole pieces."""

    def n_vocab(self) -> int:
        return len(PIECES)

    def detokenize(self, tokens: list[int]) -> bytes:
        return "".join(PIECES[token] for token in tokens).encode()


def ids(*pieces: str) -> list[int]:
    return [PIECES.index(piece) for piece in pieces]


def test_bans_every_case_and_plural_of_a_word_but_not_words_that_contain_it():
    banned = {PIECES[token] for token in banned_token_ids(FakeLlama(), ["figure", "passage"])}
    assert banned == {" figure", " Figure", " figures", "Passage", " passage"}


def run(ban: FieldWordBan, reply: list[int]) -> np.ndarray:
    """The scores the ban leaves for the next token after ``reply``, everything allowed before it."""
    prompt = [0] * 5
    ban(np.array(prompt), np.zeros(len(PIECES), dtype=np.float32))  # the first call marks where the reply starts
    return ban(np.array(prompt + reply), np.zeros(len(PIECES), dtype=np.float32))


def test_ban_holds_inside_the_question_value_only():
    llama = FakeLlama()
    banned = banned_token_ids(llama, ["figure"])

    def next_scores(*reply: str) -> np.ndarray:
        return run(FieldWordBan(llama, "question", banned), ids(*reply))

    inside = next_scores('{"', "question", '":', ' "', "What", " does", " the")
    assert np.isneginf(inside[banned]).all() and np.isfinite(np.delete(inside, banned)).all()
    escaped_quote = next_scores('{"', "question", '":', ' "', "What", '\\"', " the")
    assert np.isneginf(escaped_quote[banned]).all()  # an escaped quote does not close the value
    in_answer = next_scores('{"', "question", '":', ' "', "What", "?", '",', ' "', "answer", '":', ' "')
    assert np.isfinite(in_answer).all()  # "Figure 3.2" may still be quoted in an answer
    before = next_scores('{"')
    assert np.isfinite(before).all()


def test_ban_leaves_the_scores_alone_when_nothing_else_is_allowed():
    llama = FakeLlama()
    banned = banned_token_ids(llama, ["figure"])
    ban = FieldWordBan(llama, "question", banned)
    prompt, reply = [0] * 5, ids('{"', "question", '":', ' "')
    ban(np.array(prompt), np.zeros(len(PIECES), dtype=np.float32))
    only_banned = np.full(len(PIECES), -np.inf, dtype=np.float32)
    only_banned[banned] = 1.0  # a grammar that allows nothing but the banned tokens here
    assert np.array_equal(ban(np.array(prompt + reply), only_banned), only_banned)


KOREAN = ['{"', "distractors", '":', " [", '"', "대통령", '",', ' "', "국회", "GDP", '"]', "]", "}", "1", " ", "①"]


class FakeKoreanLlama(FakeLlama):
    def n_vocab(self) -> int:
        return len(KOREAN)

    def detokenize(self, tokens: list[int]) -> bytes:
        return "".join(KOREAN[token] for token in tokens).encode()


def test_latin_ban_holds_inside_every_string_of_a_list_field():
    from benchsmith.llm.avoid_words import latin_token_ids

    llama = FakeKoreanLlama()
    latin = latin_token_ids(llama)
    assert {KOREAN[token] for token in latin} == {"distractors", "GDP"}  # Hangul, digits and symbols stay

    def next_scores(*reply: str) -> np.ndarray:
        ban = FieldWordBan(llama, "distractors", latin)
        prompt = [0] * 3
        ban(np.array(prompt), np.zeros(len(KOREAN), dtype=np.float32))
        return ban(np.array(prompt + [KOREAN.index(piece) for piece in reply]), np.zeros(len(KOREAN), dtype=np.float32))

    first = next_scores('{"', "distractors", '":', " [", '"')
    second = next_scores('{"', "distractors", '":', " [", '"', "대통령", '",', ' "', "국회")
    assert np.isneginf(first[latin]).all() and np.isneginf(second[latin]).all()
    assert np.isfinite(np.delete(second, latin)).all()
    between = next_scores('{"', "distractors", '":', " [", '"', "대통령", '",')
    assert np.isfinite(between).all()  # outside a string the grammar decides

    several = FieldWordBan(llama, ("answer", "distractors"), latin)  # one processor watches every field named
    several(np.array([0] * 3), np.zeros(len(KOREAN), dtype=np.float32))
    reply = [KOREAN.index(piece) for piece in ('{"', "distractors", '":', " [", '"')]
    assert np.isneginf(several(np.array([0] * 3 + reply), np.zeros(len(KOREAN), dtype=np.float32))[latin]).all()
