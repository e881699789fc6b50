"""Key points that stand alone, and summary sentences a reader does not stumble over (made-up text)."""

import dataclasses
import re

import pytest

from briefing import textrules
from briefing.config import load_config
from briefing.models import Article
from briefing.summarize.article import summarize_article
from briefing.summarize.defects import defects_of, sentence_defects, with_quotation_marks
from briefing.summarize.keypoints import MAX_KEY_POINT_WORDS, make_point, point_problems, trim_to_point
from briefing.summarize.joins import join_broken_sentences

EN = textrules.rules_for("english")
DE = textrules.rules_for("german")


@pytest.fixture(scope="module")
def config(tmp_path_factory):
    return load_config(cwd=tmp_path_factory.mktemp("cfg"))


def make_article(paragraphs, title="Harbour pier closed", lang=None):
    return Article(seed="t.txt", title=title, paragraphs=tuple(paragraphs), content_hash="x", lang=lang)


def summarize(article, config, **summary_settings):
    return summarize_article(article, dataclasses.replace(config.summary, **summary_settings))


@pytest.mark.parametrize("sentence, point", [
    # A quotation keeps its speaker.
    ('"We will rebuild the bridge by spring," said deputy mayor Ines Corvo.',
     '"We will rebuild the bridge by spring," said deputy mayor Ines Corvo.'),
    ("However, the council approved the plan on Monday.", "The council approved the plan on Monday."),
    # A long sentence is cut where a whole clause ends.
    ("The harbour authority closed the northern pier on Tuesday after engineers found storm damage, "
     "and ferries will use the southern pier until repairs are finished in the spring.",
     "The harbour authority closed the northern pier on Tuesday after engineers found storm damage."),
])
def test_trim_to_point(sentence, point):
    assert trim_to_point(sentence) == point


@pytest.mark.parametrize("sentence", [
    # Cutting at the first dash would leave the aside open.
    "The northern pier – built in 1910 by a Danish firm for the herring fleet and rebuilt twice – "
    "was closed on Tuesday following the discovery of deep cracks in the foundations under its western end.",
    # ", and" in a list is no clause boundary.
    "The storm damaged the pier, the lighthouse, the fish market, the old customs house, two cafes, "
    "the ferry ramp, three fishing boats, and the harbour master's office on the quay near the station.",
    # A relative clause in the middle: the head would be a subject without its verb.
    "The Five-Hundred-Metre Northern Harbour Pier Of The Old Town, which was rebuilt in 1960, "
    "was closed on Tuesday following the discovery of storm damage under its western end and in its walls.",
])
def test_long_sentences_that_cannot_be_cut_cleanly_give_no_point(sentence):
    assert trim_to_point(sentence) is None


def test_an_aside_closed_by_a_dash_and_a_comma_is_not_cut_open_in_french():
    from briefing import textrules

    sentence = ("Car à n'en pas douter, au-delà des promesses du maire et des engagements pris devant les pêcheurs "
                "– des compensations sont déjà prévues –, c'est bien l'avenir de tout le port de la ville qui est en "
                "jeu dans cette affaire que le conseil municipal examinera lundi prochain.")
    assert trim_to_point(sentence, rules=textrules.rules_for("french")) is None


@pytest.mark.parametrize("text", [
    "Who will pay for the repairs to the northern pier?",
    "He said the repairs would take at least three weeks to finish.",
    "This means ferries will use the southern pier until the spring.",
    "“We will rebuild the pier by spring,” he said.",
    "“We will rebuild the pier by the spring, and it will be stronger.",
    "Engineers said the repairs would take at least three…",
    "Harbour Pier Reopens After Storm Repairs Finish",
    "The pier reopens.",
    "and the ferries will use the southern pier until the spring.",
    "Sign up for our newsletter to get the harbour news every morning.",
    "Because the storm damaged the foundations of the pier.",
])
def test_make_point_refuses_what_does_not_stand_alone(text):
    assert make_point(text, EN) is None


def test_points_of_an_article_stand_alone(config):
    article = make_article([
        "The harbour authority closed the northern pier on Tuesday after storm damage was found in its foundations. "
        "Engineers said repairs would take at least three weeks and cost about two million euros. "
        "Who will pay for the work? "
        "He said the council would decide next month. "
        "“We will rebuild the pier by spring,” said deputy mayor Ines Corvo. "
        "Ferries will use the southern pier until the work is finished, and passengers should allow extra time. "
        "Local traders asked the council for help because fewer visitors are expected during the closure. "
        "The pier was built in 1910 and last repaired in 1987 after a fire destroyed its wooden deck. "
        "Sign up for our free newsletter to get the harbour news every morning. "
        "The fishing fleet will land its catch at the eastern quay for the time being.",
    ])
    summary = summarize(article, config)
    summary_texts = {s.text for s in summary.sentences}
    assert len(summary.key_points) >= 3
    for point in summary.key_points:
        assert point not in summary_texts
        assert not point_problems(point, EN), point
        assert len(point.split()) <= MAX_KEY_POINT_WORDS
        assert "…" not in point and "newsletter" not in point


def test_summary_prefers_whole_statements_to_questions_and_the_headline(config):
    article = make_article([
        "Harbour pier closed. "
        "Who will pay for the repairs? "
        "The harbour authority closed the northern pier on Tuesday after storm damage was found. "
        "Engineers said repairs would take three weeks and cost about two million euros. "
        "Ferries will use the southern pier until the work is finished. "
        "Local traders asked the council for help during the closure.",
    ])
    summary = summarize(article, config, sentences=3)
    texts = [s.text for s in summary.sentences]
    assert "Harbour pier closed." not in texts
    assert not any(t.endswith("?") for t in texts)


def test_summary_keeps_a_pronoun_whose_sentence_comes_before_it(config):
    article = make_article([
        "Mercury Ferries launched a new electric ferry on the harbour route on Monday morning. "
        "It is the first electric vessel to carry passengers across the bay. "
        "Tickets cost the same as on the diesel ferries, the company said.",
    ], title="Electric ferry launched")
    summary = summarize(article, config, sentences=2)
    assert [s.position for s in summary.sentences] == [0, 1]


@pytest.mark.parametrize("language, parts, joined", [
    ("german", ["Die Brücke wird am 14.", "Mai eröffnet.", "Sie kostet zwei Millionen Euro."],
     ["Die Brücke wird am 14. Mai eröffnet.", "Sie kostet zwei Millionen Euro."]),
    ("english", ["The pier opened in 1910.", "It closed in 14.", "Nobody came."],
     ["The pier opened in 1910.", "It closed in 14.", "Nobody came."]),
    ("spanish", ["Habló el Sr.", "Juan Pérez explicó que el fuego avanza.", "Ella vino."],
     ["Habló el Sr. Juan Pérez explicó que el fuego avanza.", "Ella vino."]),
    ("spanish", ["La reunión fue en la calle Mayor, núm.", "5, de la capital.", "Llovía."],
     ["La reunión fue en la calle Mayor, núm. 5, de la capital.", "Llovía."]),
    # A word that is also an abbreviation ends a sentence before a number: the cut stands.
    ("french", ["Il a raté son dernier vol.", "150 passagers attendaient.", "L'art.", "2024 fut riche."],
     ["Il a raté son dernier vol.", "150 passagers attendaient.", "L'art.", "2024 fut riche."]),
    ("german", ["Er blieb auf seine Art.", "2019 verlor er alles."], ["Er blieb auf seine Art.", "2019 verlor er alles."]),
    ("italian", ["Si discute il comma.", "12 deputati votano."], ["Si discute il comma.", "12 deputati votano."]),
    # No sentence of these languages starts in lower case: after a short word with a full stop, a cut
    # before one is joined; after a longer word the cut stands; English's cuts stand.
    ("spanish", ["Lo dijo el Sr.", "después se fue."], ["Lo dijo el Sr. después se fue."]),
    ("spanish", ["Terminó la reunión.", "después se fue."], ["Terminó la reunión.", "después se fue."]),
    # A brand in lower case with a capital inside opens a sentence of its own.
    ("french", ["Apple présentera son téléphone jeudi.", "iPhone 17 sera vendu dès le 19."],
     ["Apple présentera son téléphone jeudi.", "iPhone 17 sera vendu dès le 19."]),
    ("spanish", ["La subasta terminó el lunes.", "eBay cobra una comisión."],
     ["La subasta terminó el lunes.", "eBay cobra una comisión."]),
    ("english", ["He met the Gov.", "then left."], ["He met the Gov.", "then left."]),
    # Initials before a surname and its comma, or the surname alone: one sentence; not a place's initials,
    # nor before a word that opens sentences.
    ("spanish", ["La serie es de David Benioff y D.B.", "Weiss, autores de la serie de dragones.", "Llega en marzo."],
     ["La serie es de David Benioff y D.B. Weiss, autores de la serie de dragones.", "Llega en marzo."]),
    ("french", ["Le livre est signé J. R.", "Martin, auteur de la saga.", "Il sort lundi."],
     ["Le livre est signé J. R. Martin, auteur de la saga.", "Il sort lundi."]),
    ("english", ["It was written by D.B.", "Weiss.", "He lives by the sea."],
     ["It was written by D.B. Weiss.", "He lives by the sea."]),
    ("english", ["He moved to Washington, D.C.", "Lind, his aide, stayed."],
     ["He moved to Washington, D.C.", "Lind, his aide, stayed."]),
    ("english", ["The talks were held by the ferry firm T.F.", "However, nothing was agreed."],
     ["The talks were held by the ferry firm T.F.", "However, nothing was agreed."]),
    # Cyrillic initials stand before a name whatever follows it: Russian news names everyone so. Greek writes
    # its initialisms with full stops, and they end sentences.
    ("english", ["Министр С.В.", "Лавров заявил, что переговоры продолжатся.", "Встреча прошла в Москве."],
     ["Министр С.В. Лавров заявил, что переговоры продолжатся.", "Встреча прошла в Москве."]),
    ("english", ["Об этом сообщил мэр столицы С.С.", "Собянин.", "Работы продлятся до осени."],
     ["Об этом сообщил мэр столицы С.С. Собянин.", "Работы продлятся до осени."]),
    # Initials written behind a surname, as documents do, before a sentence that opens with a pronoun or a
    # preposition: that sentence is one of its own.
    ("english", ["Приказ подписал Иванов А.Б.", "Он вступит в силу в мае."],
     ["Приказ подписал Иванов А.Б.", "Он вступит в силу в мае."]),
    ("english", ["Наказ підписав Петренко О.В.", "Після цього його оприлюднили."],
     ["Наказ підписав Петренко О.В.", "Після цього його оприлюднили."]),
    ("greek", ["Η απόφαση ελήφθη στις Η.Π.Α.", "Ο υπουργός δήλωσε ότι η γέφυρα θα ανοίξει."],
     ["Η απόφαση ελήφθη στις Η.Π.Α.", "Ο υπουργός δήλωσε ότι η γέφυρα θα ανοίξει."]),
])
def test_join_broken_sentences(language, parts, joined):
    assert join_broken_sentences(parts, language) == joined


