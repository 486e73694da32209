"""`contest draw`: anyone recomputes a roadshow's order from the revealed seed."""
ZERO_COMMITMENT = "66687aadf862bd776c8fc18b8e9f8e20089714856ee233b3902a591d0d5f2925"


def verify(contest, seed, teams, commitment=ZERO_COMMITMENT):
    return contest("draw", "verify", "--commitment", commitment, "--seed", seed, "--teams", str(teams))


def test_verify_prints_the_worked_example_order(contest, tmp_path):
    teams = tmp_path / "teams.txt"
    teams.write_text("c\na\n\nd\nb\n", encoding="utf-8")

    result = verify(contest, "00" * 32, teams)

    assert (result.returncode, result.stdout) == (0, "d\nb\na\nc\n")


def test_verify_refuses_a_seed_that_does_not_match_the_commitment(contest, tmp_path):
    teams = tmp_path / "teams.txt"
    teams.write_text("a\nb\n", encoding="utf-8")

    result = verify(contest, "01" * 32, teams)

    assert result.returncode != 0
    assert result.stdout == ""
    assert "the seed does not match the commitment" in result.stderr


def test_verify_says_what_is_wrong_with_its_input(contest, tmp_path):
    twice = tmp_path / "twice.txt"
    twice.write_text("a\nb\na\n", encoding="utf-8")

    short_seed = verify(contest, "00", twice)
    repeated = verify(contest, "00" * 32, twice)
    missing = verify(contest, "00" * 32, tmp_path / "none.txt")

    assert [r.returncode != 0 for r in (short_seed, repeated, missing)] == [True, True, True]
    assert "64 hexadecimal digits" in short_seed.stderr
    assert "lists a team twice: a" in repeated.stderr
    assert "cannot read" in missing.stderr


def test_a_new_seed_comes_with_the_commitment_that_verifies_it(contest, tmp_path):
    made = contest("draw", "seed")
    seed = made.stdout.split("seed (keep it secret until the draw): ")[1].split()[0]
    commitment = made.stdout.split("commitment (publish it before the draw): ")[1].split()[0]
    teams = tmp_path / "teams.txt"
    teams.write_text("x\ny\nz\n", encoding="utf-8")

    result = verify(contest, seed, teams, commitment)

    assert result.returncode == 0, result.stderr
    assert sorted(result.stdout.split()) == ["x", "y", "z"]
