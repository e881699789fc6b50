import os
import re
from pathlib import Path

import pytest

from briefing.config import load_config
from conftest import run_briefing
from briefing.errors import ConfigError


def write_config(folder: Path, text: str) -> Path:
    path = folder / "briefing.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_resolve_against_the_working_folder(tmp_path):
    config = load_config(cwd=tmp_path)
    assert config.paths.seeds == tmp_path / "seeds"
    assert config.paths.out == tmp_path / "out"
    assert config.paths.state == tmp_path / ".briefing" / "state.sqlite3"
    summary = config.summary
    assert (summary.algorithm, summary.sentences, summary.ratio, summary.words) == ("newsrank", 3, None, None)
    assert config.origins["seeds"] == "default"


def test_file_overrides_defaults_and_flags_override_the_file(tmp_path):
    (tmp_path / "conf").mkdir()
    path = write_config(tmp_path / "conf", 'out = "site"\ntimezone = "Europe/Berlin"\n[summary]\nsentences = 5\nalgorithm = "lsa"\n')
    config = load_config(path, {"--algorithm": "luhn"}, cwd=tmp_path)
    # Paths in the file resolve against the file's folder.
    assert config.paths.out == tmp_path / "conf" / "site"
    assert config.timezone == "Europe/Berlin"
    assert config.summary.sentences == 5
    assert config.summary.algorithm == "luhn"
    assert config.origins["summary.algorithm"] == "flag"
    assert config.origins["summary.sentences"] == str(path)


def test_config_file_in_working_folder_is_found(tmp_path):
    write_config(tmp_path, "[summary]\nkey_points = 4\n")
    assert load_config(cwd=tmp_path).summary.key_points == 4


def test_flag_length_replaces_file_length(tmp_path):
    write_config(tmp_path, "[summary]\nratio = 0.3\n")
    assert load_config(cwd=tmp_path).summary.ratio == 0.3
    config = load_config(flags={"--sentences": 2}, cwd=tmp_path)
    assert (config.summary.sentences, config.summary.ratio) == (2, None)


@pytest.mark.parametrize("text, message", [
    ("colour = 'blue'\n", "unknown key 'colour'"),
    ("[summary]\nsentencs = 3\n", "unknown key 'summary.sentencs'"),
    ("[extras]\na = 1\n", r"unknown section \[extras\]"),
    ("[summary]\nsentences = 'three'\n", "summary.sentences must be a positive whole number"),
    ("[summary]\nsentences = 0\n", "summary.sentences must be a positive whole number"),
    ("[summary]\nalgorithm = 'magic'\n", "summary.algorithm must be one of"),
    ("[summary]\nratio = 1.5\n", "summary.ratio must be a number above 0"),
    ("[summary]\nlanguage = 'klingon'\n", "summary.language must be one of"),
    ("timezone = 'Mars/Olympus'\n", "unknown time zone 'Mars/Olympus'"),
    ("seeds = 3\n", "seeds must be a non-empty string"),
    ("seeds = \n", "not valid TOML"),
    ("[summary]\nsentences = " + "1" * 5000 + "\n", "not valid TOML: Exceeds the limit"),
    ("[site]\ntitle = 0x" + "F" * 5000 + "\n", "not valid TOML: a number with more than 4,300 digits"),
    ("[summary]\nratio = 0.2\nwords = 50\n", "set only one of"),
    # Each would be in every link of the feed and the pages, and the feed's ids may hold no space.
    ("[site]\nurl = 'https://news.example/my briefing/'\n", "site.url must be an http.s. address"),
    ("[site]\nurl = 'https://news.example/my\u00a0briefing/'\n", "site.url must be an http.s. address"),
    ("[site]\nurl = 'https://news.example:99999/'\n", "site.url must be an http.s. address"),
    ("[site]\nurl = 'https://news.example:0/'\n", "site.url must be an http.s. address"),
    ("[site]\nurl = 'https://news..example/'\n", "site.url must be an http.s. address"),
    ("[site]\nurl = 'https://.news.example/'\n", "site.url must be an http.s. address"),
    ("[site]\nurl = 'https://user@/briefing/'\n", "site.url must be an http.s. address"),
    # Every link and the feed would publish them; the error does not say them back (it goes to logs).
    ("[site]\nurl = 'https://ann:s3cret@news.example/'\n",
     r": site.url must not hold a user name or password \(every link and the feed would publish it\): "
     r"'https://news.example/'$"),
    ("[site]\nurl = 'https://ann@news.example/'\n", "site.url must not hold a user name or password"),
    ("[fetch]\ncontact = 'https://ann:s3cret@news.example/'\n",
     r": fetch.contact must not hold a user name or password: 'https://news.example/'$"),
    # Refused for another reason first, the address is shown without them too.
    ("[site]\nurl = 'https://ann:s3cret@news..example/'\n", r": site.url must be an http.s. address .*'https://news..example/'$"),
    ("[site]\nurl = 'ftp://ann:s3cret@news.example/'\n", r": site.url must be an http.s. address .*'ftp://news.example/'$"),
    ("[fetch]\ncontact = 'ftp://ann:s3cret@news.example/'\n", r": fetch.contact must be an .*'ftp://news.example/'$"),
    ("[fetch]\ncontact = 'https://ann:s3cret@news.example:0/'\n", r"\(port 0\): 'https://news.example:0/'$"),
])
def test_bad_config_is_one_clear_error(tmp_path, text, message):
    write_config(tmp_path, text)
    with pytest.raises(ConfigError, match=message):
        load_config(cwd=tmp_path)


