import os
import codecs
from pathlib import Path

import pytest

from briefing.errors import SeedError
from briefing.models import PassedOver, SeedFile
from briefing.ingest.decode import decode_text
from briefing.ingest.discover import find_seed_files, passed_over
from briefing.ingest.readers import read_article
from briefing.text import clipped
from conftest import deep_folders

BODY = "The council approved the new budget on Monday. It raises spending on schools by five percent."


def article(name: str, text: str | bytes):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_article(Path(name), data)


def test_txt_short_first_line_without_punctuation_is_the_title():
    result = article("budget.txt", f"Council passes budget\n\n{BODY}\n\nA second paragraph follows here today.")
    assert result.title == "Council passes budget"
    assert result.paragraphs == (BODY, "A second paragraph follows here today.")


def test_txt_title_from_file_name_when_first_line_is_a_sentence():
    result = article("city-budget_vote.txt", f"{BODY}\n")
    assert result.title == "City budget vote"
    assert result.paragraphs == (BODY,)


def test_txt_paragraph_lines_are_joined():
    result = article("a.txt", "Title here\n\nFirst line of a paragraph\ncontinues on the next line.\n")
    assert result.paragraphs == ("First line of a paragraph continues on the next line.",)



def test_txt_front_matter_sets_the_fields_as_a_markdown_seeds_does():
    """A .txt seed written with front matter had "---" as its headline and "lang: pl title: ..." as its first
    sentence, its language left to detection: its fields are read as a Markdown seed's, its text as text."""
    text = ("---\ntitle: Budget passed\nsource: The Gazette\npublished: 2026-11-20\nlang: de\n"
            "tags: [politics]\n---\n\n" + f"{BODY}\n\nThe *mayor* welcomed it.\n")
    result = article("a.txt", text)
    assert (result.title, result.title_from, result.source, result.published, result.lang, result.tags) == (
        "Budget passed", "front matter", "The Gazette", "2026-11-20", "german", ("politics",))
    assert result.paragraphs == (BODY, "The *mayor* welcomed it.")  # text, not Markdown
    # Without a title there, the text's own first line is its headline; TOML front matter is read too.
    result = article("a.txt", f"+++\nsource = \"The Gazette\"\n+++\nCouncil passes budget\n\n{BODY}\n")
    assert (result.title, result.title_from, result.source) == ("Council passes budget", "first line", "The Gazette")
    # What does not read as front matter, or names no field of a seed, is text.
    for opening in ("---\nNotes from the river: a long day\n---\n\n", "---\nscene: one\n---\n\n",
                    "---\ntitle: [unclosed\n---\n\n"):
        result = article("notes.txt", opening + f"{BODY}\n")
        assert result.source is None and BODY in result.paragraphs, opening
    warned = []
    result = read_article(Path("a.txt"), f"---\npublished: yesterday\n---\n\n{BODY}\n".encode(), warn=warned.append)
    assert result.published is None and warned == [
        "front matter 'published' is not a date briefing can read ('yesterday'): left out"]

def test_md_front_matter_fields():
    text = (
        "---\ntitle: Budget passed\nsource: The Gazette\nurl: https://example.org/a\n"
        "published: 2026-11-20\nlang: de\ntags: [politics, money]\n---\n\n"
        f"{BODY}\n\n## A sub-heading\n\nThe **mayor** welcomed the [vote](https://x.test) warmly.\n"
    )
    result = article("a.md", text)
    assert result.title == "Budget passed"
    assert result.source == "The Gazette"
    assert result.url == "https://example.org/a"
    assert result.published == "2026-11-20"
    assert result.lang == "german"
    assert result.tags == ("politics", "money")
    # Sub-headings are not sentences; emphasis and links become plain text.
    assert result.paragraphs == (BODY, "The mayor welcomed the vote warmly.")


def test_md_toml_front_matter_fields_as_hugo_writes_them():
    text = (
        '+++\ntitle = "Budget passed"\ndate = 2026-11-20T09:30:00+01:00\nauthor = "Ana Ruiz"\n'
        'url = "https://example.org/a"\nlang = "de"\ntags = ["politics", "money"]\nsource = "The Gazette"\n'
        'draft = false\n[params]\nsubtitle = "Hugo keeps its own keys here"\n+++\n\n'
        f"{BODY}\n"
    )
    result = article("a.md", text)
    assert (result.title, result.author, result.url) == ("Budget passed", "Ana Ruiz", "https://example.org/a")
    assert result.source == "The Gazette"
    assert result.published == "2026-11-20T09:30:00+01:00"
    assert (result.lang, result.tags) == ("german", ("politics", "money"))
    # The front matter is no part of the article's text.
    assert result.paragraphs == (BODY,)


