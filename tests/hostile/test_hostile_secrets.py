"""Passwords never reach a message, whatever shape the URI that carries them has."""

from __future__ import annotations

import pytest

from avalon_nuke.cli import main
from avalon_nuke.config import Settings, redact

SECRET = "s3cr3t"


@pytest.mark.parametrize(("uri", "shown"), [
    ("mongodb://ana:s3cr3t@db.example:27017/avalon", "mongodb://ana:***@db.example:27017/avalon"),
    ("mongodb://:s3cr3t@db.example/avalon", "mongodb://:***@db.example/avalon"),                 # empty user
    ("mongodb://ana:pa s3cr3t word@db.example/avalon", "mongodb://ana:***@db.example/avalon"),     # a space
    ("mongodb://ana:p@s3cr3t@db.example/avalon", "mongodb://ana:***@db.example/avalon"),           # unencoded @
    ("mongodb://ana:x/s3cr3t@db.example/avalon", "mongodb://ana:***@db.example/avalon"),           # unencoded /
    ("mongodb://ana:p%40s3cr3t@h1:27017,h2:27018/avalon?replicaSet=rs", "mongodb://ana:***@h1:27017,h2:27018/avalon?replicaSet=rs"),
    ("mongodb+srv://ana:s3cr3t@cluster0.example.net/avalon", "mongodb+srv://ana:***@cluster0.example.net/avalon"),
    ("mongodb://ana:s3cr3t@[::1]:27017/avalon", "mongodb://ana:***@[::1]:27017/avalon"),
    ("mongodb://s3cr3t@db.example/avalon", "mongodb://***@db.example/avalon"),                    # token only
    ("mongodb://db.example/avalon?authSource=admin&password=s3cr3t", "mongodb://db.example/avalon?authSource=admin&password=***"),
    ("mongodb://db/?tlsCertificateKeyFilePassword=s3cr3t&w=1", "mongodb://db/?tlsCertificateKeyFilePassword=***&w=1"),
    ("mongodb:/ana:s3cr3t@db.example/avalon", "mongodb:/ana:***@db.example/avalon"),             # one slash
    ("mongodb:ana:s3cr3t@db.example/avalon", "mongodb:ana:***@db.example/avalon"),               # no slash
    ("mongo db://ana:s3cr3t@db.example", "mongo db://ana:***@db.example"),                       # bad scheme
    ("MONGODB://ana:s3cr3t@db.example", "MONGODB://ana:***@db.example"),
    ("//ana:s3cr3t@db.example", "//ana:***@db.example"),                                         # no scheme
    ("http://wrangler:s3cr3t@127.0.0.1:8081", "http://wrangler:***@127.0.0.1:8081"),
])
def test_each_uri_shape_is_redacted(uri, shown):
    assert redact(uri) == shown
    assert SECRET not in redact(f"cannot reach {uri}: timed out") and SECRET not in repr(Settings(mongo_uri=uri))


@pytest.mark.parametrize("text", ["mongodb://db.example:27017/avalon", "http://127.0.0.1:8081/api/jobs",
                                  "ana@studio.example wrote sh010", "no URI here"])
def test_text_without_a_password_is_left_as_it_is(text):
    assert redact(text) == text


def test_a_bad_mongo_uri_in_the_environment_never_prints_its_password(cli_env, capsys, monkeypatch):
    monkeypatch.setenv("AVALON_MONGO", "mongodb://ana:p@s3cr3t @not a host")
    capsys.readouterr()
    status = main(["project", "ls"])
    captured = capsys.readouterr()
    assert status != 0 and SECRET not in captured.err + captured.out
