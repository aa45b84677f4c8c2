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

# Every other secret-taking entry point (tests/ctime/ctime_tx.c: tx signing of every
# type, JSON signing, ChangePubKey ECDSA, L1 txs; ctime_wallet.c: the wallet and L1
# constructors against tests/mock/rpc_mock.py) and the deliberate-leak self test
# (ctime_leak.c, which the suite requires valgrind to flag).
CTIME_MORE := $(B)/ctime/ctime_tx $(B)/ctime/ctime_wallet $(B)/ctime/ctime_leak
$(CTIME_MORE): $(B)/ctime/%: tests/ctime/%.c $(B)/ctime/libzksync.a include/zksync.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -DZKS_CTIME $< $(B)/ctime/libzksync.a $(DEP_LIBS) -lm -o $@

CHECK_EXTRA += $(CTIME_MORE)
$(B)/ctime/ctime_wallet: tests/mock/mock_launch.h
