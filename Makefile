# Borderzone — two commands do everything on a fresh Debian machine (root or sudo):
#   make run    provision a local PostGIS (unless SPRING_DATASOURCE_URL is set), build, start on :8080 with demo data
#   make test   the same provisioning + Chromium, then every test against a real PostGIS
#   make backup / make restore   pg_dump / pg_restore of the database (BACKUP=path to choose the file)
# Database roles (docs/OPERATIONS.md): the owner role BORDERZONE_DB_OWNER (default borderzone_owner) runs the
# migrations, the server connects as BORDERZONE_DB_USER / SPRING_DATASOURCE_USERNAME (default borderzone).
SHELL := /bin/bash
.DEFAULT_GOAL := help

PG_PORT ?= $(or $(BORDERZONE_PG_PORT),5433)
DB_NAME ?= borderzone
TEST_DB_NAME ?= borderzone_test
BENCH_DB_NAME ?= borderzone_bench
LARGE_DB_NAME ?= borderzone_large
CHAOS_DB_NAME ?= borderzone_chaos
SHOTS_DB_NAME ?= borderzone_screenshots
MVN ?= mvn -B -ntp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export BORDERZONE_PG_PORT := $(PG_PORT)

JDBC_URL = jdbc:postgresql://localhost:$(PG_PORT)/$(1)

.PHONY: help run test fuzz bench screenshots data-large chaos backup restore stop db-start db-status tools pdf browser build clean

help:
	@echo "make run    — start Borderzone with demo data on http://localhost:8080"
	@echo "make test   — run every test against a real PostGIS (and headless Chromium)"
	@echo "make fuzz   — run the property-based fuzz tests of the readers longer (FUZZ_TRIES=$(FUZZ_TRIES) tries each)"
	@echo "make data-large — load 1,000,000 incidents and a 100,000-edge network into $(LARGE_DB_NAME) (idempotent)"
	@echo "make bench  — run the benchmarks, write docs/BENCHMARKS.md (the 1M sections need make data-large)"
	@echo "make backup — dump the database into var/backups/ (or BACKUP=file)"
	@echo "make restore — replace the database by the newest backup (or BACKUP=file)"
	@echo "make chaos  — longer fault tests: crashes during imports, database outages under load (docs/OPERATIONS.md)"
	@echo "make screenshots — PNGs of the main views (desktop, phone; en, km, lo) into docs/screenshots/"
	@echo "make stop   — stop the project's PostgreSQL cluster"

# Java 17 and Maven come with the machine; install them if a fresh Debian lacks them.
tools:
	@command -v mvn >/dev/null && command -v javac >/dev/null || \
	  { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q openjdk-17-jdk-headless maven; }

# Headless Chromium from Debian: the server prints the minutes PDF with it (Khmer and Lao shaping; without it the
# PDF falls back to openhtmltopdf, Khmer unshaped: docs/EXCHANGE.md).
pdf:
	@command -v chromium >/dev/null || \
	  { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q chromium; }

# Everything the tests run besides the JVM: headless Chromium, GDAL's ogrinfo/ogr2ogr (the independent reader of
# every export), wrk (the load tool of make bench), npm, all from Debian; then axe-core (the accessibility check
# run in Chromium) from the npm registry at the version pinned in web/test-tools/package-lock.json. Only what is
# missing is installed: a machine whose Node.js comes from elsewhere (NodeSource's nodejs bundles npm and conflicts
# with Debian's npm package) keeps its npm.
browser:
	@missing=""; \
	  command -v chromium >/dev/null || missing="$$missing chromium"; \
	  command -v chromedriver >/dev/null || missing="$$missing chromium-driver"; \
	  command -v ogrinfo >/dev/null || missing="$$missing gdal-bin"; \
	  command -v wrk >/dev/null || missing="$$missing wrk"; \
	  command -v npm >/dev/null || missing="$$missing npm"; \
	  [ -z "$$missing" ] || { echo "installing from Debian:$$missing"; $(SUDO) apt-get update -q && \
	    DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; }
	@[ -f web/test-tools/node_modules/axe-core/axe.min.js ] || \
	  (cd web/test-tools && npm ci --no-audit --no-fund --ignore-scripts)

# Start the project-owned cluster unless an external database is configured.
db-start:
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/pg.sh start
else
	@echo "[pg] SPRING_DATASOURCE_URL is set: using $(SPRING_DATASOURCE_URL), no local cluster"
endif

db-status:
	@scripts/pg.sh status

stop:
	@scripts/pg.sh stop

build: tools
	$(MVN) -DskipTests package

run: tools pdf db-start
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/pg.sh createdb $(DB_NAME)
	$(MVN) -DskipTests package
	SPRING_DATASOURCE_URL=$(call JDBC_URL,$(DB_NAME)) java -jar backend/target/borderzone.jar --spring.profiles.active=demo
else
	$(MVN) -DskipTests package
	java -jar backend/target/borderzone.jar --spring.profiles.active=demo
endif

# Tests always get a fresh, empty database, so migrations are proven on an empty schema every run.
test: tools browser db-start
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/pg.sh createdb $(TEST_DB_NAME) fresh
	SPRING_DATASOURCE_URL=$(call JDBC_URL,$(TEST_DB_NAME)) $(MVN) verify
