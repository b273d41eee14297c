# The ResearchGraph API. Settings come from the environment (SPEC §5); see docker-compose.yml.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Dependencies first, so that a code change does not reinstall them.
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph ./graph
COPY nlp ./nlp
COPY cypher ./cypher
RUN pip install . \
 && useradd --create-home --uid 10001 researchgraph \
 && mkdir -p /data && chown researchgraph /data

USER researchgraph
ENV RG_DATA_DIR=/data
EXPOSE 8000

HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status != 200)"

CMD ["researchgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
