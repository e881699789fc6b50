"""NewsRank on tiny made-up documents: which sentences it chooses, and why."""

from sumy.models.dom import ObjectDocumentModel, Paragraph, Sentence
from sumy.nlp.stemmers import Stemmer
from sumy.utils import get_stop_words

from briefing.summarize.newsrank import BOILERPLATE_RATING, NewsRankSummarizer
from briefing.summarize.tokenize import OfflineTokenizer

TOKENIZER = OfflineTokenizer("english")


def document(*sentences: str, title: str | None = None) -> ObjectDocumentModel:
    items = [Sentence(s, TOKENIZER) for s in sentences]
    if title:
        items.insert(0, Sentence(title, TOKENIZER, is_heading=True))
    return ObjectDocumentModel([Paragraph(items)])


def summarizer() -> NewsRankSummarizer:
    return NewsRankSummarizer(Stemmer("english"), get_stop_words("english"))


STORY = (
    "The city council approved a new tram line to the airport on Tuesday.",
    "The tram line will cost 300 million euros and open in 2029.",
    "Council members argued for hours about the cost of the tram.",
    "A local bakery won a prize for its sourdough bread last week.",
    "Supporters say the airport tram will cut car traffic on the ring road.",
)


def test_lead_sentence_and_its_elaborations_are_chosen():
    chosen = summarizer()(document(*STORY), 2)
    assert [str(s) for s in chosen] == [STORY[0], STORY[1]]


def test_a_sentence_later_ones_build_on_outranks_an_earlier_off_topic_one():
    # The bakery comes second, but nothing after it elaborates on it.
    sentences = (STORY[0], STORY[3], STORY[1], STORY[2], STORY[4])
    order, ratings = summarizer().rank_sentences(document(*sentences))
    assert order[0] == 0
    assert ratings[2] > ratings[1]
    assert order.index(2) < order.index(1)


def test_title_overlap_lifts_a_later_sentence():
    plain = summarizer()(document(*STORY), 1)
    titled = summarizer()(document(*STORY, title="Supporters say tram will cut car traffic"), 2)
    assert [str(s) for s in plain] == [STORY[0]]
    assert STORY[4] in [str(s) for s in titled]


def test_boilerplate_is_never_chosen_while_anything_else_is_left():
    sentences = ("Scroll down for video of the tram launch today.", *STORY)
    order, ratings = summarizer().rank_sentences(document(*sentences))
    assert ratings[0] == BOILERPLATE_RATING
    assert order[-1] == 0
    assert str(summarizer()(document(*sentences), 3)[0]) == STORY[0]


def test_a_document_of_only_boilerplate_still_gets_a_summary():
    chosen = summarizer()(document("Click here to subscribe.", "Scroll down for video."), 1)
    assert len(chosen) == 1


def test_a_repeated_sentence_is_not_chosen_twice():
    repeated = (STORY[0], STORY[0].replace("Tuesday", "Tuesday evening"), *STORY[1:])
    chosen = [str(s) for s in summarizer()(document(*repeated), 2)]
    assert chosen == [STORY[0], STORY[1]]


def test_ties_go_to_the_earlier_sentence():
    chosen = summarizer()(document("Alpha beta gamma delta.", "Epsilon zeta eta theta."), 1)
    assert [str(s) for s in chosen] == ["Alpha beta gamma delta."]


def test_order_covers_every_sentence_once_and_is_deterministic():
    doc = document(*STORY)
    first = summarizer().rank_sentences(doc)
    assert sorted(first[0]) == list(range(len(STORY)))
    assert summarizer().rank_sentences(doc) == first


def test_empty_document():
    assert summarizer()(ObjectDocumentModel([]), 3) == ()
    assert summarizer().rank_sentences(ObjectDocumentModel([])) == ([], [])


def test_fragments_of_bad_sentence_splits_are_never_chosen():
    sentences = (
        "The hospital opened a new cancer ward at the University of Texas M.D.",
        "Anderson Cancer Center, after ten years of planning and fundraising.",
        "he said the ward would open to patients in the spring.",
        "The ward has forty beds and two operating theatres for cancer patients.",
        "Doctors said the cancer ward would shorten waiting times across the region.",
    )
    order, ratings = summarizer().rank_sentences(document(*sentences))
    assert ratings[1] == ratings[2] == BOILERPLATE_RATING
    assert set(order[:3]) == {0, 3, 4}


def test_a_lower_case_brand_name_is_not_a_fragment():
    sentences = ("iPhone sales rose sharply in the third quarter this year.", "Analysts expected sales to fall.")
    _, ratings = summarizer().rank_sentences(document(*sentences))
    assert ratings[0] != BOILERPLATE_RATING