@pytest.mark.parametrize("front, reason", [
    ('title = "unclosed\n', "malformed front matter"),
    ("title = 1\ntitle = 2\n", "malformed front matter"),
    ("n = " + "9" * 5000 + "\n", "^malformed front matter: a decimal integer of thousands of digits$"),
    ("a = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ("[title]\nx = 1\n", "'title' must be text"),
])
def test_bad_toml_front_matter_is_a_seed_error(front, reason):
    with pytest.raises(SeedError, match=reason):
        article("a.md", f"+++\n{front}+++\n\n{BODY}\n")


def test_malformed_toml_front_matter_names_the_files_line():
    # tomllib counts from the line after `+++`: it said line 2 for the file's third.
    with pytest.raises(SeedError, match=r"^malformed front matter at line 3: Invalid value$"):
        article("a.md", f'+++\nlang = "en"\ntitle = Budget\n+++\n\n{BODY}\n')


def test_toml_front_matter_that_never_ends_is_a_seed_error():
    with pytest.raises(SeedError, match=r"starts with \+\+\+ but never ends"):
        article("a.md", f'+++\ntitle = "x"\n\n{BODY}\n')


@pytest.mark.parametrize("name, text", [
    ("long.md", "---\ntitle: {title}\n---\n\n" + BODY),
    ("long.html", "<html><head><title>{title}</title></head><body><article><h1>{title}</h1><p>" + BODY
     + "</p><p>" + BODY + "</p></article></body></html>"),
])
def test_a_long_title_is_cut_at_the_end_of_a_word(name, text):
    title = " ".join(["Council"] + ["approves the harbour budget after a long night of talks"] * 8)
    found = article(name, text.format(title=title)).title
    assert found.endswith("…") and len(found) <= 300
    kept = found[:-1]
    assert title.startswith(kept) and title[len(kept)] == " "  # a whole word last, not a piece of one


def test_clipped_keeps_a_text_that_fits_and_cuts_one_that_has_no_word_end_where_it_must():
    assert clipped("short words", 11) == "short words"
    assert clipped("alpha beta gamma delta epsilon", 28) == "alpha beta gamma delta\u2026"  # not "... epsi…"
    assert clipped("a" * 50, 10) == "a" * 9 + "\u2026"



@pytest.mark.parametrize("unit", ["\U0001f1ec\U0001f1e7", "\U0001f468\u200d\U0001f469\u200d\U0001f467", "e\u0301",
                                  "\U0001f44d\U0001f3fd", "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
                                  # A Devanagari conjunct (a consonant, a virama, a consonant), Thai "น้ำ" (its sara am a
                                  # letter by category): cut after the virama, or before the sara am.
                                  "\u0915\u094d\u0937", "\u0e19\u0e49\u0e33"])
def test_a_title_cut_where_it_must_is_cut_between_whole_characters(unit):
    """A headline of flags or emoji with no space to cut at was cut between code points: a lone regional
    indicator (a boxed letter), a joiner before the ellipsis, an accent or skin tone torn from its letter."""
    for pad in range(len(unit)):  # the cut at each place in the character
        head = "News " + "x" * pad
        cut = clipped(head + unit * 200, 300)
        assert len(cut) <= 300 and cut.endswith("\u2026")
        assert cut[:-1] == head + unit * ((len(cut) - 1 - len(head)) // len(unit)), (unit, pad)
    assert clipped("ab " + "c" * 50, 10) == "ab " + "c" * 6 + "\u2026"  # the only word end is too early
    assert clipped("abcdefghi jk", 10) == "abcdefghi\u2026"  # the cut falls at a word end


@pytest.mark.parametrize("word", ["தமிழ்", "ရန်ကုန်", "പ്രഖ്യാപിച്ച്"])
def test_a_title_cut_after_a_word_ending_in_a_virama_keeps_the_word(word):
    # Tamil's pulli, Myanmar's asat and Malayalam's chandrakkala end words: a cut right after one took the
    # word's last letter with it ("தமிழ்" -> "தமி").
    head = "News " + "x" * (298 - len("News ") - len(word) - 1) + " "
    assert clipped(head + word + " " + "y" * 50, 300) == head + word + "\u2026"


def test_md_backslash_escapes_show_the_character_itself():
    body = ("# Rates \\*rise\\* at the \\#1 bank\n\n"
            "\\# not a heading: this line is text, and the council said so at its meeting today.\n\n"
            "Prices rose 5\\% and the index hit 3\\_000 points \\[provisional\\], officials said\\\n"
            "on Monday, with \\&amp; written out and *emphasis* gone.")
    found = article("rates.md", body)
    assert found.title == "Rates *rise* at the #1 bank"
    assert found.paragraphs == (
        "# not a heading: this line is text, and the council said so at its meeting today.",
        "Prices rose 5% and the index hit 3_000 points [provisional], officials said on Monday, "
        "with &amp; written out and emphasis gone.",
    )


def test_md_code_spans_and_lone_stars_keep_their_characters():
    # Only paired marks are emphasis; a code span shows its text as written, markup and all.
    body = ("# Python release\n\n"
            "The new release changes how `__init__` and ``a `tick` inside`` work, and `<b>` too. Prices start at "
            "$99* for the basic plan, said the company. The pattern *.txt was rejected, 5 * 3 is 15, and "
            "snake_case_name stays. A backslash in code is no escape: `a\\*b` shows it, and \\*this\\* is two stars. "
            "This is **bold**, *slanted* and __strong__ text; **unclosed bold and a ` tick.")
    found = article("release.md", body)
    assert found.paragraphs == (
        "The new release changes how __init__ and a `tick` inside work, and <b> too. Prices start at $99* for the "
        "basic plan, said the company. The pattern *.txt was rejected, 5 * 3 is 15, and snake_case_name stays. "
        "A backslash in code is no escape: a\\*b shows it, and *this* is two stars. "
        "This is bold, slanted and strong text; **unclosed bold and a ` tick.",
    )



def test_md_headings_reference_links_footnotes_tables_and_tags_over_lines_show_as_a_viewer_shows_them():
    """A paragraph straight under a `## heading` was dropped with it; reference links kept their brackets and
    labels, their definitions (addresses) and a table were read as sentences, a link whose address holds
    parentheses was left as written, and so was a tag whose attributes run over two lines."""
    body = (
        "Ferry returns\n=============\n\n"
        "The [harbour board][hb] said on Monday that the [night ferry] would run again from March, "
        "after a [long pause][].\n"
        "## What changes\n"
        "Boats will leave the [pier](https://en.example.org/wiki/Pier_(harbour)) every hour until midnight.\n"
        "Tickets cost the same as before, the board said [^1].\n\n"
        "Timetable\n---------\n\n"
        '<div class="note"\n     data-kind="aside">Crews have been trained on the new boats since October.</div>\n\n'
        "| Day | Boats |\n|-----|:-----:|\n| Monday | 12 |\n\n"
        "A [sic] and [an unknown label][nowhere] stay as written.\n\n"
        '[hb]: https://board.example.org/ "The board"\n'
        "[Night ferry]: <https://board.example.org/night>\n"
        "  [long pause]: https://board.example.org/pause\n"
        "[^1]: Prices were set last year.\n"
    )
    found = article("ferry.md", body)
    assert (found.title, found.title_from) == ("Ferry returns", "heading")
    assert found.paragraphs == (
        "The harbour board said on Monday that the night ferry would run again from March, after a long pause.",
        "Boats will leave the pier every hour until midnight. Tickets cost the same as before, the board said.",
        "Crews have been trained on the new boats since October.",
        "A [sic] and [an unknown label][nowhere] stay as written.",
        "Prices were set last year.",
    )
    # A rule under a paragraph of several lines, or under a list item, takes no text with it.
    found = article("a.md", f"# Budget\n\n{BODY}\nIt passed easily.\n---\n\n- One item here\n---\n\n"
                    "The mayor signed it.\n---\n")
    assert found.paragraphs == (f"{BODY} It passed easily.", "One item here", "The mayor signed it.")


def test_md_links_emphasis_and_code_broken_over_the_lines_of_a_wrapped_paragraph_show_their_text():
    """A paragraph hard-wrapped at 72 columns, as editors write Markdown, broke a link or emphasis over two
    lines: each line was read alone, and the briefing showed "[European Space Agency](https://...)"."""
    body = ("# Probe reaches the inner planet\n\n"
            "The [European\nSpace Agency](https://www.esa.int/) said on Monday that its probe had reached\n"
            "the planet after a *long\njourney* of seven years, according to [a\nstatement][st] posted on\n"
            "its site, and **the team\nwas delighted** with `the\nsignal` from <span\nclass=\"x\">orbit</span>.\n"
            "\n"
            "[st]: https://www.esa.int/news\n")
    found = article("probe.md", body)
    assert found.paragraphs == (
        "The European Space Agency said on Monday that its probe had reached the planet after a long journey of "
        "seven years, according to a statement posted on its site, and the team was delighted with the signal "
        "from orbit.",
    )


def test_md_raw_html_that_breaks_a_line_or_ends_a_block_keeps_the_words_apart():
    # "the surface<br>of the planet" read "the surfaceof the planet", and two <p> or <li> one paragraph.
    found = article("probe.md", "# Probe\n\n<p>The agency said on <b>Monday</b> that its probe reached the planet.</p>"
                    "<p>The mission will map the surface<br>of the planet.</p><ul><li>First item here</li>"
                    "<li>Second item</li></ul>\n\nWhen a < b and c > d, the rule holds, the agency said.\n")
    assert found.paragraphs == ("The agency said on Monday that its probe reached the planet.",
                                "The mission will map the surface of the planet.", "First item here", "Second item",
                                "When a < b and c > d, the rule holds, the agency said.")


def test_md_a_comment_script_or_style_tag_shown_as_code_hides_nothing_after_it():
    # Taken for raw HTML that is never closed, "`<style>`" hid the rest of the article, and a fenced
    # "<script ...>" all of it: a viewer shows both as code, and the text after them as text.
    body = ("# Sites load faster\n\n"
            "Web teams now put their CSS in a `<style>` element and mark notes with `<!--`.\n\n"
            "```html\n<script src=\"app.js\">\n```\n\n"
            "The new rules take effect in March, the standards group said.\n")
    found = article("web.md", body)
    assert found.paragraphs == ("Web teams now put their CSS in a <style> element and mark notes with <!--.",
                                "The new rules take effect in March, the standards group said.")
    # Outside code, a comment or script is still hidden, and one never closed hides the rest.
    found = article("web.md", "# Sites\n\nThe group met. <!-- a note -->It agreed.<script>x()</script>\n\n"
                    "The rules take effect in March.\n\n<!-- draft\n\nNot shown.\n")
    assert found.paragraphs == ("The group met. It agreed.", "The rules take effect in March.")
    # Inside a line of prose, one never closed is text: a viewer shows it, and the rest after it.
    found = article("web.md", "# Sites\n\nBrowsers take a <!-- for the start of a comment, and a <style tag for "
                    "CSS.\n\nThe rules take effect in March.\n")
    assert found.paragraphs == ("Browsers take a <!-- for the start of a comment, and a <style tag for CSS.",
                                "The rules take effect in March.")


def test_md_nested_lists_and_quotes_task_boxes_struck_text_code_and_a_wrapped_year_read_as_shown():
    """A nested list item kept its "- ", a nested quotation one ">", a task its "[x]", struck text its tildes
    ("~~rejected~~ replaced"), fenced code was read as prose, and a line of prose opening with a year
    ("... approved in\\n2024. It ...") lost the year, taken for an item of a numbered list."""
    body = ("# Budget passed\n\n"
            "The council approved the plan in\n2024. It raises spending on schools by five percent.\n\n"
            "- Schools get more money:\n    - five new teachers will be hired.\n        + two rooms are repaired.\n\n"
            "> > The budget is fair, the mayor said.\n\n"
            "- [ ] A task nobody has done.\n- [x] A task done last week.\n\n"
            "The old plan was ~~rejected~~ replaced by a cheaper one.\n\n"
            "```python\n# a comment, not a heading\nprint(\"hi\")\n```\n\n"
            "1. First point of the plan.\n   Its second line.\n10. Tenth point.\n\n"
            "A stray fence\n```\nleaves the rest as text.\n")
    found = article("budget.md", body)
    assert found.paragraphs == (
        "The council approved the plan in 2024. It raises spending on schools by five percent.",
        "Schools get more money:", "five new teachers will be hired.", "two rooms are repaired.",
        "The budget is fair, the mayor said.",
        "A task nobody has done.", "A task done last week.",
        "The old plan was replaced by a cheaper one.",
        "First point of the plan. Its second line.", "Tenth point.",
        "A stray fence leaves the rest as text.",
    )


def test_md_list_items_are_blocks_of_their_own_not_one_run_on_sentence():
    # Items without a full stop ran on, with the line that led into them, as one sentence: "Key facts: The
    # bridge is 300 metres long It cost 80 million euros It opens on Friday".
    body = ("# Bridge opens\n\nKey facts about the bridge:\n- The bridge is 300 metres long\n"
            "- It cost 80 million euros,\n  more than planned\n* It opens on Friday\n\n"
            "The council approved it in\n2024. It will carry trams too.\n")
    assert article("bridge.md", body).paragraphs == (
        "Key facts about the bridge:", "The bridge is 300 metres long", "It cost 80 million euros, more than planned",
        "It opens on Friday", "The council approved it in 2024. It will carry trams too.")


def test_md_an_empty_list_item_shows_no_lone_dash():
    # "-" or "*" alone on a line is an empty item, which a viewer shows as a bare bullet: the reader kept the
    # mark as text, run on into the item before ("new bus lanes -") or the line after ("- The mayor said"
    # among the key points), and "- " made an empty paragraph.
    body = ("# Budget passes\n\nThe plan includes:\n\n- new bus lanes on the main avenue\n-\n- \n"
            "- repairs to the old harbour bridge\n*\n+\n\nMembers argued for three hours.\n-\n"
            "The mayor said the budget would fund repairs.\n\n1. First point.\n2.\n3. Third point.\n\n"
            "The council approved it in\n2024.\n\n2025.\n")
    assert article("budget.md", body).paragraphs == (
        "The plan includes:", "new bus lanes on the main avenue", "repairs to the old harbour bridge",
        "Members argued for three hours.", "The mayor said the budget would fund repairs.",
        "First point.", "Third point.",
        "The council approved it in 2024.", "2025.")  # (a number alone, outside a list, is text, as before)


def test_md_an_empty_first_item_of_a_numbered_list_shows_no_number():
    # "1." alone (or "1. ", a space after it) where a block begins is a numbered list's first item, yet to be
    # written: the reader kept "1." as text and ran the items after it on into it ("1.  2. Second point.").
    body = ("# Budget passes\n\nThe plan includes:\n\n1. \n2. Second point.\n3. Third point.\n\n1.\n2. Another list.\n\n"
            "The vote was\n1.\n")
    assert article("budget.md", body).paragraphs == (
        "The plan includes:", "Second point.", "Third point.", "Another list.", "The vote was 1.")


def test_md_a_task_list_item_of_its_box_alone_shows_no_box():
    # "- [ ]" with nothing after its box (a task yet to be written) kept the box as a paragraph: "[ ]".
    body = "# Budget passes\n\nTasks left:\n\n- [ ]\n- [x] Fund the bridge repairs.\n- [ ]\t\n- [X]\n"
    assert article("budget.md", body).paragraphs == ("Tasks left:", "Fund the bridge repairs.")


def test_md_hugo_shortcodes_are_left_out_and_the_text_between_a_pair_kept():
    # A Hugo page's shortcodes read as text: "{{% notice info %}} Engineers replaced ...".
    body = ('+++\ntitle = "Bridge reopens"\n+++\n\n{{< figure src="/img/bridge.jpg" caption="The bridge" >}}\n\n'
            "The bridge reopened on Monday after eight months of repairs, the council said.\n\n"
            "{{% notice info %}}\nEngineers replaced the rusted cables during the closure.\n{{% /notice %}}\n\n"
            'Commuters faced long detours while it was shut {{< ref "detours.md" >}}.\n\n'
            "Buses ran every ten minutes {{% highlight %}}through the night{{% /highlight %}} on the old route.\n")
    found = article("bridge.md", body)
    assert found.paragraphs == ("The bridge reopened on Monday after eight months of repairs, the council said.",
                                "Engineers replaced the rusted cables during the closure.",
                                "Commuters faced long detours while it was shut.",
                                "Buses ran every ten minutes through the night on the old route.")


def test_md_images_show_no_text_as_a_web_pages_images_do():
    # An image's alt text was read as text: a paragraph "Photo: the bridge at dawn (Ana Roe)" of its own.
    body = ("# Bridge reopens\n\n![Photo: the bridge at dawn (Ana Roe)](https://img.example/bridge.jpg)\n\n"
            "The bridge reopened on Monday ![icon][i], said [the council](https://council.example) "
            "[![Council logo](logo.png)](https://council.example).\n\n[i]: https://img.example/icon.png\n")
    assert article("bridge.md", body).paragraphs == ("The bridge reopened on Monday, said the council.",)

def test_soft_hyphens_are_removed_where_text_enters():
    found = article("page.html", "<html><head><title>L\u2019au\u00adto\u00adno\u00admie</title></head><body><article>"
                    "<h1>L\u2019au\u00adto\u00adno\u00admie des universités</h1><p>" + BODY.replace("budget", "bud\u00adget")
                    + "</p><p>" + BODY + "</p></article></body></html>")
    assert found.title == "L\u2019autonomie des universités"
    assert "\u00ad" not in " ".join(found.paragraphs) and "new budget" in found.paragraphs[0]


@pytest.mark.parametrize("hint", ["\u200b", "\u2060", "\ufeff"])
def test_other_invisible_break_hints_are_removed_where_text_enters_too(hint):
    # A zero-width space, a word joiner or a byte order mark inside text made "budget\u200b" a word of its own
    # (its own term and stem), and a heading opened with an invisible character.
    found = article("a.md", f"# {hint}Budget{hint} passed\n\n{BODY.replace('budget', 'budget' + hint)}\n")
    assert found.title == "Budget passed"
    assert hint not in " ".join(found.paragraphs) and "new budget" in found.paragraphs[0]


def test_md_without_front_matter_takes_title_from_first_heading():
    result = article("a.md", f"# Budget passed\n\n{BODY}\n")
    assert result.title == "Budget passed"
    assert result.paragraphs == (BODY,)


@pytest.mark.parametrize("name, text, title, title_from", [
    ("a.md", f"---\ntitle: Budget passed\n---\n\n# A heading\n\n{BODY}\n", "Budget passed", "front matter"),
    ("a.md", f"# Budget passed\n\n{BODY}\n", "Budget passed", "heading"),
    ("budget-vote.md", f"{BODY}\n", "Budget vote", "file name"),
    ("a.txt", f"Council passes budget\n\n{BODY}\n", "Council passes budget", "first line"),
    ("budget-vote.txt", f"{BODY}\n", "Budget vote", "file name"),
    # The first letter in title case, one letter still (in upper case "ﬁ" is two: "FI"; "ǆ" is "Ǆ", not "ǅ").
    ("ﬁsh-market.txt", f"{BODY}\n", "Fish market", "file name"),
    ("ǆungla.txt", f"{BODY}\n", "ǅungla", "file name"),
    ("a.html", f"<html><head><title>Budget passed</title></head><body><article><p>{BODY}</p></article></body></html>",
     "Budget passed", "html"),
])
def test_where_the_title_came_from_is_kept(name, text, title, title_from):
    result = article(name, text)
    assert (result.title, result.title_from) == (title, title_from)


@pytest.mark.parametrize("first_line", [
    "Will the bridge reopen in time?",
    "Bridge reopens at last!",
    'Mayor: "We will rebuild"',
    "Mayor: \u201cWe will rebuild\u201d",
    "Mayor says \u2018never again\u2019",
])
def test_a_txt_headline_may_ask_exclaim_or_end_in_a_quote_when_a_blank_line_follows(first_line):
    result = article("budget.txt", f"{first_line}\n\n{BODY}\n")
    assert (result.title, result.title_from) == (first_line, "first line")
    assert result.paragraphs == (BODY,)
    # Without a blank line after it, such a line is the first sentence of the text.
    joined = article("budget.txt", f"{first_line}\n{BODY}\n")
    assert joined.title == "Budget" and joined.paragraphs[0].startswith(first_line)


@pytest.mark.parametrize("first_line", [
    "The council approved the budget.",  # a sentence, not a headline
    "Will the council approve the budget on Monday after months of talks between every party in the old city hall by the river?",
])
def test_a_txt_sentence_or_a_long_question_is_no_headline(first_line):
    result = article("budget.txt", f"{first_line}\n\n{BODY}\n")
    assert (result.title, result.title_from) == ("Budget", "file name")


@pytest.mark.parametrize("front, published", [
    ("published: 2026-11-25\n", "2026-11-25"),
    ("date: 2026-11-25\n", "2026-11-25"),  # Pelican, Hugo and Jekyll call it date
    ("date: 2026-11-25 07:30:00\n", "2026-11-25T07:30:00"),
    ("date: 2026-11-25T07:30:00+01:00\n", "2026-11-25T07:30:00+01:00"),
    ("published: 2026-11-20\ndate: 2026-11-25\n", "2026-11-20"),  # published wins
    ("published: 'Wed, 25 Nov 2026 07:30:00 +0100'\n", "2026-11-25T07:30:00+01:00"),  # RFC 2822
    ("published: 'Wed, 25 Nov 26 07:30:00 +0100'\n", "2026-11-25T07:30:00+01:00"),  # its two-digit year
    # A year under 100 written in four digits is that year (Go's zero time; email.utils made it 2001, 1999).
    ("published: 'Mon, 01 Jan 0001 00:00:00 +0000'\n", "0001-01-01T00:00:00+00:00"),
    ("published: 'Fri, 01 Jan 0099 10:00:00 +0000'\n", "0099-01-01T10:00:00+00:00"),
    ("published: 'Jan 01 0001 12:00:00 +0000'\n", "0001-01-01T12:00:00+00:00"),  # the forms email.utils takes too
    ("published: '01-Jan-0001 12:00:00 -0500'\n", "0001-01-01T12:00:00-05:00"),
    ("published: '01 Jan 099 10:00 +0000'\n", "1999-01-01T10:00:00+00:00"),  # three digits: 1900 on (RFC 2822)
    # A zone's four digits after the time are no year ("GMT-0500" was the year 500), JavaScript's Date too.
    ("date: 'Mon Nov 23 2026 18:30:00 GMT-0500 (Eastern Standard Time)'\n", "2026-11-23T18:30:00"),
    ("published: 'Tue, 03 Mar 2026 10:00:00 0100'\n", "2026-03-03T10:00:00+01:00"),
    ("published: 25 November 2026\n", "2026-11-25"),
    ("published: Nov 25, 2026\n", "2026-11-25"),
    ("published: November 25th, 2026\n", "2026-11-25"),
    ("published: 2026/11/25\n", "2026-11-25"),
    ("date: Wednesday, 25 November 2026 10:15\n", "2026-11-25T10:15:00"),
    # A month in the words of the article's language, and of another (it was "not a date briefing can read").
    ("date: 14. Oktober 2025\n", "2025-10-14"),
    ("date: Dienstag, 14. Oktober 2025\n", "2025-10-14"),
    ("date: 14 października 2025\n", "2025-10-14"),
    ("date: 28. října 2025\n", "2025-10-28"),
    ("date: 14 ottobre 2025\n", "2025-10-14"),
    ("date: 14 oktober 2025\n", "2025-10-14"),
    ("date: 14 Οκτωβρίου 2025\n", "2025-10-14"),
    ("date: 3 de março de 2025\n", "2025-03-03"),
    ("date: 3 de marzo del 2025\n", "2025-03-03"),
    # The first of a month as French, Spanish and Portuguese write it.
    ("date: vendredi 1er mai 2026\n", "2026-05-01"),
    ("date: 1.º de maio de 2026\n", "2026-05-01"),
    ("date: 1º de mayo de 2026\n", "2026-05-01"),
])
def test_publication_dates_are_read_leniently(front, published):
    assert article("a.md", f"---\n{front}---\n\n{BODY}\n").published == published


@pytest.mark.parametrize("front, shown", [
    ("published: yesterday\n", "'published' is not a date briefing can read ('yesterday')"),
    ("date: 25/11/2026\n", "'date' is not a date briefing can read ('25/11/2026')"),  # day or month first?
    ("published: {a: 1}\n", "'published' is not a date briefing can read (dict)"),
    ("published: 1764000000\n", "'published' is not a date briefing can read (1764000000)"),
    # Two months named: which day is meant is not for a guess (the first was taken, or the range's end).
    ("date: 28 lutego – 2 marca 2025\n", "'date' is not a date briefing can read ('28 lutego – 2 marca 2025')"),
    ("date: 'am 15. Oktober 2025, am 14. Oktober 2025'\n",
     "'date' is not a date briefing can read ('am 15. Oktober 2025, am 14. Oktober 2025')"),
    ("published: 'Sat, 01 Jan 0000 00:00:00 +0000'\n",
     "'published' is not a date briefing can read ('Sat, 01 Jan 0000 00:00:00 +0000')"),  # no year 0 (it was 2000)
    # A moment that is no moment in UTC, where every time is compared (it once stopped every run).
    ("published: 9999-12-31T23:59:59-14:00\n",
     "'published' is a moment past the ends of the calendar in UTC (9999-12-31T23:59:59-14:00)"),
    ("date: '0001-01-01T00:00:00+14:00'\n",
     "'date' is a moment past the ends of the calendar in UTC (0001-01-01T00:00:00+14:00)"),
])
def test_a_date_that_cannot_be_read_is_left_out_with_a_warning_not_the_article(front, shown):
    warnings = []
    result = read_article(Path("a.md"), f"---\ntitle: Budget\n{front}---\n\n{BODY}\n".encode(), warn=warnings.append)
    assert result.published is None and result.title == "Budget" and result.paragraphs == (BODY,)
    assert warnings == [f"front matter {shown}: left out"]


@pytest.mark.parametrize("front, author", [
    ("author: Ana Ruiz\n", "Ana Ruiz"),
    ("author: [Ana Ruiz, Ben Okafor]\n", "Ana Ruiz, Ben Okafor"),
    ("author: '  Ana\n  Ruiz '\n", "Ana Ruiz"),
])
def test_the_author_is_kept(front, author):
    assert article("a.md", f"---\n{front}---\n\n{BODY}\n").author == author


def test_an_author_of_the_wrong_type_is_left_out_with_a_warning():
    warnings = []
    result = read_article(Path("a.md"), f"---\nauthor: {{name: Ana}}\n---\n\n{BODY}\n".encode(), warn=warnings.append)
    assert result.author is None and warnings == ["front matter 'author' must be a name, not dict: left out"]


def test_html_author_and_date_come_from_the_pages_metadata():
    html = (
        "<html><head><title>Budget passed</title><meta name='author' content='Ana Ruiz'>"
        "<meta property='article:published_time' content='2026-11-25T07:30:00Z'></head>"
        f"<body><article><h1>Budget passed</h1><p>{BODY}</p></article></body></html>"
    )
    result = article("a.html", html)
    assert (result.author, result.published) == ("Ana Ruiz", "2026-11-25")


@pytest.mark.parametrize("front, reason", [
    ("title: [unclosed\n", "malformed front matter"),
    ("!!python/object/apply:os.system ['echo pwned']\n", "malformed front matter"),
    ("title: !!python/object/apply:os.system ['echo pwned']\n", "malformed front matter"),
    ("- just\n- a list\n", "not a mapping"),
    ("title: {a: 1}\n", "'title' must be text"),
    ("tags: 5\n", "'tags' must be a list"),
])
def test_bad_front_matter_is_a_seed_error(front, reason):
    with pytest.raises(SeedError, match=reason):
        article("a.md", f"---\n{front}---\n\n{BODY}\n")


GERMAN = ("Die Hafenbehörde hat die alte Brücke am Dienstag wieder geöffnet. Der Verkehr soll bis zum "
          "Wochenende wieder normal fließen, sagten die Beamten. Die Geschäfte in der Altstadt sind froh.")


@pytest.mark.parametrize("front, note", [
    ("lang: klingon\n", "front matter lang 'klingon' is not supported (czech, "),
    ("lang: no\n", "front matter lang 'no' is not supported"),  # Norwegian, not YAML 1.1's false
    ("lang: zh-Hant\n", "front matter lang 'zh-Hant' is not supported"),
    ("lang: [de, en]\n", "front matter 'lang' must be text, not list: left out"),
    ("+++\nlang = \"xx\"\n+++\n", "front matter lang 'xx' is not supported"),
])
def test_a_lang_briefing_does_not_support_is_a_note_and_the_text_decides(front, note):
    """The seed was skipped, and its article lost from the briefing: such a `lang` is a hint briefing cannot
    take, as a sidecar's is, and the language is the text's, as without one."""
    notes = []
    text = front if front.startswith("+++") else f"---\n{front}---\n"
    result = read_article(Path("a.md"), f"{text}\n{GERMAN}\n".encode(), warn=notes.append)
    assert result.lang is None and result.paragraphs == (GERMAN,)
    assert len(notes) == 1 and notes[0].startswith(note) and notes[0].endswith("the language is taken from the text")


JAPANESE = ("台風10号は3日午後、鹿児島県に上陸した。気象庁によると、最大風速は40メートルに達した。"
            "県内では約2万世帯が停電し、交通機関にも大きな影響が出ている。")
GREEK = ("Το λιμάνι άνοιξε ξανά τη Δευτέρα μετά από επισκευές οκτώ μηνών. Το δημοτικό συμβούλιο είπε ότι τα έργα "
         "κόστισαν τέσσερα εκατομμύρια ευρώ. Τα πλοία θα εκτελούν δρομολόγια κάθε ώρα.")


@pytest.mark.parametrize("lang, text, script, kept", [
    ("fr", JAPANESE, "Japanese", False),  # a template's lang above another language's text
    ("en", GREEK, "Greek", False),
    ("el", BODY, "Latin", False),
    ("el", GREEK, None, True),
    ("de", GERMAN, None, True),
    ("en", GERMAN, None, True),  # a Latin text: the hint is taken, as ever (detection cannot overrule it)
    # Greek briefs of Latin brand names, or quoting English: the names and the quotation are not their text.
    ("el", "Η Apple ανακοίνωσε το iPhone 16 Pro Max με Apple Intelligence, USB-C και A18 Pro chip, ενώ το MacBook "
           "Air M3 έρχεται τον Μάρτιο στις αγορές.", None, True),
    ("el", "Ο πρωθυπουργός έγραψε στο X: \"Today Greece and Cyprus signed a historic agreement that will bring "
           "energy to both countries for decades.\" Η συμφωνία υπεγράφη στη Λευκωσία.", None, True),
    # ... but a Japanese text of Latin brand names is Japanese still.
    ("fr", "アップルは9日、新型のiPhone 16 Proを発表した。Apple Intelligenceに対応し、USB-Cを採用する。"
           "価格は15万9800円からで、20日に発売する。", "Japanese", False),
], ids=["ja-as-fr", "el-as-en", "en-as-el", "el", "de", "de-as-en", "el-brands", "el-quoting-en", "ja-brands-as-fr"])
def test_a_lang_whose_script_the_text_is_not_in_is_left_out(lang, text, script, kept):
    notes = []
    for name in ("a.md", "a.txt"):
        result = read_article(Path(name), f"---\nlang: {lang}\n---\n\n{text}\n".encode(), warn=notes.append)
        assert (result.lang is not None) == kept, (name, result.lang)
    # A sidecar's lang (a feed's) is a hint the same way.
    result = read_article(Path("b.txt"), f"Headline\n\n{text}\n".encode(), sidecar=f'lang = "{lang}"\n'.encode(),
                          warn=notes.append)
    assert (result.lang is not None) == kept
    if kept:
        assert notes == []
    else:
        named = {"fr": "fr (French)", "el": "el (Greek)", "en": "en (English)"}[lang]
        assert len(notes) == 3 and all(f"lang {named} does not fit its text, written in {script} script: left out"
                                       in note for note in notes), notes


def test_a_japanese_text_said_to_be_french_is_summarised_as_no_supported_language(tmp_path):
    from briefing.config import load_config
    from briefing.summarize.article import summarize_article

    seed = read_article(Path("a.md"), f"---\nlang: fr\n---\n\n{JAPANESE}\n".encode(), warn=lambda _: None)
    summary = summarize_article(seed, load_config(cwd=tmp_path).summary)
    # Split at its own full stops (French rules read it as one sentence), and not said to be French.
    assert len(summary.sentences) + len(summary.key_points) >= 2
    assert summary.language != "french" and not summary.language_known


@pytest.mark.parametrize("front, title, tags, section", [
    ("title: No\ntags: [yes, on, Off]\nsection: TRUE\n", "No", ("yes", "on", "Off"), "TRUE"),
    ("title: 2026-11-25\n", "2026-11-25", (), None),  # a day's notes
    ("title: 2026-11-25 07:30:00\n", "2026-11-25T07:30:00", (), None),
])
def test_words_yaml_would_read_as_booleans_or_dates_are_text(front, title, tags, section):
    # "must be text, not bool" cost the whole seed: no key takes a boolean.
    result = article("a.md", f"---\n{front}---\n\n{BODY}\n")
    assert (result.title, result.tags) == (title, tags)
    assert section is None or result.section == section


def test_yaml_alias_bomb_is_refused_quickly():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8)
    ) + "tags: *i\n"
    with pytest.raises(SeedError, match="tags"):
        article("a.md", f"---\n{bomb}---\n\n{BODY}\n")


