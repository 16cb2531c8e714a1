"""Export the schema: ``python -m pactmap.api.schema [PATH]`` (default: api/schema.graphql).

The same text as ``strawberry export-schema pactmap.api.schema:schema``, without needing
strawberry's CLI extras. tests/api/test_schema_export.py fails when the file is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import schema

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def main(argv: list[str]) -> None:
    target = Path(argv[0]) if argv else SCHEMA_FILE
    target.write_text(schema.as_str() + "\n", encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main(sys.argv[1:])
