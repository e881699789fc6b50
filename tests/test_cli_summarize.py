import json

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
