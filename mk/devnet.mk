# Local zkSync Lite devnet (tests/devnet; docs/devnet.md).
#   make devnet                      foreground, default ports (zkSync 3030, L1 8545)
#   make devnet DEVNET_ARGS='--port 0 --l1-port 0 --verify-delay 2000'
DEVNET_ARGS ?=

devnet:
	@test -d tests/devnet/node_modules/ganache || { echo "tests/devnet/node_modules missing: run bash tools/deps.sh" >&2; exit 1; }
	node tests/devnet/server.js $(DEVNET_ARGS)