else
	$(MVN) verify
endif

# Screenshots of the main views (e2e/MainViewScreenshots, profile screenshots) on their own fresh database with
# the demo data, into docs/screenshots/<view>-<desktop|phone>-<lang>.png.
screenshots: tools browser db-start
	@command -v pngquant >/dev/null || { $(SUDO) apt-get update -q && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q pngquant; }
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/pg.sh createdb $(SHOTS_DB_NAME) fresh
	SPRING_DATASOURCE_URL=$(call JDBC_URL,$(SHOTS_DB_NAME)) $(MVN) -pl backend -am -Pscreenshots verify
else
	$(MVN) -pl backend -am -Pscreenshots verify
endif

# Fuzzing: the jqwik properties of the CSV, GeoJSON and WKT readers and of the JSON request reader (pure unit
# tests, no database) with many more tries than the 100 of `make test`. FUZZ_TRIES=100000 make fuzz for longer.
FUZZ_TRIES ?= 20000
fuzz: tools
	$(MVN) -pl backend -am verify -Djqwik.tries.default=$(FUZZ_TRIES) \
	  -Dtest='ImportReadersFuzzTest,GeoFuzzTest,JsonBodyTest' -Dsurefire.failIfNoSpecifiedTests=false

# Benchmarks (classes named *Bench, profile bench) on their own database; results go to docs/BENCHMARKS.md.
# BENCH_ARGS passes sizes, e.g. make bench BENCH_ARGS=-Dbench.hotspot.rows=1000000
# (-am builds the web module too: nothing is installed into ~/.m2).
bench: tools browser db-start
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/pg.sh createdb $(BENCH_DB_NAME) fresh
	SPRING_DATASOURCE_URL=$(call JDBC_URL,$(BENCH_DB_NAME)) BENCH_LARGE_URL=$(call JDBC_URL,$(LARGE_DB_NAME)) \
	  $(MVN) -pl backend -am -Pbench $(BENCH_ARGS) verify
else
	$(MVN) -pl backend -am -Pbench $(BENCH_ARGS) verify
endif

# The large data set (bench/LargeData: seeded, 1,000,000 incidents over 10 years with planted clusters, a
# 100,000-edge network) loaded through the real import paths over HTTP into LARGE_DB_NAME; skips what is
# already there (the generator version is in every row's source). LARGE_ARGS e.g. -Dlarge.rows=200000.
# make bench reads it (BENCH_LARGE_URL) for its 1M sections.
data-large: tools db-start
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/pg.sh createdb $(LARGE_DB_NAME)
	SPRING_DATASOURCE_URL=$(call JDBC_URL,$(LARGE_DB_NAME)) $(MVN) -pl backend -am -Pdata-large $(LARGE_ARGS) verify
else
	$(MVN) -pl backend -am -Pdata-large $(LARGE_ARGS) verify
endif

# Backups of the project's database on the project's cluster (scripts/backup.sh): pg_dump -Fc into
# var/backups/<db>-<UTC timestamp>.dump or BACKUP=path; restore takes BACKUP or the newest file there.
# With an external database (SPRING_DATASOURCE_URL) use pg_dump/pg_restore there (docs/OPERATIONS.md).
backup: db-start
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/backup.sh backup $(DB_NAME) $(BACKUP)
else
	@echo "SPRING_DATASOURCE_URL is set: back that database up with pg_dump -Fc (docs/OPERATIONS.md)" >&2; exit 2
endif

restore: db-start
ifeq ($(SPRING_DATASOURCE_URL),)
	@file="$(BACKUP)"; [ -n "$$file" ] || file=$$(ls -t var/backups/$(DB_NAME)-*.dump 2>/dev/null | head -1); \
	  [ -n "$$file" ] || { echo "no backup in var/backups/ (make backup, or BACKUP=path)" >&2; exit 2; }; \
	  scripts/backup.sh restore "$$file" $(DB_NAME)
else
	@echo "SPRING_DATASOURCE_URL is set: restore that database with pg_restore (docs/OPERATIONS.md)" >&2; exit 2
endif

# Chaos (classes named *Chaos, profile chaos) on their own fresh database: crash cycles (kill -9, SIGTERM) during
# imports, database outages, crashes and partitions under load, heavy requests. Bounded in count and time,
# traffic only to localhost; outages are made by a TCP proxy in front of a child server, never by stopping the
# PostgreSQL cluster. CHAOS_ARGS passes sizes, e.g. make chaos CHAOS_ARGS="-Dchaos.cycles=10 -Dchaos.heavy=30"
chaos: tools db-start
ifeq ($(SPRING_DATASOURCE_URL),)
	@scripts/pg.sh createdb $(CHAOS_DB_NAME) fresh
	SPRING_DATASOURCE_URL=$(call JDBC_URL,$(CHAOS_DB_NAME)) $(MVN) -pl backend -am -Pchaos $(CHAOS_ARGS) verify
else
	$(MVN) -pl backend -am -Pchaos $(CHAOS_ARGS) verify
endif

clean:
	$(MVN) clean