def test_a_config_saved_with_a_byte_order_mark_is_read(tmp_path):
    (tmp_path / "briefing.toml").write_bytes("\ufeff[summary]\nsentences = 4\n".encode("utf-8"))
    assert load_config(cwd=tmp_path).summary.sentences == 4


def test_state_inside_the_output_folder_is_refused(tmp_path):
    with pytest.raises(ConfigError, match="inside the output folder"):
        load_config(flags={"--state": "out/state.db"}, cwd=tmp_path)


@pytest.mark.parametrize("state", ["seeds/basic/state.sqlite3", "seeds/Basic/../basic/state.sqlite3"])
def test_state_inside_a_sources_folder_is_refused_and_beside_it_is_not(tmp_path, state):
    # A run leaves the state store's folder out of the seeds it reads: "config check" said ok, the fetch wrote
    # its seeds there, and every run said the seeds folder held no article.
    sources = '[[sources]]\nname = "Basic"\nfeed = "https://news.example/feed.xml"\n'
    (tmp_path / "briefing.toml").write_text(f'state = "{state}"\n' + sources)
    with pytest.raises(ConfigError, match=r"inside the folder of \[\[sources\]\] Basic \(seeds/basic/\), whose seeds "
                                          "a run would then never read"):
        load_config(cwd=tmp_path)
    for elsewhere in ("seeds/state/state.sqlite3", "seeds/basic/deeper/state.sqlite3"):  # (a run leaves out only
        (tmp_path / "briefing.toml").write_text(f'state = "{elsewhere}"\n' + sources)  # the state's own folder)
        assert load_config(cwd=tmp_path).sources[0].slug == "basic"


def test_missing_config_file_named_by_flag(tmp_path):
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope.toml", cwd=tmp_path)
    with pytest.raises(ConfigError, match="config file not found"):
        load_config(tmp_path / "nope" / "briefing.toml", cwd=tmp_path)


def test_a_config_named_that_is_not_a_file_says_what_it_is(tmp_path):
    with pytest.raises(ConfigError, match=r"^config file .* is a folder; give the path of a file$"):
        load_config(tmp_path, cwd=tmp_path)
    with pytest.raises(ConfigError, match=r"^config file /dev/null is not a regular file$"):
        load_config(Path(os.devnull), cwd=tmp_path)
    (tmp_path / "file").write_text("")
    with pytest.raises(ConfigError, match="config file not found"):  # a folder above it is a file
        load_config(tmp_path / "file" / "briefing.toml", cwd=tmp_path)



def test_a_config_file_of_gigabytes_is_refused_before_it_is_read(tmp_path):
    """Read whole, a 2 GB file named as the config by mistake (a log) took 4 GB and 20 s to be found no TOML."""
    huge = tmp_path / "app.log"
    with huge.open("wb") as handle:
        handle.truncate(2_000_001)  # (sparse: no disk is used)
    with pytest.raises(ConfigError, match=r"^config file .*app.log is 2,000,001 bytes: no config file \(at most "
                                          r"1,000,000\); give the path of briefing.toml$"):
        load_config(huge, cwd=tmp_path)
    result = run_briefing("--config", str(huge), "config", "check", cwd=tmp_path)
    assert result.code == 1 and result.stderr.count("\n") == 1 and "2,000,001 bytes" in result.stderr


