"""The public notice (公示) of the final's results and the complaints (举报) it may draw (issue 11;
seed 001): results are published for 30 days; a complaint needs a real name, a contact and evidence,
and comes within the window; the committee accepts it, investigates, and rules, one step after the
other; an upheld complaint revokes the award it names.
"""
from datetime import timedelta

WINDOW = timedelta(days=30)

FILED, ACCEPTED, INVESTIGATING = "filed", "accepted", "investigating"
UPHELD, DISMISSED = "upheld", "dismissed"
# each step the committee takes, from the state it needs to the state it leaves
STEPS = {"accept": (FILED, ACCEPTED), "investigate": (ACCEPTED, INVESTIGATING),
         "uphold": (INVESTIGATING, UPHELD), "dismiss": ((FILED, ACCEPTED, INVESTIGATING), DISMISSED)}


class NoticeRefused(ValueError):
    def __init__(self, code, detail):
        super().__init__(detail)
        self.code, self.detail = code, detail


def closes_at(published_at):
    """The end of the notice's window: 30 days after it is published."""
    return published_at + WINDOW


def check_filing(published_at, now):
    """Refuse a complaint outside the notice's window."""
    if now < published_at or now > closes_at(published_at):
        raise NoticeRefused("notice-closed",
                            f"the notice was open until {closes_at(published_at).isoformat()}")


def step(state, action):
    """The complaint's state after the committee's `action`; refused when it does not follow."""
    if action not in STEPS:
        raise NoticeRefused("unknown-step", f"{action!r} is not one of {', '.join(STEPS)}")
    needs, leaves = STEPS[action]
    if state not in (needs if isinstance(needs, tuple) else (needs,)):
        raise NoticeRefused("out-of-order", f"a complaint {state} cannot take the step {action!r}")
    return leaves
