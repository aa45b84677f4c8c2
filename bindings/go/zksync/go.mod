module github.com/libzksync/libzksync/bindings/go/zksync

go 1.19