@pytest.mark.parametrize("language", ["english", "spanish", "french", "german", "italian", "portuguese"])
def test_initials_before_a_surname_end_no_sentence(language):
    """"David Benioff o D.B. Weiss, artífices de ..." was two sentences in every language's model, the
    second a key point opening "Weiss, ...": Punkt did not know the surname."""
    from briefing.summarize.tokenize import OfflineTokenizer

    text = "Made by David Benioff and D.B. Weiss, makers of the show. It comes in March."
    assert OfflineTokenizer(language).to_sentences(text) == (
        "Made by David Benioff and D.B. Weiss, makers of the show.", "It comes in March.")


def test_a_clause_is_cut_before_a_subordinator_without_a_comma_in_english():
    sentence = ("The northern pier – built in 1910 by a Danish firm for the herring fleet and rebuilt twice – "
                "was closed on Tuesday after engineers found deep cracks in the foundations under its western end.")
    assert trim_to_point(sentence) == (
        "The northern pier – built in 1910 by a Danish firm for the herring fleet and rebuilt twice – was closed on Tuesday."
    )


@pytest.mark.parametrize("sentence", [
    # "after", "before", "when" without a comma finish a phrase unless they follow a day or a month.
    "The study of four thousand walkers comes just a day after another report found that running improves memory.",
    "EMI said two major albums scheduled for release before the end of the financial year have now been put back.",
    "For many families it was the period in their lives when money was shortest and the winters were longest.",
    # A bare "but" after "not", before a phrase, completes "not X but Y": cut there, the point says the opposite.
    "Others said the bishop made his decisions not on ideological grounds but because he wanted to practise his faith.",
    "The minister said the plan was not a tax on savers but a way to pay for the new hospital wing.",
    "The profits should go not to the shareholders but them and their families in the fishing villages.",
    # A number is no year after "hold": the rest says what it holds.
    "The new stadium on the edge of the town will hold 2500 when the second stand opens next season.",
    # A relative clause opened after words with no verb: its noun is left without one.
    "Murray, who talked in carefully measured tones when he met reporters in the lobby of the hotel, said nothing.",
    "In his defence, Carpenter - who usually wears a kilt and piper's regalia because he plays in the street - said so.",
])
def test_no_point_is_cut_where_the_rest_completes_the_phrase(sentence):
    assert trim_to_point(sentence, max_words=14) is None  # (too long whole: only a cut could make a point)


@pytest.mark.parametrize("sentence, point", [
    ("The mill closed in April 2013 after the owners failed to find a buyer for the business and its land.",
     "The mill closed in April 2013."),
    ("The old paper mill closed last year when the owners failed to find a buyer for the business.",
     "The old paper mill closed last year."),
    ("The old paper mill by the river closed in 2013 when the owners failed to find a buyer for the land.",
     "The old paper mill by the river closed in 2013."),
    ("Police said no one was hurt in the blast but they will keep the road closed until the engineers come.",
     "Police said no one was hurt in the blast."),
])
def test_a_bare_cut_stands_after_a_year_or_a_phrase_of_time_and_after_no_before_a_clause(sentence, point):
    assert trim_to_point(sentence, max_words=14) == point


@pytest.mark.parametrize("language, sentence, negated", [
    ("english", "The plan is not to build another road along the coast, but to repair the old one before the "
                "winter storms arrive.", "along the coast."),
    ("portuguese", "O plano deverá fixar uma data, não para abrir a estrada da costa, mas para concluir os "
                   "preparativos, a serem iniciados em maio.", "estrada da costa."),
    ("german", "Das Ministerium will in diesem Jahr keine neue Straße entlang der Küste bauen lassen, sondern die "
               "alte Straße vor den Stürmen reparieren.", "bauen lassen."),
    ("english", "The army of the rebels is made up not of religious zealots, but rather of officers who served "
                "the old regime for decades.", "religious zealots."),
    ("portuguese", "O dinheiro do fundo não vai para as obras da estrada, mas sim para a reforma da velha ponte do "
                   "rio.", "obras da estrada."),
    ("italian", "I fondi del ministero servono non per costruire una strada lungo la costa, ma per riparare quella "
                "vecchia prima delle tempeste invernali.", "lungo la costa."),
])
def test_no_point_keeps_not_x_without_the_but_y_after_its_comma(language, sentence, negated):
    """"The plan is not to build a road, but to repair the old one" cut at its comma said the opposite
    ("The plan is not to build a road."): the bare "but" was minded, the one after a comma was not."""
    point = trim_to_point(sentence, max_words=14, rules=textrules.rules_for(language))
    assert point is None or not point.endswith(negated), point


def test_no_point_ends_before_an_aside_that_its_clause_goes_on_after():
    """"... that Hamas tried, but failed, to carry out an attack ..." was cut at ", but": the point said
    Hamas tried, where the sentence says it failed."""
    rules = textrules.rules_for("english")
    sentence = ("Friday's bombing marked the third time in less than three weeks that Hamas tried, but failed, to "
                "carry out an attack with large numbers of Israeli casualties, officials in Jerusalem said today.")
    point = trim_to_point(sentence, max_words=25, rules=rules)
    assert point is None or "failed" in point, point
    for aside in ("but ultimately failed", "but then failed", "but never expected"):
        point = trim_to_point(f"The harbour authority and the city council tried, {aside}, to carry out the repairs "
                              "before the winter storms reached the coast.", max_words=12, rules=rules)
        assert point is None, (aside, point)
    # A clause after the coordinator, opened by a phrase in commas, is still a place to cut.
    for aside in ("but police said", "and indeed", "but as expected"):
        assert trim_to_point(f"The council approved the harbour plan on Tuesday after a long debate, {aside}, the "
                             "work will start later than the residents had hoped for.", max_words=12, rules=rules) == (
            "The council approved the harbour plan on Tuesday after a long debate."), aside
    assert trim_to_point("The North East city was followed by the City of London where 4.9 per cent of people "
                         "reported problems, and in Knowsley, Merseyside, 3.4 per cent of residents were forced to "
                         "call in exterminators.", max_words=20, rules=rules) == (
        "The North East city was followed by the City of London where 4.9 per cent of people reported problems.")


@pytest.mark.parametrize("sentence, cut_off", [
    ("A spokesperson added that new interconnectors to Norway and Denmark, and more than 4GW of grid-scale "
     "batteries, had made the network more resilient than in previous summers.", "Norway and Denmark."),
    ("Officials said the bridge over the river, and the two roads that lead to it from the north, would stay "
     "closed until the end of next month at the earliest.", "over the river."),
    ("The minister told parliament that the new hospital in the north of the county, and a smaller clinic in the "
     "south, would open in 2027 rather than 2025 as originally planned.", "of the county."),
    ("Police said a man in his 40s, who was arrested at the scene, and a woman who was detained later on Tuesday, "
     "were being questioned on suspicion of murder.", "at the scene."),
    ("The company said that its profits in Europe, and especially in Germany, where demand for electric cars has "
     "slumped, fell by almost a third in the second quarter of the year.", "in Europe."),
])
def test_no_point_cuts_off_the_verb_of_what_was_said(sentence, cut_off):
    """"... added that new interconnectors to Norway and Denmark, and more than 4GW of batteries, had made the
    network more resilient" was cut at ", and": the point "A spokesperson added that new interconnectors to Norway
    and Denmark." said nothing, and read as if it said something. The ", and" joined two subjects of "had made"."""
    point = make_point(sentence, EN)
    assert point is None or not point.endswith(cut_off), point


def test_a_cut_at_a_coordinator_stands_where_what_was_said_has_its_verb():
    # A verb of saying whose report has its own verb ("had been taught") ends a clause at the cut; so does a
    # head without one, before a coordinated verb phrase and an attribution.
    assert trim_to_point("Jeff West said his grandson had been taught how to swim young, but the shock of falling "
                         "into cold water, combined with the boy's asthma, caused Austin to go under.", max_words=14,
                         rules=EN) == "Jeff West said his grandson had been taught how to swim young."
    assert trim_to_point("Letterman had just opened up questions to the floor, and fielded the first query of the "
                         "night from a college employee, reported the New York Post.", max_words=12, rules=EN) == (
        "Letterman had just opened up questions to the floor.")


@pytest.mark.parametrize("language, sentence, cut_off", [
    ("portuguese", "O comandante do Exército garantiu ao chefe das tropas da ONU, general Lind, que todas as armas "
                   "retiradas da zona seriam devolvidas até hoje.", "general Lind."),
    ("spanish", "El ministro aseguró a los periodistas en la rueda de prensa, que la huelga del puerto terminará "
                "antes del fin de semana.", "rueda de prensa."),
    ("italian", "Il ministro ha spiegato ai giornalisti nella conferenza stampa, che lo sciopero del porto finirà "
                "prima del fine settimana.", "conferenza stampa."),
])
def test_no_point_is_cut_before_the_que_of_a_verb_of_saying(language, sentence, cut_off):
    """"... garantiu ao comandante ..., general Michael Rose, que todas as armas ... seriam devolvidas" was cut
    before its "que" as before a relative clause: the point said he promised, not what."""
    point = trim_to_point(sentence, max_words=14, rules=textrules.rules_for(language))
    assert point is None or not point.endswith(cut_off), point


@pytest.mark.parametrize("language, sentence, point", [
    ("spanish", "El ministro de Transportes presentó el martes un plan para el puerto de Valencia, que costará más "
                "de doscientos millones de euros.",
     "El ministro de Transportes presentó el martes un plan para el puerto de Valencia."),
    # The verb of saying is in a relative clause of its own ("what the mayor writes").
    ("portuguese", "Na opinião dos juízes, o que escreve o autor do livro é passível das penas da lei, que pune "
                   "quem nega o crime.",
     "Na opinião dos juízes, o que escreve o autor do livro é passível das penas da lei."),
])
def test_a_relative_que_after_a_noun_is_still_a_cut(language, sentence, point):
    assert trim_to_point(sentence, max_words=18, rules=textrules.rules_for(language)) == point


@pytest.mark.parametrize("sentence, point", [
    ("The ministry did not build another road along the coast this year, but it will repair the old one before "
     "the storms.", "The ministry did not build another road along the coast this year."),
    ("The new ferry is not available to private owners yet, but the company plans to sell two more next "
     "spring.", "The new ferry is not available to private owners yet."),
])
def test_a_cut_before_but_and_a_clause_of_its_own_stands_after_a_negation(sentence, point):
    assert trim_to_point(sentence, max_words=14) == point


def test_a_bare_cut_still_stands_after_a_date_or_without_a_negation():
    assert trim_to_point("The council paid the full fine in April when the inspectors found that the barrier had "
                         "been left open for three whole days by the contractor.", max_words=14) == (
        "The council paid the full fine in April.")
    assert trim_to_point("The ferry company raised its fares on every crossing this winter but the regular passengers "
                         "from the islands will pay the old price until the end of next summer.", max_words=14) == (
        "The ferry company raised its fares on every crossing this winter.")


