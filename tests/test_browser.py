"""The HTML briefing and the archive in a real browser: Debian's chromium, headless, started here.

Screenshots at phone and desktop width are saved under tests/output/.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, SAMPLE_SEEDS, age_files, article_text, run_briefing, write_seed

OUTPUT = REPO / "tests" / "output"
DAYS = ("2026-11-24", "2026-11-25")
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    executable = chromium_path()
    if executable is None:
        message = "chromium is not installed (apt-get install -y chromium; .ci/run does this)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    process = subprocess.Popen(
        [executable, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 30
        while not port_file.exists() or not port_file.read_text().strip():
            assert process.poll() is None, "chromium exited at start"
            assert time.monotonic() < deadline, "chromium did not open its DevTools port"
            time.sleep(0.05)
        port = port_file.read_text().split()[0]
        with sync_playwright() as playwright:
            connected = playwright.chromium.connect_over_cdp(f"http://127.0.0.1:{port}")
            yield connected
            connected.close()
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Briefings of two days, made by the real CLI from the sample seeds and one more article."""
    folder = tmp_path_factory.mktemp("site")
    shutil.copytree(SAMPLE_SEEDS, folder / "seeds")
    age_files(folder / "seeds")
    # The briefing's zone: a report's time (07:30+01:00) is shown in it, whatever the machine's zone.
    (folder / "briefing.toml").write_text('timezone = "Europe/Paris"\n', encoding="utf-8")
    assert run_briefing("run", "--date", DAYS[1], cwd=folder).code == 0
    # An earlier day written later: its neighbour's "previous day" link must appear.
    write_seed(folder / "seeds", "ferry.txt", article_text("ferry"))
    assert run_briefing("run", "--date", DAYS[0], cwd=folder).code == 0
    return folder / "out"


class Watched:
    """A page with every console error, page error and non-local request recorded."""

    def __init__(self, browser, viewport: dict, color_scheme: str = "light") -> None:
        self.context = browser.new_context(viewport=viewport, color_scheme=color_scheme)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type in ("error", "warning") else None)
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("request", lambda r: self.requests.append(r.url))

    def open(self, path: Path) -> None:
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def close(self) -> None:
        self.context.close()

    def assert_clean(self) -> None:
        assert self.errors == []
        # Self-contained: nothing is fetched but the local pages themselves.
        assert [url for url in self.requests if not url.startswith("file://")] == []


@pytest.fixture
def watched(browser):
    opened: list[Watched] = []

    def open_page(viewport: dict = DESKTOP, color_scheme: str = "light") -> Watched:
        page = Watched(browser, viewport, color_scheme)
        opened.append(page)
        return page

    yield open_page
    for page in opened:
        page.close()


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_briefing_loads_cleanly_and_is_screenshotted(site, watched, name, viewport, scheme):
    view = watched(viewport, scheme)
    view.open(site / f"{DAYS[1]}.html")
    view.assert_clean()
    page = view.page
    assert page.title() == "Daily briefing: Wednesday 25 November 2026"
    assert page.evaluate("document.documentElement.lang") == "en"
    # Nothing wider than the screen: no sideways scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / f"briefing-{name}-{scheme}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_contents_links_reach_their_stories(site, watched, viewport):
    view = watched(viewport)
    view.open(site / f"{DAYS[1]}.html")
    page = view.page
    links = page.locator("nav.contents a")
    count = links.count()
    assert count == 5 == page.locator("article.story").count()
    for number in range(count):
        link = links.nth(number)
        title, href = link.inner_text(), link.get_attribute("href")
        link.click()
        page.wait_for_function("hash => location.hash === hash", arg=href)
        target = page.evaluate("""() => {
            const target = document.querySelector(':target');
            const box = target.getBoundingClientRect();
            return {id: target.id, text: target.textContent, top: box.top, bottom: box.bottom,
                    story: target.closest('article.story') !== null, height: innerHeight};
        }""")
        assert "#" + target["id"] == href
        assert target["text"] == title and target["story"]
        # Scrolled to: the heading is on screen.
        assert 0 <= target["top"] and target["bottom"] <= target["height"]
    view.assert_clean()


