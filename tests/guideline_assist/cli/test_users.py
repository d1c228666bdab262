"""`guideline-assist users`: exit codes and messages, with real Settings and a real users file."""

from __future__ import annotations

import stat
from pathlib import Path
from types import SimpleNamespace

import click
import pytest
import yaml
from click.testing import CliRunner

from guideline_assist.admin.accounts import Accounts, User
from guideline_assist.cli.users import users
from guideline_assist.core.settings import Settings


# The same wiring as guideline_assist.cli.main.main (--lang, --data-dir, ctx.obj with .settings and .lang),
# without importing it: cli.py also loads the ui/evals plugin commands, which this test does not need.
@click.group()
@click.option("--lang", type=click.Choice(["ru", "tg", "en"]), default=None)
@click.option("--data-dir", type=click.Path(path_type=Path), default=None)
@click.pass_context
def main(click_ctx: click.Context, lang: str | None, data_dir: Path | None) -> None:
    overrides = {k: v for k, v in {"language": lang, "data_dir": data_dir}.items() if v is not None}
    settings = Settings(**overrides)
    click_ctx.obj = SimpleNamespace(settings=settings, lang=settings.language)


main.add_command(users)


@pytest.fixture
def data_dir(tmp_path):
    return tmp_path / "data"


@pytest.fixture
def run(data_dir):
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(main, ["--data-dir", str(data_dir), *args], input=input, catch_exceptions=False)

    return invoke


def test_add_list_remove_round_trip(run, data_dir):
    added = run("users", "add", "dilnoza", "--role", "editor", "--password-stdin", input="s3cret-pass\n")
    assert added.exit_code == 0, added.output
    assert run("users", "add", "farrukh", "--role", "viewer", "--password-stdin", input="viewer-pass\n").exit_code == 0
    path = data_dir / "users.yaml"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and "s3cret-pass" not in path.read_text()
    accounts = Accounts.load(path)
    assert accounts.authenticate("dilnoza", "s3cret-pass") == User("dilnoza", "editor")

    listed = run("users", "list")
    assert listed.exit_code == 0
    assert [line.split() for line in listed.output.splitlines()] == [["dilnoza", "editor"], ["farrukh", "viewer"]]
    assert "scrypt" not in listed.output

    removed = run("users", "remove", "dilnoza")
    assert removed.exit_code == 0
    assert Accounts.load(path).names() == ["farrukh"]


def test_prompted_password_is_asked_twice(run, data_dir):
    result = run("users", "add", "mavjuda", "--role", "viewer", input="long-enough\nlong-enough\n")
    assert result.exit_code == 0, result.output
    assert "long-enough" not in result.output  # hidden input
    assert Accounts.load(data_dir / "users.yaml").authenticate("mavjuda", "long-enough") is not None


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", "at least 8"),
        ("ru", "Ошибка настроек"),
        ("tg", "Хатои танзимот"),
    ],
)
def test_short_password_refused_with_exit_2(run, data_dir, lang, words):
    result = run("--lang", lang, "users", "add", "dilnoza", "--role", "editor", "--password-stdin", input="short\n")
    assert result.exit_code == 2
    assert words in result.output
    assert not (data_dir / "users.yaml").exists()


def test_existing_user_needs_replace(run, data_dir):
    run("users", "add", "dilnoza", "--role", "viewer", "--password-stdin", input="first-pass\n")
    again = run("users", "add", "dilnoza", "--role", "editor", "--password-stdin", input="second-pass\n")
    assert again.exit_code == 2 and "--replace" in again.output
    replaced = run(
        "users", "add", "dilnoza", "--role", "editor", "--replace", "--password-stdin", input="second-pass\n"
    )
    assert replaced.exit_code == 0
    assert Accounts.load(data_dir / "users.yaml").authenticate("dilnoza", "second-pass") == User("dilnoza", "editor")


def test_unknown_role_and_unknown_user(run):
    assert run("users", "add", "dilnoza", "--role", "admin", "--password-stdin", input="long-enough\n").exit_code == 2
    missing = run("users", "remove", "nobody")
    assert missing.exit_code == 2 and "no user 'nobody'" in missing.output


def test_list_without_users_says_how_to_add_one(run):
    result = run("users", "list")
    assert result.exit_code == 0 and "users add" in result.output


def test_broken_users_file_is_reported(run, data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "users.yaml").write_text(yaml.safe_dump({"users": [{"name": "x1", "role": "boss", "password": "p"}]}))
    result = run("users", "list")
    assert result.exit_code == 2 and "users.yaml" in result.output


def test_users_file_setting_is_honoured(run, tmp_path, monkeypatch):
    target = tmp_path / "elsewhere" / "admins.yaml"
    monkeypatch.setenv("GA_ADMIN__USERS_FILE", str(target))
    assert run("users", "add", "dilnoza", "--role", "editor", "--password-stdin", input="long-enough\n").exit_code == 0
    assert Accounts.load(target).names() == ["dilnoza"]