@pytest.mark.parametrize("language, sentence", [
    ("spanish", "Por un lado, la ciudad quiere más autobuses en las calles del centro, pero por otro no tiene dinero "
                "para pagar a los conductores nuevos."),
    ("portuguese", "Por um lado, a cidade quer mais ônibus nas ruas do centro, mas por outro não tem dinheiro para "
                   "pagar os novos motoristas."),
    ("french", "D'une part, la ville veut plus de bus dans les rues du centre, mais d'autre part elle n'a pas "
               "l'argent pour payer de nouveaux chauffeurs."),
    ("german", "Einerseits will die Stadt mehr Busse fahren lassen, aber andererseits fehlt ihr das Geld für neue "
               "Fahrer und neue Fahrzeuge im nächsten Jahr."),
])
def test_on_the_one_hand_is_never_cut_from_its_other_hand(language, sentence):
    """"Por un lado, la ciudad quiere más autobuses." (on the one hand ...) was a point without its other hand."""
    assert trim_to_point(sentence, max_words=14, rules=textrules.rules_for(language)) is None


def test_german_points_keep_zwar_with_its_aber():
    sentence = ("Daheim ist es zwar auch warm und der Sommer hat gerade erst richtig angefangen, aber die Klimaanlage "
                "im Büro rötet die Augen und der Wind vom Hafen trocknet die Haut aus.")
    point = trim_to_point(sentence, rules=DE)
    assert point is None or "aber" in point


def test_no_point_ends_with_an_ellipsis_or_is_cut_mid_phrase(config):
    long_sentence = ("The harbour authority said on Tuesday that the repairs to the pier, which was damaged in the "
                     "storm last week, would be paid from the emergency fund that the council set up in 2019 for "
                     "exactly this kind of damage to public property along the coast.")
    article = make_article([long_sentence + " " + "The pier reopened in May after the work was finished. " * 1
                            + "Ferries returned to the northern pier in June. Traders welcomed the news."])
    for point in summarize(article, config).key_points:
        assert not re.search(r"(…|\.\.\.)$", point)


@pytest.mark.parametrize("algorithm", ["newsrank", "lexrank", "luhn"])
def test_every_algorithm_takes_whole_sentences_before_a_question_or_a_fragment(config, algorithm):
    article = make_article([
        "Who will pay for the repairs to the harbour pier after the storm? "
        "The harbour authority closed the northern pier on Tuesday after storm damage was found. "
        "Engineers said repairs to the harbour pier would take three weeks and cost two million euros. "
        "and the ferries, too. "
        "Ferries will use the southern pier of the harbour until the work is finished.",
    ])
    summary = summarize(article, config, sentences=3, algorithm=algorithm)
    texts = [s.text for s in summary.sentences]
    assert len(texts) == 3
    assert not any(t.endswith("?") or t[:1].islower() for t in texts)


def test_page_furniture_is_never_a_summary_sentence_while_others_are_left(config):
    article = make_article([
        "The harbour authority closed the northern pier on Tuesday after storm damage was found. "
        "Sign up for our harbour newsletter to get the pier news every morning. "
        "Engineers said repairs to the pier would take three weeks. "
        "Ferries will use the southern pier until the work is finished.",
    ])
    texts = [s.text for s in summarize(article, config, sentences=3).sentences]
    assert len(texts) == 3 and not any("newsletter" in t for t in texts)
    only_furniture = make_article(["Sign up for our newsletter today. Share this article with your friends now."])
    assert summarize(only_furniture, config, sentences=1).sentences  # all there is: shown rather than nothing


def test_a_sentence_cut_after_initials_and_its_rest_are_fragments():
    sentences = ["Das hatte die F.A.S.", "berichtet, und zwar am Sonntag.", "The firm grew in the U.S.", "It hired staff."]
    defects = defects_of(sentences, DE, [True] * 4)
    assert "fragment" in defects[0] and "fragment" in defects[1]
    assert "fragment" not in defects[2]  # a sentence ending in "U.S." is whole


@pytest.mark.parametrize("open_mark, close_mark", [("“", "”"), ('"', '"'), ("„", "“"), ("«", "»")])
def test_the_middle_of_a_quotation_over_several_sentences_is_cut_and_no_key_point(config, open_mark, close_mark):
    inside = "But I can guarantee you that we were never friends at any time."
    quotation = [
        f"{open_mark}After all, I shared a glass of vodka with the head of the KGB more than one time.",
        inside,
        f"We were adversaries the whole time,{close_mark} the former secretary said on Sunday.",
    ]
    plain = ["The harbour authority closed the northern pier on Tuesday.", "Ferries will use the southern pier."]
    defects = defects_of(plain[:1] + quotation + plain[1:], EN, [True] * 5)
    assert ["quotes" in d for d in defects] == [False, True, True, True, False]
    # A quotation that no later sentence closes leaves the next sentences alone.
    assert "quotes" not in defects_of(quotation[:2], EN, [True, True])[1]

    article = make_article([
        "The former defence secretary defended the nominee for secretary of state in a television interview. "
        + " ".join(quotation)
        + " Critics said the nominee's business ties to the Russian government deserved close scrutiny. "
        "The Senate committee will hold its hearing on the nomination in the second week of January. "
        "Two senators from the president's own party have said they are undecided about the vote.",
    ])
    summary = summarize(article, config, key_points=6)
    assert inside not in summary.key_points and "I can guarantee you that we were never friends at any time." \
        not in summary.key_points
    assert all(c.point is None for c in summary.candidates if c.text == inside)
    assert summary.key_points  # the other sentences still give points


def test_a_summary_sentence_cut_from_a_quotation_is_shown_with_the_marks_it_lacks(config):
    cut = ("The northern pier is not safe for ferries, and the storm damage to its foundations is serious,” "
           "harbour master Ines Corvo said on Tuesday.")
    article = make_article([
        "The harbour authority closed the northern pier on Tuesday after storm damage was found in its foundations. "
        f"“We had no choice. {cut} "
        "Ferries will use the southern pier until the repairs are finished. "
        "Engineers said the repairs to the foundations would take at least three weeks. "
        "Local traders asked the council for help during the closure of the northern pier.",
    ], title="Storm damage closes northern pier")
    summary = summarize(article, config, sentences=3)
    shown = [s.text for s in summary.sentences]
    assert "“" + cut in shown
    assert all(textrules.quotes_balanced(text) for text in shown)
    assert all(textrules.quotes_balanced(c.text) for c in summary.candidates)  # a story's summary too


@pytest.mark.parametrize("language, sentences, shown", [
    ("english", ["“We had no choice.", "The pier is not safe,” she said.", "Ferries moved."],
     ["“We had no choice.”", "“The pier is not safe,” she said.", "Ferries moved."]),
    # The middle of a quotation has no mark of its own: it gets those of the sentence that opened it.
    ("german", ["Sie sagte: „Wir bleiben hier.", "Wir gehen nicht weg.", "Wir kämpfen“, sagte sie."],
     ["Sie sagte: „Wir bleiben hier.“", "„Wir gehen nicht weg.“", "„Wir kämpfen“, sagte sie."]),
    ("french", ["« Nous ne partirons pas.", "Nous resterons ici », a dit le maire."],
     ["« Nous ne partirons pas. »", "« Nous resterons ici », a dit le maire."]),
    ("italian", ["«Non partiremo.", "Resteremo qui», ha detto il sindaco."],
     ["«Non partiremo.»", "«Resteremo qui», ha detto il sindaco."]),
    ("german", ["»Wir bleiben hier.", "Wir gehen nicht«, sagte sie."], ["»Wir bleiben hier.«", "»Wir gehen nicht«, sagte sie."]),
    ("polish", ["„Byliśmy przyjaciółmi.", "Ale potem się zmieniło”, powiedział."],
     ["„Byliśmy przyjaciółmi.”", "„Ale potem się zmieniło”, powiedział."]),
    ("english", ['The pier is not safe," she said.', 'He said "the pier is not safe" on Tuesday.'],
     ['"The pier is not safe," she said.', 'He said "the pier is not safe" on Tuesday.']),
    ("english", ['He said:"We won the title.', "Fans cheered."], ['He said:"We won the title."', "Fans cheered."]),
    # Inches are no quotation marks.
    ("english", ['The storm dropped 12" of snow on Denver.', "Schools closed."],
     ['The storm dropped 12" of snow on Denver.', "Schools closed."]),
    ("english", ['The sign read "Closed.', "Nobody came.", 'It was a 3" sign.'],
     ['The sign read "Closed."', "Nobody came.", 'It was a 3" sign.']),
    # Swedish opens and closes with the same mark (”…”, »…»).
    ("swedish", ["”Vi stannar här.", "Vi går inte.", "Vi var motståndare”, sa han."],
     ["”Vi stannar här.”", "”Vi går inte.”", "”Vi var motståndare”, sa han."]),
    ("swedish", ["»Vi stannar här.", "Vi var motståndare», sa han."], ["»Vi stannar här.»", "»Vi var motståndare», sa han."]),
])
def test_sentences_cut_from_a_quotation_are_shown_with_the_marks_they_lack(language, sentences, shown):
    rules = textrules.rules_for(language)
    defects = defects_of(sentences, rules, [True] * len(sentences))
    assert [with_quotation_marks(sentences, i, defects, rules) for i in range(len(sentences))] == shown


def test_a_summary_sentence_cut_from_a_quotation_reads_alone_in_every_order(config):
    # The summary's sentences are listed one by one (JSON), best first (--order rank), or only the first of
    # them ("Also today"): each carries its quotation's marks, whichever others are shown beside it.
    article = make_article([
        "The harbour master closed the northern pier on Tuesday after divers found cracks in its piles. "
        "“The pier will stay shut until every pile is checked. "
        "We cannot let passengers walk on a pier that might fail,” the harbour master said on Tuesday. "
        "Ferries will use the southern pier until the work is done.",
    ], title="Cracks close the northern pier")
    for text in (s.text for s in summarize(article, config, sentences=4).sentences):
        assert textrules.quotes_balanced(text), text


@pytest.mark.parametrize("sentence, defects", [
    ("Who will pay for the repairs?", {"question"}),
    ("The mayor said so.", {"short"}),
    ("and the ferries will use the southern pier.", {"fragment"}),
    ("Engineers said the repairs would take three weeks and more…", {"ellipsis"}),
    ("Harbour pier closed for repairs after the storm", {"heading"}),
    ("“The pier will reopen in spring, the mayor said.", {"quotes"}),
    ("The harbour authority closed the northern pier on Tuesday.", set()),
])
def test_sentence_defects(sentence, defects):
    assert sentence_defects(sentence, EN) == defects


@pytest.mark.parametrize("sentence, defects", [
    # German closes a compound into one word ("Deutschlandticket", the Germany ticket): a long one counts two.
    ("Das Deutschlandticket soll günstiger werden.", set()),
    ("Die Bahn streikt wieder.", {"short"}),
    ("Die Länder müssen noch zustimmen.", {"short"}),
])
def test_a_german_sentence_with_a_compound_is_not_short(sentence, defects):
    assert sentence_defects(sentence, DE) == defects


