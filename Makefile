# SPDX-License-Identifier: GPL-3.0-or-later
# The two commands of the README: `make run` and `make test`. Both install what is missing.

BUILDDIR ?= _build
MESON_OPTS ?=
DATADIR ?= $(HOME)/.local/share/yichuang-dev

.PHONY: all deps setup build run test test-unit test-ui bench soak clean

all: build

deps:
	@./build-aux/install-deps.sh

$(BUILDDIR)/build.ninja:
	meson setup $(BUILDDIR) $(MESON_OPTS)

setup: deps $(BUILDDIR)/build.ninja

build: setup
	meson compile -C $(BUILDDIR)

run: build
	./build-aux/run.sh $(BUILDDIR) $(DATADIR)

# The UI suite mostly waits on the accessibility bus: it runs beside the other suites, its
# output kept in $(BUILDDIR)/meson-logs/testlog-ui.txt and shown when both are done.
test: build
	@./build-aux/run-ui-tests.sh $(BUILDDIR) > $(BUILDDIR)/ui-tests.out 2>&1 & ui=$$!; \
	status=0; \
	meson test -C $(BUILDDIR) --print-errorlogs --no-rebuild --suite unit --suite integration || status=1; \
	wait $$ui || status=1; \
	echo "== UI suite (Xvfb, AT-SPI) =="; cat $(BUILDDIR)/ui-tests.out; \
	exit $$status

test-unit: build
	meson test -C $(BUILDDIR) --print-errorlogs --no-rebuild --suite unit

test-ui: build
	./build-aux/run-ui-tests.sh $(BUILDDIR)

bench: build
	meson test -C $(BUILDDIR) --print-errorlogs --no-rebuild --setup bench --suite bench --verbose

# The long fault runs: 1,000 kill/fault trials of the sync (YC_FAULT_TRIALS to change it).
soak: build
	meson test -C $(BUILDDIR) --print-errorlogs --no-rebuild --setup soak --suite soak

clean:
	rm -rf $(BUILDDIR)
