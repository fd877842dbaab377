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

.PHONY: install deps build test demo browse lint catalog bench bench-scan bench-lint bench-accuracy modes clean

install: $(NODE_STAMP)
$(NODE_STAMP): package.json package-lock.json
	@echo "  NPM     ci"
	$(Q)npm ci --no-audit --no-fund --loglevel=error
	$(Q)touch $@

# tsc checks the types; esbuild bundles each entry point (the CLI, the
# scan's reading worker) with its modules into a few files under dist/, as
# loading some sixty modules one by one was most of kmark's start-up. Every
# output sits two directories below the checkout, like its source under
# src/ (src/io/package-root.ts relies on it). Dependencies stay in
# node_modules: the native tree-sitter, and the rest loaded on demand.
ENTRY_POINTS := src/cli/main.ts src/scan/prefilter-worker.ts
build: $(BUILD_STAMP)
$(BUILD_STAMP): $(NODE_STAMP) $(SOURCES)
	@echo "  TSC     src"
	$(Q)npx --no-install tsc -p tsconfig.json --noEmit
	@echo "  BUNDLE  dist"
	$(Q)rm -rf dist.tmp && npx --no-install esbuild $(ENTRY_POINTS) --bundle --platform=node --target=node20 \
		--format=esm --splitting --packages=external --outbase=src --outdir=dist.tmp \
		--entry-names=[dir]/[name] --chunk-names=chunks/[name]-[hash] --log-level=warning
	$(Q)rm -rf dist && mv dist.tmp dist
	$(Q)touch $@

# The C side's Debian packages (sys/sdt.h for the SDT notes, gdb), installed
# only when missing.
deps:
	$(Q)scripts/install-deps

# vitest's JSON report feeds the one-line summary that .ci/run prints.
test: deps build
	$(Q)mkdir -p build
	$(Q)npx --no-install vitest run --reporter=default --reporter=json --outputFile.json=build/test-results.json

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

bench: bench-scan bench-lint bench-accuracy modes
bench-scan: build
	$(Q)bench/scan

bench-lint: build
	$(Q)bench/lint

# kmark lint against gcc -Wformat on >= 5,000 generated calls per mode.
bench-accuracy: build
	$(Q)bench/accuracy

modes: deps build
	$(Q)bench/modes

clean:
	$(Q)rm -rf dist build
	$(Q)$(MAKE) -C $(SAMPLE) --no-print-directory clean