def test_a_swedish_quotation_opened_and_closed_with_the_same_mark_is_whole():
    sv = textrules.rules_for("swedish")
    for sentence in ("”Planen saknar konkreta åtgärder och siffrorna går inte ihop”, säger oppositionens talesperson.",
                     "»Det här är den mest ambitiösa klimatpolitiken på länge», sade ministern på en pressträff.",
                     "Ministern sade på tisdagen: ”Vi kommer att nå målen till år 2045.”"):
        assert "quotes" not in sentence_defects(sentence, sv), sentence
        assert "quotes" not in point_problems(sentence, sv), sentence
    # A quotation's first sentence alone, or its last, is still cut from it.
    assert "quotes" in sentence_defects("”Planen saknar konkreta åtgärder och siffrorna går inte ihop.", sv)
    assert "quotes" in sentence_defects("Det går inte ihop”, säger oppositionens talesperson.", sv)


# German and Czech close a quotation with “ (and ‘): a sentence that is a whole quotation ends as a sentence.
@pytest.mark.parametrize("language, sentence, defects", [
    ("german", "„Die Mannschaft hat in der zweiten Halbzeit hervorragend gespielt.“", set()),
    ("german", "Der Minister fragte im Bundestag: „Wer soll die Sanierung der Brücken bezahlen?“", {"question"}),
    ("german", "Der Kanzler sprach von einem ‚historischen Schritt für die ganze Region.‘", set()),
    ("czech", "„Teď musíme co nejrychleji opravit všechny škody na mostech.“", set()),
])
def test_a_quotation_closed_with_a_high_mark_ends_as_a_sentence(language, sentence, defects):
    rules = textrules.rules_for(language)
    assert sentence_defects(sentence, rules) == defects
    assert point_problems(sentence, rules) - {"unattributed"} == defects


# "According to" is a preposition, no subordinating conjunction: a sentence opening with it stands alone
# (Czech, Polish and Swedish set no comma after it), unless it names its source with a pronoun.
@pytest.mark.parametrize("language, sentence, problems", [
    ("czech", "Podle policie řidič nepřežil nehodu na dálnici D1.", set()),
    ("czech", "Podle něj jsou ceny jízdenek příliš vysoké.", {"pronoun"}),
    ("polish", "Według policji kierowca zginął na miejscu wypadku.", set()),
    ("polish", "Według niego ceny biletów są za wysokie.", {"pronoun"}),
    ("swedish", "Enligt polisen omkom föraren i olyckan på E4.", set()),
    ("swedish", "Enligt honom är priserna på biljetterna för höga.", {"pronoun"}),
    ("italian", "Secondo la polizia l'uomo è fuggito verso il confine.", set()),
    ("italian", "Secondo loro i prezzi dei biglietti sono troppo alti.", {"pronoun"}),
    ("greek", "Σύμφωνα με την αστυνομία ο οδηγός σκοτώθηκε στο τροχαίο.", set()),
    ("greek", "Σύμφωνα με αυτόν οι τιμές των εισιτηρίων είναι πολύ υψηλές.", {"pronoun"}),
    # Greek's "he himself" stands for someone named before, as a pronoun does.
    ("greek", "Ο ίδιος πρόσθεσε ότι η κυβέρνηση θα στηρίξει τους πληγέντες.", {"pronoun"}),
    ("greek", "Η ίδια τόνισε ότι τα μέτρα θα ισχύσουν από τον Ιανουάριο.", {"pronoun"}),
])
def test_a_sentence_opening_with_according_to_is_no_fragment(language, sentence, problems):
    assert point_problems(sentence, textrules.rules_for(language)) == problems


# Greek asks with ; (its semicolon is ·): a question, not a heading; an English ; ends no sentence.
@pytest.mark.parametrize("language, sentence, defects", [
    ("greek", "Ποιος θα πληρώσει τελικά το κόστος για τις επισκευές της γέφυρας;", {"question"}),
    ("greek", "Πόσο θα κοστίσει η νέα γραμμή του μετρό το 2025;", {"question"}),
    ("greek", "Ο δήμαρχος ρώτησε: «Ποιος θα πληρώσει τελικά το κόστος;»", {"question"}),
    ("greek", "Ποιος θα πληρώσει τελικά το κόστος για τις επισκευές\u037e", {"question"}),
    ("english", "The harbour authority closed the northern pier on Tuesday;", {"heading"}),
    # Arabic and Persian ask with ؟ (a question in a summary, as "?" is: it was none).
    ("english", "هل ستؤدي هذه الزيادة إلى ارتفاع أسعار السلع الأساسية في الأسواق؟", {"question"}),
    ("english", "آیا این افزایش قیمت بر زندگی روزمره مردم تهران تأثیر می‌گذارد؟", {"question"}),
])
def test_a_greek_question_ends_in_a_semicolon(language, sentence, defects):
    rules = textrules.rules_for(language)
    assert sentence_defects(sentence, rules) == defects
    assert defects <= point_problems(sentence, rules)


def test_a_greek_question_is_no_key_point_and_a_clause_ends_at_its_semicolon():
    """The key points' second pass finished each sentence before testing it: a Greek question's ";" was taken
    off and a full stop put in its place, and the question became a key point stated as a fact."""
    from briefing.summarize.clauses import finish

    question = "Πότε θα ολοκληρωθεί τελικά η σύνδεση του μετρό με το αεροδρόμιο της Θεσσαλονίκης;"
    assert finish(question) == question and "question" in point_problems(finish(question), textrules.rules_for("greek"))
    assert finish("Η γέφυρα της πόλης έκλεισε για επισκευές·") == "Η γέφυρα της πόλης έκλεισε για επισκευές."
    assert finish("The pier closed on Tuesday;") == "The pier closed on Tuesday."


from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.lists(st.sampled_from(["Meta", "Outage", "Causes", "said", "with", "the", "Über", "über", "x", "1999", " ",
                                 "  ", "-", "'", "’", ".", "\n", "ÉTAT", "état", "iPhone", "e-mail"]),
                max_size=12).map("".join) | st.text(max_size=60))
@settings(max_examples=600, deadline=None)
def test_title_case_headings_are_found_as_their_words_find_them(text):
    from briefing.summarize.keypoints import _title_case_heading
    from briefing.textrules import words_of

    words = [w for w in words_of(text) if len(w) > 3]
    expected = len(words) >= 3 and sum(w[:1].isupper() for w in words) >= 0.8 * len(words) and not any(
        w[:1].islower() for w in words)
    assert _title_case_heading(text) == expected


@pytest.mark.parametrize("language, text, alone", [
    ("english", "Out of work since June, he relies on the money his wife earns cleaning houses.", False),
    ("english", "After twenty years in the shipyard, she now sells vegetables at the market.", False),
    ("english", "In May, they stretched the line from the harbour to the airport.", False),
    ("french", "En 2019, il a été élu maire de la ville pour la première fois.", False),
    # A name in the phrase gives the pronoun its person; a clause may hold its noun; no pronoun, no riddle.
    ("english", "In Ms Ruiz's view, she did what the council had asked of her.", True),
    ("english", "As the moon moves deeper into the shadow, it appears to turn dark and red.", True),
    ("english", "In May, the council stretched the line from the harbour to the airport.", True),
    ("english", "McHenry knew the tape was running; at one point, she looks at the camera.", True),
    # Only the pronouns a point may not open with: "you" and French "on" name no one in particular.
    ("english", "From Monday, you can apply for the grant at any post office in the region.", True),
    ("french", "Sur les photos partagées en ligne, on voit une foule compacte danser.", True),
    # Where the verb comes second, or the subject is left out, no such phrase is looked for.
    ("swedish", "I dag, han säger att det är bra för alla i staden.", True),
])
def test_a_pronoun_after_an_opening_phrase_that_names_no_one_is_no_key_point(language, text, alone):

    assert ("pronoun" not in point_problems(text, textrules.rules_for(language))) == alone


@pytest.mark.parametrize("text, leans", [
    # "Das" as a pronoun, for what the sentence before said: a verb comes next.
    ("Das teilte die Polizei am Montag in einer kurzen Mitteilung mit.", True),
    ("Das geht aus einem Bericht der Landesregierung hervor, der am Dienstag erschien.", True),
    ("Das ist eine gute Nachricht für alle Pendler in der Region.", True),
    ("Das kann manchmal ein wenig dauern, sagt die Sprecherin der Stadt.", True),
    ("Dem widersprach der Verkehrsminister am Abend in einer Mitteilung.", True),
    ("„Das wäre ein Fehler für die ganze Region“, sagte der Bürgermeister Jan Lind.", True),
    # A verb of saying and its speaker alone: who said what? (The adjectives of such verbs have a noun
    # with a verb of its own after them.)
    ("Das sagte Merkel am Montag vor Journalisten in Berlin.", True),
    ("Das erklärte Bundeskanzlerin Angela Merkel am 3. Mai im Bundestag.", True),
    # (A separable verb of saying, its particle last: "kündigte ... an", announced.)
    ("Das kündigte Verkehrsminister Patrick Schnieder am Montag in Berlin an.", True),
    ("Das erklärte Ziel der Regierung ist ein ausgeglichener Haushalt bis 2030.", False),
    ("Das bestätigte Urteil wurde am Montag vom Gericht in Köln veröffentlicht.", False),
    # "Das" as an article: a noun, an adjective and its noun, or an adjective's phrase comes next.
    ("Das Gericht hat die Klage der Anwohner am Montag abgewiesen.", False),
    ("Das neue Gesetz tritt im Mai in Kraft und gilt für alle Mieter.", False),
    ("Das seit 2019 geplante Gesetz tritt im Mai in Kraft.", False),
    ("Das frisch renovierte Rathaus steht seit dem Sommer leer.", False),
    ("Das in der Nacht beschädigte Haus wird im Frühjahr abgerissen.", False),
    ("Das Besondere an dem Grill ist, dass die Hitze von oben kommt.", False),
    ("Dem Minister zufolge steigen die Preise im nächsten Jahr weiter.", False),
])
def test_a_german_sentence_opening_with_das_and_a_verb_leans_on_the_one_before(text, leans):
    """"Das teilte die Polizei am Montag mit." (the police said so) was a key point: "Das" is the
    article of most sentences it opens, but a pronoun for what was said before when a verb follows it."""
    assert ("pronoun" in point_problems(text, DE)) == leans


@pytest.mark.parametrize("language, text, leans", [
    # Who said it, and "so" or "that is what": what was said is in the sentence before.
    ("italian", "Lo ha detto il ministro dei Trasporti lunedì a Roma ai giornalisti.", True),
    ("italian", "Così ha spiegato il sindaco di Genova durante la conferenza stampa.", True),
    ("portuguese", "Foi o que disse o ministro dos Transportes na segunda-feira em Lisboa.", True),
    ("english", "So said the harbour master on Monday at the opening of the new pier.", True),
    # An article, a word that only begins the same way, "so far": a sentence of its own.
    ("italian", "Lo studio del porto ha detto che i prezzi dei noli saliranno ancora.", False),
    ("italian", "Lo scorso anno il porto di Genova ha movimentato due milioni di container.", False),
    ("portuguese", "Foi o quinto ano seguido de alta no movimento do porto de Santos.", False),
    ("english", "So far, the harbour master has said nothing about the new pier.", False),
])
def test_a_verb_of_saying_after_so_or_that_is_what_leans_on_the_sentence_before(language, text, leans):
    assert ("pronoun" in point_problems(text, textrules.rules_for(language))) == leans


