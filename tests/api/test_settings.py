"""Settings: defaults, accepted values, and bad values refused at start with their name."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from pactmap.api.settings import SettingsError, load_settings


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("DATABASE", "SECRET_KEY", "HOST", "PORT", "CORS_ORIGINS", "ENV", "COOKIE_SECURE"):
        monkeypatch.delenv(f"PACTMAP_{name}", raising=False)
    monkeypatch.setenv("PACTMAP_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def test_defaults_put_an_sqlite_file_and_a_generated_secret_in_the_data_dir(
    clean_env: Path,
) -> None:
    settings = load_settings()

    assert settings.store_kind == "sqlite"
    assert settings.sqlite_path == clean_env / "pactmap.db"
    assert (settings.host, settings.port, settings.env) == ("127.0.0.1", 8000, "development")
    assert settings.cors_origins == []
    assert settings.cookie_secure is False
    secret_file = clean_env / "secret_key"
    assert settings.secret_key.get_secret_value() == secret_file.read_text().strip()
    assert len(settings.secret_key.get_secret_value()) >= 32
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_the_generated_secret_is_kept_across_starts() -> None:
    first = load_settings().secret_key.get_secret_value()
    assert load_settings().secret_key.get_secret_value() == first


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PACTMAP_DATABASE", f"sqlite:///{tmp_path}/x.db")
    monkeypatch.setenv("PACTMAP_PORT", "9001")
    monkeypatch.setenv("PACTMAP_CORS_ORIGINS", "https://a.example, http://localhost:5173")
    monkeypatch.setenv("PACTMAP_SECRET_KEY", "k3Jx9Qv2Lm8Zr5Tw1Yp7Hs4Nd6Bc0Fg_Ae")

    settings = load_settings()

    assert settings.sqlite_path == tmp_path / "x.db"
    assert settings.port == 9001
    assert settings.cors_origins == ["https://a.example", "http://localhost:5173"]
    assert settings.secret_key.get_secret_value() == "k3Jx9Qv2Lm8Zr5Tw1Yp7Hs4Nd6Bc0Fg_Ae"


def test_sqlite_urls_follow_the_three_and_four_slash_convention() -> None:
    assert load_settings(database="sqlite:///rel/x.db").sqlite_path == Path("rel/x.db")
    assert load_settings(database="sqlite:////abs/x.db").sqlite_path == Path("/abs/x.db")


@pytest.mark.parametrize(
    "uri",
    [
        "neo4j://db.example:7687",
        "neo4j+s://abc.databases.neo4j.io",
        "bolt://127.0.0.1:7687",
        "bolt+s://db.example",
    ],
)
def test_neo4j_uris_select_the_neo4j_store(uri: str) -> None:
    settings = load_settings(database=uri, neo4j_password="pw")
    assert settings.store_kind == "neo4j"
    assert settings.database == uri


def test_production_sends_secure_cookies_unless_told_otherwise() -> None:
    assert load_settings(env="production").cookie_secure is True
    assert load_settings(env="production", cookie_secure=False).cookie_secure is False


def test_a_password_in_the_database_url_is_not_shown() -> None:
    settings = load_settings(database="bolt://neo4j:hunter22@db.example:7687")
    assert "hunter22" not in settings.describe_database()


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("PACTMAP_PORT", "eighty", "PACTMAP_PORT='eighty'"),
        ("PACTMAP_PORT", "70000", "PACTMAP_PORT='70000'"),
        ("PACTMAP_DATABASE", "mysql://db/x", "PACTMAP_DATABASE='mysql://db/x'"),
        ("PACTMAP_DATABASE", "neo4j://", "PACTMAP_DATABASE='neo4j://'"),
        ("PACTMAP_DATABASE", "sqlite://x.db", "PACTMAP_DATABASE='sqlite://x.db'"),
        ("PACTMAP_ENV", "prod", "PACTMAP_ENV='prod'"),
        ("PACTMAP_CORS_ORIGINS", "example.org", "origin 'example.org'"),
        ("PACTMAP_COOKIE_SECURE", "maybe", "PACTMAP_COOKIE_SECURE='maybe'"),
    ],
)
def test_a_bad_setting_is_refused_with_its_name_and_value(
    monkeypatch: pytest.MonkeyPatch, variable: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(variable, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    assert expected in str(caught.value)
    assert variable in str(caught.value)


@pytest.mark.parametrize(
    "weak",
    ["s3cr3t", "changeme-changeme-changeme-changeme", "a" * 64, "short-but-random-7Qx"],
)
def test_a_weak_secret_key_is_refused_without_echoing_it(
    monkeypatch: pytest.MonkeyPatch, weak: str
) -> None:
    monkeypatch.setenv("PACTMAP_SECRET_KEY", weak)
    with pytest.raises(SettingsError, match="PACTMAP_SECRET_KEY") as caught:
        load_settings()
    assert weak not in str(caught.value)
