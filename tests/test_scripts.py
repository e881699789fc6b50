"""Text in a script no supported language is written in (Chinese, Japanese, Hindi, Hebrew, ...): summarised
with the default language's tools, in whole sentences of its own punctuation.

The articles in tests/data/scripts were written for these tests.
"""

import json
import time
from pathlib import Path

import pytest

from briefing.languages import sentences_joined
from briefing.summarize.scripts import split_at_script_ends
from briefing.summarize.tokenize import OfflineTokenizer
from conftest import DATA, age_files, article_text, run_briefing

SCRIPTS = DATA / "scripts"


def summarized(path, tmp_path, *options):
    result = run_briefing("summarize", str(path), "--json", *options, cwd=tmp_path)
    assert result.code == 0, result.stderr
    return json.loads(result.stdout)


def test_a_chinese_article_is_summarised_in_its_sentences(tmp_path):
    """It was skipped ("written in Chinese (Han) script"); read as Punkt reads it, a paragraph was one
    sentence, and no sentence was a key point (one "word" each, and no "." at its end)."""
    text = (SCRIPTS / "typhoon-zh-1.txt").read_text(encoding="utf-8")
    data = summarized(SCRIPTS / "typhoon-zh-1.txt", tmp_path)
    assert data["language_known"] is False
    assert len(data["summary"]) == 3
    for sentence in data["summary"] + data["key_points"]:
        # (One "。" each, but a quotation's with its speaker after it: "“……台风。”林毅说。")
        assert sentence in text and sentence.endswith("。") and sentence.count("。") - sentence.count("。”") == 1, sentence
    assert len(data["key_points"]) >= 3


def test_a_hindi_article_is_cut_at_its_full_stops(tmp_path):
    text = (SCRIPTS / "election-hi.txt").read_text(encoding="utf-8")
    data = summarized(SCRIPTS / "election-hi.txt", tmp_path)
    assert len(data["summary"]) == 3
    for sentence in data["summary"] + data["key_points"]:
        assert sentence in text and sentence.count("।") == 1 and len(sentence.split()) < 30, sentence
    assert "नई दिल्ली।" not in data["summary"]  # its dateline, no sentence


def test_a_hebrew_acronym_is_no_quotation_mark(tmp_path):
    """Hebrew types its acronyms' gershayim as a straight quote (יו"ר, "chairman"): with a quotation's two
    marks, a sentence had three, and was shown with a fourth added before it, as a quotation cut short."""
    data = summarized(SCRIPTS / "election-he.txt", tmp_path, "--ratio", "1")
    chair = [sentence for sentence in data["summary"] if "יו\"ר" in sentence]
    assert chair == ['יו"ר ועדת הבחירות, השופט יצחק עמית, אמר כי "הבחירות התנהלו באופן תקין ומסודר".']


def test_a_short_chinese_article_is_long_enough(tmp_path):
    """Its words were counted between spaces: four paragraphs of Chinese were "too short to summarise: 4
    words"."""
    seed = tmp_path / "short.txt"
    seed.write_text("台风登陆福建\n\n台风“海葵”于5日凌晨在福建东山登陆。\n\n全省共转移群众20.3万人。\n\n"
                    "多地出现停电。\n\n专家表示，台风强度将逐渐减弱。\n", encoding="utf-8")
    data = summarized(seed, tmp_path)
    assert data["summary"][0] == "台风“海葵”于5日凌晨在福建东山登陆。"


@pytest.mark.parametrize("lead", [
    "今年第11号台风“海葵”于5日凌晨在福建东山登陆，登陆时中心附近最大风力有14级。福建省防汛应急响应提升至一级。",
    "मुंबई में मंगलवार सुबह से हो रही भारी बारिश के कारण कई इलाकों में पानी भर गया है।",
])
def test_a_text_seeds_first_paragraph_ending_in_its_scripts_full_stop_is_no_headline(tmp_path, lead):
    """A Chinese lead is one "word" between spaces, and "。" was no end of a sentence: the lead was taken for the
    headline, and left out of the text the summary is made from."""
    seed = tmp_path / "typhoon-report.txt"
    body = "\n\n".join(line for line in (SCRIPTS / "typhoon-zh-1.txt").read_text(encoding="utf-8").splitlines()[1:]
                       if line.strip())
    seed.write_text(lead + "\n\n" + body + "\n", encoding="utf-8")
    data = summarized(seed, tmp_path, "--ratio", "1")
    assert data["title"] == "Typhoon report" and data["title_from"] == "file name"
    assert data["summary"][0] in lead


