module github.com/libzksync/libzksync/examples/go

go 1.19

require github.com/libzksync/libzksync/bindings/go/zksync v0.0.0

replace github.com/libzksync/libzksync/bindings/go/zksync => ../../bindings/go/zksync
