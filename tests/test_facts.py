"""A sentence that tells another's fact again, whatever it adds after, is passed over: in a story's
summary, in its key points and in an article's."""

from __future__ import annotations

import pytest

from briefing.compose.story_summary import Budget, CandidateSentence, story_key_points, summarize_story
from briefing.facts import Told, same_fact
from briefing.summarize.toolkit import toolkit

ENGLISH = toolkit("english")


def stems(text: str) -> tuple[str, ...]:
    return tuple(ENGLISH.stems_of(ENGLISH.tokenizer.to_words(text)))


# Two reports of one bombing: each says who claimed it, in its own words and with more after.
HAMAS_AP = ("The Islamic militant group Hamas, which has been trying to sabotage the agreement, claimed "
            "responsibility for the morning attack in the Mahane Yehuda market.")
HAMAS_NYT = ("The radical Islamic group Hamas claimed responsibility for the attack, the second suicide bombing "
             "since the signing of the accord two weeks ago.")


def test_a_sentence_whose_head_tells_the_other_ones_fact_repeats_it():
    assert same_fact(Told.of(stems(HAMAS_NYT)), Told.of(stems(HAMAS_AP)))
    # Sharing a few words is not telling the same fact.
    assert not same_fact(Told.of(stems("The market reopened on Sunday with extra police at the entrance.")),
                         Told.of(stems(HAMAS_AP)))
    # Too few stems to tell.
    assert not same_fact(Told.of(stems("Hamas claimed it.")), Told.of(stems(HAMAS_AP)))


STORY = [
    (0, ["A car bomb blew up on Friday in a Jerusalem market crowded with shoppers before the Sabbath.", HAMAS_AP,
         "Streams of soot-black water ran in the street after the fire engines left."]),
    (1, ["Two suicide bombers were killed and 21 shoppers were injured when their car exploded at the market.",
         HAMAS_NYT, "The blast sent a billowing cloud of black smoke pouring into the air above the city."]),
]


def candidates() -> tuple[list[CandidateSentence], list[str]]:
    found, texts = [], []
    for report, sentences in STORY:
        for position, text in enumerate(sentences):
            found.append(CandidateSentence(report=report, position=position, words=len(text.split()),
                                           stems=stems(text), day=1, rank=position + 1))
            texts.append(text)
    return found, texts


@pytest.mark.parametrize("method", ["submodular", "ilp"])
def test_a_story_tells_who_claimed_the_attack_once(method):
    found, texts = candidates()
    chosen = summarize_story(found, Budget(words=80), method=method)
    shown = [texts[k] for k in chosen]
    assert not {HAMAS_AP, HAMAS_NYT} <= set(shown)
    points = [texts[k] for k in story_key_points(found, chosen, limit=3)]
    assert sum(text in (HAMAS_AP, HAMAS_NYT) for text in shown + points) <= 1