@pytest.mark.parametrize("language, said_so, own", [
    ("czech", ["Uvedl to mluvčí moravskoslezské policie Jan Kovář.", "Informoval o tom také server iDNES.cz.",
               "Novinářům to po jednání kabinetu řekl ministr financí Zbyněk Stanjura (ODS).",
               "Uvedlo to ministerstvo zahraničí v úterý na síti X.",
               "Sdělila to mluvčí pražských hasičů Martina Sulková.",
               "Vyplývá to z údajů Českého statistického úřadu."],
     # A verb whose clause says what it says, words that only begin the same way.
     ["Uvedla mluvčí hasičů, že kulminace se očekává ve čtvrtek odpoledne.",
      "Uvedení nového mostu do provozu se zpozdí o dva měsíce.",
      "Informovaná veřejnost o tom ví jen málo."]),
    ("polish", ["Poinformowała o tym rzeczniczka śląskiej policji Anna Kowalska.",
                "Powiedział to w rozmowie z PAP wojewoda dolnośląski Maciej Awiżeń.",
                "Przekazało to w środę Ministerstwo Spraw Zagranicznych.",
                "Podała to w piątek prokuratura okręgowa w Katowicach.",
                "Wynika to z danych GUS opublikowanych w piątek."],
     ["Poinformowani o tym mieszkańcy opuścili domy przed nadejściem fali.",
      "Podatki od nieruchomości wzrosną od stycznia o dwa procent.",
      "Dodał minister, że ustawa wejdzie w życie w maju przyszłego roku."]),
    # Swedish after a quotation of several sentences: "Det säger ..." (that is what ... says).
    ("swedish", ["Det säger Johan Sigvardsson, elmarknadsexpert på Elbruk.",
                 "Det uppger Trafikverket i ett pressmeddelande på onsdagen."],
     ["Det samma gäller för elpriset i Norge och Danmark.", "Det är den högsta nivån sedan december 2022."]),
])
def test_a_czech_polish_or_swedish_sentence_that_only_says_who_said_it_leans_on_the_one_before(language, said_so, own):
    """"Uvedl to mluvčí policie Jan Kovář." (said what?) and "Poinformowała o tym rzeczniczka policji." were key
    points: the verb opens the sentence and "to", "o tym" stand for what the sentence before said, as Italian
    "Lo ha detto ..." and German "Das teilte ... mit." do."""
    rules = textrules.rules_for(language)
    assert [text for text in said_so + own if "pronoun" in point_problems(text, rules)] == said_so


@pytest.mark.parametrize("language, text, leans", [
    # A verb of saying opens the sentence and its subject is left out: the speaker is in the one before.
    ("spanish", "Dijo que el Gobierno no aceptará un convenio que suba los costes de las navieras.", True),
    ("spanish", "Añadió que las conversaciones seguirán el jueves en la sede del ministerio.", True),
    ("spanish", "Aseguró a la prensa en Valencia que los medicamentos tendrán prioridad.", True),
    ("spanish", "Reconoció que no hubo acuerdo en la reunión de la tarde con el sindicato.", True),
    ("portuguese", "Lembrou que a greve dos estivadores começou em maio e ainda não terminou.", True),
    ("portuguese", "Disse que o governo não vai ceder às exigências dos sindicatos do porto.", True),
    ("italian", "Ha detto che il governo non cederà alle richieste dei sindacati del porto.", True),
    # Czech and Polish close the verb's clause with a comma before "že".
    ("polish", "Przypomniała, że na łańcuchach żyje w Polsce nawet milion psów.", True),
    ("polish", "Dodał w rozmowie z dziennikarzami, że ustawa wejdzie w życie w maju.", True),
    ("czech", "Dodala, že kulminace se na horním toku očekává ve čtvrtek.", True),
    ("czech", "Uvedl pro místní rádio, že most bude uzavřen až do jara.", True),
    ("greek", "Τόνισε ότι η γέφυρα θα ανοίξει ξανά μέσα στον Μάρτιο.", True),
    ("greek", "Πρόσθεσε στους δημοσιογράφους πως τα έργα θα κοστίσουν δύο εκατομμύρια ευρώ.", True),
    # The speaker named after the verb or before it; "que" that is no verb's; no verb of saying first.
    ("spanish", "Dijo el ministro que el Gobierno no aceptará un convenio más caro.", False),
    ("spanish", "Dijo Sánchez que el Gobierno no aceptará un convenio más caro.", False),
    ("spanish", "La ministra dijo que el Gobierno no aceptará un convenio más caro.", False),
    ("spanish", "Según los datos que publicó el ministerio, el paro bajó en marzo.", False),
    ("spanish", "Hay que esperar al jueves para saber si habrá un acuerdo en el puerto.", False),
    ("spanish", "Murió el cantante a los 80 años en su casa de Sevilla, que dejó en mayo.", False),
    ("portuguese", "Disse o ministro que o governo não vai ceder às exigências dos sindicatos.", False),
    ("polish", "Dodał minister, że ustawa wejdzie w życie w maju przyszłego roku.", False),
    ("polish", "Minister przypomniał, że ustawa wejdzie w życie w maju przyszłego roku.", False),
    ("czech", "Uvedla mluvčí hasičů, že kulminace se očekává ve čtvrtek odpoledne.", False),
    ("czech", "Havel v projevu řekl, že most bude uzavřen až do jara.", False),
    ("czech", "Podle policie je jisté, že řidič nehodu na dálnici nepřežil.", False),
    ("greek", "Τόνισε ο δήμαρχος ότι η γέφυρα θα ανοίξει ξανά μέσα στον Μάρτιο.", False),
    ("greek", "Ο δήμαρχος τόνισε ότι η γέφυρα θα ανοίξει ξανά μέσα στον Μάρτιο.", False),
    ("french", "Selon la police, le conducteur a pris la fuite avant que les secours arrivent.", False),
])
def test_a_verb_of_saying_without_its_subject_leans_on_the_sentence_before(language, text, leans):
    """"Añadió que las conversaciones seguirán el jueves ..." was a key point: added by whom? Spanish,
    Portuguese and Italian leave the subject out when it is the one of the sentence before."""
    assert ("pronoun" in point_problems(text, textrules.rules_for(language))) == leans


@pytest.mark.parametrize("language, text", [
    ("spanish", "Se trata de un alimento saludable, nutritivo y barato que se vende en todo el país."),
    ("spanish", "Así lo ha anunciado el propio ministro en una rueda de prensa el martes por la tarde."),
    ("portuguese", "Trata-se de um alimento saudável, nutritivo e barato vendido em todo o país."),
    ("italian", "Si tratta di un alimento sano, nutriente ed economico venduto in tutto il paese."),
])
def test_it_is_about_and_so_said_open_no_key_point(language, text):
    """"Se trata de un alimento saludable ..." (what is?) and "Así lo ha anunciado ..." (announced what?) lean on
    the sentence before as a pronoun does."""
    assert "pronoun" in point_problems(text, textrules.rules_for(language))


def test_that_is_opens_a_spanish_sentence_as_a_linking_adverb_does():
    rules = textrules.rules_for("spanish")
    assert textrules.opens_with_connective("Es decir, Hacienda se llevará el 20 % de los premios grandes.", rules)
    assert textrules.opens_with_connective("O sea, el usuario paga antes de utilizar el servicio.", rules)
    assert not textrules.opens_with_connective("Es difícil decir cuándo abrirá el puerto.", rules)


# Cuts that would end mid-phrase or leave no clause: each sentence has one place a cut
# used to be made, and the head kept there is not a statement.
@pytest.mark.parametrize("language, sentence, cut_off", [
    # ", and" after two verb phrases of one subject ends a list of what it does.
    ("english", "At dusk the old keeper of the lighthouse slowly lifts his lantern, walks down to the harbour "
                "gate, and waves the last ferry across the dark bay towards the town.", "harbour gate."),
    # Never cut bare right after a participle: "named" needs its "after".
    ("english", "The two new streets in the harbour district are to be called Corvo Lane and Lind Row, named "
                "after a local ferry captain and the fishermen who rebuilt the pier in 1921.", "named."),
    # "for those evenings" is no clause: the "when" clause cut off is what it means.
    ("english", "Engineers also want to know whether the bridge holds when there are heavy lorries on both "
                "lanes, for those evenings when the ferry is closed and all traffic from the island crosses.",
     "those evenings."),
    # No finite verb before the cut: the plan's verb ("is due") comes after it.
    ("english", "The council plan to widen the old road along the harbour wall, located on state land between "
                "the pier and the station, with gravel taken from the quarry is due to cost 40 million euros.",
     "the station."),
    # German: an article and an adjective whose noun comes after ", aber".
    ("german", "Mit der neuen Buslinie konnte die Stadt eine beachtliche, aber teilweise auch recht laute Zahl "
               "neuer Fahrgäste gewinnen, und auch die Händler in der Altstadt melden seit dem Sommer mehr Kunden.",
     "eine beachtliche."),
    # A colon after a verb of saying: what was said is the point, with quotation marks or without.
    ("german", "Das sind ungefähr die Zahlen, die wir im Stadtrat auch immer genannt haben, wir haben immer "
               "gesagt: Nein, zwei oder drei Prozent mehr Verkehr, das ist für die Brücke kein Problem.",
     "immer gesagt."),
    # German: a verb whose particle closes the clause before a colon ("wies darauf hin:") announces what follows.
    ("german", "Der Sprecher der Staatsanwaltschaft in Köln wies am Dienstag ausdrücklich darauf hin: Die "
               "Ermittlungen gegen den Fahrer des Lastwagens dauern an und könnten noch Monate dauern.",
     "darauf hin."),
    ("german", "Die Geschäftsführerin der Verkehrsbetriebe gab am Morgen in einer kurzen Mitteilung bekannt: "
               "Ab Juni fahren die Busse der Linie vier auch nachts alle zwanzig Minuten durch die Altstadt.",
     "Mitteilung bekannt."),
])
def test_no_cut_ends_mid_phrase_or_leaves_no_clause(language, sentence, cut_off):
    point = make_point(sentence, textrules.rules_for(language))
    assert point is None or not point.endswith(cut_off), point


def test_a_list_after_a_clause_with_its_own_subject_is_still_cut_at_and():
    sentence = ("The harbour authority closed the northern pier, the ferry ramp and the fish market on Tuesday, "
                "and ferries will use the southern pier until repairs are finished in the spring.")
    assert trim_to_point(sentence) == (
        "The harbour authority closed the northern pier, the ferry ramp and the fish market on Tuesday."
    )


