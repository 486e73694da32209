"""The contest platform's shared kit.

Nothing here knows about teams, scores or awards except the event contracts
(`contest_kit.contracts`), which are the one thing services share.
"""
