import datetime as dt

import pytest

from briefing.compose.editor import compose_briefing, day_key_points
from briefing.compose.grouping import group_reports
from briefing.compose.stories import features_of
from briefing.config import SummarySettings, load_config
from briefing.pipeline import summarize_file
from conftest import REPO, run_briefing, story_titles, write_seed

DATA = REPO / "tests" / "data"
SEEDS = REPO / "seeds"


@pytest.fixture(scope="module")
def summaries(tmp_path_factory):
    config = load_config(cwd=tmp_path_factory.mktemp("c"))
    paths = {
        "rail": SEEDS / "rail-talks.md",
        "rail rewrite": DATA / "rail-talks-rewrite.txt",
        "rail fares": DATA / "rail-fares-rise.txt",
        "bridge": SEEDS / "harbour-bridge-reopens.txt",
        "bridge update": DATA / "bridge-update.md",
        "heatwave": SEEDS / "heatwave-harvest.txt",
        "solar": SEEDS / "community-solar-cooperative.md",
        "library": SEEDS / "city-library-ends-late-fees.html",
    }
    return {name: summarize_file(path, config) for name, path in paths.items()}


def grouped(summaries, names):
    items = [summaries[n] for n in names]
    return sorted(sorted(names[i] for i in group) for group in group_reports([features_of(s) for s in items]))


def test_the_same_story_by_two_outlets_is_one_item_and_a_same_topic_story_stays_apart(summaries):
    names = ["rail", "rail rewrite", "rail fares", "bridge", "bridge update", "heatwave", "solar", "library"]
    assert grouped(summaries, names) == [
        ["bridge", "bridge update"], ["heatwave"], ["library"], ["rail", "rail rewrite"], ["rail fares"], ["solar"],
    ]


@pytest.mark.parametrize("names", [["rail", "rail rewrite"], ["bridge", "bridge update"]])
def test_a_pair_alone_is_grouped_too(summaries, names):
    assert grouped(summaries, names) == [sorted(names)]


@pytest.mark.parametrize("names", [["rail", "rail fares"], ["rail rewrite", "rail fares"]])
def test_distinct_stories_on_one_topic_stay_apart(summaries, names):
    assert len(grouped(summaries, names)) == 2


def test_the_fullest_report_leads_and_the_summary_is_drawn_from_every_report(summaries):
    day = dt.date(2026, 11, 25)
    briefing = compose_briefing(day, [summaries["rail"], summaries["rail rewrite"], summaries["heatwave"]])
    assert len(briefing.stories) == 2
    rail = briefing.stories[0]  # stories reported by more sources come first
    seeds = {summaries["rail"].article.seed, summaries["rail rewrite"].article.seed}
    assert {s.article.seed for s in rail.reports} == seeds
    assert rail.lead.article.word_count >= rail.reports[1].article.word_count
    # Every sentence and key point names the report it comes from, and is a sentence of it.
    for item in (*rail.summary, *rail.key_points):
        assert item.seed in seeds
    candidates = {c.text for r in rail.reports for c in r.candidates}
    assert all(s.text in candidates for s in rail.summary)
    assert not {p.text for p in rail.key_points} & {s.text for s in rail.summary}


def test_a_copy_of_a_report_sent_again_under_another_name_leaves_the_storys_text_as_it_was(summaries):
    """A wire's re-send (the same text under a new slug, or an hour later) offered every sentence twice: the
    summary weighed them double, opened otherwise, and credited a sentence to the copy."""
    from dataclasses import replace

    from briefing.compose.stories import story_of

    rail, rewrite = summaries["rail"], summaries["rail rewrite"]
    copy = replace(rail, article=replace(rail.article, seed="zz-resent.md", title="BC-RAIL-TALKS-2NDLD"))
    alone, with_copy = story_of([rail, rewrite]), story_of([rail, rewrite, copy])
    assert len(with_copy.reports) == 3  # (listed among its sources all the same)
    assert (with_copy.summary, with_copy.key_points) == (alone.summary, alone.key_points)
    assert copy.article.seed not in {item.seed for item in (*with_copy.summary, *with_copy.key_points)}


