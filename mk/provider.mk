# Provider area (lib/provider): the HTTP layer and the zkSync/Ethereum JSON-RPC clients.
# Its tests (tests/unit/test_provider_*.c, test_http_*.c) start tests/mock/rpc_mock.py with /usr/bin/python3
# (stdlib only) on 127.0.0.1; tests/suites/provider.sh runs test_provider_devnet against the
# devnet. The fuzz target tests/fuzz/fuzz_rpc_response.c is built by mk/fuzz.mk.
# `make check-provider` runs just this area's programs (unit, asan, valgrind, suite).
PROVIDER_TESTS := $(filter $(B)/tests/test_provider_% $(B)/tests/test_http_%,$(UNIT_BINS))
PROVIDER_SAN_TESTS := $(filter $(B)/asan/tests/test_provider_% $(B)/asan/tests/test_http_%,$(SAN_BINS))

.PHONY: check-provider
check-provider: $(PROVIDER_TESTS) $(PROVIDER_SAN_TESTS)
	@test -x /usr/bin/python3 || { echo "provider tests need /usr/bin/python3"; exit 1; }
	@B=$(B) ZKS_ONLY='provider|test_http_' bash tests/run.sh