def test_page_has_landmarks_and_each_story_its_parts(site, watched):
    view = watched()
    view.open(site / f"{DAYS[1]}.html")
    page = view.page
    roles = page.evaluate("""() => ({
        main: document.querySelectorAll('main').length,
        banner: document.querySelectorAll('body > header').length,
        navs: [...document.querySelectorAll('nav')].map(n => n.getAttribute('aria-label') ||
              document.getElementById(n.getAttribute('aria-labelledby')).textContent),
        firstSection: document.querySelector('main > section h2').textContent,
    })""")
    assert roles["main"] == 1 and roles["banner"] == 1
    assert "Contents" in roles["navs"] and "Other days" in roles["navs"]
    # The key points of the day come first, before the contents and the stories.
    assert roles["firstSection"] == "Key points of the day"
    rail = page.locator("article.story", has_text="Rail union")
    assert rail.locator("h2").count() == 1
    byline = rail.locator("h2 + p").inner_text()
    assert "Transport Weekly" in byline and "25 Nov 2026, 07:30" in byline and "min read" in byline
    assert rail.locator("h3", has_text="Key points").count() == 1 and rail.locator("ul li").count() >= 3
    solar = page.locator("article.story", has_text="solar")
    assert solar.locator("a", has_text="Valley Gazette").get_attribute("href") == "https://example.org/news/solar-cooperative"


