# kmark — the two commands of the README, and the pieces they are made of.
#   make demo   install, build, build and run the sample kernel, scan it, summarize its catalog
#   make test   install, build, run every test
#   make browse the sample kernel running, and kmark serve's page attached to it
# Each installs what it needs on a fresh machine (npm ci when node_modules is
# missing or older than the lock file). V=1 shows the commands.

SHELL := /bin/bash
.DEFAULT_GOAL := build

Q := $(if $(filter 1,$(V)),,@)
KMARK := ./bin/kmark
SAMPLE := sample-kernel

NODE_STAMP := node_modules/.kmark-installed
BUILD_STAMP := dist/.kmark-built
SOURCES := $(shell find src -type f) tsconfig.json

.PHONY: help install deps build test demo browse lint catalog bench bench-scan bench-lint bench-accuracy bench-build bench-markers modes clean

install: $(NODE_STAMP)
$(NODE_STAMP): package.json package-lock.json
	@echo "  NPM     ci"
	$(Q)npm ci --no-audit --no-fund --loglevel=error
	$(Q)touch $@

# tsc checks the types; esbuild bundles the CLI with its modules into one
# CommonJS file, dist/cli/main.cjs, and the scan's reading worker into
# dist/scan/prefilter-worker.js; bin/kmark starts dist/cli/kmark.cjs, which
# replays a repeated scan or lint without loading the rest (src/cli/replay.ts),
# and starts the build step from a smaller bundle of its own,
# dist/cli/build-step.cjs (src/cli/build-step.ts).
# One file and Node's CommonJS loader start
# faster than some sixty ES modules (kmark --version: 0.13 s of CPU as
# split ES modules, 0.10 s as one CommonJS file; docs/performance.md), and
# a build runs kmark once per build step. The bundle's import.meta.url is
# its own file's URL, so modules two directories below the checkout find
# it as in src/ (src/io/package-root.ts). Dependencies stay in
# node_modules: the native tree-sitter, and the rest loaded on demand. The
# schemas are compiled into standalone validators (src/io/schemas.ts).
ESBUILD := npx --no-install esbuild --bundle --platform=node --target=node20 --packages=external --log-level=warning
BUNDLE_URL := --define:import.meta.url=__kmark_bundle_url \
	--banner:js="const __kmark_bundle_url = require('node:url').pathToFileURL(__filename).href;"