def test_a_briefing_toml_in_the_working_folder_that_is_no_file_is_an_error_not_the_defaults(tmp_path):
    # A link to a config that moved (a deploy's /etc/briefing/briefing.toml), a loop, a folder: the run went
    # on with the defaults, into another out/ and a new state store, as if there were no config.
    config = tmp_path / "briefing.toml"
    config.symlink_to(tmp_path / "etc" / "briefing.toml")
    with pytest.raises(ConfigError, match=r"^config file .*briefing.toml is a symbolic link to .*etc/briefing.toml, "
                                          r"which is not there$"):
        load_config(cwd=tmp_path)
    config.unlink()
    config.symlink_to(config)
    with pytest.raises(ConfigError, match=r"^config file .*briefing.toml cannot be read: Too many levels"):
        load_config(cwd=tmp_path)
    config.unlink()
    config.mkdir()
    with pytest.raises(ConfigError, match=r"^config file .*briefing.toml is a folder; give the path of a file$"):
        load_config(cwd=tmp_path)
    config.rmdir()
    assert load_config(cwd=tmp_path).summary.sentences == 3  # none at all: the defaults
    (tmp_path / "real.toml").write_text("[summary]\nsentences = 4\n")
    config.symlink_to(tmp_path / "real.toml")
    assert load_config(cwd=tmp_path).summary.sentences == 4

def test_config_check_and_show_know_every_section(workdir):
    from conftest import run_briefing

    (workdir / "briefing.toml").write_text(
        '[site]\ntitle = "Morning news"\n[schedule]\nat = "06:30"\n'
        '[delivery.email]\nhost = "localhost"\nsecurity = "none"\nfrom = "b@example.org"\nto = ["me@example.org"]\n'
    )
    check = run_briefing("config", "check", cwd=workdir)
    assert (check.code, check.stdout.splitlines()[-1]) == (0, "ok"), check.stderr
    assert check.stdout.startswith("schedule: at 06:30 every day (")
    shown = run_briefing("config", "show", cwd=workdir).stdout
    assert "[delivery.email]" in shown and 'to = ["me@example.org"]' in shown and 'title = "Morning news"' in shown
    # Each email key says where it came from: the file for those it sets, the default for the rest.
    lines = {line.split(" = ")[0]: line for line in shown.splitlines() if " = " in line}
    path = str(workdir / "briefing.toml")
    assert lines["host"].endswith(f"# {path}") and lines["to"].endswith(f"# {path}")
    assert lines["port"].endswith("# default") and lines["subject"].endswith("# default")
    assert lines["enabled"].startswith("enabled = true") and lines["enabled"].endswith("# default")
    assert lines["source_weights"].startswith("source_weights = {}  ")  # an empty table as TOML writes one
    assert lines["language"].startswith('language = "english"')  # [site] language: the templates' words
    # The flags of `run` are those of `config show` and `config check` too.
    jobs = run_briefing("config", "show", "--jobs", "2", cwd=workdir)
    assert jobs.code == 0 and next(line for line in jobs.stdout.splitlines() if line.startswith("jobs = ")) \
        .split("#")[-1].strip() == "flag"
    assert run_briefing("config", "check", "--jobs", "2", cwd=workdir).code == 0

    # What it shows of the email section reads back as the same delivery, bcc (shown as []) and all; with bcc
    # alone, `to = []` too.
    for recipients in ('to = ["me@example.org"]\n', 'bcc = ["me@example.org", "you@example.org"]\n'):
        (workdir / "briefing.toml").write_text(
            '[delivery.email]\nhost = "localhost"\nsecurity = "none"\nfrom = "b@example.org"\n' + recipients)
        shown = run_briefing("config", "show", cwd=workdir).stdout
        section = shown[shown.index("[delivery.email]"):].split("\n\n")[0]
        before = load_config(cwd=workdir).email
        (workdir / "briefing.toml").write_text(section + "\n")
        assert load_config(cwd=workdir).email == before
    (workdir / "briefing.toml").write_text("[delivery.sms]\nx = 1\n[bogus]\ny = 2\n[summary]\nsentences = 0\n")
    check = run_briefing("config", "check", cwd=workdir)
    assert check.code == 1
    assert len(check.stderr.strip().splitlines()) == 3
    assert "[delivery.sms]" in check.stderr and "[bogus]" in check.stderr and "summary.sentences" in check.stderr


