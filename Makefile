# libzksync - GNU Makefile. `make help` lists the targets.
VERSION     := 0.1.0
SOVERSION   := 0
PREFIX      ?= /usr/local
DESTDIR     ?=
LIBDIR      ?= $(PREFIX)/lib
INCLUDEDIR  ?= $(PREFIX)/include
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig

CC      ?= cc
CLANG   ?= clang
B       := build
DEP_PKGS := libsecp256k1 libsodium libcurl libcjson
DEP_CFLAGS := $(shell pkg-config --cflags $(DEP_PKGS) 2>/dev/null)
DEP_LIBS   := $(LDFLAGS) $(shell pkg-config --libs $(DEP_PKGS) 2>/dev/null) -lmbedcrypto -lm

# Warnings are errors for developers and CI (WERROR=1, set by .ci/run), never forced on users.
WERROR  ?=
WARN    := -Wall -Wextra -Wswitch-enum -Wshadow $(if $(filter 1,$(WERROR)),-Werror -Wno-error=deprecated-declarations)
BASE_CFLAGS := -std=c11 -D_GNU_SOURCE -Iinclude -Ilib $(WARN) $(DEP_CFLAGS) $(CPPFLAGS)
OPT     ?= -O2
CFLAGS  ?= $(OPT) -g
LIB_CFLAGS := $(BASE_CFLAGS) $(CFLAGS) -fPIC -fvisibility=hidden -DZKS_BUILD
SAN_FLAGS := -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# AREAS limits the build to some lib/ folders (a helper's private build dir can skip others' work).
AREAS   ?= util crypto tx eth provider l1 exit wallet
LIB_SRCS  := $(sort $(foreach a,$(AREAS),$(wildcard lib/$(a)/*.c)))
LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/obj/%.o)
SAN_OBJS  := $(LIB_SRCS:%.c=$(B)/asan/obj/%.o)
CT_OBJS   := $(LIB_SRCS:%.c=$(B)/ctime/obj/%.o)
TEST_COMMON := $(sort $(wildcard tests/common/*.c))
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c))
UNIT_BINS := $(UNIT_SRCS:tests/unit/%.c=$(B)/tests/%)
SAN_BINS  := $(UNIT_SRCS:tests/unit/%.c=$(B)/asan/tests/%)
EXAMPLE_SRCS := $(sort $(wildcard examples/*.c))
# zksync-exit (the holders' exit tool) is several files and is installed to $(PREFIX)/bin.
EXIT_TOOL_SRCS := $(sort $(wildcard examples/zksync-exit/*.c))
EXAMPLE_BINS := $(EXAMPLE_SRCS:examples/%.c=$(B)/examples/%) $(if $(EXIT_TOOL_SRCS),$(B)/bin/zksync-exit)
BINDIR  ?= $(PREFIX)/bin
BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)

STATIC  := $(B)/libzksync.a
SHARED  := $(B)/libzksync.so.$(VERSION)
SONAME  := libzksync.so.$(SOVERSION)

.PHONY: all lib tests examples check bench demo devnet install uninstall clean help deps vectors
.DEFAULT_GOAL := all

all: lib examples

lib: $(STATIC) $(SHARED) $(B)/libzksync.pc

$(B)/obj/%.o: %.c include/zksync.h $(wildcard lib/*.h lib/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) -c $< -o $@

$(B)/asan/obj/%.o: %.c include/zksync.h $(wildcard lib/*.h lib/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -DZKS_BUILD -c $< -o $@

$(B)/ctime/obj/%.o: %.c include/zksync.h $(wildcard lib/*.h lib/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -DZKS_BUILD -DZKS_CTIME -c $< -o $@

$(STATIC): $(LIB_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(SHARED): $(LIB_OBJS) libzksync.map
	$(CC) -shared -Wl,-soname,$(SONAME) -Wl,--version-script=libzksync.map -Wl,--no-undefined \
	    -o $@ $(LIB_OBJS) $(DEP_LIBS)
	ln -sf libzksync.so.$(VERSION) $(B)/$(SONAME)
	ln -sf $(SONAME) $(B)/libzksync.so

$(B)/libzksync.pc: pkgconfig/libzksync.pc.in Makefile
	@mkdir -p $(B)
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' $< > $@

# Unit tests link the static library so they can reach internal functions.
$(B)/tests/%: tests/unit/%.c $(TEST_COMMON) $(STATIC) $(wildcard tests/common/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Itests/common $< $(TEST_COMMON) $(STATIC) $(DEP_LIBS) -lm -o $@

$(B)/asan/libzksync.a: $(SAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/asan/tests/%: tests/unit/%.c $(TEST_COMMON) $(B)/asan/libzksync.a $(wildcard tests/common/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) -Itests/common $< $(TEST_COMMON) $(B)/asan/libzksync.a $(DEP_LIBS) -lm -o $@

$(B)/ctime/libzksync.a: $(CT_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/examples/%: examples/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $< $(STATIC) $(DEP_LIBS) -lm -o $@

$(B)/bin/zksync-exit: $(EXIT_TOOL_SRCS) $(wildcard examples/zksync-exit/*.h) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Iexamples/zksync-exit $(EXIT_TOOL_SRCS) $(STATIC) $(DEP_LIBS) -lpthread -lm -o $@

$(B)/bench/%: bench/%.c $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Itests/common $< $(STATIC) $(DEP_LIBS) -lm -o $@

tests: $(UNIT_BINS) $(SAN_BINS)
examples: $(EXAMPLE_BINS)

# Area-specific targets (ctime test, fuzzers, devnet, bindings) live in mk/*.mk.
-include $(sort $(wildcard mk/*.mk))

deps:
	@bash tools/deps.sh

check: deps
	@$(MAKE) --no-print-directory lib tests examples $(CHECK_EXTRA)
	@bash tests/run.sh

bench: deps
	@$(MAKE) --no-print-directory lib $(BENCH_BINS) $(BENCH_EXTRA)
	@bash bench/run.sh

demo: deps
	@$(MAKE) --no-print-directory lib examples
	@bash examples/run-demo.sh

install: lib $(if $(EXIT_TOOL_SRCS),$(B)/bin/zksync-exit)
	install -d $(DESTDIR)$(INCLUDEDIR) $(DESTDIR)$(LIBDIR) $(DESTDIR)$(PKGCONFIGDIR) $(DESTDIR)$(BINDIR)
	$(if $(EXIT_TOOL_SRCS),install -m 755 $(B)/bin/zksync-exit $(DESTDIR)$(BINDIR)/zksync-exit)
	install -m 644 include/zksync.h $(DESTDIR)$(INCLUDEDIR)/zksync.h
	install -m 644 $(STATIC) $(DESTDIR)$(LIBDIR)/libzksync.a
	install -m 755 $(SHARED) $(DESTDIR)$(LIBDIR)/libzksync.so.$(VERSION)
	ln -sf libzksync.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME)
	ln -sf $(SONAME) $(DESTDIR)$(LIBDIR)/libzksync.so
	sed -e 's|@PREFIX@|$(PREFIX)|g' -e 's|@LIBDIR@|$(LIBDIR)|g' -e 's|@INCLUDEDIR@|$(INCLUDEDIR)|g' \
	    -e 's|@VERSION@|$(VERSION)|g' pkgconfig/libzksync.pc.in > $(DESTDIR)$(PKGCONFIGDIR)/libzksync.pc
	chmod 644 $(DESTDIR)$(PKGCONFIGDIR)/libzksync.pc
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ] && command -v ldconfig >/dev/null; then ldconfig; fi

uninstall:
	rm -f $(DESTDIR)$(INCLUDEDIR)/zksync.h $(DESTDIR)$(LIBDIR)/libzksync.a $(DESTDIR)$(BINDIR)/zksync-exit \
	      $(DESTDIR)$(LIBDIR)/libzksync.so.$(VERSION) $(DESTDIR)$(LIBDIR)/$(SONAME) \
	      $(DESTDIR)$(LIBDIR)/libzksync.so $(DESTDIR)$(PKGCONFIGDIR)/libzksync.pc

clean:
	rm -rf $(B)

help:
	@echo "libzksync $(VERSION) - targets:"
	@echo "  make / make all     static and shared library ($(B)/libzksync.a, $(B)/$(SONAME)) and examples"
	@echo "  make check          install missing dependencies, then run every test (unit, reference"
	@echo "                      differential, ASan+UBSan, valgrind memcheck, constant-time, fuzz smoke,"
	@echo "                      devnet suites); ends with 'N passed, N failed'"
	@echo "  make demo           the full flow on a local devnet: deposits, signing key, transfer, batch,"
	@echo "                      swap, NFT, fast withdraw, full exit, pending-balance withdrawal"
	@echo "  make bench          benchmarks against the reference implementations in the same run,"
	@echo "                      with ratios (crypto, transactions, Ethereum, devnet submit, bindings)"
	@echo "  make devnet         run the local zkSync Lite devnet in the foreground"
	@echo "  make install        install header, libraries and pkg-config file (PREFIX=$(PREFIX), DESTDIR=)"
	@echo "  make uninstall      remove what install put there"
	@echo "  make deps           install missing Debian and npm packages (as root)"
	@echo "  make clean          remove $(B)/"
	@echo "Finer-grained targets:"
	@echo "  make fuzzers        build the libFuzzer targets (tests/fuzz/fuzz_*.c) into $(B)/fuzz/"
	@echo "  make bindings       shared library + pkg-config file for the Python/Go bindings' tests"
	@echo "  make bindings-gen   regenerate the bindings' low-level layers from include/zksync.h"
	@echo "  make rescue-gen     regenerate the Rescue constants into $(B)/ (checked against the committed file)"
	@echo "  make jubjub-table   build the generator of the fixed-base Jubjub table"
	@echo "  make check-provider / make wallet-check   only the provider / wallet and L1 tests"
	@echo "Variables: B=<build dir> (default build), AREAS=\"util crypto ...\" (build only some lib/ folders),"
	@echo "  ZKS_PHASES / ZKS_ONLY for tests/run.sh, ZKS_BENCH_SECONDS for make bench."
