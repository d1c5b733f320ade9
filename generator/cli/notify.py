"""``opsreport notify``: push the last build's morning to the group chats and mailboxes now."""

from __future__ import annotations

from pathlib import Path

import click

from ..config import Workspace, load_settings
from ..i18n import translate
from .common import LocalizedError, handle_errors, main, out, say, workspace_option


@main.command()
@workspace_option
@click.option(
    "--channel",
    "only",
    multiple=True,
    type=click.Choice(["wecom", "dingtalk", "feishu", "email"]),
    help="Push to this channel only (repeatable); default: every channel that is set.",
)
@handle_errors
def notify(workspace: Path, only: tuple[str, ...]) -> None:
    """把最近一次构建的早报推送到群（企业微信、钉钉、飞书）和邮箱。

    Push the last build's morning — the top to-do items, the headline KPIs with their
    changes, the open inquiries and the link to the day's page — to every group robot and
    mailbox set in opsreport.toml (notify_* and smtp_* settings, or OPSREPORT_<NAME> in the
    environment). The scheduler does this after each daily build. A failed push is retried
    with back-off; addresses and secrets are never printed.

    \b
    Examples:
      opsreport notify --workspace mystore
      opsreport notify --workspace mystore --channel dingtalk
    """
    from ..ops.notify import channels, load_morning, push_morning

    ws = Workspace(workspace)
    settings = load_settings(ws)
    lang = settings.language
    names = [c for c in channels(settings) if not only or c in only]
    if not names:
        raise LocalizedError(say("cli_notify_none", lang), lang)
    morning = load_morning(ws)
    if morning is None:
        raise LocalizedError(say("cli_notify_no_morning", lang, root=ws.root), lang)
    results = push_morning(ws, settings, morning, only=names)
    for r in results:
        out.print(
            say(
                "cli_notify_channel",
                lang,
                channel=translate(f"notify_channel_{r.channel}", lang),
                target=r.target,
                result=translate("push_ok" if r.ok else "push_failed", lang),
                attempts=r.attempts,
                detail="" if r.ok else f" — {r.detail}",
            ),
            markup=False,
        )
    sep = translate("sep_list", lang)
    failed = [translate(f"notify_channel_{r.channel}", lang) for r in results if not r.ok]
    if failed:
        raise LocalizedError(say("cli_notify_failed", lang, channels=sep.join(failed)), lang)
    sent = sep.join(translate(f"notify_channel_{r.channel}", lang) for r in results)
    out.print(
        say("cli_notify_done", lang, day=morning.day, channels=sent, url=morning.url), markup=False
    )