def test_day_key_points_take_one_whole_sentence_from_each_top_story(summaries):
    stories = compose_briefing(dt.date(2026, 11, 25), [summaries["heatwave"], summaries["solar"]]).stories
    points = day_key_points(stories, limit=3)
    assert len(points) == 2  # one per story
    assert [p.seed for p in points] == [stories[0].lead.article.seed, stories[1].lead.article.seed]
    for point in points:
        assert len(point.text.split()) >= 6 and point.text[0].isupper() and point.text.endswith((".", "!"))


def test_briefing_lists_related_reports_as_one_item(workdir):
    write_seed(workdir / "seeds", "rail-talks-rewrite.txt", (DATA / "rail-talks-rewrite.txt").read_text())
    write_seed(workdir / "seeds", "rail-fares-rise.txt", (DATA / "rail-fares-rise.txt").read_text())
    # The same article under a second name, with its own headline: a changed
    # copy, so not caught as a byte-for-byte duplicate.
    copy = (SEEDS / "heatwave-harvest.txt").read_text()
    write_seed(workdir / "seeds", "wire/heatwave.txt", "Record heatwave cuts harvest\n\n" + copy)
    result = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    assert "8 new" in result.stdout, result.stderr
    markdown_text = (workdir / "out" / "2026-11-25.md").read_text()
    titles = story_titles(markdown_text)
    assert len(titles) == 6
    assert "Rail fares to rise by four percent in January" in titles
    assert markdown_text.count("**Sources:**") == 2  # the two stories of two reports
    assert "Record heatwave cuts harvest" in titles or "Heatwave harvest" in titles


def test_a_storys_reports_come_in_the_order_they_were_published_a_date_alone_after_its_days_times():
    from briefing.compose.stories import story_of
    from briefing.models import Article, ScoredSentence, Summary

    def report(name: str, published: str | None, words: int = 20) -> Summary:
        text = " ".join(["word"] * words) + "."
        article = Article(seed=name, title=name, paragraphs=(text,), content_hash=name, published=published)
        return Summary(article, (ScoredSentence(text, 1.0, 1, 0),), (), "newsrank")

    reports = [report("lead.txt", "2026-12-05", words=400), report("date-only.txt", "2026-12-04"),
               report("paris.txt", "2026-12-04T07:00:00+01:00"), report("london.txt", "2026-12-04T06:30:00+00:00"),
               report("undated.txt", None), report("next-day.txt", "2026-12-05T01:00:00+00:00")]
    story = story_of(reports)
    assert [r.article.seed for r in story.reports] == [
        "lead.txt", "undated.txt", "paris.txt", "london.txt", "date-only.txt", "next-day.txt"]
    # No report has a candidate sentence (a record that kept none): the lead's own summary. (It recursed
    # without end.)
    assert [(s.text, s.seed) for s in story.summary] == [(s.text, "lead.txt") for s in reports[0].sentences]


