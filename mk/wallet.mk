# Wallet and L1 operations (lib/wallet, lib/eth/l1_ops.c). Their unit programs
# (tests/integration/test_wallet_*.c, test_l1_*.c) and tests/suites/wallet.sh are part
# of `make check` already; `make wallet-check` runs just them (each program
# starts and stops its own devnet).
WALLET_TESTS := $(filter $(B)/tests/test_wallet_% $(B)/tests/test_l1_%,$(UNIT_BINS))
WALLET_SAN_TESTS := $(filter $(B)/asan/tests/test_wallet_% $(B)/asan/tests/test_l1_%,$(SAN_BINS))

.PHONY: wallet-check
wallet-check:
	@$(MAKE) --no-print-directory lib $(WALLET_TESTS) $(WALLET_SAN_TESTS) \
	    $(B)/examples/demo $(B)/examples/deposit $(B)/examples/full_exit
	@B=$(B) ZKS_ONLY='test_wallet|test_l1|suites/wallet' bash tests/run.sh