@pytest.mark.parametrize("template, problem", [
    (b"{% if %}\n", "template briefing.md.j2 line 1: Expected an expression"),
    (b"{{ day }\n", "template briefing.md.j2 line 1: unexpected '}'"),
    (b"Caf\xe9 {{ day }}\n", "template briefing.md.j2 (or one it includes): not UTF-8 text"),
])
def test_config_check_reads_every_template(workdir, template, problem):
    # A broken template failed every run that writes, after a check that said ok (a service started on it).
    from conftest import run_briefing

    (workdir / "mine").mkdir()
    (workdir / "briefing.toml").write_text('templates = "mine"\n')
    (workdir / "mine" / "briefing.md.j2").write_bytes(template)
    check = run_briefing("config", "check", cwd=workdir)
    assert check.code == 1 and "ok" not in check.stdout.splitlines()
    [line] = check.stderr.splitlines()
    assert line.startswith(f"briefing: error: {problem}"), line
    (workdir / "mine" / "briefing.md.j2").unlink()  # the built-in one again
    check = run_briefing("config", "check", cwd=workdir)
    assert (check.code, check.stdout.splitlines()[-1], check.stderr) == (0, "ok", "")


@pytest.mark.parametrize("text, message", [
    ("[summary]\nsentencs = 3\n", "unknown key 'summary.sentencs' (did you mean 'summary.sentences'?)"),
    ("seed = 'news'\n", "unknown key 'seed' (did you mean 'seeds'?)"),
    ("[sumary]\nsentences = 3\n", "unknown section [sumary] (did you mean [summary]?)"),
    # A key written in the wrong place is told where it goes.
    ("at = '06:30'\n", "unknown key 'at' (it goes under [schedule])"),
    ("[summary]\nsentences = 3\nseeds = 'news'\n", "unknown key 'summary.seeds' (it goes at the top of the file"),
    # A bad value names the file it is in, as an unknown key does.
    ("[summary]\nsentences = '3'\n", "briefing.toml: summary.sentences must be a positive whole number, not '3'"),
])
def test_a_mistake_in_the_file_says_where_and_what_was_meant(tmp_path, text, message):
    write_config(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(cwd=tmp_path)
    assert message in str(raised.value)


def test_the_config_files_folder_is_the_projects_from_any_working_folder(tmp_path):
    project, elsewhere = tmp_path / "news", tmp_path / "home"
    project.mkdir()
    elsewhere.mkdir()
    write_config(project, "out = 'site'\n")
    config = load_config(project / "briefing.toml", cwd=elsewhere)
    # The paths it leaves to their defaults are beside it, as the ones it gives are; flags are the caller's.
    assert config.paths.seeds == project / "seeds" and config.paths.out == project / "site"
    assert config.paths.state == project / ".briefing" / "state.sqlite3"
    flagged = load_config(project / "briefing.toml", flags={"--seeds": "mine"}, cwd=elsewhere)
    assert flagged.paths.seeds == elsewhere / "mine"
    # With no file, the working folder is the project.
    assert load_config(cwd=elsewhere).paths.seeds == elsewhere / "seeds"


def test_config_check_looks_for_the_default_seeds_beside_the_file(tmp_path):
    from briefing.config import check_config

    project, elsewhere = tmp_path / "news", tmp_path / "home"
    (project / "seeds").mkdir(parents=True)
    elsewhere.mkdir()
    write_config(project, "[summary]\nsentences = 0\n")
    problems = check_config(project / "briefing.toml", cwd=elsewhere)
    assert any("summary.sentences" in problem for problem in problems)
    assert not any("seeds folder" in problem for problem in problems), problems


@pytest.mark.parametrize("text, flags, name", [
    ('seeds = "~/news"\n', {}, "seeds"),
    ("", {"--seeds": "~/news"}, "--seeds"),
    ('[delivery.email]\nhost = "localhost"\nfrom = "a@b.org"\nto = "c@d.org"\nca_file = "~/ca.pem"\n', {},
     "delivery.email.ca_file"),
])
def test_a_tilde_with_no_home_folder_is_a_config_error(tmp_path, monkeypatch, text, flags, name):
    import pwd

    # A container started with a bare user id: no HOME, and no entry in /etc/passwd.
    monkeypatch.delenv("HOME", raising=False)

    def no_entry(uid):
        raise KeyError(f"getpwuid(): uid not found: {uid}")

    monkeypatch.setattr(pwd, "getpwuid", no_entry)
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path, flags, cwd=tmp_path)
    assert f"{name}: '~/" in str(raised.value)
    assert "starts with ~, but this user's home folder is unknown (HOME is not set)" in str(raised.value)


