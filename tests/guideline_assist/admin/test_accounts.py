"""Admin accounts: real scrypt hashes in a real YAML file."""

from __future__ import annotations

import base64
import stat

import pytest
import yaml

from guideline_assist.admin.accounts import Accounts, User, hash_password, require_editor, verify_password
from guideline_assist.core.errors import AccessDenied, ConfigurationError

PASSWORD = "correct horse 42"


@pytest.fixture
def users_file(tmp_path):
    accounts = Accounts()
    accounts.add("dilnoza", "editor", PASSWORD)
    accounts.add("farrukh", "viewer", "viewer-pass-9")
    path = tmp_path / "conf" / "users.yaml"
    accounts.save(path)
    return path


class TestPasswords:
    def test_hash_has_the_documented_form_and_never_the_password(self):
        stored = hash_password(PASSWORD)
        scheme, n, r, p, salt, digest = stored.split("$")
        assert (scheme, n, r, p) == ("scrypt", str(2**14), "8", "1")
        assert len(base64.b64decode(salt)) == 16 and len(base64.b64decode(digest)) == 32
        assert PASSWORD not in stored and "horse" not in stored

    def test_salted_two_hashes_differ_both_verify(self):
        a, b = hash_password(PASSWORD), hash_password(PASSWORD)
        assert a != b
        assert verify_password(PASSWORD, a) and verify_password(PASSWORD, b)

    @pytest.mark.parametrize("attempt", ["correct horse 43", "", "CORRECT HORSE 42", PASSWORD + " "])
    def test_wrong_password_refused(self, attempt):
        assert not verify_password(attempt, hash_password(PASSWORD))

    def test_tampered_hash_refused(self):
        scheme, n, r, p, salt, digest = hash_password(PASSWORD).split("$")
        raw = bytearray(base64.b64decode(digest))
        raw[0] ^= 1
        tampered = "$".join([scheme, n, r, p, salt, base64.b64encode(bytes(raw)).decode()])
        assert not verify_password(PASSWORD, tampered)
        other_salt = base64.b64encode(b"x" * 16).decode()
        assert not verify_password(PASSWORD, "$".join([scheme, n, r, p, other_salt, digest]))

    @pytest.mark.parametrize(
        "stored",
        [
            "",
            "plain",
            "bcrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",
            "scrypt$16384$8$1$not base64!$AAAA",
            f"scrypt${2**30}$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # memory bomb
            "scrypt$1000$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=",  # n not 2^k
        ],
    )
    def test_malformed_hash_is_false_not_an_error(self, stored):
        assert verify_password(PASSWORD, stored) is False