def test_said_before_a_clause_is_no_attribution_to_drop():
    # "said they would ..." is what the residents said, not who said it: dropping it leaves no verb.
    sentence = "Some residents, such as 80-year-old Maria Lind, said they would rather pay a fine."
    assert trim_to_point(sentence) == sentence
    # A source that names someone is still dropped from a report.
    assert trim_to_point("The pier will reopen in May, said deputy mayor Ines Corvo.") == "The pier will reopen in May."


@pytest.mark.parametrize("language, sentence, point", [
    ("spanish", "El puerto reabrirá al tráfico de coches en marzo, dijo el alcalde de la ciudad.",
     "El puerto reabrirá al tráfico de coches en marzo."),
    ("spanish", "El puerto reabrirá al tráfico de coches en marzo, afirmó.", "El puerto reabrirá al tráfico de coches en marzo."),
    ("spanish", "El puerto reabrirá al tráfico de coches en marzo, según la autoridad portuaria.",
     "El puerto reabrirá al tráfico de coches en marzo."),
    ("portuguese", "O porto vai reabrir ao trânsito em março, disse o presidente da câmara.",
     "O porto vai reabrir ao trânsito em março."),
    ("french", "Le port rouvrira à la circulation en mars, a-t-il ajouté.", "Le port rouvrira à la circulation en mars."),
    ("french", "Le port rouvrira à la circulation en mars, a déclaré Marie Duval.",
     "Le port rouvrira à la circulation en mars."),
    ("german", "Der Hafen wird im März wieder für Autos geöffnet, sagte ein Sprecher der Stadt.",
     "Der Hafen wird im März wieder für Autos geöffnet."),
    ("german", "Der Hafen wird im März wieder für Autos geöffnet, so der Bürgermeister.",
     "Der Hafen wird im März wieder für Autos geöffnet."),
    ("italian", "Il porto riaprirà al traffico delle auto a marzo, ha detto il sindaco.",
     "Il porto riaprirà al traffico delle auto a marzo."),
    # Not a speaker after the comma: what was said, a place in a race, a comparison.
    ("spanish", "El alcalde habló del puerto de la ciudad, dijo que reabrirá en marzo.", None),
    ("portuguese", "A equipa terminou a temporada em alta, segundo lugar.", None),
    ("german", "Die Preise für die Fähre sind im Mai gestiegen, so wie jedes Jahr.", None),
    ("french", "Le film sortira en mars dans toute la région, note finale.", None),
])
def test_a_trailing_attribution_is_dropped_in_other_languages_as_in_english(language, sentence, point):
    """", he said." has long left an English report's key point; ", dijo el alcalde." stayed in a Spanish one."""
    assert trim_to_point(sentence, rules=textrules.rules_for(language)) == (point or sentence)


def test_a_colon_inside_a_title_is_no_end_of_a_clause():
    """"The warm reception that has greeted Star Wars: Battlefront is ..." was cut at the title's colon: its
    only verb is the relative clause's, and the point named a film's welcome and said nothing of it."""
    sentence = ("The warm welcome that has greeted Harbour Quest: Tides of Time is a reflection not of any clever "
                "change to its puzzles, but of its plain design and the nostalgia it stirs in older players.")
    assert make_point(sentence, EN) != "The warm welcome that has greeted Harbour Quest."
    # A head with a verb of its own before its "that" is still a clause to cut at.
    told = ("The council said on Tuesday that it had found a simple answer to the problem of the old harbour "
            "wall: it would rebuild the whole of it in stone by the end of next year at the latest.")
    assert make_point(told, EN) == "The council said on Tuesday that it had found a simple answer to the problem of the old harbour wall."


@pytest.mark.parametrize("text, verb", [
    ("Some residents, such as 80-year-old Maria Lind", False),
    ("The council plan to widen the old road, located on state land", False),
    ("The council plans to widen the old road", True),
    ("The ferry reported damage to its hull", True),
    ("They want a new pier", True),
    ("We're curious about the new pier", True),
])
def test_has_finite_verb(text, verb):
    from briefing.summarize.clauses import has_finite_verb

    assert has_finite_verb(text, EN) is verb
    assert has_finite_verb(text, DE)  # no verb data: every head counts as a clause


@pytest.mark.parametrize("text", [
    # A pronoun after an opening participle's phrase that names no one stands for someone said before.
    "Satisfied, it then goes to fly away home over the fields of the valley.",
    # An "it" after a phrase that names a place or a firm, but has no verb, stands for a thing said before.
    "In Nepal, it is often used as a status symbol by the families of the valley.",
    "Using technology from Lucent, it will offer data speeds of up to two megabits.",
    "The council could not afford the repairs, and nobody was able to do that\".",  # the quote before the stop
    "Speaking to reporters outside the court, he said the verdict would be appealed.",
    # "this" and "that" as pronouns, for something said before.
    "The pope mentioned this in his homily to the crowd in the square on Sunday.",
    "Few believe the all-powerful, staunchly secular military would agree to that.",
    "Due to this and the rising costs, some of the libraries are now closed on Sundays.",
])
def test_a_point_whose_pronoun_stands_for_something_said_before_is_no_point(text):
    assert "pronoun" in point_problems(text, textrules.rules_for("english"))


@pytest.mark.parametrize("text", [
    "In Ms Ruiz's view, she had done nothing wrong at the council meeting last week.",  # her person is named
    "Speaking to the BBC, the mayor said that the bridge would reopen in the spring.",
    "The council said that this week was the busiest of the year at the harbour.",  # a determiner: "this week"
    "Profits will go to a community fund that will pay for insulation in older homes.",  # a relative "that"
    "The council said that, despite the storm, the harbour would reopen on Friday.",  # a reported clause's
    "The striker scored twice, but that's nothing compared to his record last season.",  # a contraction
    "After Microsoft bought the company in 2008, it laid off 500 workers in the city.",  # "it" is named
    "In Germany, it is illegal to deny the Holocaust in public or in print.",  # a name; "it" of "it is"
    "Indeed, the council said the bridge would reopen in the spring after repairs.",  # an adverb, no participle
])
def test_a_point_whose_pronoun_is_named_or_that_is_no_pronoun_stands(text):
    assert "pronoun" not in point_problems(text, textrules.rules_for("english"))


@pytest.mark.parametrize("text", [
    # A pronominal adverb or a linking adverb first: the sentence answers or continues the one before it.
    "Darauf hat sich der Gemeinderat am Dienstag nach langer Debatte geeinigt.",
    "Außerdem bekommen die Schulen neue Computer und schnelleres Internet.",
    "Allerdings fehlt für den Umbau der Turnhalle noch immer das Geld.",
    # The verb comes second: after an opening phrase and its verb, "er" or "sie" names someone said before.
    "Seit dem vergangenen Jahr leitet er das städtische Museum am Marktplatz.",
    "In ihrem neuen Roman erzählt sie von einer Kindheit an der Ostsee.",
    "Daneben gründete er zwei Chöre und eine kleine Musikschule in Dresden.",
    # A verb of saying with a pronoun for its speaker names no one; "Seitdem" before its verb is an adverb.
    "In Berlin sei sie nie gewesen, sagte sie am Montag in Kiel.",
    "Seitdem fahren die Busse einen Umweg über das Dorf am See.",
])
def test_a_german_sentence_leaning_on_the_one_before_is_no_key_point(text):
    assert "pronoun" in point_problems(text, DE)
    assert "pronoun" in sentence_defects(text, DE)


@pytest.mark.parametrize("text", [
    "Seit dem vergangenen Jahr leitet die Kunsthistorikerin das städtische Museum am Marktplatz.",
    "Der Bürgermeister sagte, er wolle die Brücke bis zum Sommer sanieren lassen.",
    "Als sie in Leipzig ankam, begrüßte der Oberbürgermeister die Sängerin am Bahnhof.",
    "Für die Kinder gibt es im Sommer wieder ein Ferienprogramm im Stadtpark.",
    # The speaker of a fronted reported clause is named after its comma: "sie" is the minister.
    "In Berlin sei sie nie gewesen, sagte die Ministerin am Montag in Kiel.",
    "Den Vereinschef Keller kenne er gar nicht, sagt der Vorsitzende Jan Brandt.",
    # After "und" the pronoun stands for a noun of its own sentence.
    "Die Firma baut Autos und verkauft sie vor allem nach Asien.",
    "Der Bauer erntet Äpfel und presst sie im Herbst zu Saft.",
    # "Seitdem", "Damit" open a subordinate clause with its own subject: no adverb leaning on anything.
    "Seitdem die Brücke gesperrt ist, fahren die Busse einen Umweg über das Dorf.",
    "Damit die Kinder sicher sind, baut die Stadt eine neue Ampel an der Schule.",
])
def test_a_german_sentence_naming_its_subject_may_be_a_key_point(text):
    assert "pronoun" not in point_problems(text, DE)
    assert "pronoun" not in sentence_defects(text, DE)


@pytest.mark.parametrize("language, sentence", [
    ("english", "However, the council has not yet found the money for the repairs."),
    ("english", "Meanwhile, the ferry company says the timetable will not change."),
    ("french", "Cependant, la mairie n'a pas encore trouvé l'argent des travaux."),
    ("french", "Enfin, des salles fraîches seront ouvertes dans les mairies."),
    ("spanish", "Sin embargo, el ayuntamiento todavía no ha encontrado el dinero."),
    ("portuguese", "No entanto, a prefeitura ainda não encontrou o dinheiro para a obra."),
    ("spanish", "De hecho, la alcaldesa ya había anunciado el cierre del puente."),
    ("portuguese", "Ou seja, a obra só deve terminar no fim do ano que vem."),
    ("french", "De son côté, le syndicat réclame une prime pour les agents."),
])
def test_a_sentence_going_on_from_the_one_before_leans_on_it(language, sentence):
    assert "connective" in sentence_defects(sentence, textrules.rules_for(language))


@pytest.mark.parametrize("language, sentence", [
    ("english", "Yesterday, the council approved the money for the repairs."),
    ("english", "So far, twenty families have been moved out of the flats."),
    ("french", "Selon la mairie, les travaux dureront trois semaines."),
    ("spanish", "Según el ayuntamiento, las obras durarán tres semanas."),
])
def test_a_sentence_opening_with_a_day_or_a_source_stands_alone(language, sentence):
    assert "connective" not in sentence_defects(sentence, textrules.rules_for(language))


@pytest.mark.parametrize("language, sentence, stripped", [
    ("english", "So far, twenty families have been moved out of the flats.",
     "So far, twenty families have been moved out of the flats."),
    ("english", "“But we will not leave the island,” the fishermen said on Monday.",
     "“We will not leave the island,” the fishermen said on Monday."),
    ("french", "« Mais nous ne partirons pas », a dit la présidente du club.",
     "« Nous ne partirons pas », a dit la présidente du club."),
    ("spanish", "Por su parte, el club pide más tiempo para pagar la deuda.", "El club pide más tiempo para pagar la deuda."),
])
def test_an_opening_connective_is_dropped_only_where_it_opens_a_clause_and_its_quotation_mark_stays(
        language, sentence, stripped):
    assert textrules.strip_opening_connective(sentence, textrules.rules_for(language)) == stripped


