# libzksync - GNU Makefile. `make help` lists the targets.
# The version has one source, include/zksync.h (ZKS_VERSION_MAJOR/MINOR/PATCH); `make version` prints it.
zks_version_part = $(shell sed -n 's/^\#define ZKS_VERSION_$(1) \([0-9][0-9]*\)$$/\1/p' include/zksync.h)
VERSION     := $(call zks_version_part,MAJOR).$(call zks_version_part,MINOR).$(call zks_version_part,PATCH)
ifneq ($(words $(subst ., ,$(VERSION))),3)
$(error cannot read ZKS_VERSION_MAJOR/MINOR/PATCH from include/zksync.h (got "$(VERSION)"))
endif
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
# Each compile writes a .d file next to its object (the headers it read); they are
# included below, so editing a header rebuilds exactly what includes it.
DEPFLAGS := -MMD -MP

# AREAS limits the build to some lib/ folders (a helper's private build dir can skip others' work).
AREAS   ?= util crypto tx eth provider l1 exit wallet
LIB_SRCS  := $(sort $(foreach a,$(AREAS),$(wildcard lib/$(a)/*.c)))
LIB_OBJS  := $(LIB_SRCS:%.c=$(B)/obj/%.o)
SAN_OBJS  := $(LIB_SRCS:%.c=$(B)/asan/obj/%.o)
CT_OBJS   := $(LIB_SRCS:%.c=$(B)/ctime/obj/%.o)
TEST_COMMON := $(sort $(wildcard tests/common/*.c))
TEST_COMMON_OBJS := $(TEST_COMMON:%.c=$(B)/tobj/%.o)
SAN_TEST_COMMON_OBJS := $(TEST_COMMON:%.c=$(B)/asan/tobj/%.o)
# tests/unit: offline programs (a mock server at most); tests/integration: programs
# that start their own devnet. Both build to $(B)/tests/ and run in every phase.
UNIT_SRCS := $(sort $(wildcard tests/unit/test_*.c tests/integration/test_*.c))
UNIT_BINS := $(addprefix $(B)/tests/,$(basename $(notdir $(UNIT_SRCS))))
SAN_BINS  := $(addprefix $(B)/asan/tests/,$(basename $(notdir $(UNIT_SRCS))))
EXAMPLE_SRCS := $(sort $(wildcard examples/*.c))
# zksync-exit (the holders' exit tool) is several files and is installed to $(PREFIX)/bin.
EXIT_TOOL_SRCS := $(sort $(wildcard examples/zksync-exit/*.c))
EXAMPLE_BINS := $(EXAMPLE_SRCS:examples/%.c=$(B)/examples/%) $(if $(EXIT_TOOL_SRCS),$(B)/bin/zksync-exit)
BINDIR  ?= $(PREFIX)/bin
BENCH_SRCS := $(sort $(wildcard bench/*.c))
BENCH_BINS := $(BENCH_SRCS:bench/%.c=$(B)/bench/%)
# The .d files $(DEPFLAGS) writes. Examples and benchmarks compile and link in one
# step, so theirs are named after the program.
DEPFILES := $(LIB_OBJS:.o=.d) $(SAN_OBJS:.o=.d) $(CT_OBJS:.o=.d) \
    $(TEST_COMMON_OBJS:.o=.d) $(SAN_TEST_COMMON_OBJS:.o=.d) \
    $(UNIT_SRCS:%.c=$(B)/tobj/%.d) $(UNIT_SRCS:%.c=$(B)/asan/tobj/%.d) \
    $(EXAMPLE_SRCS:examples/%.c=$(B)/examples/%.d) $(BENCH_SRCS:bench/%.c=$(B)/bench/%.d)

STATIC  := $(B)/libzksync.a
SHARED  := $(B)/libzksync.so.$(VERSION)
SONAME  := libzksync.so.$(SOVERSION)

.PHONY: all lib tests examples check bench demo devnet install uninstall clean help deps vectors
.DEFAULT_GOAL := all

all: lib examples

lib: $(STATIC) $(SHARED) $(B)/libzksync.pc

# Each object also depends on its .d file: when that is missing (a build dir made
# before the .d files existed, or a deleted one), the object is rebuilt.
$(B)/obj/%.o: %.c $(B)/obj/%.d
	@mkdir -p $(dir $@)
	$(CC) $(LIB_CFLAGS) $(DEPFLAGS) -c $< -o $@

$(B)/asan/obj/%.o: %.c $(B)/asan/obj/%.d
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) $(DEPFLAGS) -DZKS_BUILD -c $< -o $@

$(B)/ctime/obj/%.o: %.c $(B)/ctime/obj/%.d
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(DEPFLAGS) -DZKS_BUILD -DZKS_CTIME -c $< -o $@

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
# Test sources (tests/unit, tests/integration, tests/common) are compiled to $(B)/tobj/ (ASan: $(B)/asan/tobj/).
$(B)/tobj/%.o: %.c $(B)/tobj/%.d
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(DEPFLAGS) -Itests/common -c $< -o $@

$(B)/asan/tobj/%.o: %.c $(B)/asan/tobj/%.d
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(SAN_FLAGS) $(DEPFLAGS) -Itests/common -c $< -o $@

# The unit objects are kept (not removed as intermediates), so a relink does not recompile.
.SECONDARY: $(UNIT_SRCS:%.c=$(B)/tobj/%.o) $(UNIT_SRCS:%.c=$(B)/asan/tobj/%.o)

$(B)/tests/%: $(B)/tobj/tests/unit/%.o $(TEST_COMMON_OBJS) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(TEST_COMMON_OBJS) $(STATIC) $(DEP_LIBS) -lm -o $@

$(B)/tests/%: $(B)/tobj/tests/integration/%.o $(TEST_COMMON_OBJS) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(TEST_COMMON_OBJS) $(STATIC) $(DEP_LIBS) -lm -o $@

$(B)/asan/libzksync.a: $(SAN_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/asan/tests/%: $(B)/asan/tobj/tests/unit/%.o $(SAN_TEST_COMMON_OBJS) $(B)/asan/libzksync.a
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $< $(SAN_TEST_COMMON_OBJS) $(B)/asan/libzksync.a $(DEP_LIBS) -lm -o $@

$(B)/asan/tests/%: $(B)/asan/tobj/tests/integration/%.o $(SAN_TEST_COMMON_OBJS) $(B)/asan/libzksync.a
	@mkdir -p $(dir $@)
	$(CC) $(SAN_FLAGS) $< $(SAN_TEST_COMMON_OBJS) $(B)/asan/libzksync.a $(DEP_LIBS) -lm -o $@

$(B)/ctime/libzksync.a: $(CT_OBJS)
	@rm -f $@
	ar rcs $@ $^

$(B)/examples/%: examples/%.c $(B)/examples/%.d $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(DEPFLAGS) $< $(STATIC) $(DEP_LIBS) -lm -o $@

$(B)/bin/zksync-exit: $(EXIT_TOOL_SRCS) $(wildcard examples/zksync-exit/*.h) $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -Iexamples/zksync-exit $(EXIT_TOOL_SRCS) $(STATIC) $(DEP_LIBS) -lpthread -lm -o $@

$(B)/bench/%: bench/%.c $(B)/bench/%.d $(STATIC)
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) $(DEPFLAGS) -Itests/common $< $(STATIC) $(DEP_LIBS) -lm -o $@

tests: $(UNIT_BINS) $(SAN_BINS)
examples: $(EXAMPLE_BINS)

# Header dependencies written by $(DEPFLAGS) (none before the first build, which builds everything).
$(DEPFILES):
-include $(wildcard $(DEPFILES))

# Area-specific targets (ctime test, fuzzers, devnet, bindings) live in mk/*.mk.
-include $(sort $(wildcard mk/*.mk))

# Generated files (docs/generated.md). `make regen` rewrites every one in place from
# its generator; each regen-<part> target writes its part under REGEN_DIR (default: the
# tree), so tests/suites/regen.sh can regenerate into a temporary dir and compare.
REGEN_DIR ?= .
REGEN_PARTS := jubjub rescue inv5 bip39 devnet api bindings
.PHONY: regen version $(REGEN_PARTS:%=regen-%)
regen: $(REGEN_PARTS:%=regen-%)

regen-jubjub: $(B)/tools/gen_jubjub_table
	@mkdir -p $(REGEN_DIR)/lib/crypto
	$< > $(REGEN_DIR)/lib/crypto/jubjub_table.c.tmp && mv $(REGEN_DIR)/lib/crypto/jubjub_table.c.tmp $(REGEN_DIR)/lib/crypto/jubjub_table.c

regen-rescue: $(RESCUE_GEN)
	@mkdir -p $(REGEN_DIR)/lib/crypto
	$< > $(REGEN_DIR)/lib/crypto/rescue_constants.c.tmp && mv $(REGEN_DIR)/lib/crypto/rescue_constants.c.tmp $(REGEN_DIR)/lib/crypto/rescue_constants.c

# 0.9: the price of a squaring relative to a product the chain was chosen for (the tool's docstring)
regen-inv5:
	@mkdir -p $(REGEN_DIR)/lib/crypto
	python3 tools/gen_inv5_chain.py 0.9 > $(REGEN_DIR)/lib/crypto/inv5_chain.h.tmp && mv $(REGEN_DIR)/lib/crypto/inv5_chain.h.tmp $(REGEN_DIR)/lib/crypto/inv5_chain.h

regen-bip39:
	@mkdir -p $(REGEN_DIR)/lib/eth
	node tools/gen_bip39_wordlist.js > $(REGEN_DIR)/lib/eth/bip39_english.c.tmp && mv $(REGEN_DIR)/lib/eth/bip39_english.c.tmp $(REGEN_DIR)/lib/eth/bip39_english.c

# tests/devnet/compile.js writes next to its own contracts/: elsewhere, it runs on a copy
# of its sources there (same node_modules).
regen-devnet:
	@if [ "$(abspath $(REGEN_DIR))" = "$(CURDIR)" ]; then node tests/devnet/compile.js; else \
	  d=$(abspath $(REGEN_DIR))/tests/devnet; rm -rf "$$d" && mkdir -p "$$d/contracts" && \
	  cp tests/devnet/compile.js "$$d/" && find tests/devnet/contracts -maxdepth 1 -type f ! -name compiled.json -exec cp {} "$$d/contracts/" \; && \
	  ln -s "$(CURDIR)/tests/devnet/node_modules" "$$d/node_modules" && (cd "$(abspath $(REGEN_DIR))" && node tests/devnet/compile.js); fi

regen-api:
	python3 tools/gen_api_docs.py --out $(REGEN_DIR)/docs/api.md

regen-bindings:
	python3 tools/gen_bindings.py --out-dir $(REGEN_DIR)

version:
	@echo $(VERSION)

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
	@echo "                      devnet, hostile-server and double-spend suites); ends with"
	@echo "                      'N passed, N failed, N skipped'"
	@echo "  make demo           the full flow on a local devnet: deposits, signing key, transfer, batch,"
	@echo "                      swap, NFT, fast withdraw, full exit, then the shutdown: refusals,"
	@echo "                      snapshot checked against L1, migration, claims, pending balances"
	@echo "  make bench          benchmarks against the reference implementations in the same run,"
	@echo "                      with ratios (crypto, transactions, claim tree, state root, devnet"
	@echo "                      submit, bindings)"
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
	@echo "  make jubjub-table   regenerate lib/crypto/jubjub_table.c (the fixed-base Jubjub table)"
	@echo "  make regen          regenerate every generated file in place (Jubjub table, Rescue constants, x^(1/5) chain,"
	@echo "                      BIP-39 list, devnet compiled.json, docs/api.md, bindings; docs/generated.md)"
	@echo "  make version        print the version (read from include/zksync.h, its one source)"
	@echo "  make check-provider / make wallet-check   only the provider / wallet and L1 tests"
	@echo "Variables: B=<build dir> (default build), AREAS=\"util crypto ...\" (build only some lib/ folders),"
	@echo "  ZKS_PHASES / ZKS_ONLY for tests/run.sh, ZKS_BENCH_SECONDS for make bench."