build: $(BUILD_STAMP)
$(BUILD_STAMP): $(NODE_STAMP) $(SOURCES) $(wildcard schemas/*.json) scripts/compile-schemas.ts
	@echo "  TSC     src"
	$(Q)npx --no-install tsc -p tsconfig.json --noEmit
	@echo "  BUNDLE  dist"
	$(Q)rm -rf dist.tmp
	$(Q)$(ESBUILD) src/cli/main.ts --format=cjs --outfile=dist.tmp/cli/main.cjs $(BUNDLE_URL)
	$(Q)$(ESBUILD) src/cli/build-step.ts --format=cjs --outfile=dist.tmp/cli/build-step.cjs $(BUNDLE_URL)
	$(Q)$(ESBUILD) src/scan/prefilter-worker.ts --format=esm --outfile=dist.tmp/scan/prefilter-worker.js
	$(Q)$(ESBUILD) scripts/compile-schemas.ts --format=cjs --outfile=dist.tmp/scripts/compile-schemas.cjs $(BUNDLE_URL)
	$(Q)node dist.tmp/scripts/compile-schemas.cjs dist.tmp/schemas && rm -r dist.tmp/scripts
	$(Q)$(ESBUILD) src/cli/replay.ts --format=cjs --outfile=dist.tmp/cli/kmark.cjs
	$(Q)rm -rf dist && mv dist.tmp dist
	$(Q)touch $@

# The C side's Debian packages (sys/sdt.h for the SDT notes, gdb), installed
# only when missing.
deps:
	$(Q)scripts/install-deps

# vitest's JSON report feeds the one-line summary that .ci/run prints.
# Then the static checks (README, Layout): layers, typescript-eslint, Prettier.
test: deps build
	$(Q)mkdir -p build
	$(Q)npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=build/test-results.json
	$(Q)npm run --silent lint:deps
	$(Q)npm run --silent lint:ts
	$(Q)npm run --silent format:check

# The sample kernel is built out of tree, once with markers off (the
# default: nothing generated) and once with the trace handler, whose
# recorded events are decoded by the catalog.
KERNEL_OFF := $(CURDIR)/build/kernel-off
KERNEL_TRACE := $(CURDIR)/build/kernel-trace
DEMO_ARM := sched_switch,fs_read,block_rq_insert

demo: deps build
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory O=$(KERNEL_OFF) defconfig
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory O=$(KERNEL_OFF) -j2
	@echo "  RUN     vmlinux --iterations 2  (markers off)"
	$(Q)$(KERNEL_OFF)/vmlinux --iterations 2
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory O=$(KERNEL_TRACE) trace_defconfig
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory O=$(KERNEL_TRACE) -j2
	@echo "  RUN     vmlinux --arm $(DEMO_ARM) --trace build/demo.trace"
	$(Q)$(KERNEL_TRACE)/vmlinux --arm $(DEMO_ARM) --trace build/demo.trace >/dev/null
	@echo "  DECODE  build/demo.trace (first 12 events)"
	$(Q)$(KMARK) decode build/demo.trace --catalog $(KERNEL_TRACE)/catalog.json | head -n 12
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory lint
	@echo "  CATALOG $(SAMPLE)"
	$(Q)$(KMARK) catalog --root $(SAMPLE) --summary $(SAMPLE)

# The sample kernel with the trace handler, long-lived with a control
# channel, and kmark serve's page attached to it (docs/live.md). Ctrl-C
# stops both.
BROWSE_PORT ?= 7414
BROWSE_SOCKET := $(KERNEL_TRACE)/marker.sock

browse: deps build
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory O=$(KERNEL_TRACE) trace_defconfig
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory O=$(KERNEL_TRACE) -j2
	@echo "  RUN     vmlinux --live --ctl $(BROWSE_SOCKET)  (console: $(KERNEL_TRACE)/console.log)"
	$(Q)$(KERNEL_TRACE)/vmlinux --live --ctl $(BROWSE_SOCKET) >$(KERNEL_TRACE)/console.log 2>&1 & kernel=$$!; \
	trap 'kill $$kernel 2>/dev/null; wait $$kernel' EXIT; \
	for i in $$(seq 100); do [[ -S $(BROWSE_SOCKET) ]] && break; sleep 0.1; done; \
	$(KMARK) serve --catalog $(KERNEL_TRACE)/catalog.json --attach $(BROWSE_SOCKET) --root $(SAMPLE) \
		--profiles build/profiles --port $(BROWSE_PORT)

lint: build
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory lint

catalog: build
	$(Q)$(KMARK) catalog --root $(SAMPLE) -o build/catalog.json $(SAMPLE)

bench: bench-scan bench-lint bench-accuracy bench-build bench-markers modes
bench-scan: build
	$(Q)bench/scan

bench-lint: build
	$(Q)bench/lint

# kmark's share of a build: the sample kernel and 2,000 generated TUs.
bench-build: build
	$(Q)bench/build

bench-markers: build deps
	$(Q)bench/markers

# kmark lint against gcc -Wformat on >= 5,000 generated calls per mode.
bench-accuracy: build
	$(Q)bench/accuracy

modes: deps build
	$(Q)bench/modes

help:
	@echo 'kmark'
	@echo '  make demo        install, build kmark, build and run the sample kernel, decode, lint, summarize'
	@echo '  make test        install, build, run every test, then the layer, lint and format checks'
	@echo '  make build       npm ci when needed, then type-check and bundle dist/ (the same as npm run build)'
	@echo '  make install     npm ci when node_modules is missing or older than the lock file'
	@echo '  make deps        the C side'"'"'s Debian packages, when missing'
	@echo '  make lint        kmark lint on the sample kernel'
	@echo '  make catalog     the sample kernel'"'"'s catalog in build/catalog.json'
	@echo '  make bench       every benchmark (bench-scan bench-lint bench-accuracy modes)'
	@echo '  make clean       remove dist/ and build/'
	@echo '  V=1              show the commands'
	@echo 'The sample kernel: make -C sample-kernel help'

clean:
	$(Q)rm -rf dist build
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory clean