@pytest.mark.parametrize("flawed", [
    "BC-TURKEY-GOVT-NYT",  # a wire's slug
    "TURKISH GOVERNMENT FALLS OVER CORRUPTION SCANDAL",  # capitals throughout
    "Turkish government falls over corruption scandal - The New York Times",  # its source's name: NYT
    "Turkish government falls over corruption scandal | NYT",
    "Corruption scandal brings down centrist Yilmaz government in Tur\u2026",  # cut off
    "Corruption scandal brings down centrist Yilmaz government in Tur...",
    "bc-turkey-govt-nyt",
])
def test_a_story_is_headed_by_the_fullest_report_whose_headline_reads_as_one(flawed):
    """The fullest report led, however its headline read."""
    from dataclasses import replace

    from briefing.compose.stories import story_of
    from briefing.models import Article, ScoredSentence, Summary

    def report(name: str, title: str, words: int) -> Summary:
        text = " ".join(["word"] * words) + "."
        article = Article(seed=name, title=title, paragraphs=(text,), content_hash=name, source="NYT" if
                          name == "nyt.txt" else "AP", published="2026-12-04", word_count=words)
        return Summary(article, (ScoredSentence(text, 1.0, 1, 0),), (), "newsrank")

    reports = [report("nyt.txt", flawed, 850), report("ap-1.txt", "Turkish president strives to form new government",
                                                      600), report("ap-2.txt", "Yilmaz falls in confidence vote", 70)]
    assert story_of(reports).lead.article.seed == "ap-1.txt"
    # None reads as a headline: the fullest leads, as before.
    assert story_of([reports[0], report("ap-1.txt", "AP-TURKEY", 600)]).lead.article.seed == "nyt.txt"
    # A headline with a dash inside it, ending in another name than its source's, or in words whose initials
    # are its source's, or of two words in capitals, is one.
    for title in ("Turkey - a government falls", "Turkish government falls - Yilmaz", "Stocks rise - now you too",
                  "UK GDP", "COVID-19: WHO", "Anti-government protests"):
        assert story_of([report("nyt.txt", title, 850), *reports[1:]]).lead.article.seed == "nyt.txt"
    # A site's name after the headline, as sources write theirs.
    for source, ending in (("BBC", "BBC News"), ("Guardian", "The Guardian"), ("TOI", "Times of India"),
                           ("The New York Times", "NYT")):
        named = replace(report("nyt.txt", f"Turkish government falls - {ending}", 850), article=replace(
            report("nyt.txt", f"Turkish government falls - {ending}", 850).article, source=source))
        assert story_of([named, *reports[1:]]).lead.article.seed == "ap-1.txt", ending
    # Initials of two letters match too much: "After Powell" is no AP.
    after = report("nyt.txt", "Stocks Rise - After Powell", 850)
    after = replace(after, article=replace(after.article, source="AP"))
    assert story_of([after, *reports[1:]]).lead.article.seed == "nyt.txt"
    # A title made up from the seed's file name ("Untitled" from " .txt") is no headline anyone wrote.
    for made_up in ("Untitled", "Turkey govt"):
        named = report("nyt.txt", made_up, 850)
        named = replace(named, article=replace(named.article, title_from="file name"))
        assert story_of([named, *reports[1:]]).lead.article.seed == "ap-1.txt", made_up
        assert story_of([named, report("ap-1.txt", "AP-TURKEY", 600)]).lead.article.seed == "nyt.txt"


def test_a_report_dated_past_the_ends_of_the_calendar_in_utc_is_composed_by_its_day(summaries):
    # An older release kept such dates; they are no moment in UTC, where reports are compared and
    # ordered (it stopped every run).
    from dataclasses import replace

    from briefing.compose.stories import story_of

    rail, rewrite = summaries["rail"], summaries["rail rewrite"]
    far = replace(rewrite, article=replace(rewrite.article, published="9999-12-31T23:59:59-14:00"))
    story = story_of([rail, far])
    assert {r.article.seed for r in story.reports} == {rail.article.seed, far.article.seed}
    briefing = compose_briefing(dt.date(2026, 11, 25), [rail, far, summaries["heatwave"]])
    # (Its day is far from the others': it is a story of its own.)
    assert sorted(r.article.seed for s in briefing.stories for r in s.reports) == sorted(
        s.article.seed for s in (rail, far, summaries["heatwave"]))


def test_a_story_of_one_report_shows_its_summary_without_the_wire_dateline():
    from briefing.compose.stories import story_of
    from briefing.models import Article, ScoredSentence, Summary

    first = "LONDON (Reuters) - The Bank of England held its main interest rate at 4 percent on Thursday."
    later = "Markets had expected the pause - and the pound rose."
    article = Article(seed="boe.txt", title="Bank holds rates", paragraphs=(f"{first} {later}",), content_hash="h")
    report = Summary(article, (ScoredSentence(first, 1.0, 1, 0), ScoredSentence(later, 0.5, 2, 1)), (), "newsrank")
    story = story_of([report])
    assert [s.text for s in story.summary] == [
        "The Bank of England held its main interest rate at 4 percent on Thursday.", later]


