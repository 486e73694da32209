"""Ranking: aggregation, ties, advancement, quotas, recommendations, final and awards."""
