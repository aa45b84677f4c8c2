# libFuzzer targets: every tests/fuzz/fuzz_<name>.c is built with clang against the library
# sources (ASan + UBSan + fuzzer instrumentation). tests/suites/fuzz.sh runs each briefly on its
# committed seed corpus tests/fuzz/corpus/<name>/.
FUZZ_SRCS := $(sort $(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS := $(FUZZ_SRCS:tests/fuzz/%.c=$(B)/fuzz/%)
FUZZ_FLAGS := -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OBJS := $(LIB_SRCS:%.c=$(B)/fuzz/obj/%.o)

$(B)/fuzz/obj/%.o: %.c include/zksync.h $(wildcard lib/*.h lib/*/*.h)
	@mkdir -p $(dir $@)
	$(CLANG) $(BASE_CFLAGS) $(FUZZ_FLAGS) -DZKS_BUILD -DZKS_FUZZ -c $< -o $@

$(B)/fuzz/%: tests/fuzz/%.c $(FUZZ_OBJS)
	@mkdir -p $(dir $@)
	$(CLANG) $(BASE_CFLAGS) -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
	    $< $(FUZZ_OBJS) $(DEP_LIBS) -lm -o $@

# Keep the instrumented library objects between builds (they are intermediates of
# the pattern rule, which make would otherwise delete and rebuild every time).
.SECONDARY: $(FUZZ_OBJS)

.PHONY: fuzzers
fuzzers: $(FUZZ_BINS)
CHECK_EXTRA += fuzzers
