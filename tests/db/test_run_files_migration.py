"""Migration 0014 packs every stored run's instance and result, and unpacks them again.

Runs written before it hold their files as JSON; after it the same values read back
through the model, a run's matches still point at it, and a downgrade restores JSON.
"""

import json
from datetime import UTC, datetime

from alembic import command
from sqlalchemy import column, select, table, text

from matcher.db.migrate import alembic_config, schema_differences
from matcher.db.models import MatchingRun
from matcher.db.types import JSONData

OLD_JSON_COLUMNS = ("parameters", "statistics", "instance", "result", "id_map")

INSTANCE = {"schema": "koppel.instance/1", "pupils": [{"id": "p-1", "subjects": ["wiskunde"]}]}
RESULT = {"matches": [], "unmatched": [{"pupil": "p-1", "reason_codes": ["no_overlap"]}]}


def _old_run(database) -> int:
    """A run as migration 0013 stored it: files as JSON."""
    runs = table("matching_runs", column("id"), column("state"), column("created_at"),
                 *(column(name, JSONData) for name in OLD_JSON_COLUMNS))
    with database.engine.begin() as connection:
        return connection.execute(
            runs.insert().values(parameters={}, statistics={}, instance=INSTANCE,
                                 result=RESULT, id_map={}, state="closed",
                                 created_at=datetime.now(UTC))
            .returning(runs.c.id)
        ).scalar_one()


def test_upgrading_packs_a_stored_runs_files_and_they_read_back_unchanged(database):
    config = alembic_config(database.engine)
    command.downgrade(config, "0013")
    run_id = _old_run(database)
    command.upgrade(config, "head")
    assert schema_differences(database.engine) == []
    with database.unit_of_work() as session:
        run = session.get(MatchingRun, run_id)
        assert (run.instance, run.result, run.state, run.progress) == (
            INSTANCE, RESULT, "closed", {}
        )
        stored = session.scalar(text(f"SELECT instance FROM matching_runs WHERE id = {run_id}"))
        assert isinstance(stored, bytes | memoryview)


def test_downgrading_unpacks_the_files_into_json_again(database):
    with database.unit_of_work() as session:
        run = MatchingRun(instance=INSTANCE, result=RESULT, state="closed")
        session.add(run)
        session.commit()
        run_id = run.id
    command.downgrade(alembic_config(database.engine), "0013")
    with database.engine.connect() as connection:
        stored = connection.execute(
            text("SELECT instance, result FROM matching_runs WHERE id = :id"), {"id": run_id}
        ).one()
    values = [value if isinstance(value, dict) else json.loads(value)
              for value in stored]
    assert values == [INSTANCE, RESULT]
    command.upgrade(alembic_config(database.engine), "head")
    with database.unit_of_work() as session:
        assert session.scalar(select(MatchingRun.result).where(MatchingRun.id == run_id)) == RESULT
