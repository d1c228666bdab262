"""`guideline-assist users add|remove|list`: who may log in to the ministry admin page, and as what."""

from __future__ import annotations

import sys
from typing import NoReturn

import click

from guideline_assist.admin.accounts import ROLES, Accounts
from guideline_assist.core.errors import GuidelineAssistError


def _fail(ctx, exc: GuidelineAssistError) -> NoReturn:
    click.echo(exc.message(ctx.lang), err=True)
    sys.exit(2)


@click.group()
def users() -> None:
    """Admin users of the web app: editors change the corpus, viewers only look.

    \b
      guideline-assist users add dilnoza --role editor        # asks for the password twice
      echo "$PW" | guideline-assist users add bot --role viewer --password-stdin
      guideline-assist users list
      guideline-assist users remove dilnoza

    Users live in GA_ADMIN__USERS_FILE (default <data dir>/users.yaml), with scrypt hashes only.
    """


@users.command("add")
@click.argument("name")
@click.option("--role", type=click.Choice(ROLES), required=True, help="editor: upload, supersede, withdraw.")
@click.option("--password-stdin", is_flag=True, help="Read the password from the first line of stdin (scripts).")
@click.option("--replace", is_flag=True, help="Change the role and password of an existing user.")
@click.pass_obj
def add_user(ctx, name: str, role: str, password_stdin: bool, replace: bool) -> None:
    """Add user NAME (2-40 letters, digits, '.', '_', '-'); the password needs 8 characters or more."""
    path = ctx.settings.users_file
    try:
        accounts = Accounts.load(path)  # first, so a broken file is reported before the password is typed
        if password_stdin:
            password = click.get_text_stream("stdin").readline().rstrip("\r\n")
        else:
            password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
        user = accounts.add(name, role, password, replace=replace)
        accounts.save(path)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(f"{user.name}: {user.role} ({path})")


@users.command("remove")
@click.argument("name")
@click.pass_obj
def remove_user(ctx, name: str) -> None:
    """Remove user NAME; they can no longer log in."""
    path = ctx.settings.users_file
    try:
        accounts = Accounts.load(path)
        accounts.remove(name)
        accounts.save(path)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    click.echo(f"removed {name} ({path})")


@users.command("list")
@click.pass_obj
def list_users(ctx) -> None:
    """Every user and role (never the hashes)."""
    path = ctx.settings.users_file
    try:
        accounts = Accounts.load(path)
    except GuidelineAssistError as exc:
        _fail(ctx, exc)
    if not len(accounts):
        click.echo(f"no users in {path}; add one with `guideline-assist users add NAME --role editor`", err=True)
        return
    for name in accounts.names():
        click.echo(f"{name:<40} {accounts.role_of(name)}")