def test_html_main_text_and_title_are_extracted():
    html = (
        "<html><head><title>Budget passed | Gazette</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/sub'>Subscribe now</a></nav>"
        "<article><h1>Budget passed</h1>"
        f"<p>{BODY}</p><p>The mayor welcomed the vote and thanked the councillors who backed it.</p>"
        "</article><footer>Copyright Gazette</footer></body></html>"
    )
    result = article("a.html", html)
    assert "Budget passed" in result.title
    assert BODY in result.text
    assert "Subscribe" not in result.text
    assert "Copyright" not in result.text


@pytest.mark.parametrize("data, reason", [
    (b"", "no article text"),
    (b"   \n\n\t \n", "no article text"),
    (b"Hello", "too short"),
    (b"\x00\x01\x02binary\x00junk\xff" * 20, "binary"),
])
def test_unusable_files_are_seed_errors(data, reason):
    with pytest.raises(SeedError, match=reason):
        article("a.txt", data)


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF8 + BODY.encode("utf-8"),
    codecs.BOM_UTF16_LE + BODY.encode("utf-16-le"),
    codecs.BOM_UTF16_BE + BODY.encode("utf-16-be"),
    BODY.replace(". ", ".\r\n").encode("utf-8"),
])
def test_boms_and_crlf_decode_to_the_same_text(data):
    assert " ".join(decode_text(data).split()) == BODY