@pytest.mark.parametrize("language, text", [
    ("spanish", "¡Descubre las mejores ofertas de la semana en nuestra tienda online!"),
    ("german", "Die Stadtverwaltung dreht jetzt völlig durch und erhöht alle Gebühren!"),
    ("english", "Readers must be thirteen or older to enter the photo competition!"),
])
def test_an_exclamation_is_no_key_point(language, text):
    assert "exclamation" in point_problems(text, textrules.rules_for(language))
    assert make_point(text, textrules.rules_for(language)) is None


def test_a_trailing_attribution_is_looked_for_after_the_last_comma_alone(monkeypatch):
    # The attribution pattern was tried after every comma of a sentence; what follows its comma holds none.
    from briefing.summarize import keypoints

    searched = []
    pattern = keypoints._ATTRIBUTION

    class Counting:
        def sub(self, replacement, text):
            searched.append(text)
            return pattern.sub(replacement, text)

    monkeypatch.setattr(keypoints, "_ATTRIBUTION", Counting())
    sentence = "The bridge, closed since May, will reopen to cars, buses and bicycles in March, officials said."
    assert keypoints.trim_to_point(sentence) == "The bridge, closed since May, will reopen to cars, buses and bicycles in March."
    assert searched == ["h, officials said."]
    # The same ends found as by the search after every comma, a quotation mark before the last one included.
    for text in ("Fares rise in May, the operator said.", "Fares rise, and the cut ends in May, police said.",
                 "He met the players’, coach said.", "Fares rise, said the operator that runs the line.",
                 "No comma here, said.", ", said the mayor.", "Fares rise,", "Fares rise, she said, and fall."):
        assert keypoints._without_attribution(text) == pattern.sub("", text)


@pytest.mark.parametrize("text, aside", [
    # A whole sentence in brackets is beside the news: an aside, or a note of who owns whom.
    ("(Yes, the harbour's ducklings made the evening news twice that week.)", True),
    ("(The ferry company and this newspaper are owned by the same group.)", True),
    # Brackets inside the sentence, or an agency's name opening it, leave a sentence of the news.
    ("The harbour (built in 1890) reopened on Monday after two years of repairs.", False),
    ("(Photo) The ferry (left) and the tug (right) collided in the harbour on Monday.", False),
])
def test_a_sentence_wholly_in_brackets_is_no_key_point(text, aside):
    assert ("aside" in point_problems(text, textrules.rules_for("english"))) == aside


@pytest.mark.parametrize("language, text, leans", [
    # "As he added, ..." names no one but a pronoun, or no one where the verb carries its subject: said by whom?
    ("english", "As he added, the ministry plans to open two more clinics next spring.", True),
    ("english", "As she told reporters, the ministry plans to open two more clinics.", True),
    ("german", "Wie er sagte, werde das Geld für alle betroffenen Familien reichen.", True),
    ("swedish", "Som hon påpekade tar sjukhuset emot de första patienterna i mars.", True),
    ("polish", "Jak podkreśliła, szpital przyjmie pierwszych pacjentów w marcu.", True),
    ("czech", "Jak uvedl, nemocnice přijme první pacienty už v březnu.", True),
    ("italian", "Come ha aggiunto, il ministero prevede nuovi fondi per gli ospedali.", True),
    ("greek", "Όπως είπε, η κυβέρνηση θα δώσει βοήθεια σε όλους τους πληγέντες.", True),
    ("spanish", "Como dijo, el plan funciona mejor de lo que esperaban en el puerto.", True),
    # An auxiliary or an adverb between "as" and its verb.
    ("english", "As she has noted, the ministry plans to open two more clinics next spring.", True),
    ("spanish", "Como ya dijo, el plan funciona mejor de lo que esperaban en el puerto.", True),
    # The speaker named, before or after the verb; "as" with no verb of saying.
    ("english", "As the minister said, the plan will cost more than the council expected.", False),
    ("english", "As Smith said, the plan will cost more than the council expected.", False),
    ("english", "As expected, the central bank raised its main interest rate on Thursday.", False),
    ("english", "As stated by our Supporter Groups, we also believe the police could manage the event.", False),
    ("german", "Wie der Minister sagte, werde das Geld für alle betroffenen Familien reichen.", False),
    ("polish", "Jak poinformował rzecznik policji, nikt nie zginął w wypadku na autostradzie.", False),
    ("polish", "Jak wynika z danych GUS, ceny wzrosły w marcu o cztery procent.", False),
    ("czech", "Jak uvedl mluvčí policie, nikdo při nehodě na dálnici nezemřel.", False),
    ("italian", "Come ha spiegato il ministro, il piano costerà più del previsto.", False),
    ("greek", "Όπως είπε ο υπουργός, η κυβέρνηση θα δώσει βοήθεια σε όλους.", False),
    ("swedish", "Som väntat höjde Riksbanken styrräntan med en kvarts procentenhet.", False),
    # (Found by a review of the first version of the rule: a speaker after a phrase of time, an agency's name in
    # lower case, a pronoun standing for the name after it, "as noted" with no one where English needs a subject.)
    ("polish", "Jak zapowiedział w czwartek minister zdrowia, szpital przyjmie pacjentów w marcu.", False),
    ("czech", "Jak uvedla ve středu policie, nikdo při nehodě na dálnici nezemřel.", False),
    ("italian", "Come ha spiegato in conferenza stampa il questore, il piano costerà più del previsto.", False),
    ("german", "Wie die dpa berichtete, werde das Geld für alle betroffenen Familien reichen.", False),
    ("german", "Wie berichtet, hat die Stadt den Bau der Brücke im März gestoppt.", False),
    ("english", "As she announced the figures on Wednesday, NatWest chief executive Paul Thwaite said profits rose.",
     False),
    ("english", "As noted by analysts, the bank's profits rose for the third quarter in a row.", False),
])
def test_a_clause_of_saying_with_no_speaker_named_leans_on_the_sentence_before(language, text, leans):
    # "Jak podkreśliła, szpital przyjmie ..." and "Come ha aggiunto, il ministero ..." were key points.
    assert ("pronoun" in point_problems(text, textrules.rules_for(language))) == leans


@pytest.mark.parametrize("language, text", [
    ("german", "Damals waren Tausende Menschen aus ihren Wohnungen geflohen."),
    ("german", "Nach seinen Worten ist die Stadt heute deutlich besser geschützt."),
    ("polish", "Wówczas zginęło 56 osób, a straty oszacowano na ok. 12 mld zł."),
    ("czech", "Tehdy zemřelo na dálnici 14 lidí, o tři více než v předchozím roce."),
    # By whose words? ("According to her, growth ..." was a key point, as "Selon lui, ..." and "Según ellos, ...")
    ("english", "According to her, growth will not exceed 0.8 percent in 2027."),
    ("english", "According to them, the bridge will reopen in the spring."),
    ("french", "Selon elle, la croissance ne dépassera pas 0,8 % en 2027."),
    ("french", "D’après lui, le pont rouvrira au printemps."),
    ("spanish", "Según ellos, estos son los alimentos más sanos del mundo."),
    ("portuguese", "Segundo ele, foi escolhido um alvo isolado, para evitar que civis fossem atingidos."),
])
def test_then_and_by_his_words_lean_on_the_sentence_before(language, text):
    assert "pronoun" in point_problems(text, textrules.rules_for(language))


@pytest.mark.parametrize("language, text", [
    ("english", "According to the IMF, growth will not exceed 0.8 percent in 2027."),
    ("french", "Selon le FMI, la croissance ne dépassera pas 0,8 % en 2027."),
    ("spanish", "Según la OMS, estos son los alimentos más sanos del mundo."),
    ("portuguese", "Segundo o ministro, foi escolhido um alvo isolado."),
])
def test_by_the_words_of_someone_named_stands_alone(language, text):
    assert "pronoun" not in point_problems(text, textrules.rules_for(language))


@pytest.mark.parametrize("language, text", [
    ("german", "„Wir schaffen das“, sagte damals Bundeskanzlerin Angela Merkel in Berlin."),
    ("czech", "„Daně zvyšovat nebudeme,“ řekl tehdy premiér Andrej Babiš na tiskové konferenci."),
    ("polish", "„Nikt nie zostanie sam” – zapowiedział wtedy premier Donald Tusk we Wrocławiu."),
])
def test_a_quotation_said_then_by_a_named_speaker_is_attributed(language, text):
    # "then" leans opening a sentence, yet it names no one: "sagte damals Merkel" lost its speaker to it.
    assert textrules.is_attributed(text, textrules.rules_for(language))


