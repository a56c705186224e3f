# scrapyard: `make` builds ./scrapyard; `make run` and `make test` also install
# missing Debian packages (as root) or name the apt-get line to run.

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share
# Root-owned configuration (the print command): /etc whatever the prefix.
SYSCONFDIR ?= /etc
UDEVDIR ?= /lib/udev/rules.d
MANDIR  ?= $(DATADIR)/man
BASHCOMPDIR ?= $(DATADIR)/bash-completion/completions
# The timers' units (installed disabled: systemctl enable --now scrapyard-backup.timer).
SYSTEMDUNITDIR ?= /lib/systemd/system
DESTDIR ?=

CC      ?= cc
CFLAGS  ?= -O2 -g
# Warnings are errors here, in make test and in CI; a packager may run `make WERROR=`.
WERROR  ?= -Werror
WARN    := -std=gnu11 -Wall -Wextra $(WERROR)
PKGS    := sqlite3 libusb-1.0 ncursesw libcjson libsodium freetype2 libpng zlib libpq libjpeg libexif
# libharu and zint ship no pkg-config file on Debian 12.
NOPKG_LIBS := -lhpdf -lzint

PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libpq is loaded when the head office is reached (db/pg.c), not linked.
PKG_LIBS   := $(shell pkg-config --libs $(filter-out libpq,$(PKGS)) 2>/dev/null)

BUILD   ?= build
# V=1 shows the whole command lines.
Q := $(if $(V),,@)
VERSION := $(shell cat VERSION)
# The session extension (change capture for the head office) is compiled into
# Debian's libsqlite3; its declarations need these two.
ALL_CPPFLAGS = -I. -I$(BUILD)/gen -D_GNU_SOURCE -DSQLITE_ENABLE_SESSION -DSQLITE_ENABLE_PREUPDATE_HOOK -DSY_VERSION='"$(VERSION)"' -DSY_LOCALEDIR='"$(DATADIR)/locale"' -DSY_SYSCONFDIR='"$(SYSCONFDIR)"' $(PKG_CFLAGS) $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) $(CFLAGS) -MMD -MP
LIBS         = $(PKG_LIBS) $(NOPKG_LIBS) -lm $(LDLIBS)

# The paths compiled into the program: a change (make, then make install
# PREFIX=/usr) rebuilds what uses them, so the program installed looks
# where it is installed.
CONFIG_STAMP := $(BUILD)/gen/config
CONFIG_TEXT  := $(VERSION) $(DATADIR) $(SYSCONFDIR)
$(shell mkdir -p $(BUILD)/gen; [ "$$(cat $(CONFIG_STAMP) 2>/dev/null)" = "$(CONFIG_TEXT)" ] || echo "$(CONFIG_TEXT)" >$(CONFIG_STAMP))

