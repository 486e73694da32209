# One image recipe for every service. Build from the repo root, naming the service and its port
# (gateway 8000, registration 8001, review 8002, ranking 8003, notify 8004):
#   docker build --build-arg SERVICE=review --build-arg PORT=8002 -t contest/review:dev .
# docker-compose.yml passes both for each service; `docker compose build` builds all five.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# What every service shares, before any build argument is declared: these layers are the same
# in all five images, so they are built once and cached.
COPY libs/contest_contracts /src/contest_contracts
COPY libs/contest_kit /src/contest_kit
RUN pip install /src/contest_contracts /src/contest_kit

# From here on, one service.
ARG SERVICE
ARG PORT
RUN test -n "$SERVICE" && test -n "$PORT" \
    || { echo "build with --build-arg SERVICE=<service> --build-arg PORT=<port>" >&2; exit 1; }

ENV SERVICE=${SERVICE} \
    PORT=${PORT} \
    WEB_SERVER_ADDRESS=0.0.0.0:${PORT}

# The service directory becomes /app, the working directory: `python -m` puts it first on the
# path, so `contest_kit.serve` finds the package in /app/$SERVICE and its config.yml beside it,
# and `python -m contest_kit.migrate` (the k8s init container) sees its migrations as files.
COPY services/${SERVICE} /app
RUN pip install /app \
    && rm -rf /app/build /app/*.egg-info \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home contest \
    && mkdir -p /app/var \
    && chown contest:contest /app/var

# Numeric user so Kubernetes' runAsNonRoot can verify it without reading /etc/passwd.
USER 10001:10001
WORKDIR /app
EXPOSE ${PORT}

# slim has no curl: probe with the interpreter that is there anyway, on the port baked in above.
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ['PORT'] + '/health', timeout=4)"]

# The shell only expands $SERVICE, then `exec` hands PID 1 to Python, which gets SIGTERM itself.
CMD ["sh", "-c", "exec python -m contest_kit.serve \"$SERVICE\""]