def test_windows_1252_text_is_decoded_not_dropped():
    text = "The café’s owner said “prices will rise” — again, for the third time this year in Zürich."
    assert decode_text(text.encode("cp1252")) == text


# Wire copy in the legacy encodings of Central Europe and Turkey, without a byte order mark: charset-normalizer
# alone ranks ISO-8859-10 first for the Polish (ł -> ģ, ż -> ŋ), Windows-1250 for the Czech (š -> ą) and
# ISO-8859-16 for the Turkish (ı -> ę).
LEGACY_WIRE = {
    "polish": "WARSZAWA (PAP) - Sejm uchwalił w piątek ustawę obniżającą składkę zdrowotną dla przedsiębiorców. "
              "Za głosowało 250 posłów, przeciw było 180, a 12 wstrzymało się od głosu. Zmiany mają wejść w życie "
              "1 stycznia 2025 r. Minister finansów powiedział, że koszt reformy wyniesie ok. 4,6 mld zł rocznie. "
              "Według resortu na obniżce skorzystają m.in. osoby rozliczające się ryczałtem.",
    "czech": "PRAHA (ČTK) - Vláda v pondělí schválila návrh státního rozpočtu na příští rok se schodkem 230 mld. Kč. "
             "Největší část výdajů půjde na důchody, tj. zhruba 650 mld. Kč. Opozice rozpočet kritizuje. Předseda "
             "hnutí ANO označil návrh za nereálný a upozornil na nízké příjmy z daní.",
    "turkish": "ANKARA (AA) - Türkiye Cumhuriyet Merkez Bankası (TCMB) Para Politikası Kurulu, politika faizini "
               "yüzde 50'de sabit bıraktı. Karar, piyasa beklentileriyle uyumlu oldu. Kurul, enflasyonun ana "
               "eğilimindeki düşüşün sürdüğünü belirtti. Borsa İstanbul'da BIST 100 endeksi günü yüzde 0,8 "
               "yükselişle tamamladı.",
}


