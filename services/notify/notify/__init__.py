"""Notify: templates (zh-CN, en) and delivery to the team's inbox and mail."""