def test_a_story_of_one_report_shows_its_summary_without_the_wire_dateline_after_its_byline():
    # The byline ("di Salvo Palazzolo") was the article's first sentence: the dateline, in its second, was shown.
    # Inside the article a word in capitals and a dash open a sentence, no dateline: its sentence is shown whole.
    from briefing.compose.stories import story_of
    from briefing.config import SummarySettings
    from briefing.models import Article
    from briefing.summarize.article import summarize_article

    first = "PALERMO - Trentuno persone sono state arrestate all'alba di oggi dai carabinieri del comando provinciale."
    later = "INPS, sospesi i pagamenti agli arrestati - L'istituto ha agito in giornata su richiesta dei pm."
    article = Article(seed="mafia.txt", title="Blitz antimafia a Palermo", content_hash="h", lang="italian",
                      paragraphs=("di Salvo Palazzolo", f"{first} {later}",
                                  "Le accuse sono associazione mafiosa ed estorsione aggravata."))
    report = summarize_article(article, SummarySettings(sentences=3))
    texts = [s.text for s in story_of([report]).summary]
    assert first.removeprefix("PALERMO - ") in texts and later in texts
    assert later in [candidate.text for candidate in report.candidates]
    # A Czech place in title case is its dateline after a byline too.
    czech = Article(seed="rozpocet.txt", title="Vláda schválila rozpočet", content_hash="h", lang="czech",
                    paragraphs=("Autor: Jan Novák", "Praha - Vláda dnes schválila návrh státního rozpočtu na příští "
                                "rok se schodkem 252 miliard korun. Opozice návrh kritizuje."))
    shown = [s.text for s in story_of([summarize_article(czech, SummarySettings(sentences=2))]).summary]
    assert shown[0].startswith("Vláda dnes schválila návrh")


AGENCY_BUDGET_IT = """\
# Manovra, il governo approva il testo

Roma, 5 dic. (AGI) - Il Consiglio dei ministri ha approvato la manovra economica da 30 miliardi di euro. Lo ha \
annunciato la premier Giorgia Meloni in conferenza stampa. Il testo passa ora al Parlamento.

Le opposizioni hanno criticato il provvedimento. La segretaria del Pd Elly Schlein ha parlato di una manovra senza \
coraggio. Il voto finale è previsto entro fine anno.
"""
CTK_BUDGET_CS = """\
# Vláda schválila rozpočet na příští rok se schodkem 252 miliard korun

Praha - Vláda dnes schválila návrh státního rozpočtu na příští rok se schodkem 252 miliard Kč. Novinářům to po \
jednání kabinetu řekl ministr financí Zbyněk Stanjura (ODS). Návrh nyní putuje do Poslanecké sněmovny. ČTK

„Jde o rozpočet odpovědný a realistický,“ uvedl Stanjura. Opozice naopak vládu kritizuje. Předseda hnutí ANO \
Andrej Babiš označil návrh za „nejhorší rozpočet v historii“.
"""


@pytest.mark.parametrize("seed, text, lede", [
    # AGI's place and day, the month abbreviated: Punkt cut the dateline at "dic.", and the summary opened "(AGI) - ".
    ("manovra.md", AGENCY_BUDGET_IT,
     "Il Consiglio dei ministri ha approvato la manovra economica da 30 miliardi di euro."),
    # ČTK's place in title case.
    ("rozpocet.md", CTK_BUDGET_CS,
     "Vláda dnes schválila návrh státního rozpočtu na příští rok se schodkem 252 miliard Kč."),
])
def test_a_briefings_story_opens_without_an_italian_or_czech_agencys_dateline(empty_workdir, seed, text, lede):
    import json

    write_seed(empty_workdir / "seeds", seed, text)
    result = run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir)
    assert result.code == 0 and "1 new" in result.stdout, result.stderr
    [story] = json.loads((empty_workdir / "out" / "2026-11-25.json").read_text())["stories"]
    assert story["summary"][0]["text"] == lede
    markdown = (empty_workdir / "out" / "2026-11-25.md").read_text()
    assert lede in markdown and "(AGI)" not in markdown and "Praha -" not in markdown


def test_a_developing_story_of_one_report_makes_no_point_of_a_sentence_it_said():
    # A key point is its sentence trimmed: one made of a sentence shown before, or of one in the summary,
    # says it again.
    from briefing.compose.stories import story_of
    from briefing.models import Article, Candidate, ScoredSentence, Summary

    said = ["Police arrested two men on Sunday over the museum theft, prosecutors said.",
            "The jewels, worth 88 million euros, have not been found.",
            "The museum reopened on Wednesday under heavy guard.",
            "Investigators are examining footage from the area."]
    points = ["Police arrested two men on Sunday over the museum theft.", "The jewels have not been found.",
              "The museum reopened on Wednesday under heavy guard.", None]
    article = Article(seed="a.txt", title="Arrests", paragraphs=(" ".join(said),), content_hash="h")
    candidates = tuple(Candidate(said[i], i, i + 1, tuple(said[i].lower().split()), points[i]) for i in range(4))
    report = Summary(article, (ScoredSentence(said[0], 1.0, 1, 0), ScoredSentence(said[1], 0.5, 2, 1)),
                     tuple(points[:3]), "newsrank", candidates=candidates)
    story = story_of([report], shown=frozenset({said[0]}))
    assert [s.text for s in story.summary] == said[1:3]
    assert [p.text for p in story.key_points] == []