@pytest.mark.parametrize("language, encoding", [
    ("polish", "iso8859_2"), ("polish", "cp1250"), ("czech", "iso8859_2"), ("czech", "cp1250"),
    ("turkish", "iso8859_9"), ("turkish", "cp1254"),
])
def test_central_european_and_turkish_legacy_text_is_decoded_in_its_own_encoding(language, encoding):
    text = LEGACY_WIRE[language]
    assert decode_text(text.encode(encoding)) == text


@pytest.mark.parametrize("name, routine", [
    (".DS_Store", True), ("notes.txt~", True), (".#notes.txt", True), ("notes.txt.swp", True),
    ("report.pdf", False), ("image.png", False),
])
def test_files_that_are_not_seeds(name, routine):
    rule = passed_over(name)
    assert rule is not None and rule.routine is routine


@pytest.mark.parametrize("name", ["a.txt", "b.md", "c.html", "d.HTM", "with space é.txt"])
def test_seed_names_are_accepted(name):
    assert passed_over(name) is None


def test_find_seed_files_never_follows_links(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (tmp_path / "secret.txt").write_text("outside")
    (seeds / "inside.txt").write_text("inside")
    (seeds / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    (seeds / "link-in.txt").symlink_to(seeds / "inside.txt")
    (seeds / "loop.txt").symlink_to(seeds / "loop.txt")
    (seeds / "folder-out").symlink_to(tmp_path, target_is_directory=True)
    found = {p.name: p for p in find_seed_files(seeds)}
    assert isinstance(found["inside.txt"], SeedFile)
    for link in ("link-out.txt", "link-in.txt", "loop.txt", "folder-out"):
        assert isinstance(found[link], PassedOver) and "symbolic link: not followed" in found[link].reason
    assert set(found) == {"inside.txt", "link-out.txt", "link-in.txt", "loop.txt", "folder-out"}


def test_find_seed_files_walks_any_depth_in_name_order(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    (seeds / "b").mkdir()
    (seeds / "b" / "one.txt").write_text("x")
    (seeds / "a.txt").write_text("x")
    (seeds / "c.txt").write_text("x")
    with deep_folders(seeds, 1100) as bottom:  # deeper than Python's recursion limit
        os.close(os.open("bottom.txt", os.O_WRONLY | os.O_CREAT, dir_fd=bottom))
        names = [found.name for found in find_seed_files(seeds)]
    assert names[:3] == ["a.txt", "c.txt", "b/one.txt"] and len(names) == 4
    assert names[3] == "/".join(["d"] * 1100) + "/bottom.txt", "the deepest file is found"


def test_a_folder_that_cannot_be_listed_is_one_entry_with_its_reason(tmp_path, monkeypatch):
    seeds = tmp_path / "seeds"
    (seeds / "locked").mkdir(parents=True)
    (seeds / "ok.txt").write_text("x")
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = list(find_seed_files(seeds))
    assert [f.name for f in found] == ["ok.txt", "locked"]
    assert found[1].reason == "cannot list this folder: Permission denied"


def test_a_recent_seed_is_looked_at_again_once_it_is_settle_seconds_old_not_settle_seconds_later(tmp_path):
    import time

    from briefing.ingest.scan import scan_seeds

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    older, younger, ahead = seeds / "older.txt", seeds / "younger.txt", seeds / "ahead.txt"
    for path in (older, younger, ahead):
        path.write_text("An article.")
    now = time.time()
    os.utime(older, (now - 0.9, now - 0.9))
    os.utime(younger, (now - 0.7, now - 0.7))
    waits: list[float] = []
    ahead.unlink()
    time.sleep(0.15)  # a loaded machine's pause before the scan: the wait is what is left, however long it was
    scan = scan_seeds(seeds, {}, settle_seconds=1.0, sleep=waits.append)
    elapsed = time.time() - now
    # The youngest was 0.7 s old: 0.3 s more (less the time since) makes it a second old, as a seed left alone
    # for a second is.
    assert len(waits) == 1 and 0.3 - elapsed - 0.001 <= waits[0] <= 0.3 - 0.15 + 0.001, (waits, elapsed)
    assert sorted(s.name for s in scan.ready) == ["older.txt", "younger.txt"] and not scan.settling
    # A time ahead of this machine's clock (a copy from another machine) waits the whole second, no more.
    ahead.write_text("An article.")
    os.utime(ahead, (now + 60, now + 60))
    waits.clear()
    scan_seeds(seeds, {}, settle_seconds=1.0, sleep=waits.append)
    assert waits == [1.0]


def test_a_recent_seed_timed_in_whole_seconds_waits_the_whole_settle_time(tmp_path, monkeypatch):
    import time

    from briefing.ingest import scan as scanning

    seeds = tmp_path / "seeds"
    seeds.mkdir()
    path = seeds / "copied.txt"
    path.write_text("An article.")
    # A file system that keeps whole seconds (FAT, HFS+, many network shares): a seed written 0.9 s into
    # its second shows that second's start, and may be being written still.
    second = int(time.time()) - 5
    os.utime(path, ns=(second * 10**9, second * 10**9))
    monkeypatch.setattr(scanning.time, "time_ns", lambda: second * 10**9 + 900_000_000)
    waits: list[float] = []
    scanning.scan_seeds(seeds, {}, settle_seconds=1.0, sleep=waits.append)
    # Its time is no measure of how long it has been left alone: it is looked at again a whole second later.
    assert waits == [1.0]


def test_md_a_lone_star_or_plus_inside_a_paragraph_is_text_and_between_items_an_empty_item():
    """An empty item cannot interrupt a paragraph (CommonMark): "2\\n+\\n3 equals five." read "2", then "3
    equals five." once empty items showed nothing; between a list's items it is an item, and shows nothing."""
    from briefing.ingest.markdown import markdown_to_plain

    assert markdown_to_plain("2\n+\n3 equals five.\n") == "2 + 3 equals five."
    assert markdown_to_plain("Stars:\n*\nthree of them.\n") == "Stars: * three of them."
    assert markdown_to_plain("* a\n*\n* b\n") == markdown_to_plain("+ a\n+\n+ b\n") == "a\n\nb"
    assert markdown_to_plain("Members argued\n-\nThe mayor said.\n") == "Members argued\n\nThe mayor said."
    assert markdown_to_plain("- a\n2024. It was\n") == "a 2024. It was"
