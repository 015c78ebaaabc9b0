# Kinship: a thin Makefile over CMake and npm. `make demo` and `make test` work on a fresh
# Debian 12 machine: they install what is missing first (apt-get, npm ci).
SHELL := /bin/bash
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
DEMO_DB ?= demo.db
DEMO_LISTEN ?= 127.0.0.1:8080

APT_PACKAGES := build-essential cmake ninja-build ccache pkg-config git \
  libboost-dev libboost-math-dev libsqlite3-dev sqlite3 libpq-dev postgresql \
  nlohmann-json3-dev libcli11-dev libspdlog-dev libfmt-dev libsodium-dev \
  libgtest-dev libgmock-dev libbenchmark-dev liblemon-dev chromium wrk curl \
  clang libclang-rt-14-dev

.PHONY: all deps apt-deps npm-deps web build asan demo test test-asan bench bench-encounters bench-scale bench-stats r-deps format clean

all: build

apt-deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	if ! command -v node >/dev/null || ! command -v npm >/dev/null; then missing="$$missing nodejs npm"; fi; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -q && apt-get install -y -q --no-install-recommends $$missing; \
	fi

web/node_modules/.package-lock.json: web/package-lock.json
	cd web && npm ci --no-audit --no-fund
tests/node_modules/.package-lock.json: tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund

npm-deps: apt-deps web/node_modules/.package-lock.json tests/node_modules/.package-lock.json

deps: apt-deps npm-deps

web/dist/index.html: $(shell find web/src web/public web/index.html web/vite.config.* web/tsconfig*.json web/package.json -type f 2>/dev/null) web/node_modules/.package-lock.json
	cd web && npm run build

web: npm-deps web/dist/index.html

$(BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

build: apt-deps web $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

$(ASAN_BUILD)/build.ninja: CMakeLists.txt
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DKINSHIP_SANITIZE=ON

asan: apt-deps web $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm $(DEMO_DB).key
	$(BUILD)/kinship demo --db sqlite:$(DEMO_DB) --listen $(DEMO_LISTEN) --serve

test: build asan npm-deps
	BUILD=$(BUILD) ASAN_BUILD=$(ASAN_BUILD) bash tests/run_all.sh

bench: build
	bash bench/run.sh

# Encounter writes on SQLite and PostgreSQL against the raw SQLite ceiling (bench/encounters.sh).
bench-encounters: build
	BIN=$(BUILD)/kinship bash bench/encounters.sh

# Reads over 10 million encounters (kinship demo --scale 100; bench/scale.sh).
bench-scale: build
	BIN=$(BUILD)/kinship bash bench/scale.sh

# R and metafor, the reference the statistics engine is timed against (bench-stats only).
R_PACKAGES := r-base-core r-cran-metafor r-cran-jsonlite
r-deps:
	@if ! command -v Rscript >/dev/null || ! Rscript -e 'library(metafor)' >/dev/null 2>&1; then \
	  echo "Installing: $(R_PACKAGES)"; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  apt-get update -q && apt-get install -y -q --no-install-recommends $(R_PACKAGES); \
	fi

# src/stats against R's metafor, fisher.test and chisq.test (bench/stats/run.sh; builds its
# own binary in build-bench-stats/, not $(BUILD)).
bench-stats: apt-deps r-deps
	bash bench/stats/run.sh

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) web/dist
