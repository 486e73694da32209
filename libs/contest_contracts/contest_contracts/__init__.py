"""What the contest's services agree on, and nothing that runs.

- `vocabulary`: roles, groups, locales, tracks' codes, statuses: defined once;
- `events`: the event catalogue (payload schemas, producers, consumers);
- `registration`, `review`, `ranking`, `notify`, `audit`: the requests and answers the
  gateway and a service share (the gateway validates with the service's own schema);
- `i18n` and `fields`: messages in zh-CN and English, bounded fields.

It imports nothing of the platform's: the kit and every service build on it.
"""