def test_one_event_told_in_english_and_french_is_one_story_told_in_the_briefings_language(empty_workdir):
    import json
    import shutil

    for path in (REPO / "tests" / "data" / "languages").iterdir():
        write_seed(empty_workdir / "seeds", path.name, path.read_text(encoding="utf-8"))
    result = run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir)
    assert result.code == 0 and "4 new" in result.stdout, result.stderr
    stories = json.loads((empty_workdir / "out" / "2026-11-25.json").read_text())["stories"]
    by_reports = {tuple(sorted(r["path"] for r in s["reports"])): s for s in stories}
    # The earthquake's two reports share its town, province, agency, minister and president, and no word;
    # on this day the French report of another event in the same country stays apart (on a small day two
    # reports in one language on one country may still merge by their words, as before: see SAME_WORDS).
    assert set(by_reports) == {("quake-en.md", "quake-fr.md"), ("visit-fr.md",), ("parks-en.md",)}
    quake = by_reports[("quake-en.md", "quake-fr.md")]
    # Told in English (summary.language), the French report one of its sources.
    assert quake["title"] == "Strong earthquake hits eastern Turkey, killing at least 40"
    assert quake["reports"][0]["path"] == "quake-en.md"
    assert {s["path"] for s in quake["summary"] + quake["key_points"]} == {"quake-en.md"}
    page = (empty_workdir / "out" / "2026-11-25.html").read_text()
    assert "Un séisme meurtrier frappe l'est de la Turquie" in page  # listed among the sources
    # A French briefing tells it in French.
    shutil.rmtree(empty_workdir / "out")
    shutil.rmtree(empty_workdir / ".briefing")
    (empty_workdir / "briefing.toml").write_text('[summary]\nlanguage = "french"\n', encoding="utf-8")
    assert run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir).code == 0
    stories = json.loads((empty_workdir / "out" / "2026-11-25.json").read_text())["stories"]
    quake = next(s for s in stories if len(s["reports"]) == 2)
    assert quake["title"] == "Un séisme meurtrier frappe l'est de la Turquie"
    assert {s["path"] for s in quake["summary"] + quake["key_points"]} == {"quake-fr.md"}


TRAM_VOTE_FR = """\
---
title: Le conseil de la métropole de Lyon vote une nouvelle ligne de tramway
lang: fr
---

Les élus de la métropole de Lyon ont approuvé lundi soir la construction d'une ligne de tramway de quatorze kilomètres, qui reliera la gare de la Part-Dieu à la commune de Vaulx-en-Velin.

Le chantier de la ligne doit commencer au printemps et durer près de trois ans, selon le vice-président chargé des mobilités, qui a présenté le tracé devant une salle comble.

Une partie de l'opposition a dénoncé le coût du projet, estimé à un demi-milliard d'euros, et demandé que le calendrier des travaux soit revu pour limiter la gêne des commerçants.

Les riverains de la rue principale seront consultés à la fin du mois, a précisé la présidence de la métropole, qui promet une rame toutes les quatre minutes aux heures de pointe.
"""
WAREHOUSE_FIRE_FR = """\
---
title: Un incendie détruit un entrepôt de vins au nord de Lyon
lang: fr
---

Un incendie a ravagé dans la nuit de samedi à dimanche un entrepôt de stockage de bouteilles de vin situé à la sortie nord de Lyon, sans faire de victime.

Une soixantaine de pompiers ont lutté pendant six heures contre les flammes, qui ont détruit la quasi-totalité de la toiture et une grande partie des caisses de la récolte de l'an dernier.

Le propriétaire de l'entreprise, un négociant installé dans la région depuis les années soixante-dix, estime la perte à plusieurs millions d'euros et dit ne pas savoir si son assurance couvrira le sinistre.

Une enquête a été ouverte par le parquet pour déterminer l'origine du feu, qui pourrait être un court-circuit dans le local de la chaudière.
"""


