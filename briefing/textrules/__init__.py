"""What a line or sentence of an article is: page furniture, metadata, or a sentence that stands alone.

The language-specific words (boilerplate phrases, byline and credit words,
month names, pronouns that need an antecedent, conjunctions, attribution
verbs) are data, one file per supported language in ``briefing/rules/``;
this package holds only the rules that use them: rules.py loads the
word lists into patterns, lines.py tells what a line is, leaning.py whether a
sentence stands alone. English rules apply to
every language as well, because page furniture is often English whatever
the language of the article ("Share this", "Cookie settings").

Shared by the reader (which blocks of a web page are the article) and the
summariser (which sentences read whole on their own).

Everything here is linear on its input: each pattern is a flat alternation
of escaped phrases or a bounded character class, so a hostile line cannot
make a regular expression backtrack.
"""

from __future__ import annotations

from .rules import (
    Furniture, Rules, added_stop_words, dangling_words, lowered_words, rules_for, word_set_in_any_case, words_in_any_case,
)
from .lines import (
    CLOSING_MARKS, asks_in_greek, ends_as_sentence, has_quotation, is_boilerplate, is_caption, is_heading_like,
    is_metadata, quotes_balanced, repeats_title, words_of,
)
from .leaning import (
    ends_on_a_date, ends_on_a_demonstrative, is_attributed, is_expletive, opening_phrase, opens_with_connective,
    opens_with_pronoun, pronoun_after_opening, strip_opening_connective,
)
from .saying import opens_speech, speaker_follows, with_speech_marked

__all__ = [
    "CLOSING_MARKS", "Furniture", "Rules", "added_stop_words", "asks_in_greek", "dangling_words", "ends_as_sentence", "ends_on_a_date",
    "ends_on_a_demonstrative", "has_quotation", "is_attributed", "is_boilerplate", "is_caption", "is_expletive",
    "is_heading_like", "is_metadata", "lowered_words", "opening_phrase", "opens_speech", "opens_with_connective",
    "opens_with_pronoun", "pronoun_after_opening", "quotes_balanced", "repeats_title", "rules_for", "speaker_follows",
    "strip_opening_connective", "with_speech_marked", "word_set_in_any_case", "words_in_any_case", "words_of",
]