class TestAccounts:
    def test_round_trip_through_the_file(self, users_file):
        accounts = Accounts.load(users_file)
        assert accounts.names() == ["dilnoza", "farrukh"]
        assert accounts.role_of("dilnoza") == "editor" and accounts.role_of("farrukh") == "viewer"
        assert accounts.role_of("nobody") is None
        assert accounts.authenticate("dilnoza", PASSWORD) == User("dilnoza", "editor")
        assert accounts.authenticate("farrukh", "viewer-pass-9") == User("farrukh", "viewer")

    def test_file_is_private_and_holds_no_password(self, users_file):
        assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
        text = users_file.read_text(encoding="utf-8")
        assert PASSWORD not in text and "viewer-pass-9" not in text
        assert yaml.safe_load(text)["users"][0]["password"].startswith("scrypt$")
        assert [p.name for p in users_file.parent.iterdir()] == ["users.yaml"]  # no temp file left behind

    def test_wrong_password_and_unknown_user_both_refused(self, users_file):
        accounts = Accounts.load(users_file)
        assert accounts.authenticate("dilnoza", "wrong password") is None
        assert accounts.authenticate("mavjuda", PASSWORD) is None
        assert accounts.authenticate("Dilnoza", PASSWORD) is None  # names are case-sensitive

    def test_unknown_user_costs_a_hash_too(self, users_file, monkeypatch):
        """Refusing an unknown name must derive a key like a wrong password does, or response times
        would tell an attacker which names exist. Counted, not timed: timings are for benchmarks."""
        import hashlib

        accounts = Accounts.load(users_file)
        accounts.authenticate("warmup", "x" * 8)  # the dummy hash is made once
        calls = []
        real = hashlib.scrypt
        monkeypatch.setattr(hashlib, "scrypt", lambda *a, **k: calls.append(1) or real(*a, **k))
        accounts.authenticate("mavjuda", PASSWORD)
        unknown, calls[:] = len(calls), []
        accounts.authenticate("dilnoza", "wrong password")
        assert unknown == len(calls) == 1

    def test_missing_file_means_no_users(self, tmp_path):
        accounts = Accounts.load(tmp_path / "absent.yaml")
        assert accounts.names() == [] and len(accounts) == 0
        assert accounts.authenticate("dilnoza", PASSWORD) is None

    def test_cyrillic_name_and_replace(self, tmp_path):
        accounts = Accounts()
        accounts.add("Ҷамшед", "viewer", PASSWORD)
        with pytest.raises(ConfigurationError, match="already exists"):
            accounts.add("Ҷамшед", "editor", "another pass")
        accounts.add("Ҷамшед", "editor", "another pass", replace=True)
        accounts.save(tmp_path / "u.yaml")
        again = Accounts.load(tmp_path / "u.yaml")
        assert again.authenticate("Ҷамшед", "another pass") == User("Ҷамшед", "editor")
        assert again.authenticate("Ҷамшед", PASSWORD) is None

    def test_remove(self, users_file):
        accounts = Accounts.load(users_file)
        accounts.remove("farrukh")
        accounts.save(users_file)
        assert Accounts.load(users_file).names() == ["dilnoza"]
        with pytest.raises(ConfigurationError, match="no user 'farrukh'"):
            accounts.remove("farrukh")

    @pytest.mark.parametrize(
        ("name", "role", "password", "match"),
        [
            ("a", "editor", PASSWORD, "2-40"),
            ("x" * 41, "editor", PASSWORD, "2-40"),
            ("bad name", "editor", PASSWORD, "2-40"),
            ("root;rm", "editor", PASSWORD, "2-40"),
            ("dilnoza", "admin", PASSWORD, "role 'admin'"),
            ("dilnoza", "editor", "short7!", "at least 8"),
        ],
    )
    def test_invalid_add_is_a_configuration_error(self, name, role, password, match):
        with pytest.raises(ConfigurationError, match=match):
            Accounts().add(name, role, password)

    @pytest.mark.parametrize(
        ("text", "match"),
        [
            ("users: [oops", "users.yaml"),
            ("- just a list\n", "'users' list"),
            ("users:\n  - name: dilnoza\n    role: editor\n", "needs name, role and password"),
            ("users:\n  - {name: dilnoza, role: admin, password: 'HASH'}\n", "role 'admin'"),
            ("users:\n  - {name: dilnoza, role: editor, password: 'hunter2hunter2'}\n", "scrypt"),
            ("users:\n  - {name: d, role: editor, password: 'HASH'}\n", "2-40"),
            (
                "users:\n  - {name: dd, role: editor, password: 'HASH'}\n"
                "  - {name: dd, role: viewer, password: 'HASH'}\n",
                "twice",
            ),
        ],
    )
    def test_malformed_file_is_a_clear_configuration_error(self, tmp_path, text, match):
        path = tmp_path / "users.yaml"
        path.write_text(text.replace("HASH", hash_password(PASSWORD)), encoding="utf-8")
        with pytest.raises(ConfigurationError, match=match) as info:
            Accounts.load(path)
        assert str(path) in str(info.value) and "users add" in str(info.value)


class TestRoles:
    def test_editor_can_edit(self):
        user = User("dilnoza", "editor")
        assert user.can_edit and require_editor(user) is user

    @pytest.mark.parametrize(("language", "word"), [("ru", "редактор"), ("tg", "муҳаррир"), ("en", "editor")])
    def test_viewer_cannot_edit(self, language, word):
        user = User("farrukh", "viewer")
        assert not user.can_edit
        with pytest.raises(AccessDenied) as info:
            require_editor(user)
        assert word in info.value.message(language) and "farrukh" in info.value.message(language)

    def test_nobody_logged_in_cannot_edit(self):
        with pytest.raises(AccessDenied, match="not logged in"):
            require_editor(None)