def test_a_lead_ending_in_a_wire_credit_after_its_full_stop_is_no_headline(tmp_path):
    # "…発表した。（共同）": the credit's bracket ended the line, and the lead was taken for the headline.
    lead = "政府は5日、新しい大橋が来週月曜日に開通すると発表した。（共同）"
    seed = tmp_path / "bridge-report.txt"
    body = "\n\n".join(line for line in (SCRIPTS / "typhoon-zh-1.txt").read_text(encoding="utf-8").splitlines()[1:]
                       if line.strip())
    seed.write_text(lead + "\n\n" + body + "\n", encoding="utf-8")
    assert summarized(seed, tmp_path)["title_from"] == "file name"


@pytest.mark.parametrize("headline", ["新大桥下周一通车（图）", "习近平会见美国总统【视频】", "新大橋が来週開通へ（写真）"])
def test_a_chinese_or_japanese_headline_ending_in_a_bracket_is_the_headline(tmp_path, headline):
    seed = tmp_path / "bridge.txt"
    body = "\n\n".join(line for line in (SCRIPTS / "typhoon-zh-1.txt").read_text(encoding="utf-8").splitlines()[1:]
                       if line.strip())
    seed.write_text(headline + "\n\n" + body + "\n", encoding="utf-8")
    data = summarized(seed, tmp_path)
    assert data["title"] == headline and data["title_from"] == "first line"


def test_a_quotation_and_its_speaker_are_one_sentence():
    tokenizer = OfflineTokenizer("english", foreign=True)
    assert tokenizer.to_sentences("“这是今年以来登陆我省的最强台风。”预报员林毅说。他提醒市民尽量减少外出。") == (
        "“这是今年以来登陆我省的最强台风。”预报员林毅说。", "他提醒市民尽量减少外出。")
    assert tokenizer.to_sentences("震度6強を観測した。津波の心配はない！「注意してほしい」と呼びかけた？") == (
        "震度6強を観測した。", "津波の心配はない！", "「注意してほしい」と呼びかけた？")
    # Only a speaker and a verb of saying: a sentence of its own after a quotation was glued to it.
    assert tokenizer.to_sentences("林毅说：“这是今年登陆福建的最强台风。”他提醒市民不要前往海边观浪。") == (
        "林毅说：“这是今年登陆福建的最强台风。”", "他提醒市民不要前往海边观浪。")
    assert tokenizer.to_sentences("“我们会努力。”他说。「注意してほしい」と述べた。") == (
        "“我们会努力。”他说。", "「注意してほしい」と述べた。")
    assert tokenizer.to_sentences("“我们将继续推进改革开放。”中国外交部发言人汪文斌在例行记者会上表示。") == (
        "“我们将继续推进改革开放。”中国外交部发言人汪文斌在例行记者会上表示。",)
    assert tokenizer.to_sentences("“我们只卖一种面。”这家小店开了三十年，靠的就是这碗面的味道。") == (
        "“我们只卖一种面。”", "这家小店开了三十年，靠的就是这碗面的味道。")


