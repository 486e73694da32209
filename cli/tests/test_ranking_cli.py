"""`contest ranking verify`: anyone recomputes a published ranking from its export's inputs."""
import json

from ranking.domain.published import FORMAT, compute

CRITERIA = ("technical", "application", "commercial", "defence")


def sheet(project, expert, total, defence=None):
    scores = dict.fromkeys(CRITERIA, str(total))
    if defence is not None:
        scores["defence"] = str(defence)
    return {"project_id": project, "expert_id": expert, "scores": scores}


# p-a and p-b tie on score (80.00) and split on defence; p-c and p-d tie on everything and the panel
# deliberated p-d first.
INPUTS = {
    "method": "trimmed-mean", "k": None, "tie_chain": ["defence", "technical"],
    "weights": {"technical": "0.30", "application": "0.30", "commercial": "0.20", "defence": "0.20"},
    "sheets": [sheet("p-a", "e1", 80), sheet("p-a", "e2", 80),
               sheet("p-b", "e1", "81.25", 75), sheet("p-b", "e2", "81.25", 75),
               sheet("p-c", "e1", 70), sheet("p-c", "e2", 70),
               sheet("p-d", "e1", 70), sheet("p-d", "e2", 70)],
    "deliberations": [{"order": ["p-d", "p-c"], "reason": "合议：应用成效更突出"}],
}


def export(tmp_path, inputs=INPUTS, results=None):
    path = tmp_path / "ranking.json"
    path.write_text(json.dumps({"format": FORMAT, "inputs": inputs,
                                "results": compute(INPUTS) if results is None else results},
                               ensure_ascii=False), encoding="utf-8")
    return path


def test_an_untouched_export_verifies(contest, tmp_path):
    result = contest("ranking", "verify", str(export(tmp_path)))

    assert (result.returncode, result.stdout) == (0, "ok\n")
    assert [(r["project_id"], r["score"], r["rank"], r["settled_by"]) for r in compute(INPUTS)] == [
        ("p-a", "80.00", 1, "defence"), ("p-b", "80.00", 2, "defence"),
        ("p-d", "70.00", 3, "deliberation"), ("p-c", "70.00", 4, "deliberation")]


def test_one_score_changed_in_the_inputs_names_the_first_project_that_differs(contest, tmp_path):
    edited = json.loads(json.dumps(INPUTS))
    edited["sheets"][0]["scores"]["technical"] = "90"           # p-a's first sheet: 80.00 -> 83.00

    result = contest("ranking", "verify", str(export(tmp_path, inputs=edited)))

    assert result.returncode != 0
    assert result.stdout == ""
    assert "differs: p-a: published score 80.00, its inputs give 81.50" in result.stderr


def test_a_changed_result_or_a_dropped_deliberation_is_caught(contest, tmp_path):
    results = compute(INPUTS)
    results[2]["rank"] = 4
    no_deliberation = {**INPUTS, "deliberations": []}

    edited_rank = contest("ranking", "verify", str(export(tmp_path, results=results)))
    undeliberated = contest("ranking", "verify", str(export(tmp_path, inputs=no_deliberation)))

    assert "p-d: published rank 4, its inputs give 3" in edited_rank.stderr
    assert "p-d: published rank 3, its inputs give 3" not in undeliberated.stderr
    assert undeliberated.returncode != 0 and "p-c" in undeliberated.stderr


def test_what_is_not_a_ranking_export_is_refused_with_why(contest, tmp_path):
    garbled = tmp_path / "garbled.json"
    garbled.write_text("{not json", encoding="utf-8")
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"format": "contest-draw/1"}), encoding="utf-8")
    bad_method = export(tmp_path, inputs={**INPUTS, "method": "mode"})

    results = [contest("ranking", "verify", str(path)) for path in (garbled, other, bad_method,
                                                                    tmp_path / "missing.json")]

    assert [r.returncode != 0 for r in results] == [True] * 4
    assert "is not JSON" in results[0].stderr
    assert "not a ranking export" in results[1].stderr
    assert "'mode' is not one of" in results[2].stderr
    assert "cannot read" in results[3].stderr
