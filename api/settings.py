"""pactmap's configuration, read once from ``PACTMAP_*`` environment variables.

Nothing else in pactmap reads ``os.environ``. A bad value fails at start with a message that
names the variable and the value (:class:`SettingsError`), never on the first request.

=========================  =================================================================
``PACTMAP_DATABASE``       ``sqlite:///relative.db``, ``sqlite:////absolute/path.db`` or a
                           Neo4j URI (``neo4j://``, ``neo4j+s://``, ``bolt://``, ``bolt+s://``);
                           default: ``pactmap.db`` in the data directory
``PACTMAP_NEO4J_USER``     Neo4j user (default ``neo4j``)
``PACTMAP_NEO4J_PASSWORD`` Neo4j password
``PACTMAP_NEO4J_DATABASE`` Neo4j database name (default ``neo4j``)
``PACTMAP_SECRET_KEY``     signs sessions; default: generated once, kept in the data directory
``PACTMAP_HOST``           address ``pactmap serve`` listens on (default ``127.0.0.1``)
``PACTMAP_PORT``           its port (default ``8000``)
``PACTMAP_CORS_ORIGINS``   comma-separated origins allowed to call the API (default: none)
``PACTMAP_ENV``            ``development`` or ``production`` (errors masked in production)
``PACTMAP_COOKIE_SECURE``  send the session cookie over HTTPS only (default: on in production)
``PACTMAP_DATA_DIR``       where the default database and secret key live
``PACTMAP_MAX_BODY_BYTES``  largest request body (default 1 MiB); 413 while reading
``PACTMAP_MAX_IMPORT_BYTES`` largest body of an ``importFile`` request (default 28 MiB)
``PACTMAP_MAX_QUERY_COST`` objects a query may resolve, estimated before execution (10,000)
``PACTMAP_PUBLIC_SCHEMA``  introspection and /graphql/schema.graphql without signing in
                           (default: on in development, off in production)
``PACTMAP_LOGIN_FREE_FAILURES`` failed sign-ins of an account before it must wait (5)
``PACTMAP_LOGIN_ADDRESS_FREE_FAILURES`` the same for one client address (20)
``PACTMAP_LOGIN_BACKOFF_SECONDS`` the first wait; each further failure doubles it (1)
``PACTMAP_LOGIN_BACKOFF_MAX_SECONDS`` the longest wait (900)
``PACTMAP_LOGIN_HASH_SLOTS`` password hashes a process computes at once (4)
=========================  =================================================================
"""

from __future__ import annotations

import functools
import ipaddress
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlsplit

import platformdirs
from pactmap.graph.errors import PactmapError
from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

if TYPE_CHECKING:
    from pactmap.graph.store import Store

ENV_PREFIX = "PACTMAP_"
NEO4J_SCHEMES = frozenset({"neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc"})
SECRET_FILE = "secret_key"  # noqa: S105 - a file name
MIN_SECRET_LENGTH = 32
WEAK_SECRETS = frozenset(
    {"secret", "changeme", "change-me", "password", "development", "insecure", "pactmap"}
)


class SettingsError(PactmapError):
    """A setting has a value pactmap cannot use; the message names the variable and value."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("pactmap", appauthor=False))


def parse_sqlite_path(url: str) -> Path:
    """``sqlite:///rel/file.db`` is relative to the working directory,
    ``sqlite:////abs/file.db`` absolute (SQLAlchemy's convention); ``~`` is expanded."""
    rest = url.removeprefix("sqlite:///")
    if not rest or rest == url:
        raise ValueError("an SQLite URL is sqlite:///relative/file.db or sqlite:////abs/file.db")
    return Path(rest).expanduser()


def _is_weak(secret: str) -> str | None:
    if len(secret) < MIN_SECRET_LENGTH:
        return f"is shorter than {MIN_SECRET_LENGTH} characters"
    if len(set(secret)) < 8:
        return "uses fewer than 8 distinct characters"
    if any(word in secret.lower() for word in WEAK_SECRETS):
        return "contains a guessable word"
    return None


def load_or_create_secret(data_dir: Path) -> str:
    """The secret kept in ``data_dir/secret_key``, created (mode 0600) on first use."""
    path = data_dir / SECRET_FILE
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret


