"""``koppel match`` gives, in a fresh process, exactly what the Python entry point gives."""

from __future__ import annotations

import json

import pytest

from .entry_points import run_koppel, solve
from .instances import seeded_instance


@pytest.fixture(scope="module")
def instance() -> dict:
    return seeded_instance(7, pupils=60, volunteers=20)


def test_match_with_candidates_writes_the_python_result_to_the_output_file(tmp_path, instance):
    source, target = tmp_path / "instance.json", tmp_path / "result.json"
    source.write_text(json.dumps(instance), encoding="utf-8")
    run = run_koppel("match", source, "-o", target, "--with-candidates")
    assert run.returncode == 0, run.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == solve(instance)


def test_match_without_output_file_prints_the_result_without_candidates(tmp_path, instance):
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(instance), encoding="utf-8")
    run = run_koppel("match", source)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout) == solve(instance, with_candidates=False)


def test_an_invalid_instance_exits_2_with_one_line_naming_the_path(tmp_path, instance):
    broken = json.loads(json.dumps(instance))
    broken["pupils"][1]["availability"] = [{"day": "tue", "start": "16:00", "end": "15:30"}]
    source = tmp_path / "instance.json"
    source.write_text(json.dumps(broken), encoding="utf-8")
    run = run_koppel("match", source)
    assert run.returncode == 2
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    assert "pupils[1].availability[0]" in run.stderr
