"""`contest quota`: seats among the units of a CSV, printed as CSV in the file's order."""
import pytest

STATIONS = "name,weight\nnorth,5100\nsouth,3300\neast,1600\n"


def units(tmp_path, text=STATIONS):
    path = tmp_path / "units.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(("method", "seats"), [("hamilton", "5 3 2"), ("dhondt", "6 3 1"),
                                               ("sainte-lague", "5 3 2"), ("huntington-hill", "5 3 2")])
def test_each_method_prints_name_and_seats_in_the_files_order(contest, tmp_path, method, seats):
    result = contest("quota", "--method", method, "--seats", "10", units(tmp_path))

    expected = dict(zip(("north", "south", "east"), seats.split(), strict=True))
    assert result.returncode == 0
    assert result.stdout == "name,seats\n" + "".join(f"{n},{s}\n" for n, s in expected.items())


def test_bounds_apply_to_every_unit(contest, tmp_path):
    result = contest("quota", "--method", "dhondt", "--seats", "10", "--max", "4", units(tmp_path))

    assert result.stdout.splitlines() == ["name,seats", "north,4", "south,4", "east,2"]


@pytest.mark.parametrize(("text", "options", "says"), [
    ("name,weight\n", (), "no unit is listed"),
    ("", (), "header name,weight"),
    ("name,weight\nnorth,-5\n", (), "negative"),
    ("name,weight\nnorth,lots\n", (), "is not a number"),
    ("name,weight\nnorth,1\nnorth,2\n", (), "named twice"),
    (STATIONS, ("--min", "4"), "minimum"),
    (STATIONS, ("--max", "3"), "exceed what the maximums allow"),
    (STATIONS, ("--method", "borda"), "'borda' is not one of hamilton, dhondt"),
])
def test_bad_input_exits_non_zero_with_a_clear_message(contest, tmp_path, text, options, says):
    result = contest("quota", "--method", "hamilton", "--seats", "10", *options, units(tmp_path, text))

    assert result.returncode != 0 and result.stdout == ""
    assert says in result.stderr