def _fastest(work, repeats: int = 3) -> float:
    """The fastest of `repeats` runs of `work`, in seconds: what a busy spell of the machine adds is left out."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


# Ten times the input in at most this many times the time: linear work takes about ten, quadratic a hundred.
# (Measured against the same work on the smaller input, in turn: a loaded machine slows both.)
LINEAR = 30


def test_a_paragraph_of_many_short_chinese_sentences_is_split_in_time_linear_in_its_length():
    """A paragraph is split as far as 500 sentences of 1,500 characters reach: 150,000 sentences of five
    characters each. Each cut sliced the rest of the paragraph, 5.4 s for this one (an English one of the same
    length took 1.5 s in all); now 0.1 s."""
    small, paragraph = "经济增长。" * 15_000, "经济增长。" * 150_000
    spans = split_at_script_ends(paragraph, [(0, len(paragraph))])
    assert len(spans) == 150_000 and spans[1] == (5, 10) and spans[-1] == (749_995, 750_000)
    ten_times = _fastest(lambda: split_at_script_ends(paragraph, [(0, len(paragraph))]))
    assert ten_times < LINEAR * _fastest(lambda: split_at_script_ends(small, [(0, len(small))]))


def test_a_long_chinese_summary_is_joined_in_time_linear_in_its_length():
    """`briefing summarize --ratio 1` of a Chinese article prints up to 500 sentences of up to 1,500 characters:
    the end of the whole text joined so far was searched before each one (0.5 s for these; now 3 ms)."""
    sentences = ["经济增长" * 350 + "。"] * 500
    assert sentences_joined(sentences) == "".join(sentences)
    ten_times = _fastest(lambda: sentences_joined(sentences))
    assert ten_times < LINEAR * _fastest(lambda: sentences_joined(sentences[:50]))
    assert sentences_joined(["经济增长。", "“好。”", "Growth.", "经济。"]) == "经济增长。“好。” Growth. 经济。"


@pytest.mark.parametrize("sentence, words", [
    # Each pair of neighbouring Han letters, a digit ending a run: a clause was one word, or none with a digit.
    ("台风“海葵”于9月5日登陆", ("台风", "海葵", "于", "月", "日登", "登陆")),
    ("기준금리를 인하했다.", ("기준", "준금", "금리", "리를", "인하", "하했", "했다")),
    ("JR西日本は運転を見合わせた。", ("JR", "西日", "日本", "本は", "は運", "運転", "転を", "を見", "見合", "合わ", "わせ", "せた")),
])
def test_words_of_a_text_without_spaces_are_pairs_of_letters(sentence, words):
    assert OfflineTokenizer().to_words(sentence) == words
    assert OfflineTokenizer().words_of_all([sentence, "The pier reopens."]) == [words, ("The", "pier", "reopens")]


@pytest.mark.parametrize("sentence, words", [
    # The combining marks of a word are in it: `re` counts none as a letter, and the words holding one were
    # dropped ("मुंबई में भारी बारिश" was no word at all, Thai's ั and ่ too).
    ("मुंबई में भारी बारिश, लोकल ट्रेन सेवाएं ठप", ("मुंबई", "में", "भारी", "बारिश", "लोकल", "ट्रेन", "सेवाएं", "ठप")),
    ("قتل 14 شخصاً على الأقل أيضاً.", ("قتل", "شخصاً", "على", "الأقل", "أيضاً")),
    ("שָׁלוֹם עוֹלָם 3", ("שָׁלוֹם", "עוֹלָם")),
    ("น้ำท่วม เชียงใหม่", ("น้ำท่วม", "เชียงใหม่")),
    ("آنها می\u200cخواهند بروند", ("آنها", "می\u200cخواهند", "بروند")),  # Persian's zero-width non-joiner
    ("The 2nd café, \u0301x and n\u0308o.", ("The", "café", "and", "n\u0308o")),
])
def test_a_words_combining_marks_are_in_it(sentence, words):
    assert OfflineTokenizer().to_words(sentence) == words


def run_day(folder, *names):
    (folder / "seeds").mkdir()
    for name in names:
        (folder / "seeds" / name).write_bytes((SCRIPTS / name).read_bytes())
    age_files(folder / "seeds")
    result = run_briefing("run", "--date", "2026-09-05", cwd=folder)
    assert result.code == 0 and not result.stderr, result.stderr
    return folder / "out" / "2026-09-05"


@pytest.mark.parametrize("stories", [
    [["election-he.txt"], ["gdp-zh.txt"], ["typhoon-zh-1.txt", "typhoon-zh-2.txt"]],
    # Korean words carry their particles ("기준금리를", "기준금리는"): two reports shared few whole words.
    [["quake-ko.txt"], ["rate-ko-1.txt", "rate-ko-2.txt"]],
    # Hindi's words with a vowel sign, a virama or an anusvara (nearly all) were no words: no terms to share.
    [["election-hi.txt"], ["rain-hi-1.txt", "rain-hi-2.txt"]],
    # Their headlines' "in" and "of" (में, की; في) were taken for the names of their events: a bus crash was
    # told under a river's clean-up, a flood under gold prices.
    [["bus-hi.txt"], ["yamuna-hi.txt"]],
    [["bank-ar.txt"], ["flood-ar.txt"], ["gold-ar.txt"]],
])
def test_reports_of_one_event_in_a_script_without_capitals_are_one_story_and_another_event_apart(tmp_path, stories):
    """Chinese and Korean write no capitals: their reports showed no names, and two reports of one event
    that share no name are two stories. The words of their headlines stand for the names."""
    day = run_day(tmp_path, *(name for story in stories for name in story))
    found = json.loads(day.with_suffix(".json").read_text(encoding="utf-8"))["stories"]
    assert sorted(sorted(report["path"] for report in story["reports"]) for story in found) == stories


def test_a_day_of_chinese_and_hindi_stories_has_key_points_of_the_day_from_them(tmp_path):
    """A Chinese sentence is one to three "words" between spaces, and ends in "。" (Hindi's in "।"): no story
    of theirs gave a key point of the day, and a day of them had none."""
    day = json.loads(run_day(tmp_path, "typhoon-zh-1.txt", "typhoon-zh-2.txt", "gdp-zh.txt", "rain-hi-1.txt",
                             "rain-hi-2.txt").with_suffix(".json").read_text(encoding="utf-8"))
    points = {point["path"]: point["text"] for point in day["key_points"]}
    assert len(points) >= 3 and {"gdp-zh.txt", "rain-hi-1.txt"} & points.keys()
    assert all(text.endswith(("。", "।")) for text in points.values()), points


def test_text_of_no_known_language_takes_its_direction_from_its_own_letters(tmp_path):
    """A Hebrew or Arabic headline inside an English page was laid out left to right: its number and its
    colon at the wrong ends."""
    page = run_day(tmp_path, "election-he.txt", "election-hi.txt").with_suffix(".html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page
    assert '<h2 dir="rtl" id="' in page and 'lang="he">ועדת הבחירות: 67.8% הצבעה בבחירות לכנסת</h2>' in page
    # Right to left where most letters are (a Hebrew text opening with a Latin name or a number too: its
    # first letter made it left to right); elsewhere the browser reads the first letter.
    assert page.count('lang="he"') == page.count('dir="rtl"') > 2
    assert page.count('lang="hi"') + page.count('lang="und"') == page.count('dir="auto"') > 2


def test_a_right_to_left_text_opening_with_a_latin_name_is_laid_out_right_to_left(tmp_path):
    """"Intel תשקיע ...": the browser's reading of the first letter (dir="auto") set it left to right, the
    headline at the left and a paragraph's sentences in the wrong order."""
    import re

    page = run_day(tmp_path, "chip-he.txt").with_suffix(".html").read_text(encoding="utf-8")
    assert re.search(r'<h2 dir="rtl" id="[^"]*" lang="he">Intel תשקיע 25', page)
    tagged = re.findall(r'<(\w+) ([^>]*lang="he"[^>]*)>', page)
    assert len(tagged) > 2 and all('dir="rtl"' in attributes for _, attributes in tagged), tagged


def test_text_of_no_known_language_is_tagged_with_the_language_its_script_tells(tmp_path):
    """A Chinese, Japanese or Hebrew text was tagged "und", which a screen reader reads in the page's
    language; a script several languages write (Devanagari: Hindi, Marathi, ...) still tells none."""
    page = run_day(tmp_path, "election-he.txt", "election-hi.txt", "gdp-zh.txt").with_suffix(".html").read_text(
        encoding="utf-8")
    assert 'lang="zh">国家统计局：前三季度国内生产总值同比增长5.2%</h2>' in page
    assert 'lang="he">ועדת הבחירות' in page and 'lang="und">महाराष्ट्र विधानसभा चुनाव' in page


def test_a_language_the_seed_declares_is_its_tag_though_briefing_cannot_summarise_in_it(tmp_path):
    """`lang: ru` in front matter, `<html lang="ru-RU">`, a sidecar's `lang = "uk"`: each text was tagged
    "und" (Cyrillic tells no one language), and a screen reader read Russian in the page's English voice."""
    (tmp_path / "seeds").mkdir()
    for name in ["bridge-ru.md", "exhibition-ru.html", "school-uk.txt", "school-uk.txt.meta.toml"]:
        (tmp_path / "seeds" / name).write_bytes((SCRIPTS / name).read_bytes())
    age_files(tmp_path / "seeds")
    result = run_briefing("run", "--date", "2026-09-05", cwd=tmp_path)
    assert result.code == 0 and result.stderr.startswith("briefing: bridge-ru.md: front matter lang 'ru' is not "
                                                         "supported"), result.stderr  # (its one note line)
    page = (tmp_path / "out" / "2026-09-05.html").read_text(encoding="utf-8")
    assert 'lang="ru">Новый мост через Волгу откроют в декабре</h2>' in page
    assert 'lang="ru-RU">В Москве открылась выставка старинных карт</h2>' in page
    assert 'lang="uk">У Києві відкрили нову школу на вісімсот учнів</h2>' in page
    assert 'lang="und"' not in page


@pytest.mark.parametrize("value, tag", [("ru", "ru"), ("nl_be", "nl-BE"), ("sr-latn-rs", "sr-Latn-RS"), ("RU", "ru"),
                                        ("klingon", None), ("en us", None), ("", None), ("x", None), ("und", None),
                                        ("mul", None)])
def test_a_declared_language_is_read_as_a_tag(value, tag):
    from briefing.languages import language_tag

    assert language_tag(value) == tag


def test_a_word_budget_counts_chinese_words(tmp_path):
    """A Chinese sentence, written without spaces, counted one word: `--words 60` took all 17 sentences."""
    data = summarized(SCRIPTS / "typhoon-zh-1.txt", tmp_path, "--words", "60")
    assert 2 <= len(data["summary"]) <= 5 and sum(map(len, data["summary"])) <= 160


@pytest.mark.parametrize("sentence, leans", [
    ("По его словам, специалисты проверяют состояние школ.", True),  # "according to him"
    ("Об этом сообщил мэр Москвы Сергей Собянин.", True),  # "of this ..."
    ("Він зазначив, що міст відкриють навесні.", True),  # Ukrainian: "he noted ..."
    ("За його словами, ремонт триватиме рік.", True),  # "according to him"
    ("Це дозволить скоротити час у дорозі.", True),  # "this will ..."
    ("Вінниця готується до зими.", False),  # (a city, not "he")
    ("Он добавил, что встреча продлится два часа.", True),
    ("Онлайн-магазин открылся в Москве.", False),
    ("他提醒市民尽量减少外出。", True),  # "he reminded ..."
    ("台风登陆福建。", False),
    ("同社によると、売上は増えた。", True),  # "according to the said company"
    ("同時に発表した。", False),
])
def test_a_sentence_that_opens_with_a_pronoun_in_another_script_leans_on_the_one_before(sentence, leans):
    """Such a text is read with the default language's rules, whose pronouns are none of its words: "He
    reminded ..." was a key point read alone."""
    from briefing.textrules import opens_with_pronoun, rules_for

    assert opens_with_pronoun(sentence, rules_for("english")) is leans


def test_a_key_point_does_not_open_with_a_chinese_pronoun(tmp_path):
    data = summarized(SCRIPTS / "typhoon-zh-1.txt", tmp_path, "--sentences", "1")
    assert len(data["key_points"]) >= 3 and not any(point.startswith("他") for point in data["key_points"])


def test_chinese_sentences_run_on_without_a_space(tmp_path):
    """Chinese and Japanese set no space between sentences: a story's summary and `briefing summarize` put one
    after each "。", as between sentences of other languages."""
    day = run_day(tmp_path, "typhoon-zh-1.txt", "election-he.txt")
    markdown = day.with_suffix(".md").read_text(encoding="utf-8")
    summary = summarized(SCRIPTS / "typhoon-zh-1.txt", tmp_path)["summary"]
    assert "".join(summary) in markdown
    assert "。 " not in markdown
    assert " ".join(summary) not in markdown  # (the Hebrew story's sentences keep their spaces)
    printed = run_briefing("summarize", str(SCRIPTS / "typhoon-zh-1.txt"), cwd=tmp_path).stdout
    assert "".join(summary) in printed


def test_a_source_written_right_to_left_is_set_apart_from_the_date_and_numbers_beside_it(tmp_path):
    """An Arabic or Hebrew source's name took the date's number beside it into its run ("25 · الجزيرة Nov"),
    and in the list of sources a headline showed by the wrong number: each is set in direction marks."""
    (tmp_path / "seeds").mkdir()
    text = (SCRIPTS / "election-he.txt").read_text(encoding="utf-8")
    (tmp_path / "seeds" / "he.md").write_text(
        "---\nsource: הארץ\nurl: https://news.example/he\npublished: 2026-09-05T07:30:00Z\n---\n" + text
        + "\nהספירה נמשכה כל הלילה.\n",
        encoding="utf-8")
    # The same report again, shorter, by a source known by its address alone.
    (tmp_path / "seeds" / "he-2.md").write_text(
        "---\nurl: https://other.example/he\npublished: 2026-09-05T09:00:00Z\n---\n" + text,
        encoding="utf-8")
    (tmp_path / "seeds" / "en.md").write_text(
        "---\nsource: Example News\npublished: 2026-09-05T08:00:00Z\n---\n" + article_text("harbour"), encoding="utf-8")
    age_files(tmp_path / "seeds")
    assert run_briefing("run", "--date", "2026-09-05", cwd=tmp_path).code == 0
    markdown = (tmp_path / "out" / "2026-09-05.md").read_text(encoding="utf-8")
    assert "*[\u200fהארץ\u200f\u200e](https://news.example/he) · 5 Sep 2026" in markdown
    assert "\\[1\\] [\u200fהארץ\u200f\u200e](https://news.example/he) · \\[2\\] [other.example](" in markdown
    assert "*Example News · 5 Sep 2026" in markdown  # (left to right: as it was)
    page = (tmp_path / "out" / "2026-09-05.html").read_text(encoding="utf-8")
    assert ">\u200fהארץ\u200f\u200e</a> · 5 Sep 2026" in page
    from briefing.text import clean_text

    assert clean_text(page) == page and clean_text(markdown) == markdown  # (nothing text.py forbids)


@pytest.mark.parametrize("sentences", [
    ("ရန်ကုန်မြို့တွင် တံတားသစ်တစ်စင်း ဖွင့်လှစ်ခဲ့သည်\u104b", "ဝန်ကြီးက ယာဉ်ကြောပိတ်ဆို့မှု လျော့နည်းမည်ဟု ပြောသည်\u104b"),
    ("ស្ពានថ្មីត្រូវបានបើកនៅថ្ងៃច័ន្ទ\u17d4", "រដ្ឋមន្ត្រីបាននិយាយថាស្ពាននេះនឹងកាត់បន្ថយការកកស្ទះចរាចរណ៍\u17d4"),
    ("አዲሱ ድልድይ ሰኞ ተከፈተ\u1362", "ሚኒስትሩ ድልድዩ የትራፊክ መጨናነቅን ይቀንሳል ብለዋል\u1362", "መቼ ይጠናቀቃል\u1367"),
    ("Նոր կամուրջը բացվեց երկուշաբթի\u0589", "Նախարարը ասաց, որ կամուրջը կնվազեցնի խցանումները\u0589"),
], ids=["burmese", "khmer", "amharic", "armenian"])
def test_burmese_khmer_ethiopic_and_armenian_sentences_end_at_their_full_stops(sentences):
    """A Burmese article (။), a Khmer (។), an Amharic (።, ፧) or an Armenian one (։) was one sentence a paragraph."""
    tokenizer = OfflineTokenizer("english", foreign=True)
    assert tokenizer.to_sentences(" ".join(sentences)) == sentences


@pytest.mark.parametrize("sentences", [
    ("ទិញផ្លែឈើ ដូចជា ចេក ស្វាយ ។ល។ នៅផ្សារ\u17d4", "តម្លៃបានកើនឡើង\u17d4"),  # (។ល។: "etc.")
    ("«Կամուրջը պատրաստ է\u0589»", "Նա ավելացրեց, որ աշխատանքները ավարտվել են\u0589"),
    ("Նոր կամուրջը բացվեց երկուշաբթի:", "Նախարարը ասաց, որ կամուրջը կնվազեցնի խցանումները:"),  # (a colon typed)
    ("አዲሱ ድልድይ ሰኞ ተከፈተ\u1361\u1361", "ሚኒስትሩ «ድልድዩ ትራፊክ ይቀንሳል\u1362»", "ሥራው ተጠናቋል\u1362"),
    ("Նախարարը պատասխանեց «այո»:", "Աշխատանքները շարունակվում են:"),  # (a colon after the closing quote)
    ("Նոր կամուրջը բացվեց 2024 թ.:", "Նախարարը ասաց, որ կամուրջը պատրաստ է:"),  # (after the year's "թ.")
    ("Աղբյուր: Արմենպրես",),  # ("Source: Armenpress": a label, no sentence)
    ("አዲሱ ድልድይ ሰኞ ተከፈተ\u1361\u1361", "ሥራው ተጠናቋል\u1361\u1361"),
], ids=["khmer-etc", "armenian-quoted", "armenian-colon", "amharic-word-spaces", "armenian-after-quote",
        "armenian-after-year", "armenian-label", "amharic-word-spaces-alone"])
def test_the_full_stops_of_those_scripts_as_they_are_also_typed_and_quoted(sentences):
    tokenizer = OfflineTokenizer("english", foreign=True)
    assert tokenizer.to_sentences(" ".join(sentences)) == sentences


def test_a_colon_after_latin_letters_ends_no_sentence():
    tokenizer = OfflineTokenizer("english", foreign=True)
    assert tokenizer.to_sentences("The minister said: the bridge is ready. Work ended: on time.") == (
        "The minister said: the bridge is ready.", "Work ended: on time.")


def test_a_burmese_or_khmer_sentence_counts_its_words_not_its_phrases_and_can_be_a_key_point(tmp_path):
    """Their spaces part phrases, not words: a sentence of nine words counted four, too short for a key point,
    and its full stop (။, ។) was no sentence's end to the key points' rules: no Burmese article had one."""
    from briefing.languages import spaceless_word_count, word_count
    from briefing.textrules import ends_as_sentence

    burmese = "ရန်ကုန်မြို့တွင် တနင်္လာနေ့က တံတားသစ်တစ်စင်း ဖွင့်လှစ်ခဲ့သည်။"
    khmer = "អ្នកស្រុកជាច្រើនបានមកចូលរួមពិធីបើកស្ពាននៅព្រឹកថ្ងៃច័ន្ទ។"
    assert len(burmese.split()) == 4 and 7 <= word_count(burmese) <= 11
    assert len(khmer.split()) == 1 and 8 <= word_count(khmer) <= 14
    chinese = "台风“海葵”于5日凌晨在福建东山登陆。"  # (Han counted as before: a word for every two letters)
    assert word_count(chinese) == spaceless_word_count(chinese) == 8 and word_count("A plain “sentence”.") == 3
    assert all(ends_as_sentence(text) for text in (burmese, khmer, "ተከፈተ።", "բացվեց։"))
    seed = tmp_path / "bridge.txt"
    seed.write_text("ရန်ကုန်တွင် တံတားသစ် ဖွင့်လှစ်\n\n" + "\n\n".join([
        burmese, "ဝန်ကြီးက ယာဉ်ကြောပိတ်ဆို့မှု လျော့နည်းမည်ဟု ပြောသည်။", "တံတားဆောက်လုပ်ရန် သုံးနှစ်ကြာခဲ့သည်။",
        "ဒေသခံများက ဝမ်းသာကြောင်း ပြောကြသည်။", "အချို့က အခကြေးငွေကို မကျေနပ်ကြပါ။",
        "အစိုးရက နောက်ထပ် တံတားနှစ်စင်း ဆောက်ရန် စီစဉ်နေသည်။"]) + "\n", encoding="utf-8")
    points = summarized(seed, tmp_path)["key_points"]
    assert points and all(point.endswith("။") and word_count(point) >= 6 for point in points), points


def test_a_story_of_an_english_report_and_reports_in_languages_without_a_model_is_told_in_english(tmp_path):
    """An English, an Indonesian and a Vietnamese report of one earthquake: only languages briefing has a model
    for were counted, one, so the story was told from all three, its headline Vietnamese, its summary and
    key points in three languages. Now the two without a model count as one more language."""
    names = ("sulawesi-en.txt", "sulawesi-id.txt", "sulawesi-vi.txt")
    result = run_briefing("summarize", "--story", "--json", *(str(SCRIPTS / name) for name in names), cwd=tmp_path)
    assert result.code == 0, result.stderr
    story = json.loads(result.stdout)
    assert story["title"] == "Magnitude 6.8 earthquake kills five on Indonesia's Sulawesi island"
    assert story["summary"] and story["key_points"]
    assert {Path(item["path"]).name for item in story["summary"] + story["key_points"]} == {"sulawesi-en.txt"}


def test_a_quotation_of_two_sentences_in_chinese_or_japanese_marks_is_one_sentence_with_its_speaker():
    """"「負担を減らしたい。教育は平等であるべきだ」と述べた。" was cut inside the quotation: a key point began
    "教育は平等であるべきだ」と述べた。", its opening mark left behind."""
    from briefing.textrules import quotes_balanced

    tokenizer = OfflineTokenizer("english", foreign=True)
    quoted = "知事は「子育て世帯の負担を減らしたい。教育の機会は平等であるべきだ」と述べた。"
    assert tokenizer.to_sentences(f"東京都は2日、無償化を発表した。{quoted}大阪府も導入している。") == (
        "東京都は2日、無償化を発表した。", quoted, "大阪府も導入している。")
    said = "他说：“这是最强的台风。请市民不要外出。”气象台发布了红色预警。"
    assert tokenizer.to_sentences(said) == ("他说：“这是最强的台风。请市民不要外出。”", "气象台发布了红色预警。")
    # A mark left open ends no quotation: past LONGEST_QUOTATION characters, sentences end again.
    stray = "他说「" + "台风登陆福建。" * 80
    assert len(tokenizer.to_sentences(stray)) > 20
    assert not quotes_balanced("教育の機会は平等であるべきだ」と述べた。") and quotes_balanced(quoted)


@pytest.mark.parametrize("name, signup", [
    ("metro-ru.html", "Подписывайтесь на наш канал в Telegram"),
    ("page-ar.html", "اشترك في نشرتنا البريدية"),
    ("page-hi.html", "हमारे व्हाट्सऐप चैनल से जुड़ें"),
    ("page-vi.html", "Đăng ký nhận bản tin"),
])
def test_a_sites_sign_up_line_in_a_language_without_a_model_is_no_key_point(tmp_path, name, signup):
    """Only the supported languages' and English's furniture was known: "Подписывайтесь на наш канал в
    Telegram, ..." closing a Russian page was one of its key points."""
    assert signup in (SCRIPTS / name).read_text(encoding="utf-8")
    data = summarized(SCRIPTS / name, tmp_path, "--sentences", "2")
    assert data["summary"] and data["key_points"]
    assert not [text for text in data["summary"] + data["key_points"] if signup in text]


def test_a_russian_wires_dateline_is_no_sentence_of_its_own():
    """"МОСКВА, 2 марта. /ТАСС/. В Москве ..." was three sentences, the first two a Russian summary's opening."""
    tokenizer = OfflineTokenizer("english", foreign=True)
    text = "МОСКВА, 2 марта. /ТАСС/. В Москве открыли участок метро. Работы продлятся до осени."
    assert tokenizer.to_sentences(text) == (
        "МОСКВА, 2 марта. /ТАСС/. В Москве открыли участок метро.", "Работы продлятся до осени.")
    page = OfflineTokenizer("english", foreign=True).to_sentences("Власти сообщили /ТАСС/. Новость важная.")
    assert page == ("Власти сообщили /ТАСС/.", "Новость важная.")


def test_a_thai_article_of_one_long_paragraph_is_summarised_not_skipped(tmp_path):
    """Thai ends its sentences at a space, which no tool here reads as an end: a paragraph is one sentence.
    Counted a word for every three letters, a long one was "no sentence of at most 150 words", and skipped."""
    from briefing.languages import word_count

    paragraph = " ".join(["สะพานใหม่เปิดให้บริการเมื่อวันจันทร์ที่ผ่านมา", "ผู้ว่าราชการกล่าวว่าสะพานจะช่วยลดปัญหาการจราจร",
                          "การก่อสร้างใช้เวลาสามปีและใช้งบประมาณกว่าสองพันล้านบาท"] * 5)
    assert word_count(paragraph) == len(paragraph.split())
    seed = tmp_path / "bridge-th.txt"
    seed.write_text("กรุงเทพเปิดสะพานใหม่\n\n" + paragraph + "\n", encoding="utf-8")
    assert summarized(seed, tmp_path)["summary"] == [paragraph]
