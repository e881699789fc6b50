from briefing.languages import language_code, language_name
from briefing.summarize.tokenize import OfflineTokenizer

import pytest


def test_sentences_split_without_nltk_data():
    tokenizer = OfflineTokenizer("english")
    text = "Mr. Smith went to Washington. He arrived at 5 p.m. on Monday. U.S. officials agreed."
    assert tokenizer.to_sentences(text) == (
        "Mr. Smith went to Washington.",
        "He arrived at 5 p.m. on Monday.",
        "U.S. officials agreed.",
    )


def test_words_drop_numbers_and_punctuation():
    assert OfflineTokenizer().to_words("The 3 well-known dogs' owner, Ann, ran!") == (
        "The", "well-known", "dogs", "owner", "Ann", "ran",
    )


@pytest.mark.parametrize("language, text, expected", [
    ("german", "Das ist z.B. ein Satz. Und noch einer.", 2),
    ("french", "Le président est arrivé. Il a parlé.", 2),
    ("spanish", "El Sr. García llegó. Habló con todos.", 2),
])
def test_other_languages(language, text, expected):
    assert len(OfflineTokenizer(language).to_sentences(text)) == expected


def test_unknown_language_is_refused_with_the_choices():
    with pytest.raises(LookupError, match="english"):
        OfflineTokenizer("klingon")


@pytest.mark.parametrize("given, name", [("de", "german"), ("de-AT", "german"), ("English", "english"), ("fr", "french")])
def test_language_names(given, name):
    assert language_name(given) == name
    assert language_code(name) == given[:2].lower()


def test_word_tokens_are_nltks(tmp_path):
    """The fast tokenizer must give exactly NLTK's NLTKWordTokenizer tokens."""
    from nltk.tokenize.destructive import NLTKWordTokenizer

    from briefing.summarize.tokenize import _word_tokenizer
    from conftest import DATA, SAMPLE_SEEDS
    from sentences import made_up_sentences

    texts = [p.read_text() for p in (*DATA.iterdir(), *SAMPLE_SEEDS.iterdir()) if p.is_file()]
    texts += made_up_sentences(1500)
    texts.append("He said: \"Don't!\" -- (really) [no] {x} <y> 'quoted' «guillemets» “curly” ‘single’ ... ok? yes; #1 @home $5 50% & co.")
    nltk_tokenizer = NLTKWordTokenizer()
    sentences = [s for text in texts for s in OfflineTokenizer().to_sentences(" ".join(text.split()))]
    assert len(sentences) > 1000
    for sentence in sentences:
        assert _word_tokenizer.tokenize(sentence) == nltk_tokenizer.tokenize(sentence)
