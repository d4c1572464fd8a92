"""``koppel match``: exit codes, one-line errors, -o, --with-candidates, determinism."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from webapp.cli import main

from .builders import instance, pupil, slot

KOPPEL = Path(sys.executable).with_name("koppel")


def _run(*args: str | Path) -> int:
    with pytest.raises(SystemExit) as exited:
        main(["match", *map(str, args)])
    return exited.value.code


@pytest.fixture
def instance_file(tmp_path: Path) -> Path:
    path = tmp_path / "instance.json"
    # p-1 has waited longer, so matching it is strictly cheaper: no tie to break.
    pupils = [pupil("p-1", waiting_days=30), pupil("p-2")]
    path.write_text(json.dumps(instance(pupils=pupils)), encoding="utf-8")
    return path


def test_the_result_is_written_to_the_output_file(instance_file, tmp_path, capsys):
    assert _run(instance_file, "-o", tmp_path / "result.json") == 0
    result = json.loads((tmp_path / "result.json").read_text(encoding="utf-8"))
    assert result["schema"] == "koppel.result/1" and "candidates" not in result
    assert [m["pupil"] for m in result["matches"]] == ["p-1"]
    assert capsys.readouterr().err == ""


def test_with_candidates_lists_every_feasible_pair(instance_file, tmp_path):
    assert _run(instance_file, "-o", tmp_path / "r.json", "--with-candidates") == 0
    result = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert [(c["volunteer"], c["pupil"]) for c in result["candidates"]] == [
        ("v-1", "p-1"), ("v-1", "p-2")]


def test_the_same_instance_gives_the_same_bytes_and_timings_only_on_request(
    instance_file, tmp_path
):
    outputs = [tmp_path / "a.json", tmp_path / "b.json", tmp_path / "c.json"]
    for output in outputs[:2]:
        assert _run(instance_file, "-o", output, "--with-candidates") == 0
    assert outputs[0].read_bytes() == outputs[1].read_bytes()
    assert _run(instance_file, "-o", outputs[2], "--timings") == 0
    timings = json.loads(outputs[2].read_text(encoding="utf-8"))["stats"]["timings_s"]
    assert set(timings) == {"parse", "candidates", "solve", "explain", "write"}


def test_without_output_option_the_result_goes_to_standard_output(instance_file):
    run = subprocess.run([str(KOPPEL), "match", str(instance_file)], capture_output=True,
                         check=False, timeout=120)
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["total_cost"] > 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (json.dumps(instance(pupils=[pupil(), pupil("p-2"), pupil("p-3"), pupil(
            "p-4", availability=[slot("mon", "18:00", "17:00")])])),
         "koppel: pupils[3].availability[0].end: must be after start\n"),
        ('{"schema": "koppel.instance/1",', "not valid JSON"),
        (b"\xff\xfe", "not valid JSON"),
    ],
)
def test_bad_input_exits_2_with_one_line_naming_the_problem(tmp_path, capsys, content, expected):
    path = tmp_path / "instance.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    assert _run(path, "-o", tmp_path / "result.json") == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1 and "Traceback" not in err
    assert not (tmp_path / "result.json").exists()


def test_an_unreadable_file_exits_2_naming_the_file(tmp_path, capsys):
    missing = tmp_path / "missing.json"
    assert _run(missing) == 2
    assert capsys.readouterr().err == (
        f"koppel: {missing}: cannot read file (No such file or directory)\n")


def test_a_traceback_never_reaches_the_user_of_the_real_command(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(instance(volunteers=[{"id": "v-1"}])), encoding="utf-8")
    run = subprocess.run([str(KOPPEL), "match", str(path)], capture_output=True, text=True,
                         check=False, timeout=120)
    assert (run.returncode, run.stdout) == (2, "")
    assert run.stderr == "koppel: volunteers[0].region: is required\n"
