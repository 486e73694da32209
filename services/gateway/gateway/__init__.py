"""Gateway: the public HTTP API (OpenAPI), authentication, tenancy and the web pages."""
