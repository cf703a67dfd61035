"""How well a dedup embedder tells Korean paraphrases from different questions, and what tokenizers make of Korean.

    python benchmarks/dedup_languages.py                                   # all-MiniLM-L6-v2
    python benchmarks/dedup_languages.py all-MiniLM-L6-v2 local/qwen2.5-coder-1.5b-instruct

Ten pairs that ask the same thing in other words and ten that share words but ask different things (written for
this project, about Hangul and the Korean constitution). Per embedder: the cosine of each pair, the AUC (the chance
that a random paraphrase pair scores above a random different pair) and what the 0.90 threshold catches.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import numpy as np  # noqa: E402

from benchsmith.embedders import open_embedder  # noqa: E402
from benchsmith.embedding import load_tokenizer  # noqa: E402
from benchsmith.token_count import token_counter  # noqa: E402

SENTENCE = "한글은 조선의 네 번째 임금인 세종대왕이 1443년에 창제하였고, 1446년에 훈민정음이라는 이름으로 반포하였다."
PARAPHRASES = [
    ("한글은 언제 창제되었는가?\n1443년에 창제되었다.", "한글이 만들어진 해는 몇 년인가?\n한글은 1443년에 만들어졌다."),
    ("훈민정음이라는 이름은 무슨 뜻인가?\n백성을 가르치는 바른 소리라는 뜻이다.", "'훈민정음'의 의미는 무엇인가?\n'백성을 가르치는 바른 소리'를 뜻한다."),
    ("한글을 창제한 왕은 누구인가?\n조선의 네 번째 임금인 세종대왕이다.", "어느 임금이 한글을 만들었는가?\n조선의 제4대 왕 세종대왕이 만들었다."),
    ("훈민정음 해례본은 언제 유네스코 세계기록유산에 등재되었는가?\n1997년에 등재되었다.", "훈민정음 해례본이 유네스코 세계기록유산으로 지정된 해는?\n1997년이다."),
    ("한글의 기본 자음은 몇 개인가?\n기본 자음은 14개이다.", "한글에는 기본 자음이 몇 개 있는가?\n14개의 기본 자음이 있다."),
    ("한글날은 몇 월 며칠인가?\n10월 9일이다.", "한글날은 언제 기념하는가?\n매년 10월 9일에 기념한다."),
    ("대한민국의 주권은 누구에게 있는가?\n국민에게 있다.", "대한민국에서 주권을 가진 것은 누구인가?\n주권은 국민에게 있다."),
    ("대한민국 헌법은 몇 년에 제정되었는가?\n1948년에 제정되었다.", "대한민국 헌법이 처음 제정된 해는?\n1948년이다."),
    ("대한민국의 영토는 어디까지인가?\n한반도와 그 부속도서이다.", "대한민국 영토의 범위는 무엇인가?\n한반도와 부속도서로 한다."),
    ("공무원은 누구에 대한 봉사자인가?\n국민 전체에 대한 봉사자이다.", "헌법은 공무원을 무엇이라고 규정하는가?\n국민 전체에 대한 봉사자라고 규정한다."),
]
DIFFERENT = [
    ("한글은 언제 창제되었는가?\n1443년에 창제되었다.", "훈민정음은 언제 반포되었는가?\n1446년에 반포되었다."),
    ("한글의 기본 자음은 몇 개인가?\n기본 자음은 14개이다.", "한글의 기본 모음은 몇 개인가?\n기본 모음은 10개이다."),
    ("한글을 창제한 왕은 누구인가?\n조선의 네 번째 임금인 세종대왕이다.", "훈민정음 해례본은 어디에 보관되어 있는가?\n간송미술관에 보관되어 있다."),
    ("훈민정음이라는 이름은 무슨 뜻인가?\n백성을 가르치는 바른 소리라는 뜻이다.", "한글의 모음은 무엇을 본떠 만들었는가?\n하늘, 땅, 사람을 본떠 만들었다."),
    ("한글날은 몇 월 며칠인가?\n10월 9일이다.", "훈민정음 해례본은 언제 유네스코 세계기록유산에 등재되었는가?\n1997년에 등재되었다."),
    ("한글의 자음은 무엇을 본떠 만들었는가?\n소리를 내는 발음 기관의 모양을 본떠 만들었다.", "한글의 모음은 무엇을 본떠 만들었는가?\n하늘, 땅, 사람을 본떠 만들었다."),
    ("대한민국의 주권은 누구에게 있는가?\n국민에게 있다.", "대한민국의 모든 권력은 어디에서 나오는가?\n국민으로부터 나온다."),
    ("대한민국 헌법은 몇 년에 제정되었는가?\n1948년에 제정되었다.", "대한민국 헌법은 몇 차례 개정되었는가?\n8차에 걸쳐 개정되었다."),
    ("대통령의 임기는 몇 년인가?\n5년이다.", "국회의원의 임기는 몇 년인가?\n4년이다."),
    ("공무원은 누구에 대한 봉사자인가?\n국민 전체에 대한 봉사자이다.", "국군의 사명은 무엇인가?\n국가의 안전보장과 국토방위의 의무를 수행하는 것이다."),
]


def cosines(name: str, pairs: list[tuple[str, str]]) -> list[float]:
    vectors = open_embedder(name).embed([text for pair in pairs for text in pair])
    return [float(vectors[2 * i] @ vectors[2 * i + 1]) for i in range(len(pairs))]


def main(names: list[str]) -> None:
    pieces = load_tokenizer("all-MiniLM-L6-v2").encode(SENTENCE, add_special_tokens=False)
    print(f"{len(SENTENCE)} characters; all-MiniLM-L6-v2: {len(pieces.ids)} pieces, {pieces.tokens.count('[UNK]')} [UNK]")
    for tokenizer in ["tiktoken/o200k_base", *[n for n in names if n.startswith("local/")]]:
        print(f"{tokenizer}: {token_counter(tokenizer)(SENTENCE)} tokens")
    for name in names:
        same, other = cosines(name, PARAPHRASES), cosines(name, DIFFERENT)
        auc = np.mean([(s > o) + 0.5 * (s == o) for s in same for o in other])
        print(f"\n{name}: AUC {auc:.2f}; at 0.90: {sum(s >= 0.9 for s in same)}/10 paraphrases caught, "
              f"{sum(o >= 0.9 for o in other)}/10 different pairs merged")
        print("  paraphrases:", " ".join(f"{s:.2f}" for s in same))
        print("  different:  ", " ".join(f"{o:.2f}" for o in other))


if __name__ == "__main__":
    main(sys.argv[1:] or ["all-MiniLM-L6-v2"])