@pytest.mark.parametrize("text, flags, name", [
    ('out = "~/site"\n', {}, "out"),
    ("", {"--seeds": "~/news"}, "--seeds"),
    ('[delivery.email]\nhost = "localhost"\nfrom = "a@b.org"\nto = "c@d.org"\nca_file = "~/ca.pem"\n', {},
     "delivery.email.ca_file"),
])
def test_a_tilde_with_an_empty_home_is_a_config_error(tmp_path, monkeypatch, text, flags, name):
    # HOME="" made "~/site" the folder /site, at the root of the file system.
    monkeypatch.setenv("HOME", "")
    path = write_config(tmp_path, text)
    with pytest.raises(ConfigError) as raised:
        load_config(path, flags, cwd=tmp_path)
    assert f"{name}: '~/" in str(raised.value) and "starts with ~, but HOME is empty" in str(raised.value)


# --- hostile values: a path no file system takes, values too long to show, lists too long to use ------------


@pytest.mark.parametrize("text, flags, message", [
    ('seeds = "' + "a/" * 3000 + '"\n', (), r"seeds folder .*…: the path is too long \(6,0\d\d bytes; at most 4,031\)"),
    ('out = "' + "a" * 300 + '"\n', (), r"output folder .*…: a name in it is too long \(300 bytes; .* at most 255\)"),
    ("", ("--state", "b" * 256 + "/state.sqlite3"), r"state .*…: a name in it is too long \(256 bytes"),
])
def test_a_path_no_file_system_takes_is_one_line_not_an_internal_error(empty_workdir, text, flags, message):
    # Each crashed the run with "internal error: OSError: File name too long" (pathlib's is_file raises it).
    write_config(empty_workdir, text)
    for command in (("run", *flags), ("config", "check", *flags)):
        result = run_briefing(*command, cwd=empty_workdir)
        (line,) = result.stderr.splitlines()
        assert result.code == 1 and re.search(message, line), line
        assert len(line) < 300
    assert not (empty_workdir / "out").exists()


def test_a_value_too_long_to_read_is_shown_clipped_in_its_problem_line(empty_workdir):
    write_config(empty_workdir, f'timezone = "{"Europe/" * 2000}"\n[briefing]\nsections = {["s"] * 50_000}\n'
                                f'[site]\nfeed_entries = "{"9" * 10_000}"\n')
    result = run_briefing("config", "check", cwd=empty_workdir)
    assert result.code == 1
    lines = result.stderr.splitlines()
    where = f"briefing: error: {empty_workdir / 'briefing.toml'}: "
    assert len(lines) == 3 and all(line.startswith(where) and len(line) - len(where) < 160 for line in lines), lines
    assert "timezone: unknown time zone 'Europe/Europe/" in lines[0] and "…" in lines[0]
    assert "briefing.sections must name at most 100 sections, not 50,000" in result.stderr
    assert "site.feed_entries must be a positive whole number, not '9999" in result.stderr


def test_a_run_names_twenty_of_a_configs_problems_and_config_check_every_one(empty_workdir):
    """A settings file of another program (thousands of unknown keys) is not a screenful of lines per run."""
    write_config(empty_workdir, "[site]\n" + "".join(f"colour{n} = {n}\n" for n in range(300)))
    result = run_briefing("run", cwd=empty_workdir)
    lines = result.stderr.splitlines()
    assert result.code == 1 and len(lines) == 20 and "unknown key 'site.colour18'" in lines[18]
    assert lines[-1] == "briefing: error: and 281 more problems (`briefing config check` lists every one)"
    checked = run_briefing("config", "check", cwd=empty_workdir)
    assert checked.code == 1 and len(checked.stderr.splitlines()) == 300


