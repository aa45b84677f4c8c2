# Local zkSync Lite devnet (tests/devnet; docs/devnet.md).
#   make devnet                      foreground, default ports (zkSync 3030, L1 8545)
#   make devnet DEVNET_ARGS='--port 0 --l1-port 0 --verify-delay 2000'
#   make devnet DEVNET_SUNSET_MS=60000                 shut the devnet down 60 s after start
#   make devnet DEVNET_SUNSET_MS=0 DEVNET_SUNSET_MIGRATE=ETH,DAI   (default: all tokens migrated)
# The shutdown can also be triggered at any time with the devnet_sunset JSON-RPC call.
DEVNET_ARGS ?=
DEVNET_SUNSET_MS ?=
DEVNET_SUNSET_MIGRATE ?= all

devnet:
	@test -d tests/devnet/node_modules/ganache || { echo "tests/devnet/node_modules missing: run bash tools/deps.sh" >&2; exit 1; }
	node tests/devnet/server.js $(if $(DEVNET_SUNSET_MS),--sunset-after-ms $(DEVNET_SUNSET_MS) --sunset-migrate $(DEVNET_SUNSET_MIGRATE)) $(DEVNET_ARGS)
