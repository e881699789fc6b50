"""`briefing config show` and `briefing config check`."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..text import printable
from .failing import _Group, _say_to_stderr
from .options import _config, _jobs_option, _length_options, _path_options, _schedule_options


@click.group(cls=_Group)
def config() -> None:
    """Show or check the effective configuration.

    \b
    Example:
        briefing config show
        briefing config check
    """


@config.command("show")
@_schedule_options
@_path_options
@_length_options
@_jobs_option
@click.pass_context
def config_show(ctx: click.Context, **_: Any) -> None:
    """Print the effective configuration and where each value came from.

    Each key is printed as it would be written in briefing.toml, followed by
    its origin: default, the config file's path, or flag.

    \b
    Example:
        briefing config show --at 07:00
    """
    from ..config import config_items

    section = None
    for key, value, origin in config_items(_config(ctx)):
        if "." in key and key.rsplit(".", 1)[0] != section:
            section = key.rsplit(".", 1)[0]
            click.echo("\n[[sources]]" if section.startswith("sources.") else f"\n[{section}]")
        name = key.rsplit(".", 1)[-1]
        line = f"# {name} is not set" if value is None else f"{name} = {_toml_value(value)}"
        click.echo(f"{line:<44} # {printable(origin)}")  # a config file's path may hold a newline


def _toml_value(value: Any) -> str:
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{ " + ", ".join(f"{json.dumps(str(k), ensure_ascii=False)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, (list, tuple)):
        return json.dumps([str(v) for v in value], ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


@config.command("check")
@_schedule_options
@_path_options
@_length_options
@_jobs_option
@click.pass_context
def config_check(ctx: click.Context, **_: Any) -> None:
    """Check the configuration: one line per problem and exit 1, or "ok" and exit 0.

    Checks every key of briefing.toml (unknown keys, wrong types, bad cron or
    at, unknown time zones, a schedule that never runs), settings that
    exclude each other, that the seeds folder exists and that every template
    reads; then says what `briefing schedule` would do. A [schedule] setting
    without cron or at is a problem. Exit 2 if a flag given here is wrong.

    \b
    Example:
        briefing config check && briefing schedule
    """
    from ..config import FLAGS, build_config, check_config

    flags = {max(p.opts, key=len): ctx.params.get(p.name) for p in ctx.command.params if p.opts}
    flags = {f: v for f, v in flags.items() if f in FLAGS}
    problems = check_config(ctx.obj["config_path"], flags)
    line = ""
    if not problems:
        from ..errors import TemplateError
        from ..publish.templates import Renderer
        from ..schedule import schedule_report

        config = _config(ctx)
        line, problem = schedule_report(config)
        problems = [problem] if problem else []
        try:
            # Every template read now: a broken one would fail every run that writes (a service started
            # after a clean check), and a run with nothing new would not say so.
            renderer = Renderer(config.paths.templates, config.timezone)
            renderer.signature()
            renderer.check()
        except TemplateError as error:
            problems.append(str(error))
    for problem in problems:
        _say_to_stderr(f"briefing: error: {problem}")
    if problems:
        # A bad flag is a bad command line, as for every other command.
        sys.exit(2 if build_config(ctx.obj["config_path"], flags).flag_problems else 1)
    click.echo(line)
    click.echo("ok")
