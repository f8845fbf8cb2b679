# The hls-graph API. With NEO4J_URI set it starts no local Neo4j (no Java needed here).
FROM python:3.11-slim
WORKDIR /srv/hls-graph
# Installs come from the lock (requirements/run.txt: the service's own dependencies, hashes checked).
COPY requirements/tools.txt requirements/run.txt ./requirements/
RUN pip install --no-cache-dir -q --require-hashes -r requirements/tools.txt \
 && pip install --no-cache-dir -q --require-hashes -r requirements/run.txt
COPY pyproject.toml README.md ./
COPY app ./app
COPY graph ./graph
COPY queries ./queries
COPY viz ./viz
RUN pip install --no-cache-dir -q --no-deps --no-build-isolation .
EXPOSE 8000
# Loads the shipped data sets (idempotent), then serves the API.
CMD ["hls-graph", "serve"]