LIB_SRC  := $(sort $(wildcard base/*.c drivers/*.c db/*.c forms/*.c) $(filter-out app/main.c,$(wildcard app/*.c)))
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
TEST_HELPER_SRC := $(sort $(wildcard tests/helpers/*.c))
TEST_HELPER_BIN := $(TEST_HELPER_SRC:tests/helpers/%.c=$(BUILD)/tests/helpers/%)
PO       := $(wildcard po/*.po)
MO       := $(PO:po/%.po=$(BUILD)/locale/%/LC_MESSAGES/scrapyard.mo)
# The test build: the same program with a clock that SCRAPYARD_NOW can pin
# (db/clock.c compiled with SY_TEST_CLOCK). Tests run it; `make` and
# `make install` never build or install it. Test programs link the test
# clock ahead of the library, so the library's own clock is not taken.
TEST_CLOCK := $(BUILD)/test-clock/db/clock.o
TEST_SY    := $(BUILD)/test-clock/scrapyard
TEST_MO    := $(PO:po/%.po=$(BUILD)/test-clock/locale/%/LC_MESSAGES/scrapyard.mo)
TEST_DATA  := $(patsubst data/%,$(BUILD)/test-clock/data/%,$(wildcard data/*))

.PHONY: all run test sanitize fuzz bench bench-quick install clean deps deps-test check-build pot man
all: scrapyard man

$(BUILD)/app/main.o $(BUILD)/app/doc_fill.o $(BUILD)/app/cmd_report.o $(BUILD)/forms/pdf_page.o: $(CONFIG_STAMP)

# Replaced by rename, so that a copy still running (a terminal, a test) keeps its file.
scrapyard: $(BUILD)/scrapyard
	@cp $< $@.tmp && mv -f $@.tmp $@

$(BUILD)/scrapyard: $(BUILD)/app/main.o $(BUILD)/libscrapyard.a $(MO)
	$(if $(Q),@echo "  LINK  $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@.tmp $(BUILD)/app/main.o $(BUILD)/libscrapyard.a $(LIBS)
	@mv -f $@.tmp $@

$(TEST_SY): $(BUILD)/app/main.o $(TEST_CLOCK) $(BUILD)/libscrapyard.a $(TEST_MO) $(TEST_DATA)
	$(if $(Q),@echo "  LINK  $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@.tmp $(BUILD)/app/main.o $(TEST_CLOCK) $(BUILD)/libscrapyard.a $(LIBS)
	@mv -f $@.tmp $@

$(TEST_CLOCK): db/clock.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC    $< (test clock)")
	$(Q)$(CC) $(ALL_CPPFLAGS) -DSY_TEST_CLOCK $(ALL_CFLAGS) -c -o $@ $<

# Translations and data files beside it, where a binary looks for them.
$(BUILD)/test-clock/locale/%: $(BUILD)/locale/%
	@mkdir -p $(dir $@)
	@cp $< $@
$(BUILD)/test-clock/data/%: data/%
	@mkdir -p $(dir $@)
	@cp $< $@

# The schema the program expects, from db/schema.c's steps: a build step
# applies them to an empty database and writes their fingerprint
# (db/schema_check.h), so that no list of tables is kept by hand.
$(BUILD)/build-aux/schema_fingerprint: build-aux/schema_fingerprint.c $(BUILD)/db/schema.o $(BUILD)/db/schema_fp.o
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LINK  $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LIBS)

$(BUILD)/gen/schema_expected.h: $(BUILD)/build-aux/schema_fingerprint
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  GEN   $@")
	$(Q)$< >$@.tmp && mv -f $@.tmp $@

$(BUILD)/db/schema_check.o: $(BUILD)/gen/schema_expected.h

$(BUILD)/libscrapyard.a: $(LIB_OBJ)
	@rm -f $@
	$(if $(Q),@echo "  AR    $@")
	$(Q)ar rcs $@ $^

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  CC    $<")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/tests/%: tests/unit/%.c $(TEST_CLOCK) $(BUILD)/libscrapyard.a tests/check.h
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LINK  $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_CLOCK) $(BUILD)/libscrapyard.a $(LIBS)

$(BUILD)/tests/helpers/%: tests/helpers/%.c $(TEST_CLOCK) $(BUILD)/libscrapyard.a
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LINK  $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_CLOCK) $(BUILD)/libscrapyard.a $(LIBS) -lutil

# The scale tests' fake USB device serves usbdevfs through libumockdev (test packages).
$(BUILD)/tests/helpers/scale_usbfake: private ALL_CPPFLAGS += $(shell pkg-config --cflags umockdev-1.0 2>/dev/null)
$(BUILD)/tests/helpers/scale_usbfake: private LIBS += $(shell pkg-config --libs umockdev-1.0 2>/dev/null)

# The synthetic yard is dated by SCRAPYARD_NOW: the benchmarks take the test clock.
$(BUILD)/bench/%: bench/%.c $(TEST_CLOCK) $(BUILD)/libscrapyard.a
	@mkdir -p $(dir $@)
	$(if $(Q),@echo "  LINK  $@")
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(TEST_CLOCK) $(BUILD)/libscrapyard.a $(LIBS) -lutil

# The man pages, written by the program from its command tables (English,
# and Chinese from the same catalogue), so they never drift from --help.
MAN_STAMP := $(BUILD)/man/.stamp
man: $(MAN_STAMP)
$(MAN_STAMP): $(BUILD)/scrapyard
	@rm -rf $(BUILD)/man && mkdir -p $(BUILD)/man/zh_CN
	$(if $(Q),@echo "  MAN   $(BUILD)/man")
	$(Q)for p in $$($(BUILD)/scrapyard --man-pages); do \
	    $(BUILD)/scrapyard --lang en --man $$p >$(BUILD)/man/$$p.1 && \
	    $(BUILD)/scrapyard --lang zh --man $$p >$(BUILD)/man/zh_CN/$$p.1 || exit 1; \
	done
	@touch $@

$(BUILD)/locale/%/LC_MESSAGES/scrapyard.mo: po/%.po
	@mkdir -p $(dir $@)
	msgfmt --check -o $@ $<

deps:
	@build-aux/deps build
deps-test:
	@build-aux/deps build test sync package

run: deps
	@$(MAKE) --no-print-directory scrapyard
	./scrapyard init --if-new
	./scrapyard

test: deps-test
	@$(MAKE) --no-print-directory scrapyard
	@$(MAKE) --no-print-directory $(TEST_SY) $(UNIT_BIN) $(TEST_HELPER_BIN)
	@tests/run $(BUILD)

# The same suite under AddressSanitizer and UndefinedBehaviorSanitizer.
SAN_FLAGS := -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined
sanitize: deps-test
	@$(MAKE) --no-print-directory BUILD=build-san CFLAGS="$(SAN_FLAGS)" LDFLAGS="-fsanitize=address,undefined" \
	    build-san/scrapyard build-san/test-clock/scrapyard $(UNIT_SRC:tests/unit/%.c=build-san/tests/%) $(TEST_HELPER_SRC:tests/helpers/%.c=build-san/tests/helpers/%)
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 SY_SANITIZE=1 tests/run build-san

fuzz:
	@build-aux/deps build fuzz
	@tests/fuzz/run $(FUZZ_SECONDS)

bench:
	@build-aux/deps build bench sync
	@bench/run full

bench-quick:
	@build-aux/deps build bench sync
	@bench/run quick

pot:
	xgettext --keyword=_ --keyword=N_ --keyword=C_:1c,2 --from-code=UTF-8 -o po/scrapyard.pot $(sort $(wildcard base/*.c app/*.c db/*.c forms/*.c drivers/*.c))

install: scrapyard man
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(UDEVDIR)
	install -m 755 scrapyard $(DESTDIR)$(BINDIR)/scrapyard
	install -d $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/zh_CN/man1 $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 $(BUILD)/man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 $(BUILD)/man/zh_CN/*.1 $(DESTDIR)$(MANDIR)/zh_CN/man1/
	install -m 644 completion/scrapyard.bash $(DESTDIR)$(BASHCOMPDIR)/scrapyard
	for mo in $(MO); do l=$${mo#$(BUILD)/locale/}; install -D -m 644 $$mo $(DESTDIR)$(DATADIR)/locale/$$l; done
	for r in udev/*.rules; do [ -e "$$r" ] && install -m 644 $$r $(DESTDIR)$(UDEVDIR)/; done; true
	@# The group the udev rules give the devices to; a package creates it in its own scripts.
	if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" -eq 0 ] && ! getent group scrapyard >/dev/null; then groupadd --system scrapyard; fi
	install -d $(DESTDIR)$(DATADIR)/scrapyard
	for f in data/*; do [ -e "$$f" ] && install -m 644 $$f $(DESTDIR)$(DATADIR)/scrapyard/; done; true
	install -d $(DESTDIR)$(SYSTEMDUNITDIR)
	install -m 644 systemd/*.service systemd/*.timer $(DESTDIR)$(SYSTEMDUNITDIR)/
	@# The timers' settings: an administrator's own are never overwritten.
	if [ -n "$(DESTDIR)" ] || [ ! -e $(SYSCONFDIR)/default/scrapyard ]; then \
	    install -D -m 644 systemd/scrapyard.default $(DESTDIR)$(SYSCONFDIR)/default/scrapyard; fi

clean:
	rm -rf build build-san build-bench build-fuzz scrapyard

-include $(LIB_OBJ:.o=.d) $(BUILD)/app/main.d $(TEST_CLOCK:.o=.d) $(BUILD)/build-aux/schema_fingerprint.d
