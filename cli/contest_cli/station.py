"""What a station's sheet commands share (`contest teams`, `contest experts`): signing in to the
gateway, reading a number as a person typed it, and the per-row report Excel opens."""
import csv
import getpass
import os
import sys

import requests


def signed_in(args):
    """A requests session with the bearer token of `args.username` (the password from
    CONTEST_PASSWORD or a prompt); exits with the gateway's answer when the login is refused."""
    password = os.environ.get("CONTEST_PASSWORD") or getpass.getpass(f"password of {args.username}: ")
    answer = requests.post(f"{args.gateway}/api/auth/token", timeout=30,
                           json={"username": args.username, "password": password})
    if answer.status_code != 200:
        sys.exit(f"login refused: {answer.status_code} {answer.text[:300]}")
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {answer.json()['token']}"
    return session


def whole_number(value):
    """A cell as a whole number where it is one (120, 120.0, "3,000"); else as it is."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.replace(",", "").isdigit():
        return int(value.replace(",", ""))
    return value


def write_report(path, id_label, results):
    """The import's report: a row per sheet row, `results` as (sheet row, result, id, {field:
    messages}, {field: codes}); CSV in UTF-8 with a BOM, so that Excel reads its Chinese."""
    with open(path, "w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["行 Row", "结果 Result", id_label, "原因 Reasons", "代码 Codes"])
        for number, status, ident, fields, codes in results:
            writer.writerow([number, status, ident, _joined(fields), _joined(codes)])


def _joined(by_field):
    return "; ".join(f"{field}: {' '.join(values)}" for field, values in by_field.items())
