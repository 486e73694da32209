"""`contest draw`: the roadshow's lot draw, recomputed by anyone (contest_contracts.draw).

    contest draw seed                                     a new seed and the commitment to publish
    contest draw verify --commitment HEX --seed HEX --teams FILE

`verify` reads FILE (one team id a line; blank lines are skipped), checks that the seed is the one
the commitment was made from, and prints the order, one id a line. It exits non-zero, saying why,
when the seed does not match or the input is malformed.
"""
import secrets
import sys

from contest_contracts.draw import SEED_BYTES, BadSeed, commitment_of, draw_order, reveals, seed_from_hex


def cmd_seed(args):
    seed = secrets.token_bytes(SEED_BYTES)
    print(f"seed (keep it secret until the draw): {seed.hex()}")
    print(f"commitment (publish it before the draw): {commitment_of(seed)}")
    return 0


def cmd_verify(args):
    try:
        seed = seed_from_hex(args.seed)
        matched = reveals(args.commitment, seed)
    except BadSeed as bad:
        sys.exit(f"contest draw verify: {bad}")
    if not matched:
        sys.exit(f"contest draw verify: the seed does not match the commitment: sha256(seed) is "
                 f"{commitment_of(seed)}, the commitment is {args.commitment.strip().lower()}")
    try:
        with open(args.teams, encoding="utf-8-sig") as lines:
            teams = [line.strip() for line in lines if line.strip()]
    except OSError as unreadable:
        sys.exit(f"contest draw verify: cannot read {args.teams}: {unreadable.strerror}")
    if not teams:
        sys.exit(f"contest draw verify: {args.teams} lists no team")
    if len(set(teams)) != len(teams):
        twice = sorted({t for t in teams if teams.count(t) > 1})
        sys.exit(f"contest draw verify: {args.teams} lists a team twice: {', '.join(twice)}")
    print("\n".join(draw_order(teams, seed)))
    return 0


def add_parser(sub):
    draw = sub.add_parser("draw", help="the roadshow's lot draw: a new seed, or verify an order")
    actions = draw.add_subparsers(dest="draw_action", required=True)
    actions.add_parser("seed", help="a new random seed and its commitment").set_defaults(fn=cmd_seed)
    verify = actions.add_parser("verify", help="check a seed against its commitment, print the order")
    verify.add_argument("--commitment", required=True, help="sha256(seed), 64 hex digits, published before")
    verify.add_argument("--seed", required=True, help="the revealed seed, 64 hex digits")
    verify.add_argument("--teams", required=True, help="a file of team ids, one a line")
    verify.set_defaults(fn=cmd_verify)
