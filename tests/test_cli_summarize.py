import json
import re
from pathlib import Path

from briefing.summarize.tokenize import OfflineTokenizer
from conftest import LONG_ARTICLE, REPO, run_briefing


def test_summarize_json_of_the_example_article(tmp_path):
    result = run_briefing("summarize", str(LONG_ARTICLE), "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["path"] == str(LONG_ARTICLE)
    article_sentences = OfflineTokenizer().to_sentences(" ".join(LONG_ARTICLE.read_text().split()))
    assert len(data["summary"]) == 3
    assert all(sentence in article_sentences for sentence in data["summary"])
    assert 3 <= len(data["key_points"]) <= 5
    assert not set(data["key_points"]) & set(data["summary"])
    assert [s["text"] for s in data["sentences"]] == data["summary"]
    # No state is touched.
    assert not (tmp_path / ".briefing").exists() and not (tmp_path / "out").exists()


def test_summarize_order_rank_lists_best_first(tmp_path):
    result = run_briefing("summarize", str(LONG_ARTICLE), "--json", "--order", "rank", cwd=tmp_path)
    ranks = [s["rank"] for s in json.loads(result.stdout)["sentences"]]
    assert ranks == [1, 2, 3]


def test_summarize_many_files_gives_one_object_per_line_and_reports_bad_ones(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    seeds = sorted(str(p) for p in (REPO / "seeds").iterdir())
    result = run_briefing("summarize", *seeds, str(tmp_path / "empty.txt"), "--json", "--sentences", "2", cwd=tmp_path)
    assert result.code == 1
    lines = result.stdout.strip().splitlines()
    assert [json.loads(line)["path"] for line in lines] == seeds
    assert all(len(json.loads(line)["summary"]) == 2 for line in lines)
    assert "empty.txt: no article text" in result.stderr


def test_summarize_plain_text_output(tmp_path):
    result = run_briefing("summarize", str(LONG_ARTICLE), "--words", "50", cwd=tmp_path)
    assert result.code == 0
    assert result.stdout.startswith("Long article\n")
    assert "\n- " in result.stdout


def test_summarize_json_says_what_was_read_from_each_file(tmp_path):
    from conftest import write_seed

    seeds = REPO / "seeds"
    write_seed(tmp_path, "meta.md", "---\ntitle: Zeitung\nsource: Gazette\nurl: https://example.org/a\n"
               "date: 25 November 2026\nauthor: Ana Ruiz\n---\n\n" + (REPO / "seeds" / "rail-talks.md").read_text(
                   ).split("---", 2)[2])
    write_seed(tmp_path, "bad-date.md", "---\npublished: yesterday\n---\n\n# Rail talks resume\n\n"
               + LONG_ARTICLE.read_text())
    files = [str(seeds / "heatwave-harvest.txt"), str(seeds / "city-library-ends-late-fees.html"),
             str(tmp_path / "meta.md"), str(tmp_path / "bad-date.md")]
    result = run_briefing("summarize", *files, "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    text, html, meta, bad_date = (json.loads(line) for line in result.stdout.splitlines())
    assert (text["title"], text["title_from"], text["language"]) == ("Heatwave harvest", "file name", "english")
    assert (text["source"], text["url"], text["published"], text["author"]) == (None, None, None, None)
    assert html["title_from"] == "html" and html["language"] == "english"
    assert (meta["title"], meta["title_from"], meta["source"], meta["url"], meta["published"], meta["author"]) == (
        "Zeitung", "front matter", "Gazette", "https://example.org/a", "2026-11-25", "Ana Ruiz")
    assert (bad_date["title"], bad_date["title_from"], bad_date["published"]) == ("Rail talks resume", "heading", None)
    # The date that could not be read is a warning, not a skipped file.
    assert result.stderr == (f"briefing: {tmp_path / 'bad-date.md'}: front matter 'published' is not a date "
                             "briefing can read ('yesterday'): left out\n")


def test_summarize_json_gives_the_language_of_the_text_or_of_its_lang(tmp_path):
    from conftest import write_seed

    german = ("Der Stadtrat hat am Montag den neuen Haushalt beschlossen. Die Ausgaben für die Schulen steigen um "
              "fünf Prozent, und die Bibliotheken bekommen mehr Geld. Der Bürgermeister sagte, dass die Stadt "
              "damit die Versprechen aus dem Wahlkampf einhalte. Die Opposition kritisierte, dass die Schulden "
              "weiter wachsen und dass die Gebühren für die Bürger nicht sinken.")
    write_seed(tmp_path, "haushalt.txt", german)
    write_seed(tmp_path, "marked.md", f"---\nlang: fr\n---\n\n{german}")
    result = run_briefing("summarize", "haushalt.txt", "marked.md", "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert [json.loads(line)["language"] for line in result.stdout.splitlines()] == ["german", "french"]


LORRY_CRASH_DE = """\
---
lang: de
title: Unfall auf der A3 bei Köln
---

Auf der Autobahn 3 bei Köln ist am Sonntagabend ein Lastwagen mit einem Reisebus zusammengestoßen. Dabei wurden elf Menschen verletzt, drei von ihnen schwer.

Das teilte die Polizei am Montag mit. Der Fahrer des Lastwagens hatte nach ersten Erkenntnissen das Ende eines Staus übersehen. Die Autobahn war in Richtung Frankfurt bis zum Morgen gesperrt, weil Gutachter die Unfallstelle untersuchten und die Fahrzeuge geborgen werden mussten.

Das geht aus einem Bericht der Autobahnpolizei hervor, der am Dienstag vorgestellt wurde. Die Staatsanwaltschaft ermittelt gegen den 52 Jahre alten Fahrer wegen fahrlässiger Körperverletzung. Der Busunternehmer kündigte an, die Reisenden mit einem Ersatzbus nach Hause zu bringen, nachdem die Polizei die Strecke wieder freigegeben hatte.

Der Sprecher der Staatsanwaltschaft in Köln wies am Dienstag ausdrücklich darauf hin: Die Ermittlungen gegen den Fahrer dauern an und könnten noch Monate dauern. Der Verkehrsminister forderte mehr Kontrollen der Lenkzeiten von Lastwagenfahrern auf den Autobahnen des Landes.
"""


def test_no_german_key_point_is_a_das_that_says_what_or_a_verb_that_announces_nothing(tmp_path):
    """ "Das teilte die Polizei am Montag mit." (said so: what?) and "Das geht aus einem Bericht ... hervor"
    were key points alone, and "... wies am Dienstag ausdrücklich darauf hin." was one cut at its colon."""
    from conftest import write_seed

    write_seed(tmp_path, "unfall.md", LORRY_CRASH_DE)
    result = run_briefing("summarize", "unfall.md", "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    points = json.loads(result.stdout)["key_points"]
    assert len(points) >= 3
    assert not [p for p in points if p.startswith("Das ") or p.endswith("darauf hin.")], points


PORT_STRIKE_ES = """\
---
lang: es
title: El puerto de Valencia cierra dos muelles por la huelga de estibadores
---

El puerto de Valencia cerró este martes dos de sus muelles de carga por la huelga de los estibadores, que reclaman un nuevo convenio colectivo desde hace más de un año.

La ministra de Transportes se reunió por la tarde con los representantes del sindicato mayoritario en Madrid. Dijo que el Gobierno no aceptará un convenio que suba los costes de las navieras por encima de la inflación.

Añadió que las conversaciones seguirán el jueves y que confía en un acuerdo antes de fin de mes, cuando llegan los barcos de la campaña de Navidad.

Los exportadores de cítricos calculan que cada día de huelga les cuesta cerca de dos millones de euros en fruta que no sale a tiempo hacia los mercados del norte de Europa.

Según la autoridad portuaria, más de cuarenta buques esperan frente a la costa para descargar. Aseguró que los contenedores de medicamentos y alimentos frescos tendrán prioridad cuando se reabran los muelles.

El sindicato convocó una manifestación para el sábado frente a la sede de la autoridad portuaria y anunció que la huelga será indefinida si no hay una propuesta por escrito.
"""


def test_no_spanish_key_point_opens_with_a_verb_of_saying_whose_speaker_is_left_behind(tmp_path):
    """ "Añadió que ..." and "Aseguró que ..." (who did?) were key points; the summary keeps "Dijo que ..."
    after the sentence that names the minister."""
    from conftest import write_seed

    write_seed(tmp_path, "huelga.md", PORT_STRIKE_ES)
    result = run_briefing("summarize", "huelga.md", "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert len(summary["key_points"]) >= 3
    assert not [p for p in summary["key_points"] if p.startswith(("Añadió", "Aseguró", "Dijo"))], summary["key_points"]
    texts = [s["text"] for s in summary["sentences"]]
    said = [i for i, text in enumerate(texts) if text.startswith("Dijo que")]
    assert all(i > 0 and texts[i - 1].startswith("La ministra") for i in said), texts


# --- summarize --story: several reports of one event as one story -------------------------------------

BRIDGE_REPORTS = [REPO / "seeds" / "harbour-bridge-reopens.txt", REPO / "tests" / "data" / "bridge-update.md"]


def story_json(tmp_path, *args):
    result = run_briefing("summarize", "--story", "--json", *map(str, BRIDGE_REPORTS), *args, cwd=tmp_path)
    assert result.code == 0, result.stderr
    (line,) = result.stdout.splitlines()  # one object for the story, not one per file
    return json.loads(line)


def test_summarize_story_json_is_one_story_with_every_sentence_sourced(tmp_path):
    story = story_json(tmp_path, "--words", "100")
    paths = {str(p) for p in BRIDGE_REPORTS}
    assert {r["path"] for r in story["reports"]} == paths
    assert all(r["title"] and r["language"] == "english" for r in story["reports"])
    assert story["title"] in {r["title"] for r in story["reports"]}
    texts = {path: " ".join(Path(path).read_text(encoding="utf-8").split()) for path in paths}
    for item in story["summary"] + story["key_points"]:
        assert item["path"] in paths
    for item in story["summary"]:
        assert item["text"] in texts[item["path"]]  # each sentence is its report's own
    # Drawn from across the reports, within the same length setting as one summary.
    assert {item["path"] for item in story["summary"] + story["key_points"]} == paths
    assert sum(len(item["text"].split()) for item in story["summary"]) <= 100
    shown = {item["text"] for item in story["summary"]}
    assert story["key_points"] and not shown & {item["text"] for item in story["key_points"]}
    assert not (tmp_path / ".briefing").exists() and not (tmp_path / "out").exists()


def test_summarize_story_is_the_story_the_briefing_shows(tmp_path):
    workdir = tmp_path / "work"
    (workdir / "seeds").mkdir(parents=True)
    for path in BRIDGE_REPORTS:
        (workdir / "seeds" / path.name).write_bytes(path.read_bytes())
    ran = run_briefing("run", "--date", "2026-11-25", cwd=workdir)
    assert ran.code == 0, ran.stderr
    (day_story,) = json.loads((workdir / "out" / "2026-11-25.json").read_text(encoding="utf-8"))["stories"]
    story = story_json(tmp_path)
    assert [s["text"] for s in story["summary"]] == [s["text"] for s in day_story["summary"]]
    assert [s["text"] for s in story["key_points"]] == [s["text"] for s in day_story["key_points"]]
    assert [Path(s["path"]).name for s in story["summary"]] == [s["path"] for s in day_story["summary"]]


def test_summarize_story_text_marks_each_sentence_with_its_report(tmp_path):
    result = run_briefing("summarize", "--story", *map(str, BRIDGE_REPORTS), cwd=tmp_path)
    assert result.code == 0, result.stderr
    title, summary, *rest = [block for block in result.stdout.split("\n\n") if block.strip()]
    assert re.fullmatch(r"(?:[^\[\]]+ \[[12]\])+", summary.strip().replace("\n", " "))
    # The reports, numbered as the marks are: the lead first.
    sources = [re.fullmatch(r"\[(\d)\] (.+?): .+", line).groups() for line in rest[-1].splitlines()]
    assert sorted(sources) == sorted(zip(("1", "2"), (str(p) for p in BRIDGE_REPORTS))) or \
        sorted(sources) == sorted(zip(("1", "2"), (str(p) for p in reversed(BRIDGE_REPORTS))))


def test_summarize_story_skips_a_bad_file_and_says_so(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    result = run_briefing("summarize", "--story", "--json", str(tmp_path / "empty.txt"), *map(str, BRIDGE_REPORTS),
                          cwd=tmp_path)
    assert result.code == 1
    assert result.stderr.count("\n") == 1 and "skipped" in result.stderr and "empty.txt" in result.stderr
    assert {r["path"] for r in json.loads(result.stdout)["reports"]} == {str(p) for p in BRIDGE_REPORTS}
    nothing = run_briefing("summarize", "--story", str(tmp_path / "empty.txt"), cwd=tmp_path)
    assert nothing.code == 1 and nothing.stdout == ""


def test_summarize_story_reads_a_report_given_twice_once(tmp_path):
    # The same file named twice, and a copy of a report under another name: one report each, cited once.
    copy = tmp_path / "copy.md"
    copy.write_bytes(BRIDGE_REPORTS[1].read_bytes())
    result = run_briefing("summarize", "--story", "--json", *map(str, BRIDGE_REPORTS), str(BRIDGE_REPORTS[0]),
                          str(copy), cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert [r["path"] for r in json.loads(result.stdout)["reports"]].count(str(BRIDGE_REPORTS[0])) == 1
    assert {r["path"] for r in json.loads(result.stdout)["reports"]} == {str(p) for p in BRIDGE_REPORTS}
    lines = result.stderr.splitlines()
    assert len(lines) == 2 and all("same content as" in line for line in lines)
    assert str(copy) in lines[1] and str(BRIDGE_REPORTS[1]) in lines[1]


def test_summarize_json_is_utf8_and_skipped_names_printable_whatever_the_file_names_hold(tmp_path):
    # A real process: what reaches the pipe is bytes, written as the interpreter writes them.
    import os
    import subprocess
    import sys

    odd = os.fsdecode(b"bad\xffname.txt")
    (tmp_path / odd).write_bytes(LONG_ARTICLE.read_bytes())
    (tmp_path / "red\x1b[31m.txt").write_text("")
    completed = subprocess.run([sys.executable, "-m", "briefing", "summarize", "--json", odd, "red\x1b[31m.txt"],
                               cwd=tmp_path, capture_output=True, timeout=120)
    assert completed.returncode == 1
    record = json.loads(completed.stdout.decode("utf-8"))  # strict: no raw byte 0xFF
    assert record["path"] == odd and len(record["summary"]) >= 1
    assert b"\x1b" not in completed.stderr and b"red\\x1b[31m.txt: no article text" in completed.stderr
    # With --story, each path the same way (it was "bad\\udcffname.txt", a backslash and letters).
    story = subprocess.run([sys.executable, "-m", "briefing", "summarize", "--story", "--json", odd], cwd=tmp_path,
                           capture_output=True, timeout=120)
    told = json.loads(story.stdout.decode("utf-8"))
    assert [report["path"] for report in told["reports"]] == [odd] and told["summary"][0]["path"] == odd


def test_a_title_from_a_file_name_in_nfd_is_nfc_as_every_other_text(tmp_path):
    """A Mac's HFS+ writes "café" in a name as e and a combining accent (NFD). Every text of a seed is made
    NFC where it is read, but a title taken from the file name kept the name's form: "Café" in it was not the
    word "Café" of the text, nor of another report's headline."""
    import unicodedata

    name = unicodedata.normalize("NFD", "café-closes-après-forty-years.txt")
    (tmp_path / name).write_text("The café on the corner will close next month after forty years, its owners said "
                                 "on Monday. Regulars gathered on Saturday to share memories of the café.\n")
    result = run_briefing("summarize", "--json", name, cwd=tmp_path)
    record = json.loads(result.stdout)
    assert record["title"] == "Caf\u00e9 closes apr\u00e8s forty years" and record["title_from"] == "file name"
    assert record["path"] == name  # the file's own name, as it is


def test_summarize_help_names_every_json_field_it_prints(tmp_path):
    import re

    from conftest import run_briefing

    text = " ".join(run_briefing("summarize", "--help", cwd=tmp_path).stdout.split())
    json_part, story_part = text.split("--json prints one object per file:")[1].split("--story summarises")
    assert "language_known" in json_part
    reports = re.search(r"reports \(([^)]*)\)", story_part).group(1)
    assert [f.strip() for f in reports.split(",")] == ["path", "title", "source", "url", "published", "language",
                                                        "language_known"]


def test_a_name_written_with_an_exclamation_mark_is_no_end_of_a_summary_sentence(tmp_path):
    # The article writes "Yahoo!" as a name ("Yahoo! said"): "according to Yahoo! Finance" was cut after the "!".
    (tmp_path / "yahoo.txt").write_text(
        "Web portal sells its news arm\n\n"
        "Yahoo! said on Monday that it would sell its news arm to a media group for 200 million dollars.\n\n"
        "Shares in the media group rose 4% in early trading, according to Yahoo! Finance data from the exchange.\n\n"
        "The sale needs the approval of regulators, who will look at it over the summer months.\n", encoding="utf-8")
    result = run_briefing("summarize", "yahoo.txt", "--json", "--sentences", "3", cwd=tmp_path)
    assert result.code == 0, result.stderr
    assert json.loads(result.stdout)["summary"][1] == (
        "Shares in the media group rose 4% in early trading, according to Yahoo! Finance data from the exchange.")


# Reports written for these tests: a Greek one with the ano teleia (·) inside a quotation and a quoted
# question before its speaker, a Polish one whose verbs of saying leave out their subject.
HARBOUR_STORM_EL = """\
Καταιγίδα έκλεισε το λιμάνι του Βόλου

ΒΟΛΟΣ. Ισχυρή καταιγίδα έπληξε χθες το βράδυ τον Βόλο και το λιμάνι έκλεισε για όλα τα πλοία.

«Τα κύματα ξεπέρασαν τα τέσσερα μέτρα· κανένα πλοίο δεν μπορούσε να δέσει με ασφάλεια», δήλωσε ο λιμενάρχης Νίκος Παππάς. Περίπου 600 επιβάτες έμειναν στην προβλήτα μέχρι τα μεσάνυχτα.

«Πότε θα φύγουμε; Κανείς δεν μας λέει τίποτα;» ρωτούσε η κ. Μαρία Δήμου, που ταξίδευε για τη Σκιάθο με τα δύο παιδιά της. Ο δήμος άνοιξε το κλειστό γυμναστήριο για όσους δεν βρήκαν δωμάτιο.

Η Πυροσβεστική δέχτηκε 85 κλήσεις για πεσμένα δέντρα και πλημμυρισμένα υπόγεια. Σύμφωνα με την ΕΜΥ, τα πρώτα δρομολόγια θα ξεκινήσουν σήμερα το μεσημέρι, αν εξασθενήσουν οι άνεμοι.
"""

KENNEL_LAW_PL = """\
Sejm zakazał trzymania psów na łańcuchach

WARSZAWA. Sejm przyjął w piątek ustawę, która zakazuje trzymania psów na łańcuchach przez całą dobę.

Projekt poparło 402 posłów, a przeciw było 21. Posłanka Anna Nowak mówiła z mównicy o psach, które całe życie spędzają na uwięzi. Przypomniała, że według organizacji prozwierzęcych na łańcuchach żyje w Polsce nawet milion psów.

Minister rolnictwa zapowiedział pomoc dla rolników, którzy będą musieli zbudować kojce. Dodał w rozmowie z dziennikarzami, że pierwsze dotacje trafią do gmin jeszcze w tym roku.

Kojce będą musiały mieć co najmniej 10 metrów kwadratowych powierzchni. Za złamanie przepisów grozi grzywna do 5 tysięcy złotych. Ustawą zajmie się teraz Senat.
"""


def test_a_greek_report_gives_whole_sentences_at_its_semicolons_and_quoted_questions(tmp_path):
    """A Greek sentence was cut at its semicolon (·) and shown in halves ("«Τα κύματα ... τέσσερα μέτρα·»"),
    and a quoted question's speaker was a sentence of its own ("ρωτούσε η κ. Μαρία Δήμου, ...")."""
    from conftest import write_seed

    write_seed(tmp_path, "volos.txt", HARBOUR_STORM_EL)
    result = run_briefing("summarize", "volos.txt", "--json", "--sentences", "30", cwd=tmp_path)
    assert result.code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["language"] == "greek"
    texts = [s["text"] for s in summary["sentences"]]
    assert ("«Τα κύματα ξεπέρασαν τα τέσσερα μέτρα· κανένα πλοίο δεν μπορούσε να δέσει με ασφάλεια», δήλωσε ο "
            "λιμενάρχης Νίκος Παππάς.") in texts
    # (The second question shown with the mark that opens it, as a quotation cut in two is.)
    assert ("«Κανείς δεν μας λέει τίποτα;» ρωτούσε η κ. Μαρία Δήμου, που ταξίδευε για τη Σκιάθο με τα δύο παιδιά "
            "της.") in texts
    assert not [text for text in texts if text[:1].islower() or text.endswith("·»")], texts


def test_no_polish_key_point_opens_with_a_verb_of_saying_whose_speaker_is_left_behind(tmp_path):
    """ "Przypomniała, że ..." (she reminded: who?) and "Dodał w rozmowie z dziennikarzami, że ..." were key
    points: Polish, as Czech, leaves the subject out and closes the verb's clause with a comma before "że"."""
    from conftest import write_seed

    write_seed(tmp_path, "psy.txt", KENNEL_LAW_PL)
    result = run_briefing("summarize", "psy.txt", "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["language"] == "polish"
    assert len(summary["key_points"]) >= 3
    assert not [p for p in summary["key_points"] if p.startswith(("Przypomniała", "Dodał"))], summary["key_points"]


BUDGET_CS = """\
Vláda schválila návrh rozpočtu se schodkem 230 miliard

Vláda v pondělí schválila návrh státního rozpočtu na příští rok se schodkem 230 miliard korun. Příjmy státu mají dosáhnout 2,2 bilionu korun, výdaje 2,4 bilionu.

Novinářům to po jednání kabinetu řekl ministr financí Zbyněk Stanjura (ODS).

Nejvíce peněz půjde na důchody a na obranu. Schodek je o 22 miliard nižší než letos.

Uvedla to mluvčí ministerstva financí Petra Vojtová.

Sněmovna bude o rozpočtu hlasovat v září.

Informoval o tom také server iDNES.cz.
"""

WAREHOUSE_FIRE_PL = """\
Pożar hali magazynowej pod Wrocławiem

W nocy z poniedziałku na wtorek spłonęła hala magazynowa w Bielanach Wrocławskich. Z ogniem walczyło ponad 30 zastępów straży pożarnej. Nikt nie został ranny.

Poinformowała o tym rzeczniczka dolnośląskiej straży pożarnej Anna Kowalska.

Hala należała do firmy logistycznej, która przechowywała w niej elektronikę i meble. Straty mogą sięgnąć kilkudziesięciu milionów złotych.

Przekazał to portal Gazety Wrocławskiej.

Przyczyny pożaru wyjaśnia prokuratura. Biegli mają zbadać instalację elektryczną budynku. Droga krajowa nr 35 była przez kilka godzin zamknięta.

Powiedział to w rozmowie z PAP wojewoda dolnośląski Maciej Awiżeń.
"""


def test_no_czech_or_polish_key_point_only_says_who_said_it(tmp_path):
    """ "Uvedla to mluvčí ministerstva ...", "Informoval o tom také server iDNES.cz." and "Poinformowała o tym
    rzeczniczka ..." (said what?) were key points."""
    from conftest import write_seed

    write_seed(tmp_path, "rozpocet.txt", BUDGET_CS)
    write_seed(tmp_path, "pozar.txt", WAREHOUSE_FIRE_PL)
    result = run_briefing("summarize", "rozpocet.txt", "pozar.txt", "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    czech, polish = map(json.loads, result.stdout.splitlines())
    assert (czech["language"], polish["language"]) == ("czech", "polish")
    points = czech["key_points"] + polish["key_points"]
    assert len(czech["key_points"]) >= 3 and len(polish["key_points"]) >= 3
    said = ("Uvedla to", "Informoval o tom", "Novinářům to", "Poinformowała o tym", "Przekazał to", "Powiedział to")
    assert not [point for point in points if point.startswith(said)], points


def test_summarize_makes_no_greedy_run_for_a_story_it_offers_none(tmp_path, monkeypatch):
    """A file summarised alone is offered to no story: the order its sentences would be offered in (with
    English's lexicon, a greedy choice of its own: 6% of `briefing summarize`) is not made."""
    from briefing.summarize.newsrank import NewsRankSummarizer

    def offered_order(self, analysis):
        raise AssertionError("the story's order was made")

    before = run_briefing("summarize", str(LONG_ARTICLE), "--json", cwd=tmp_path)
    monkeypatch.setattr(NewsRankSummarizer, "_order_without_lexicon", offered_order)
    after = run_briefing("summarize", str(LONG_ARTICLE), "--json", cwd=tmp_path)
    assert after.code == 0 and after.stdout == before.stdout


def test_pages_with_odd_structured_data_are_summarised_among_the_others(tmp_path):
    """A JSON-LD headline that is a number ended `summarize` with an internal error (exit 70) before the
    files after it; a date-time offset of +25:00 had its page skipped as having no text."""
    lines = ["The harbour authority closed the northern pier on Tuesday after storm damage was found.",
             "Engineers said repairs would take at least three weeks and cost about two million euros.",
             "Ferries will use the southern pier until the work is finished, the authority told passengers."]
    text = "".join(f"<p>{line}</p>" for line in lines)
    numbered = (tmp_path / "numbered.html")
    numbered.write_text(f'<html><head><title>Storm closes pier</title><script type="application/ld+json">'
                        f'{{"@type": "NewsArticle", "headline": 5}}</script></head>'
                        f"<body><article><h1>Storm closes pier</h1>{text}</article></body></html>")
    offset = tmp_path / "offset.html"
    offset.write_text("<html><head><title>Storm closes pier</title></head><body><article><h1>Storm closes pier</h1>"
                      f"<time datetime='2026-11-25T10:00:00+25:00'>Wednesday</time>{text}</article></body></html>")
    plain = tmp_path / "plain.txt"
    plain.write_text("Pier closed\n\n" + " ".join(lines))
    result = run_briefing("summarize", str(numbered), str(offset), str(plain), "--json", cwd=tmp_path)
    assert result.code == 0, result.stderr
    found = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["path"] for item in found] == [str(numbered), str(offset), str(plain)]
    assert [item["title"] for item in found] == ["Storm closes pier", "Storm closes pier", "Pier closed"]
    assert found[1]["published"] == "2026-11-25"
