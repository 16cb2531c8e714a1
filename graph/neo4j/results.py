"""Analysis results kept in the Neo4j store, so that every worker process and every replica
reads the one computed first: one ``AnalysisResult`` node per territory and key (its ``slot``,
unique), holding the seq of the change it was computed at and the result's text. A newer seq
replaces an older one; deleting the territory deletes them."""

from __future__ import annotations

from .database import Database, Tx

_GET = "MATCH (r:AnalysisResult {slot: $slot}) WHERE r.seq = $seq RETURN r.data AS data"
_SAVE = (
    "MATCH (t:Territory {id: $territory_id}) "
    "MERGE (r:AnalysisResult {slot: $slot}) "
    "ON CREATE SET r.territory_id = $territory_id, r.seq = -1 "
    "WITH r WHERE r.seq <= $seq SET r.seq = $seq, r.data = $data"
)
_PRUNE = "MATCH (r:AnalysisResult {territory_id: $territory_id}) WHERE r.seq < $seq DELETE r"


def _slot(territory_id: str, key: str) -> str:
    return f"{territory_id}\n{key}"


def analysis_result(db: Database, territory_id: str, key: str, seq: int) -> str | None:
    slot = _slot(territory_id, key)
    record = db.read(lambda tx: tx.run(_GET, slot=slot, seq=seq).single())
    return None if record is None else str(record["data"])


def save_analysis_result(db: Database, territory_id: str, key: str, seq: int, data: str) -> None:
    params = {"territory_id": territory_id, "slot": _slot(territory_id, key), "seq": seq}

    def work(tx: Tx) -> None:
        tx.run(_SAVE, params, data=data).consume()
        tx.run(_PRUNE, params).consume()

    db.write(work)
