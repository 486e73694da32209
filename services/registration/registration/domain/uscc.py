"""The unified social credit code (统一社会信用代码, GB 32100-2015).

18 characters from a 31-character alphabet (no I, O, S, V, Z); the last is a
check character computed from the first 17 with fixed weights.
"""
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17):
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def uscc_problem(code):
    """Why `code` is not a valid USCC, or None when it is."""
    if not isinstance(code, str) or len(code) != 18:
        return "统一社会信用代码应为18位 (a USCC has 18 characters)"
    code = code.upper()
    bad = sorted({c for c in code if c not in ALPHABET})
    if bad:
        return f"统一社会信用代码含非法字符 (invalid characters): {''.join(bad)}"
    if check_character(code[:17]) != code[17]:
        return "统一社会信用代码校验位错误 (check character does not match)"
    return None
