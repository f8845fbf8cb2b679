# The hls-graph API. With NEO4J_URI set it starts no local Neo4j (no Java needed here).
FROM python:3.11-slim
WORKDIR /srv/hls-graph
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph ./graph
COPY queries ./queries
COPY viz ./viz
RUN pip install --no-cache-dir .
EXPOSE 8000
# Loads the shipped data sets (idempotent), then serves the API.
CMD ["hls-graph", "serve"]