def test_two_unrelated_french_reports_are_two_stories(empty_workdir):
    """A tram line voted and a warehouse fire, both near Lyon: sumy's French stop words lack "de", "un",
    "une", so the two reports' commonest terms were the same function words, and the city they share was
    enough to make them one story."""
    import json

    write_seed(empty_workdir / "seeds", "tram-vote.md", TRAM_VOTE_FR)
    write_seed(empty_workdir / "seeds", "warehouse-fire.md", WAREHOUSE_FIRE_FR)
    result = run_briefing("run", "--date", "2026-11-25", cwd=empty_workdir)
    assert result.code == 0 and "2 new" in result.stdout, result.stderr
    stories = json.loads((empty_workdir / "out" / "2026-11-25.json").read_text())["stories"]
    assert sorted([r["path"] for r in s["reports"]] for s in stories) == [["tram-vote.md"], ["warehouse-fire.md"]]


def _quake_reports(tmp_path, french_paragraphs: int = 1):
    """The earthquake's English report, and its French one with its paragraphs given `french_paragraphs` times."""
    from briefing.config import SummarySettings
    from briefing.summarize.article import summarize_article
    from briefing.ingest.readers import read_article

    folder = DATA / "languages"
    english = (folder / "quake-en.md").read_text(encoding="utf-8")
    front, body = (folder / "quake-fr.md").read_text(encoding="utf-8").split("---\n", 2)[1:]
    french = f"---\n{front}---\n" + "\n\n".join([body.strip()] * french_paragraphs) + "\n"
    reports = []
    for name, text in (("quake-en.md", english), ("quake-fr.md", french)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        reports.append(summarize_article(read_article(path, path.read_bytes(), seed_id=name), SummarySettings()))
    return reports


def test_a_story_told_in_one_language_takes_its_ratio_of_the_reports_it_is_told_from(tmp_path):
    from briefing.compose.stories import story_of
    from briefing.config import SummarySettings

    english, french = _quake_reports(tmp_path, french_paragraphs=6)
    assert (english.language, french.language) == ("english", "french")
    assert french.article.word_count > 5 * english.article.word_count
    story = story_of([english, french, _renamed(french, "quake-fr-2.md")], SummarySettings(ratio=0.3))
    assert {s.seed for s in story.summary} == {"quake-en.md"}
    # A share of the English report it is told from, not of the French reports' length (their median).
    assert sum(len(s.text.split()) for s in story.summary) <= round(0.3 * english.article.word_count)


def _renamed(summary, seed):
    import dataclasses

    return dataclasses.replace(summary, article=dataclasses.replace(summary.article, seed=seed))


def test_a_story_remembered_from_before_stories_were_told_in_one_language_is_made_again(tmp_path, monkeypatch):
    import json

    from briefing.compose import stories
    from briefing.config import SummarySettings

    english, french = _quake_reports(tmp_path)
    settings = SummarySettings()
    # What an earlier release (STORY_TEXTS_VERSION 6) made of the two: sentences of both languages, remembered
    # under the key it gave them.
    with monkeypatch.context() as earlier:
        earlier.setattr(stories, "STORY_TEXTS_VERSION", 6)
        key = stories.made_of([english, french], settings, frozenset())
    texts = [[[french.sentences[0].text, "quake-fr.md"], [english.sentences[0].text, "quake-en.md"]], []]
    story = stories.StoryMemo({key: json.dumps(texts)}).story_of([english, french], settings)
    # Told in English now, its lead the English report: its summary is made again, of the English report.
    assert story.lead is english
    assert {s.seed for s in story.summary} == {"quake-en.md"}


def test_a_story_days_later_follows_the_earlier_one_it_shares_one_name_with(tmp_path):
    # Within a day a pair needs two shared names and a likeness spread over more than two words
    # (grouping.SHARED_NAMES, TOP_TWO_SHARE); a story days later tells its event in new words, and is
    # still linked to the earlier story on the likeness of one name and a few words.
    from briefing.compose.stories import EarlierStory, compose_stories
    from briefing.models import Article
    from briefing.summarize.article import summarize_article

    settings = load_config(cwd=tmp_path).summary
    tax = ("Norland will raise the tax on fuel next year, the government of Norland said on Monday. Drivers in "
           "Norland already pay more for fuel than their neighbours, and the government said the money would "
           "repair roads.")
    protest = ("Lorry drivers blocked the roads into the capital of Norland on Thursday in protest at the new tax on "
               "fuel. The price of fuel rose at every station, drivers said, and hauliers warned that the tax would "
               "cost them thousands a year.")

    def summary(seed: str, title: str, text: str, day: str):
        return summarize_article(Article(seed=seed, title=title, paragraphs=(text,), content_hash="", published=day),
                                 settings)

    first = summary("tax.txt", "Fuel tax to rise", tax, "2026-03-02")
    later = summary("protest.txt", "Lorry drivers block roads", protest, "2026-03-05")
    assert set(first.names) & set(later.names) == {"norland"}
    earlier = EarlierStory(dt.date(2026, 3, 2), first.article.title, "tax.txt", features_of(first))
    [story] = compose_stories([later], settings, earlier=[earlier])
    assert story.follows is not None and story.follows.anchor == "tax.txt"


def test_stories_each_leaving_out_what_their_earlier_story_showed_are_made_together_as_each_alone(
        tmp_path, monkeypatch):
    # A day of developing stories sends them all to the workers at once, each with the sentences its earlier
    # story showed (it was one story at a time, in this process): each comes out as it did alone, read whole
    # a batch at a time.
    from briefing.compose import stories
    from briefing.compose.stories import StoryMemo, story_of

    english, french = _quake_reports(tmp_path)
    settings = SummarySettings()
    whole = story_of([english, french], settings)
    shown = frozenset({whole.summary[0].text})
    groups = [[english], [english, french], [english, french], [english], [french]]
    each_shown = [frozenset(), shown, frozenset(), shown, frozenset()]
    alone = [StoryMemo().story_of(reports, settings, shown=left_out) for reports, left_out in zip(groups, each_shown)]
    assert alone[1].summary != whole.summary and shown.isdisjoint(s.text for s in alone[1].summary)
    assert alone[2] == whole and alone[3] != story_of([english], settings)
    monkeypatch.setattr(stories, "REPORTS_PER_BATCH", 2)  # (two reports a batch: the stories span three)
    by_seed = {report.article.seed: report for report in (english, french)}
    read, sent = [], []

    def whole_reports(names):
        read.append(sorted(names))
        return {name: by_seed[name] for name in names}

    def mapper(function, items):
        items = list(items)
        sent.append([(len(reports), left_out) for reports, left_out in items])
        return map(function, items)

    made = StoryMemo(whole=whole_reports).stories_of(groups, settings, mapper=mapper, each_shown=each_shown)
    assert made == alone
    # Those of several reports, and the one report with sentences to leave out, went to the mapper, each with
    # its own, a batch of reports at a time.
    assert sent == [[(2, shown)], [(2, frozenset())], [(1, shown)]]
    both = sorted(by_seed)
    # (The two stories of one report alone, in one batch; then a batch each.)
    assert read == [both, both, both, [english.article.seed]]


def test_a_kept_storys_features_read_back_in_their_types_make_what_json_made_of_them(tmp_path):
    # Linking a day to the days before reads every earlier story's features: read straight into their types
    # (a third of the time), they weigh as what json.loads made of them; a record that does not read so is
    # read by json.loads, as it was, and one that is no JSON is refused as it was.
    import json

    from briefing.compose.developing import stored_features
    from briefing.compose.stories import story_of
    from briefing.pipeline.days import kept_story
    from briefing.state.records import story_features_from_json

    written = json.dumps(kept_story(story_of(_quake_reports(tmp_path), SummarySettings())).features())
    typed = story_features_from_json(written)
    assert not isinstance(typed, dict) and typed.terms and typed.names and typed.language == "english"
    assert stored_features("2026-03-02#quake", typed) == stored_features("2026-03-02#quake", json.loads(written))
    for changed in ({"day": 739_677}, {"language": ""}, {"language": None, "day": None}):
        text = json.dumps({**json.loads(written), **changed})
        assert stored_features("k", story_features_from_json(text)) == stored_features("k", json.loads(text))
    assert stored_features("k", story_features_from_json(text)).language is None
    for other in ('{"terms": [["quay", 1.5]], "names": [], "title": [], "day": 1}',
                  '{"terms": [["quay", 1]], "names": "quay", "title": [], "day": 1}',
                  '{"terms": [["quay", true]], "names": [], "title": [], "day": 1}',
                  '{"terms": [["quay", 1]], "names": [], "title": [], "day": 1, "seen": 2}',
                  '{"names": []}', '[1, 2]', "NaN"):
        read = story_features_from_json(other)
        assert type(read) is not type(typed) and json.dumps(read) == json.dumps(json.loads(other))
    # A field of its own that json.loads refuses (an integer of 5,000 digits) is refused as it was.
    for refused in ('{"terms": [', '{"terms": [], "names": [], "title": [], "day": 1, "seen": 1%s}' % ("0" * 5000)):
        with pytest.raises(ValueError):
            story_features_from_json(refused)


def test_a_memo_keeps_the_texts_of_the_stories_it_made_as_the_stories_own_sentences(tmp_path):
    # A big day's texts held as JSON beside its stories until the run recorded them took 10 MB at 50,000
    # reports: the memo holds the story's own tuples, and gives the JSON the next run recalls when asked.
    import json

    from briefing.compose.stories import StoryMemo, made_of
    from briefing.config import SummarySettings

    english, french = _quake_reports(tmp_path)
    settings = SummarySettings()
    memo = StoryMemo()
    (story,) = memo.stories_of([[english, french]], settings)
    key = made_of([english, french], settings, frozenset())
    assert list(memo.used) == [key] and len(memo.used) == 1
    summary, points = memo.used.made[key]
    assert summary is story.summary and points is story.key_points
    texts = memo.used[key]
    assert json.loads(texts) == [[[s.text, s.seed] for s in story.summary], [[p.text, p.seed] for p in story.key_points]]
    # The next run recalls it from that JSON, and keeps the text it was recalled from.
    later = StoryMemo(dict(memo.used))
    assert later.story_of([english, french], settings) == story
    assert dict(later.used) == {key: texts} and not later.used.made


def test_a_story_of_hundreds_of_reports_weighs_the_sentences_of_its_lead_and_first_published_alone(tmp_path):
    """A story's summary weighs every candidate sentence of its reports against every other: its matrices
    grow as the square of them, and a story of 1,000 near-copies (a spam run) took 2.6 GB. Past
    MOST_REPORTS_WEIGHED reports it weighs the lead's and those of the first published; it still lists them all."""
    import tracemalloc

    from briefing.compose.arrangement import MOST_REPORTS_WEIGHED
    from briefing.compose.stories import story_of

    config = load_config(cwd=tmp_path)
    event = ["Flooding in Varnholm forced {n} residents of the Kessa valley to leave their homes overnight.",
             "Rescue boats reached the villages of Orly and Brenmark near the swollen Tamsel river on day {n}.",
             "Governor Ilsa Marten declared an emergency across the Kessa valley after {n} hours of rain.",
             "Forecasters in Varnholm expect more rain over the Tamsel basin for at least {n} more days."]
    # What most reports tell, but only those published after the ones weighed (and not the lead).
    later = "Engineers said the Tamsel dam above Brenmark held after an inspection ordered by Ilsa Marten."
    reports = []
    for n in range(160):
        published = (dt.datetime(2026, 3, 2, 0, 0) + dt.timedelta(minutes=5 * n)).isoformat()
        body = " ".join(line.format(n=n + 2) for line in event) + (f" {later}" if n >= 60 and n != 150 else "")
        mill = f"Reporter number {n} watched volunteers fill sandbags beside the old mill all night.\n"
        text = (f"---\ntitle: Varnholm floods force residents from Kessa valley, report {n}\n"
                f"published: {published}\n---\n\n{body}\n\n" + mill * (4 if n == 150 else 1))
        reports.append(summarize_file(write_seed(tmp_path / "seeds", f"flood-{n:03d}.md", text), config))
    assert all(len(r.candidates) >= 3 for r in reports)
    assert sum(later in c.text for r in reports for c in r.candidates) >= 90
    tracemalloc.start()
    try:
        story = story_of(reports, config.summary)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(story.reports) == len(reports)
    lead = story.reports[0].article.seed
    assert lead.endswith("flood-150.md")  # (the fullest, published late: weighed all the same)
    first = {r.article.seed for r in sorted(reports, key=lambda r: r.article.published)[:MOST_REPORTS_WEIGHED - 1]}
    told = story.summary + story.key_points
    assert story.summary and {s.seed for s in told} <= first | {lead}
    assert not any(later in s.text for s in told)
    assert peak < 12_000_000  # 160 reports' 500-odd sentences, weighed all: 60 MB
