# mi — mutual information from the command line.
# `make demo` and `make test` set up everything they need on a fresh Debian machine.

PREFIX      ?= /usr/local
CONFIG      ?= release
BUILD_DIR   := .build/$(CONFIG)
TOOLS       := mi-sample mi-estimate mi-quantiles mi-flow mi-train
DEB_PACKAGES := libopenblas-dev libarchive-dev pkg-config
# What the tests need besides: GNU parallel (stream splitting), Open MPI (mi-train across ranks),
# rsvg-convert (rendering the SVG pictures).
TEST_PACKAGES := parallel openmpi-bin libopenmpi-dev librsvg2-bin
# Fixed so that regenerated man pages are byte-identical (checked by `make test`).
DOC_DATE    := 2026-11-25

.PHONY: install-packages bench-minde-bmi bench-steps bench-self-consistency bench-minde bench-cmi bench-discrete bench-te bench-heldout bench-summaries bench-parallel bench-mpi mpi test-deps all build deps test unit-tests check-docs examples check-bad-inputs check-signals check-format demo docs install bench bench-core bench-mist check-safetensors fuzz clean

all: build

build:
	swift build -c $(CONFIG)

# Installs the Debian packages the build links against, only when one is missing.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(DEB_PACKAGES)"

test-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"

install-packages:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# mi-train with MPI (Open MPI): data-parallel training across ranks and machines (mi-train(1)).
# MI_MPI=1 is read by Package.swift; a build without it needs no MPI at all.
mpi: test-deps
	MI_MPI=1 swift build -c $(CONFIG)

# Unit and end-to-end tests (release build: numeric code is slow in debug), then the generated
# man pages and completions must be current, every man-page example must run, and every bad input of
# Tests/bad-inputs/cases.tsv must get its one-line error and exit status.
# The tests run on the MPI build (make test installs Open MPI); check-parallel cuts record streams
# with GNU parallel, check-mpi trains on 2 ranks, check-plots renders every picture.
test: export MI_MPI = 1
test: test-deps
	scripts/check-format
	swift build -c release
	swift test -c release
	scripts/check-docs
	scripts/run-examples
	scripts/check-bad-inputs
	scripts/check-signals
	scripts/check-parallel
	scripts/check-mpi
	scripts/check-plots

demo: deps build
	$(BUILD_DIR)/mi-sample gauss -d 16 -n 500 --seed 7 | $(BUILD_DIR)/mi-estimate
	$(BUILD_DIR)/mi-sample bmi multinormal-sparse-5-5-2-2.0 -n 5000 --seed 1 --format bin | $(BUILD_DIR)/mi-estimate

# Regenerates man/*.1 and completions/* from the argument-parser definitions.
docs: build
	scripts/gen-docs man completions

check-docs:
	scripts/check-docs

examples:
	scripts/run-examples

check-bad-inputs:
	scripts/check-bad-inputs

# Swift layout as .swift-format says (the toolchain's swift-format); `scripts/check-format --fix` applies it.
check-format:
	scripts/check-format

# Kills mi-train and mi-sample -o at random moments (ROUNDS each, with SIGKILL and SIGTERM).
check-signals:
	scripts/check-signals $(or $(ROUNDS),20)

install: build
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 $(DESTDIR)$(PREFIX)/share/man/man5 \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	for t in $(TOOLS); do \
	  install -m 755 $(BUILD_DIR)/$$t $(DESTDIR)$(PREFIX)/bin/$$t; \
	  install -m 644 man/$$t.1 $(DESTDIR)$(PREFIX)/share/man/man1/$$t.1; \
	  install -m 644 completions/$$t.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/$$t; \
	  install -m 644 completions/_$$t $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_$$t; \
	  install -m 644 completions/$$t.fish $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/$$t.fish; \
	done
	install -m 644 man/mi-records.5 $(DESTDIR)$(PREFIX)/share/man/man5/mi-records.5
	# The built-in MIST models (found by the tools at <bin>/../share/mi/models).
	install -d $(DESTDIR)$(PREFIX)/share/mi/models
	install -m 644 models/*.tar models/README.md $(DESTDIR)$(PREFIX)/share/mi/models/

bench: deps build
	Benchmarks/records.sh
	Benchmarks/ksg.sh

# One set-transformer training step, ours vs PyTorch CPU (installed into .build/torch-venv).
# Last line: step_ratio_vs_pytorch=R. THREADS (default 2) and STEPS (default 20) can be set.
bench-core: deps
	Benchmarks/core.sh

# Accuracy, calibration and speed of the shipped MIST models against KSG, CCA and GC
# (Benchmarks/mist-eval.sh; writes its tables on stdout). QUICK=1 for a small run.
bench-mist: deps build
	Benchmarks/mist-eval.sh

# The learned default on data it did not train on (held-out families, BMI v1/v2, high dimension),
# --pairs screening and speed, each beside KSG, CCA, GC (and MIENF); Markdown on stdout. QUICK=1 for
# a small run; POINT=, QUANT=, OLD= for other models.
bench-heldout: deps build
	Benchmarks/mist-heldout.sh
	Benchmarks/mist-pairs.sh
	Benchmarks/mist-speed.sh

# Would KSG, CCA and GC's values, given to the learned default as inputs, make it better on held-out
# data? A second stage fit on its training prior, chosen by leave-family-out cross-validation, then
# measured once on mist-heldout.sh's files (HELDOUT=dir reuses a mist-heldout.sh WORK's rows).
bench-summaries: deps build
	Benchmarks/mist-summaries.sh

# KSG-CMI against ennemi and infomeasure (speed, and accuracy on exact conditional MI).
bench-cmi: deps build
	Benchmarks/cmi.sh

# discrete, ross and ksg-mixed on discrete and mixed families with exact MI, beside ennemi and infomeasure.
bench-discrete: deps build
	Benchmarks/discrete.sh

# MINDE's self-consistency table (independence, data processing, additivity) for every method.
bench-self-consistency: deps build
	Benchmarks/self-consistency.sh

# One training step of MINDE's score network and of the default critic, ours vs PyTorch CPU.
bench-steps: deps
	Benchmarks/steps.sh

# MAE and MSE of MINDE, the variational bounds (and BMI's own) beside KSG, CCA, MIENF, MIST on BMI v1 tasks.
bench-minde-bmi: deps build
	Benchmarks/minde-bmi.sh

# MINDE and the variational bounds on Gaussians with closed-form MI (1 x 1 and 5 x 5, dense and sparse).
bench-minde: deps build
	Benchmarks/minde-gauss.sh

# Transfer entropy on a VAR(1) with exact TE, beside ennemi and infomeasure.
bench-te: deps build
	Benchmarks/te.sh

# Serial vs GNU parallel --pipe on 10,000 meta data sets (text and binary): equal rows, wall times.
bench-parallel: test-deps build
	Benchmarks/parallel.sh

# mi-train steps per second at 1 and 2 MPI ranks beside --threads 1 and 2 (an MPI build).
bench-mpi: mpi
	Benchmarks/mpi.sh

# Opens a checkpoint we wrote with Python's safetensors (needs PyPI; not part of `make test`).
check-safetensors: deps
	scripts/check-safetensors.sh

# Coverage-guided fuzzing (libFuzzer) of the record, plain-table, tar and checkpoint parsers; not part
# of `make test`. FUZZ_SECONDS (default 60) per target; crashes land in .build/fuzz/artifacts/.
fuzz: deps
	scripts/fuzz

clean:
	rm -rf .build
