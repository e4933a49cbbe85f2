# SPDX-License-Identifier: GPL-3.0-or-later
# The two commands of the README: `make run` and `make test`. Both install what is missing.

BUILDDIR ?= _build
MESON_OPTS ?=
DATADIR ?= $(HOME)/.local/share/yichuang-dev

.PHONY: all deps setup build run test test-unit test-ui bench soak deb clean

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

# The UI suites mostly wait on the accessibility bus: they run beside the other suites, and
# the Debian packages are built and installed meanwhile; the outputs are shown at the end,
# then a summary of whatever failed (build-aux/test-summary.py).
test: build
	@rm -f $(BUILDDIR)/meson-logs/testlog.json $(BUILDDIR)/meson-logs/testlog-ui.json \
	  $(BUILDDIR)/meson-logs/testlog-ui-b.json $(BUILDDIR)/meson-logs/testlog-deb-deb.json; \
	./build-aux/run-ui-tests.sh $(BUILDDIR) > $(BUILDDIR)/ui-tests.out 2>&1 & ui=$$!; \
	meson test -C $(BUILDDIR) --print-errorlogs --no-rebuild --setup deb --suite deb \
	  --logbase testlog-deb > $(BUILDDIR)/deb-tests.out 2>&1 & deb=$$!; \
	status=0; \
	meson test -C $(BUILDDIR) --print-errorlogs --no-rebuild --suite unit --suite integration || status=1; \
	wait $$deb || status=1; \
	echo "== Debian packages =="; cat $(BUILDDIR)/deb-tests.out; \
	wait $$ui || status=1; \
	echo "== UI suite (Xvfb, AT-SPI) =="; cat $(BUILDDIR)/ui-tests.out; \
	./build-aux/test-summary.py $(BUILDDIR) || status=1; \
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

# The Debian packages of the app, the back office and their shared data, in _deb/.
deb: deps
	./build-aux/build-deb.sh $(CURDIR)/_deb

clean:
	rm -rf $(BUILDDIR)
