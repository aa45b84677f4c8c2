# Constant-time test (owner: crypto core): tests/ctime/ctime_crypto.c linked with the
# -DZKS_CTIME library variant and run under valgrind by tests/suites/ctime.sh.
CTIME_BINS := $(B)/ctime/ctime_crypto

$(B)/ctime/ctime_crypto: tests/ctime/ctime_crypto.c $(B)/ctime/libzksync.a include/zksync.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -DZKS_CTIME $< $(B)/ctime/libzksync.a $(DEP_LIBS) -lm -o $@

CHECK_EXTRA += $(CTIME_BINS)

# The Ethereum-side secrets (tests/ctime/ctime_eth.c), run by the same suite.
$(B)/ctime/ctime_eth: tests/ctime/ctime_eth.c $(B)/ctime/libzksync.a include/zksync.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -DZKS_CTIME $< $(B)/ctime/libzksync.a $(DEP_LIBS) -lm -o $@

CHECK_EXTRA += $(B)/ctime/ctime_eth