# Swedish, Polish and Czech papers open a paragraph of quoted speech with a dash, its speaker after it: a quotation
# as '"...," he said.' is, a point only with its speaker named, and shown in quotation marks, not with a dash
# left dangling. A Swedish quotation may open with the mark that closes it (”…”).
@pytest.mark.parametrize("language, sentence, point", [
    ("swedish", "– Vi bedömer att det finns utrymme att sänka räntan ytterligare, säger han.", None),
    ("swedish", "– Vi bedömer att det finns utrymme att sänka räntan ytterligare, säger riksbankschefen Erik Thedéen.",
     "”Vi bedömer att det finns utrymme att sänka räntan ytterligare”, säger riksbankschefen Erik Thedéen."),
    ("swedish", "”Vi bedömer att det finns utrymme att sänka räntan ytterligare”, säger han.", None),
    ("swedish", "’Vi bedömer att det finns utrymme att sänka räntan ytterligare’, säger han.", None),
    ("swedish", "– Varför har ingen i kommunen agerat tidigare? frågar Anna Berg, ordförande för föräldraföreningen.",
     "”Varför har ingen i kommunen agerat tidigare?” frågar Anna Berg, ordförande för föräldraföreningen."),
    # A quotation's first sentence, its speaker in the next, names no one; nor a dash's cut at its ", men".
    ("swedish", "– Vi har inget annat val än att korta skoldagen för alla elever.", None),
    ("swedish", "– Det är ett steg i rätt riktning, men hushållen behöver mer, säger hon.", None),
    ("polish", "– To ogromna tragedia dla wielu rodzin, które straciły dorobek życia – powiedział.", None),
    ("polish", "– Miasto wypłaci kupcom pomoc jeszcze w tym tygodniu – dodała wiceprezydent Renata Kaznowska.",
     "„Miasto wypłaci kupcom pomoc jeszcze w tym tygodniu” – dodała wiceprezydent Renata Kaznowska."),
    ("polish", "- Miasto wypłaci kupcom pomoc jeszcze w tym tygodniu - mówił wiceprezydent.",
     "„Miasto wypłaci kupcom pomoc jeszcze w tym tygodniu” - mówił wiceprezydent."),
    ("czech", "– Víc si státní rozpočet v této situaci nemůže dovolit, řekl.", None),
    ("czech", "– Učitelé jsou zklamaní a stávku nevylučujeme, uvedl předseda svazu František Dobšík.",
     "„Učitelé jsou zklamaní a stávku nevylučujeme“, uvedl předseda svazu František Dobšík."),
    # Words after the speaker and a second dash may be the quotation going on, a title or a source: no point is
    # made of the sentence, none of the speaker's words in the reporter's voice.
    ("polish", "– Polska – mówi premier Donald Tusk – nie wyśle swoich żołnierzy na Ukrainę.", None),
    # A pronoun or an object is no speaker, nor is a name in a second clause of the same verb's subject.
    ("polish", "– To jest katastrofa dla całej branży – mówi nam i dodaje, że rząd musi działać.", None),
    ("swedish", "– Det här är en katastrof för hela branschen, säger hon till SVT och tillägger att regeringen måste "
                "agera.", None),
    # The one spoken to is passed over to the speaker named after; a source or the speaker's title after a second
    # dash is no quotation resumed.
    ("polish", "– Ceny wzrosną o 2-3 proc. w przyszłym roku – mówi nam ekonomista Marek Zuber.",
     "„Ceny wzrosną o 2-3 proc. w przyszłym roku” – mówi nam ekonomista Marek Zuber."),
    ("polish", "– Nie wyślemy żołnierzy na Ukrainę – powiedział premier Donald Tusk – podaje PAP.", None),
    # A score's or a range's dash closes no incise.
    ("polish", "– Zagraliśmy świetnie – powiedział trener Legii Gonçalo Feio po meczu wygranym 3–1.",
     "„Zagraliśmy świetnie” – powiedział trener Legii Gonçalo Feio po meczu wygranym 3–1."),
    ("polish", "– Polska – mówi premier Donald Tusk – nie wyśle żołnierzy.", None),
    # An incise closed against a number is closed: the quotation goes on after it, and no point is made of it.
    ("spanish", "—No queremos más promesas —declaró el alcalde, en el cargo desde 2023—, pero no podemos pagar solos "
                "la reconstrucción.", None),
    # A Portuguese incise closed by a spaced dash before the full stop leaves no space before it.
    ("portuguese", "— Vamos reconstruir a cidade inteira — disse o prefeito Eduardo Paes —.",
     "«Vamos reconstruir a cidade inteira» — disse o prefeito Eduardo Paes."),
    ("portuguese", "— Vamos reconstruir — afirmou o prefeito Eduardo Paes —, mas precisamos de ajuda.", None),
    # The quotation's words are as they were said: its "Ale" (but) is no connective of the reporter's to cut.
    ("polish", "– Ale to nie wystarczy, by uratować firmę – powiedział prezydent Rafał Trzaskowski.",
     "„Ale to nie wystarczy, by uratować firmę” – powiedział prezydent Rafał Trzaskowski."),
    # Spanish sets the dash against the first word and closes the speaker's incise with another; Portuguese spaces
    # it. The incise's closing dash before the full stop goes; a quotation that goes on after it keeps it inside.
    ("spanish", "—No queremos una guerra comercial, pero no vamos a quedarnos de brazos cruzados —declaró Šefčovič "
     "ante el Parlamento Europeo.", "«No queremos una guerra comercial, pero no vamos a quedarnos de brazos "
     "cruzados» —declaró Šefčovič ante el Parlamento Europeo."),
    ("spanish", "—Es el peor día de la historia de este pueblo —dijo el alcalde de Paiporta, Vicent Maroto—.",
     "«Es el peor día de la historia de este pueblo» —dijo el alcalde de Paiporta, Vicent Maroto."),
    ("spanish", "—No queremos una guerra comercial —declaró Šefčovič—, pero no vamos a quedarnos de brazos cruzados.",
     None),
    ("spanish", "—Sentimos que la casa se movía como una hamaca en plena noche.", None),
    ("portuguese", "— Não aceitamos mais horas extraordinárias sem pagamento justo — disse à Lusa um cirurgião do "
     "Hospital de São João.", "«Não aceitamos mais horas extraordinárias sem pagamento justo» — disse à Lusa um "
     "cirurgião do Hospital de São João."),
    ("portuguese", "— A água chegou ao segundo andar dos prédios da rua.", None),
])
def test_a_quotation_opened_by_a_dash_is_a_point_only_with_its_speaker_named(language, sentence, point):
    assert make_point(sentence, textrules.rules_for(language)) == point


def test_an_article_with_dash_quotations_has_no_point_of_a_speaker_left_unnamed(config):
    article = make_article([
        "Ponad 40 zastępów straży pożarnej gasi pożar hali magazynowej przy ul. Marywilskiej w Warszawie. "
        "Ogień pojawił się w niedzielę rano. Nikt nie został ranny.",
        "Na miejscu był prezydent Warszawy Rafał Trzaskowski.",
        "– To ogromna tragedia dla wielu rodzin, które straciły dorobek życia – powiedział.",
        "Straty szacowane są wstępnie na ponad 50 mln zł. Na miejscu pracuje prokuratura.",
        "– Miasto wypłaci kupcom pomoc jeszcze w tym tygodniu, bo państwo zawiodło – dodała wiceprezydent "
        "Renata Kaznowska.",
        "Dym był widoczny z odległości kilkunastu km. Policja apeluje do kierowców o omijanie rejonu.",
    ], title="Pożar hali magazynowej w Warszawie", lang="polish")
    points = summarize(article, config, sentences=3).key_points
    assert "„Miasto wypłaci kupcom pomoc jeszcze w tym tygodniu, bo państwo zawiodło” – dodała wiceprezydent " \
           "Renata Kaznowska." in points
    assert not any("powiedział." in point or point[:1] in "–-" for point in points), points
    swedish = make_article([
        "Riksbanken sänker styrräntan med 0,25 procentenheter till 2,25 procent. Beslutet offentliggjordes på "
        "tisdagen. Det är den femte sänkningen i rad.",
        "Riksbankschefen Erik Thedéen säger att inflationen nu är nära målet. ”Vi bedömer att det finns utrymme att "
        "sänka räntan ytterligare under våren”, säger han. Enligt Riksbanken kan räntan sänkas en gång till.",
        "– Det är ett steg i rätt riktning, men hushållen behöver mer stöd i år, säger hon.",
        "Bankerna väntas följa efter. Ekonomer på Nordea hade väntat sig beslutet. Kronan försvagades något efter "
        "beskedet.",
    ], title="Riksbanken sänker räntan", lang="swedish")
    points = summarize(swedish, config, sentences=2).key_points
    assert points and not any("säger han" in point or "hushållen" in point for point in points), points


def test_a_wires_credits_and_notes_are_never_key_points_or_summary(config):
    # An AP and a Reuters story end on their credits, a currency note and a pointer to more coverage: none of
    # it is the news, and a key point of "Associated Press writer ... contributed" reads as nonsense.
    ap = make_article([
        "CHICAGO (AP) — A powerful storm swept across the Midwest on Tuesday, knocking out power to more than "
        "200,000 homes and businesses and toppling trees onto roads and houses.",
        "Wind gusts of more than 70 mph were recorded in parts of Iowa and Illinois, the National Weather Service "
        "said, and forecasters warned that more severe weather was possible through the evening.",
        "Utility crews from neighboring states were sent to help restore service, which could take several days "
        "in the hardest-hit areas, officials said.",
        "No deaths were reported, but at least a dozen people were treated for minor injuries, according to local "
        "hospitals.",
        "___",
        "Associated Press writers John Hanna in Topeka, Kan., and Amy Taxin in Santa Ana, Calif., contributed.",
        "___",
        "Follow AP’s coverage of severe weather at https://apnews.com/hub/weather",
        "This story has been corrected to show that the storm hit on Tuesday, not Monday.",
    ], title="Storm knocks out power to thousands across the Midwest")
    reuters = make_article([
        "TOKYO, March 2 (Reuters) - Japan's exports rose for a third straight month in February, government data "
        "showed on Monday, as demand for chips and cars offset weaker shipments to Europe.",
        "Exports grew 7.8% in February from a year earlier, the Ministry of Finance said, beating economists' "
        "median estimate of a 6.1% gain in a Reuters poll.",
        "Imports fell 0.5% in the year to February, leaving a trade surplus of 586.5 billion yen ($3.95 billion).",
        "The yen has weakened about 4% against the dollar this year, making Japanese goods cheaper abroad.",
        "($1 = 148.4500 yen)",
        "Additional reporting by Leika Kihara in Tokyo; Writing by Sam Holmes; Editing by Lincoln Feast",
    ], title="Japan's exports rise for third month")
    for article in (ap, reuters):
        summary = summarize(article, config, sentences=3)
        shown = [s.text for s in summary.sentences] + list(summary.key_points)
        assert len(summary.key_points) >= 1
        for text in shown:
            assert not re.search(r"contributed|coverage of|corrected|\$1 =|reporting by|writing by", text), text


@pytest.mark.parametrize("language, sentence", [
    # An apostrophe before a word opens no quotation but in Swedish, which opens one with the mark that closes it.
    ("english", "’Tis a sad day for music fans in the band’s hometown."),
    ("italian", "’Ndrangheta, sequestrati beni per 10 milioni di euro a un imprenditore dell’alto Jonio."),
])
def test_an_apostrophe_before_a_word_is_no_quotation_without_its_speaker(language, sentence):
    assert make_point(sentence, textrules.rules_for(language)) == sentence


@pytest.mark.parametrize("language, sentence, attributed", [
    # Two verbs of saying joined with nothing between them share the speaker named after both.
    ("spanish", "«Es una catástrofe para toda la ciudad», dijo y añadió el alcalde Juan Pérez.", True),
    ("portuguese", "«É uma catástrofe para toda a cidade», disse e acrescentou o autarca João Silva.", True),
    ("czech", "„Je to katastrofa pro celé město,“ řekl nám starosta Jan Novák.", True),
    # A Swedish quotation holding another ('nej') is one quotation, which its pronoun leaves unattributed.
    ("swedish", "”Vi fick höra ’det ordnar sig’ hela tiden men inget hände”, säger hon.", False),
])
def test_who_said_a_quotation_is_read_past_a_second_verb_an_object_and_a_nested_quotation(
        language, sentence, attributed):
    rules = textrules.rules_for(language)
    assert textrules.has_quotation(sentence, rules=rules)
    assert textrules.is_attributed(sentence, rules) is attributed


@pytest.mark.parametrize("sentence, marked", [
    # After the speaker and a second dash: the speaker's title, a source, or the quotation going on, which the words
    # do not tell apart: the whole sentence is read as the quotation.
    ("– Nie zgadzam się z tym – mówi Jan Kowalski – prezes Orlenu od 2018 roku.",
     "„Nie zgadzam się z tym – mówi Jan Kowalski – prezes Orlenu od 2018 roku.”"),
    ("– Polska – mówi premier – nie wyśle żołnierzy.", "„Polska – mówi premier – nie wyśle żołnierzy.”"),
    # A speaker's words with nothing after them: the quotation ends before its speaker.
    ("– Nie wyślemy żołnierzy – powiedział premier Donald Tusk.",
     "„Nie wyślemy żołnierzy” – powiedział premier Donald Tusk."),
])
def test_speech_resumed_after_its_speaker_is_read_whole_as_the_quotation(sentence, marked):
    assert textrules.with_speech_marked(sentence, textrules.rules_for("polish")) == marked
