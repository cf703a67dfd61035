"""A Korean document written for these tests (a short history of Hangul and two articles of a made-up regulation),
and question-answer pairs about it."""

from __future__ import annotations

HANGUL = """# 한글의 역사

한글은 조선의 네 번째 임금인 세종대왕이 1443년에 창제하였고, 1446년에 훈민정음이라는 이름으로 반포하였다. 훈민정음은 "백성을 가르치는 바른 소리"라는 뜻이다. 세종대왕은 백성들이 한자를 배우기 어려워 자신의 뜻을 글로 나타내지 못하는 것을 안타깝게 여겼다.

한글의 자음은 소리를 낼 때 발음 기관의 모양을 본떠 만들었다. 모음은 하늘, 땅, 사람을 본뜬 세 글자를 바탕으로 만들어졌다. 오늘날 한글은 자음 14개와 모음 10개를 기본으로 사용한다.

훈민정음 해례본은 1997년에 유네스코 세계기록유산으로 등재되었다. 해례본은 현재 서울의 간송미술관에 보관되어 있으며, 대한민국의 국보로 지정되어 있다. 대한민국은 해마다 10월 9일을 한글날로 정하여 한글의 창제를 기념한다.

제1장 총칙
  제1조 ① 이 규정은 한글의 올바른 사용을 널리 알리는 것을 목적으로 한다.
②국가는 한글 교육을 위하여 필요한 시책을 마련하여야 한다.
  제2조 공공기관의 공문서는 한글로 작성하는 것을 원칙으로 한다.
"""

# The example: 63 characters that an English WordPiece vocabulary cuts into 88 pieces.
SENTENCE = "한글은 조선의 네 번째 임금인 세종대왕이 1443년에 창제하였고, 1446년에 훈민정음이라는 이름으로 반포하였다."

# Question + answer pairs: the same item said twice, and two items that share words but ask different things.
PARAPHRASE = (("한글의 기본 자음은 몇 개인가?", "기본 자음은 14개이다."),
              ("한글에는 기본 자음이 몇 개 있는가?", "14개의 기본 자음이 있다."))
DIFFERENT = (("한글은 언제 창제되었는가?", "1443년에 창제되었다."),
             ("훈민정음 해례본은 어디에 보관되어 있는가?", "서울의 간송미술관에 보관되어 있다."))
