"""Review: experts, panels, assignment, recusal, lot drawing and score sheets."""