class Settings(BaseSettings):
    """Every setting of pactmap; see the module docstring for the variables."""

    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX, extra="ignore", frozen=False, validate_default=True
    )

    data_dir: Path = Field(default_factory=default_data_dir)
    database: str = ""
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr = SecretStr("")
    neo4j_database: str = Field(default="neo4j", min_length=1)
    secret_key: SecretStr = SecretStr("")
    host: str = Field(default="127.0.0.1", min_length=1)
    port: int = Field(default=8000, ge=1, le=65535)
    cors_origins: Annotated[list[str], NoDecode] = Field(default_factory=list)
    env: Literal["development", "production"] = "development"
    cookie_secure: bool = False
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_import_bytes: int = Field(default=28 * 1024 * 1024, ge=1024)
    public_schema: bool = True
    max_query_cost: int = Field(default=10_000, ge=1)
    territory_creators: Literal["admins", "users"] = "admins"
    """Who may create a territory through the API (PACTMAP_TERRITORY_CREATORS): the admins of
    an existing territory, or any signed-in user; the command line always may."""
    login_free_failures: int = Field(default=5, ge=1)
    login_address_free_failures: int = Field(default=20, ge=1)
    login_backoff_seconds: float = Field(default=1.0, gt=0, le=86400)
    login_backoff_max_seconds: float = Field(default=900.0, gt=0, le=86400)
    login_hash_slots: int = Field(default=4, ge=1, le=256)
    workers: int | None = Field(default=None, ge=1, le=64)
    """Processes ``pactmap serve`` runs (PACTMAP_WORKERS; default one per core)."""
    lang: str | None = None
    """The language of the CLI's reports (PACTMAP_LANG; default: the system locale's)."""

    @field_validator("lang")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        from pactmap.graph.i18n import LANGUAGES

        if value is not None and value not in LANGUAGES:
            raise ValueError(f"pactmap speaks {', '.join(LANGUAGES)}; got {value!r}")
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: Any) -> Any:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @field_validator("cors_origins")
    @classmethod
    def _check_origins(cls, value: list[str]) -> list[str]:
        for origin in value:
            parts = urlsplit(origin)
            if origin != "*" and (parts.scheme not in {"http", "https"} or not parts.netloc):
                raise ValueError(f"origin {origin!r} is not '*' or http(s)://host[:port]")
        return value

    @field_validator("database")
    @classmethod
    def _check_database(cls, value: str) -> str:
        value = value.strip()
        if not value:
            return value
        scheme = value.split("://", 1)[0].lower() if "://" in value else ""
        if scheme == "sqlite":
            parse_sqlite_path(value)
        elif scheme in NEO4J_SCHEMES:
            if not urlsplit(value).hostname:
                raise ValueError(f"the Neo4j URI {value!r} names no host")
        else:
            raise ValueError(
                "expected sqlite:///path/to/file.db or a neo4j://, neo4j+s://, bolt:// "
                "or bolt+s:// URI"
            )
        return value

    @model_validator(mode="after")
    def _resolve_defaults(self) -> Settings:
        self.data_dir = self.data_dir.expanduser()
        if not self.database:
            self.database = f"sqlite:///{self.data_dir / 'pactmap.db'}"
        secret = self.secret_key.get_secret_value()
        if not secret:
            self.secret_key = SecretStr(load_or_create_secret(self.data_dir))
        elif weakness := _is_weak(secret):
            raise ValueError(f"secret_key: the secret key {weakness}; use a long random one")
        if "cookie_secure" not in self.model_fields_set and self.env == "production":
            self.cookie_secure = True
        if "public_schema" not in self.model_fields_set and self.env == "production":
            self.public_schema = False
        return self

    @property
    def loopback(self) -> bool:
        """Whether ``host`` is a loopback address (only then may development show tracebacks)."""
        try:
            return ipaddress.ip_address(self.host).is_loopback
        except ValueError:
            return self.host == "localhost"

    @property
    def show_tracebacks(self) -> bool:
        """Tracebacks only in explicit development on a loopback address."""
        return self.env == "development" and self.loopback

    @property
    def store_kind(self) -> Literal["sqlite", "neo4j"]:
        return "sqlite" if self.database.startswith("sqlite:") else "neo4j"

    @property
    def sqlite_path(self) -> Path:
        """The SQLite file (only for the SQLite store)."""
        return parse_sqlite_path(self.database)

    @property
    def production(self) -> bool:
        return self.env == "production"

    def describe_database(self) -> str:
        """The database URL without any password, for logs and /healthz."""
        parts = urlsplit(self.database)
        if parts.password:
            return self.database.replace(f":{parts.password}@", ":***@")
        return self.database


def _message(exc: PydanticValidationError) -> str:
    problems = []
    for err in exc.errors():
        field = str(err["loc"][0]) if err["loc"] else ""
        msg = err["msg"].removeprefix("Value error, ")
        if not field and ":" in msg:
            field, msg = (s.strip() for s in msg.split(":", 1))
        name = f"{ENV_PREFIX}{field.upper()}" if field else "settings"
        value = err.get("input")
        shown = "***" if "secret" in field or "password" in field else value
        if isinstance(value, dict):
            problems.append(f"{name}: {msg}")
        else:
            problems.append(f"{name}={shown!r}: {msg}")
    return "bad setting " + "; ".join(problems)


def load_settings(**overrides: Any) -> Settings:
    """Read the settings (environment, then ``overrides``); raise SettingsError if bad."""
    try:
        return Settings(**overrides)
    except PydanticValidationError as exc:
        raise SettingsError(_message(exc)) from None
    except OSError as exc:
        raise SettingsError(f"bad setting PACTMAP_DATA_DIR: {exc}") from None


@functools.cache
def get_settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()


def open_store(settings: Settings) -> Store:
    """Open the store the settings name (SQLite file created on first use)."""
    if settings.store_kind == "sqlite":
        from pactmap.graph.sqlite import SqliteStore

        path = settings.sqlite_path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise SettingsError(
                f"bad setting PACTMAP_DATABASE={settings.database!r}: cannot create "
                f"{path.parent}: {exc.strerror}"
            ) from None
        sqlite: Store = SqliteStore(path)
        return sqlite
    from pactmap.graph.neo4j import Neo4jStore

    neo4j: Store = Neo4jStore(
        settings.database,
        user=settings.neo4j_user,
        password=settings.neo4j_password.get_secret_value(),
        database=settings.neo4j_database,
    )
    return neo4j