def test_a_thousand_recipients_at_most_are_one_message(empty_workdir):
    # Python's mail headers take time in the square of their addresses: 100,000 never finished a run.
    table = '[delivery.email]\nhost = "localhost"\nsecurity = "none"\nfrom = "a@b.org"\nto = [{}]\n'
    write_config(empty_workdir, table.format(", ".join(f'"reader{n}@example.org"' for n in range(1001))))
    result = run_briefing("run", cwd=empty_workdir)
    assert result.code == 1 and result.stderr.endswith(
        "delivery.email.to must list at most 1,000 addresses, not 1,001: send to a mailing list's address instead\n")
    write_config(empty_workdir, table.format(", ".join(f'"reader{n}@example.org"' for n in range(1000))))
    assert len(load_config(cwd=empty_workdir).email.to) == 1000
    # Those in bcc count too.
    shown, hidden = (", ".join(f'"reader{n}@example.org"' for n in numbers) for numbers in (range(600), range(600, 1001)))
    write_config(empty_workdir, table.format(shown) + f"bcc = [{hidden}]\n")
    result = run_briefing("run", cwd=empty_workdir)
    assert result.code == 1 and result.stderr.endswith("delivery.email.to and delivery.email.bcc must list at most "
                                                       "1,000 addresses, not 1,001: send to a mailing list's address instead\n")


@pytest.mark.parametrize("text, message", [
    ("jobs = '\uff12'\n", "jobs must be a whole number of 0 or more, not '\uff12' (a number in briefing.toml is "
                          "written without quotes: jobs = 2)"),
    ("[summary]\nwords = ' 1_000 '\n", "summary.words must be a positive whole number, not ' 1_000 ' (a number in "
                                       "briefing.toml is written without quotes: words = 1000)"),
    ("[summary]\nratio = '0.25'\n", "summary.ratio must be a number above 0 and at most 1, not '0.25' (a number "
                                    "in briefing.toml is written without quotes: ratio = 0.25)"),
    # No advice that would be refused in turn.
    ("[summary]\nratio = '2'\n", "summary.ratio must be a number above 0 and at most 1, not '2'"),
    ("[limits]\nmax_file_bytes = '-5'\n", "limits.max_file_bytes must be a positive whole number, not '-5'"),
    ("jobs = 'two'\n", "jobs must be a whole number of 0 or more, not 'two'"),
])
def test_a_number_in_quotes_is_one_line_that_says_how_to_write_it(tmp_path, text, message):
    """TOML reads `jobs = "2"` as text: refused as any text is, the line now says the number as TOML writes it."""
    write_config(tmp_path, text)
    (tmp_path / "seeds").mkdir()
    result = run_briefing("config", "check", cwd=tmp_path)
    assert result.code == 1 and result.stderr.strip().endswith(f"briefing.toml: {message}"), result.stderr


def test_a_tilde_naming_a_user_this_machine_lacks_says_so(tmp_path, monkeypatch):
    # It said HOME was not set, with HOME set: the user named after the ~ is the one missing.
    monkeypatch.setenv("HOME", str(tmp_path))
    path = write_config(tmp_path, 'seeds = "~no-such-user-of-briefing/news"\n')
    with pytest.raises(ConfigError) as raised:
        load_config(path, {}, cwd=tmp_path)
    assert ("seeds: '~no-such-user-of-briefing/news' starts with '~no-such-user-of-briefing', but this machine has "
            "no user 'no-such-user-of-briefing': write the whole path") in str(raised.value)
    assert "HOME" not in str(raised.value)


def test_what_config_show_writes_passes_config_check(workdir):
    # Saved as briefing.toml, it failed: "no schedule ... (schedule.grace is set in ...)", the default written out.
    shown = run_briefing("config", "show", cwd=workdir)
    assert shown.code == 0
    (workdir / "briefing.toml").write_text(shown.stdout)
    check = run_briefing("config", "check", cwd=workdir)
    assert check.code == 0 and check.stdout.splitlines()[-1] == "ok", check.stderr
    # The briefing's time zone, which `config show` writes as the schedule's too.
    (workdir / "briefing.toml").write_text('timezone = "Europe/Berlin"\n')
    shown_zone = run_briefing("config", "show", cwd=workdir).stdout
    (workdir / "briefing.toml").write_text(shown_zone)
    check = run_briefing("config", "check", cwd=workdir)
    assert check.code == 0 and check.stdout.splitlines()[-1] == "ok", check.stderr
    # A setting of the schedule that is no default still asks for a schedule.
    (workdir / "briefing.toml").write_text(shown.stdout.replace("grace = 43200", "grace = 600"))
    check = run_briefing("config", "check", cwd=workdir)
    assert check.code == 1 and "no schedule" in check.stderr and "schedule.grace is set in" in check.stderr