CONTRAST = """() => {
    const channel = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    const rgb = text => text.match(/[\\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
    const background = element => {
        for (let e = element; e; e = e.parentElement) {
            const colour = rgb(getComputedStyle(e).backgroundColor);
            if (colour.length < 4 || colour[3] > 0) return colour;
        }
        return rgb(getComputedStyle(document.documentElement).backgroundColor);
    };
    const worst = [];
    for (const element of document.querySelectorAll('h1, h2, h3, p, li, a, small, span, time')) {
        if (!element.textContent.trim() || !element.getClientRects().length) continue;
        const fg = luminance(rgb(getComputedStyle(element).color)), bg = luminance(background(element));
        const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
        worst.push([ratio, element.tagName, element.textContent.slice(0, 40)]);
    }
    return worst.sort((a, b) => a[0] - b[0]).slice(0, 3);
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("page_name", [f"{DAYS[1]}.html", "index.html"])
def test_text_contrast_meets_wcag_aa(site, watched, scheme, page_name):
    view = watched(DESKTOP, scheme)
    view.open(site / page_name)
    worst = view.page.evaluate(CONTRAST)
    assert worst and worst[0][0] >= 4.5, worst
    if scheme == "dark":
        assert view.page.evaluate("getComputedStyle(document.body).backgroundColor") != "rgb(253, 253, 251)"


def test_print_leaves_out_navigation_and_keeps_the_stories(site, watched):
    view = watched()
    view.open(site / f"{DAYS[1]}.html")
    page = view.page
    page.emulate_media(media="print", color_scheme="dark")
    shown = page.evaluate("""() => ({
        site: [...document.querySelectorAll('.site')].map(e => getComputedStyle(e).display),
        contents: getComputedStyle(document.querySelector('nav.contents')).display,
        stories: [...document.querySelectorAll('article.story')].filter(e => e.offsetHeight > 0).length,
        background: getComputedStyle(document.body).backgroundColor,
        linkAfter: getComputedStyle(document.querySelector('article.story a[href^="http"]'), '::after').content,
    })""")
    assert set(shown["site"]) == {"none"} and shown["contents"] == "none"
    assert shown["stories"] == 5
    assert shown["background"] == "rgb(255, 255, 255)"
    assert "https://example.org/news/solar-cooperative" in shown["linkAfter"]
    pdf = page.pdf()
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / "briefing-print.pdf").write_bytes(pdf)
    assert pdf.startswith(b"%PDF")


@pytest.mark.parametrize("name, viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_archive_lists_briefings_newest_first_and_links_between_days(site, watched, name, viewport):
    view = watched(viewport)
    view.open(site / "index.html")
    page = view.page
    OUTPUT.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(OUTPUT / f"index-{name}.png"), full_page=True)
    rows = page.locator("main li")
    assert rows.count() == 2
    assert [rows.nth(i).locator("time").get_attribute("datetime") for i in range(2)] == [DAYS[1], DAYS[0]]
    assert "5 stories" in rows.nth(0).inner_text() and "1 story" in rows.nth(1).inner_text()

    # Archive -> newest day -> previous day -> next day -> archive.
    rows.nth(0).locator("a").first.click()
    page.wait_for_url(f"**/{DAYS[1]}.html")
    assert page.locator("article.story").count() == 5
    assert page.locator("header.site a[rel=next]").count() == 0
    page.locator("header.site a[rel=prev]").click()
    page.wait_for_url(f"**/{DAYS[0]}.html")
    assert page.locator("article.story").count() == 1
    assert page.locator("header.site a[rel=prev]").count() == 0
    page.locator("footer.site a[rel=next]").click()
    page.wait_for_url(f"**/{DAYS[1]}.html")
    page.locator("header.site a", has_text="All briefings").click()
    page.wait_for_url("**/index.html")
    view.assert_clean()


# --- a big day: the editor's page ------------------------------------------------------------------

SECTIONS = ("world", "business", "science")


@pytest.fixture(scope="module")
def big_day(tmp_path_factory) -> Path:
    """A day of 300 reports: 100 events with 1 to 5 reports each, from different outlets, in three sections."""
    folder = tmp_path_factory.mktemp("big-day")
    reports = 0
    for event in range(100):
        topic = f"event{event:03d}"
        body = article_text(topic, sentences=10)
        for outlet in range(event % 5 + 1):
            section = SECTIONS[event % 3]
            write_seed(folder / "seeds" / section, f"{topic}-{outlet}.md",
                       f"---\ntitle: {topic.capitalize()} report {outlet}\nsource: Outlet {outlet}\n---\n\n{body}")
            reports += 1
    assert reports == 300
    age_files(folder / "seeds")
    result = run_briefing("run", "--date", DAYS[1], cwd=folder)
    assert result.code == 0, result.stderr
    return folder / "out"


def test_a_300_report_day_shows_its_first_full_story_within_two_phone_screens(big_day, watched):
    view = watched(PHONE)
    view.open(big_day / f"{DAYS[1]}.html")
    view.assert_clean()
    page = view.page
    layout = page.evaluate("""() => ({
        firstStory: document.querySelector('article.story').getBoundingClientRect().top + scrollY,
        fullStories: document.querySelectorAll('article.story').length,
        contents: document.querySelectorAll('nav.contents a[href^="#story-"]').length,
        height: document.documentElement.scrollHeight,
    })""")
    # The top stories in full, the rest one line each: the first story starts within two screens.
    assert layout["firstStory"] < 2 * PHONE["height"], layout
    assert 1 <= layout["fullStories"] <= 10 and layout["contents"] == layout["fullStories"]
    # 100 events, each one story: those not in full are there too, one line each.
    stories = json.loads((big_day / f"{DAYS[1]}.json").read_text(encoding="utf-8"))["stories"]
    assert len(stories) == 100 and sum(len(story["reports"]) for story in stories) == 300
    assert page.locator("article.story").count() + page.locator("section.also-today li").count() == 100
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    OUTPUT.mkdir(parents=True, exist_ok=True)
    shot = OUTPUT / "big-day-phone-first-two-screens.png"
    page.screenshot(path=str(shot), clip={"x": 0, "y": 0, "width": PHONE["width"], "height": 2 * PHONE["height"]},
                    full_page=True)
    assert shot.stat().st_size > 10_000
