# Constant-time test of the Ethereum-side secret paths (tests/suites/ctime_eth.sh).
$(B)/ctime/ctime_eth: tests/ctime/ctime_eth.c $(B)/ctime/libzksync.a include/zksync.h
	@mkdir -p $(dir $@)
	$(CC) $(BASE_CFLAGS) $(CFLAGS) -DZKS_CTIME $< $(B)/ctime/libzksync.a $(DEP_LIBS) -lm -o $@

CHECK_EXTRA += $(B)/ctime/ctime_eth
