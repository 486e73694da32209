"""Every route of the public API, declared once (see table.py), one module per resource."""
from gateway.routes import accounts, audit, national, notify, ranking, registration, review

ROUTES = (*accounts.ROUTES, *registration.ROUTES, *notify.ROUTES, *review.ROUTES, *ranking.ROUTES,
          *national.ROUTES, *audit.ROUTES)
BY_NAME = {route.name: route for route in ROUTES}
assert len(BY_NAME) == len(ROUTES), "two routes share a name"
