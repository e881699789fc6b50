"""`briefing serve`: a real server on 127.0.0.1, asked by real HTTP requests; only out/ is served."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from briefing.serve import PreviewServer
from conftest import run_briefing

DAY = "2026-11-25"


@pytest.fixture
def published(workdir: Path) -> Path:
    assert run_briefing("run", "--date", DAY, cwd=workdir).code == 0
    return workdir


@pytest.fixture
def server(published: Path):
    running = PreviewServer(published / "out", port=0)
    thread = threading.Thread(target=running.serve, kwargs={"handle_signals": False})
    thread.start()
    yield running
    running.stop()
    thread.join(10)
    assert not thread.is_alive()


def get(server: PreviewServer, path: str, host_header: str | None = None) -> tuple[int, bytes, http.client.HTTPMessage]:
    """A raw request: the path goes out exactly as written (urllib would tidy some of them)."""
    host, port = server.server.server_address[:2]
    connection = http.client.HTTPConnection(host, port, timeout=10)
    try:
        connection.request("GET", path, headers={"Host": host_header} if host_header else {})
        response = connection.getresponse()
        return response.status, response.read(), response.headers
    finally:
        connection.close()


def test_the_archive_and_the_days_pages_are_served_on_the_loopback_address(server, published):
    assert server.server.server_address[0] == "127.0.0.1"
    assert server.url.startswith("http://127.0.0.1:")
    with urllib.request.urlopen(server.url, timeout=10) as response:
        assert response.status == 200
        assert response.read() == (published / "out" / "index.html").read_bytes()
    status, body, headers = get(server, f"/{DAY}.html")
    assert status == 200 and body == (published / "out" / f"{DAY}.html").read_bytes()
    assert headers["Content-Type"] == "text/html; charset=utf-8" and headers["Cache-Control"] == "no-cache"
    # Each with its charset: a browser that guesses shows the Markdown's "·" as "Â·".
    status, body, headers = get(server, f"/{DAY}.md")
    assert status == 200 and headers["Content-Type"] == "text/markdown; charset=utf-8"
    status, body, headers = get(server, "/feed.xml")
    assert status == 200 and headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    assert get(server, "/missing.html")[0] == 404


@pytest.mark.parametrize("path", ["/../seeds/heatwave-harvest.txt", "/%2e%2e/seeds/heatwave-harvest.txt",
                                  "/..%2f..%2fetc/passwd", "//etc/passwd", "/out/../../seeds/", "/%00",
                                  "/index.html%00.txt"])
def test_no_path_leads_out_of_the_output_folder(server, path):
    status, body, _ = get(server, path)
    assert status == 404 and b"Farmers" not in body and b"root:" not in body


def test_a_page_whose_host_name_points_at_this_machine_cannot_read_the_briefing(server, published):
    # DNS rebinding: a page the reader opens at evil.example points that name at 127.0.0.1, and its script then
    # asks the preview server for the briefing as if it were evil.example's own page. A browser's Host says so.
    port = server.server.server_address[1]
    page = (published / "out" / f"{DAY}.html").read_bytes()
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", f"localhost.evil.example:{port}",
                 f"192.168.1.20:{port}"):
        status, body, _ = get(server, f"/{DAY}.html", host)
        assert status == 403 and b"Farmers" not in body, host
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST.:{port}", f"[::1]:{port}", "127.0.0.2",
                 f"briefing.localhost:{port}"):
        assert get(server, f"/{DAY}.html", host)[:2] == (200, page), host


def test_a_request_with_two_host_headers_or_an_http_1_1_one_with_none_is_refused(server, published):
    # The check read the first Host and the request went on: which one a request names is not for the server
    # to guess (RFC 9112: a 400), whichever comes first.
    import socket

    port = server.server.server_address[1]
    for hosts in ((f"127.0.0.1:{port}", "evil.example"), ("evil.example", f"127.0.0.1:{port}"),
                  (f"127.0.0.1:{port}", f"localhost:{port}")):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(f"GET /{DAY}.html HTTP/1.1\r\n".encode()
                               + b"".join(f"Host: {host}\r\n".encode() for host in hosts) + b"Connection: close\r\n\r\n")
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert answer.split(b" ", 2)[1] == b"400" and b"Farmers" not in answer, hosts
    assert get(server, f"/{DAY}.html", f"127.0.0.1:{port}")[0] == 200
    # HTTP/1.1 names its host (a 400 without one, as RFC 9112 asks); an HTTP/1.0 client may name none.
    for version, status in ((b"HTTP/1.1", b"400"), (b"HTTP/1.0", b"200")):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
            connection.sendall(b"GET /" + DAY.encode() + b".html " + version + b"\r\nConnection: close\r\n\r\n")
            answer = b""
            while chunk := connection.recv(65536):
                answer += chunk
        assert answer.split(b" ", 2)[1] == status, version


@pytest.mark.parametrize("bind", ["127.1", "2130706433", "::ffff:127.0.0.1"])
def test_a_loopback_address_written_another_way_keeps_pages_elsewhere_out(published, bind):
    """`--bind 127.1` listens on 127.0.0.1 as the socket reads it, but the check of a request's Host was on
    only for the spellings 127.0.0.1, ::1 and localhost: a page of evil.example pointed at this machine read
    the briefing (200), and the line said other machines could read it, which they could not."""
    running = PreviewServer(published / "out", bind=bind, port=0)
    thread = threading.Thread(target=running.serve, kwargs={"handle_signals": False})
    thread.start()
    try:
        assert running.this_machine_only
        status, body, _ = get(running, f"/{DAY}.html", "evil.example")
        assert status == 403 and b"Farmers" not in body
        # The address it says it serves at is answered (a browser sends it as the Host).
        assert get(running, f"/{DAY}.html", running.url.split("/")[2])[0] == 200
    finally:
        running.stop()
        thread.join(10)


def test_served_on_every_network_any_host_name_is_answered(published):
    running = PreviewServer(published / "out", bind="0.0.0.0", port=0)
    thread = threading.Thread(target=running.serve, kwargs={"handle_signals": False})
    thread.start()
    try:
        connection = http.client.HTTPConnection("127.0.0.1", running.server.server_address[1], timeout=10)
        connection.request("GET", "/index.html", headers={"Host": "briefing.lan"})  # the name the network knows
        assert connection.getresponse().status == 200
        connection.close()
    finally:
        running.stop()
        thread.join(10)


def test_a_client_that_goes_away_or_sends_control_characters_is_logged_in_one_clean_line(server, capfd, caplog):
    """A reset connection printed a traceback on stderr; a request line with escape codes reached the
    terminal as they were (`serve -v`)."""
    import logging
    import struct

    host, port = server.server.server_address[:2]
    caplog.set_level(logging.DEBUG, logger="briefing")
    for request in (b"GET /index.html HTTP/1.1\r\nHost: x\r\n", b"GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n"):
        with socket.create_connection((host, port)) as client:
            client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # a reset, not a close
            client.sendall(request)
    with socket.create_connection((host, port), timeout=10) as client:
        client.sendall(b"GET /\x1b[31mRED\x1b]0;owned\x07 HTTP/1.0\r\n\r\n")
        while client.recv(4096):
            pass
    assert get(server, "/index.html")[0] == 200  # still serving
    assert "Traceback" not in capfd.readouterr().err
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "RED" in logged and not any(c in logged for c in "\x1b\x07"), logged



def test_a_client_that_connects_and_sends_nothing_is_hung_up_on(server, monkeypatch):
    """Such a client held its thread for good: enough of them, and the server had none to answer with."""
    from briefing import serve

    monkeypatch.setattr(serve, "IDLE_TIMEOUT", 0.2, raising=False)
    host, port = server.server.server_address[:2]
    idle = [socket.create_connection((host, port), timeout=5) for _ in range(3)]
    idle[1].sendall(b"GET /index")  # half a request line, and no more
    for client in idle:
        with client:
            assert client.recv(4096) == b"" or client.recv(4096) == b""  # closed (after a 408 for the half line)
    assert get(server, "/index.html")[0] == 200  # still serving

def test_no_symbolic_link_leads_out_of_the_output_folder(server, published):
    out = published / "out"
    (out / "seeds").symlink_to(published / "seeds")
    (out / "story.txt").symlink_to(published / "seeds" / "heatwave-harvest.txt")
    (out / "state").symlink_to(published / ".briefing")
    for path in ("/story.txt", "/seeds/", "/seeds/heatwave-harvest.txt", "/state/state.sqlite3", "/state/"):
        status, body, _ = get(server, path)
        assert status == 404, path
        assert b"heatwave" not in body.lower() and b"SQLite" not in body
    # A link that stays inside is followed.
    (out / "today.html").symlink_to(out / f"{DAY}.html")
    assert get(server, "/today.html")[0] == 200



def test_a_named_pipe_in_the_output_folder_is_not_found_and_holds_up_nothing(server, published):
    # Opened for reading, a FIFO waits for a writer for ever: the request's thread hung, and the file it named
    # could never be served.
    os.mkfifo(published / "out" / "pipe.html")
    status, body, _ = get(server, "/pipe.html")
    assert status == 404 and b"File not found" in body
    assert get(server, f"/{DAY}.html")[0] == 200

def test_a_missing_output_folder_or_a_busy_port_is_one_line(empty_workdir):
    result = run_briefing("serve", cwd=empty_workdir)
    assert result.code == 1
    assert result.stderr == f"briefing: error: output folder not found: {empty_workdir / 'out'} (make it with `briefing run`)\n"
    (empty_workdir / "out").mkdir()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        busy = run_briefing("serve", "--port", str(port), cwd=empty_workdir)
    assert busy.code == 1 and busy.stderr.startswith(f"briefing: error: cannot serve on 127.0.0.1 port {port}: ")
    assert len(busy.stderr.splitlines()) == 1 and busy.stderr.endswith(" (another port: --port)\n")
    # An address this machine does not have wants another address, not another port (as it was told).
    # (192.0.2.1 is for documentation: no machine has it, and binding to it fails here, sending nothing.)
    elsewhere = run_briefing("serve", "--bind", "192.0.2.1", "--port", "0", cwd=empty_workdir)
    assert elsewhere.code == 1 and elsewhere.stderr.startswith("briefing: error: cannot serve on 192.0.2.1 port 0")
    assert elsewhere.stderr.endswith(" (an address of this machine: --bind, such as 127.0.0.1)\n"), elsewhere.stderr
    assert run_briefing("serve", "--port", "70000", cwd=empty_workdir).code == 2


@pytest.mark.parametrize("bind", ["", " "])
def test_an_empty_bind_address_is_a_bad_command_line_not_every_network(empty_workdir, bind, monkeypatch):
    # An unset variable (--bind "$ADDRESS") listened on 0.0.0.0: the briefings open to every network.
    (empty_workdir / "out").mkdir()
    monkeypatch.setattr(PreviewServer, "serve", lambda self, **_: self.server.server_close())  # never blocks
    result = run_briefing("serve", "--bind", bind, "--port", "0", cwd=empty_workdir)
    assert (result.code, result.stdout) == (2, "")
    assert result.stderr == (f"briefing: error: --bind {bind!r} is no address: give one, such as 127.0.0.1 "
                             "(this machine only) or 0.0.0.0 (every network)\n")


def test_an_ipv6_address_in_brackets_is_served_and_only_another_machines_address_is_warned_of(published, monkeypatch):
    """The server names itself http://[::1]:8000/; `--bind [::1]`, copied from there, was "cannot serve on
    [::1] port 8000: Name or service not known". Once served, it (and 127.0.0.2, another loopback address)
    was said to let other machines read the briefings."""
    started = []
    monkeypatch.setattr(PreviewServer, "serve", lambda self, **_: (started.append(self.url), self.server.server_close()))
    result = run_briefing("serve", "--bind", "[::1]", "--port", "0", cwd=published)
    assert result.code == 0 and result.stderr == "", result.stderr
    [url] = started
    assert url.startswith("http://[::1]:") and result.stdout.startswith("serving ")
    other_loopback = run_briefing("serve", "--bind", "127.0.0.2", "--port", "0", cwd=published)
    assert other_loopback.code == 0 and other_loopback.stderr == "", other_loopback.stderr
    everywhere = run_briefing("serve", "--bind", "0.0.0.0", "--port", "0", cwd=published)
    assert everywhere.stderr == "briefing: listening on 0.0.0.0: other machines can read the briefings\n"


def test_serve_in_a_process_opens_the_browser_and_stops_on_sigterm(published, tmp_path_factory):
    # The browser is a script that notes the address it is asked to open (webbrowser honours $BROWSER).
    scratch = tmp_path_factory.mktemp("browser")
    opened = scratch / "opened"
    browser = scratch / "browser"
    browser.write_text(f"#!{sys.executable}\nimport sys\nopen({str(opened)!r}, 'w').write(sys.argv[1])\n")
    browser.chmod(0o755)
    process = subprocess.Popen(
        [sys.executable, "-m", "briefing", "serve", "--port", "0", "--open"], cwd=published,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "BROWSER": str(browser)},
    )
    try:
        line = process.stdout.readline()
        assert line.startswith(f"serving {published / 'out'} at http://127.0.0.1:"), process.stderr.read()
        url = line.split(" at ", 1)[1].split()[0]
        with urllib.request.urlopen(url + f"{DAY}.md", timeout=10) as response:
            assert response.read() == (published / "out" / f"{DAY}.md").read_bytes()
        deadline = time.monotonic() + 10
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert opened.read_text() == url
        process.send_signal(signal.SIGTERM)
        assert process.wait(10) == 0
        assert "Traceback" not in process.stderr.read()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with pytest.raises(OSError):
        urllib.request.urlopen(url, timeout=2)  # the socket is closed


def test_open_without_a_browser_says_where_to_look_and_serves_on(published, monkeypatch):
    import logging
    import webbrowser

    # What webbrowser answers on a server with no browser at all (no display, no console browser).
    monkeypatch.setattr(webbrowser, "open", lambda url: False)
    said: list[str] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = lambda record: said.append(record.getMessage())
    logger = logging.getLogger("briefing")
    level = logger.level
    logger.setLevel(logging.WARNING)  # as a command sets it (an earlier one in this process may have said -q)
    logger.addHandler(handler)
    preview = PreviewServer(published / "out", port=0)
    worker = threading.Thread(target=preview.serve, kwargs={"open_browser": True, "handle_signals": False})
    worker.start()
    try:
        with urllib.request.urlopen(preview.url + "index.html", timeout=10) as response:
            assert response.status == 200
    finally:
        preview.stop()
        worker.join(10)
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert said == [f"no web browser found here: open {preview.url} in one"]


def test_a_signal_asks_to_stop_a_second_ends_at_once_and_the_old_handlers_come_back():
    # Shared by `serve` and `schedule`: the first SIGTERM lets them finish
    # what they are doing; the handler then steps aside so a second one ends
    # the process (default action); the caller's own handlers return after.
    import logging

    from briefing.stopping import stopped_by_signals

    def own_handler(signum, frame):
        raise AssertionError("the caller's handler must not run inside the block")

    before = signal.signal(signal.SIGTERM, own_handler)
    # (SIGINT as a foreground command has it: a shell's `&` starts the tests with it ignored, which is kept)
    interrupt = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        stop = threading.Event()
        with stopped_by_signals(stop, logging.getLogger("test")):
            os.kill(os.getpid(), signal.SIGTERM)
            assert stop.wait(5)
            assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL
            assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL
        assert signal.getsignal(signal.SIGTERM) is own_handler
        with stopped_by_signals(stop, logging.getLogger("test"), enabled=False):
            assert signal.getsignal(signal.SIGTERM) is own_handler
    finally:
        signal.signal(signal.SIGTERM, before)
        signal.signal(signal.SIGINT, interrupt)
