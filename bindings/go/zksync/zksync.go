// Package zksync is the Go binding of libzksync, a C SDK for zkSync Lite
// (zkSync 1.x): the zkSync signer (byte-exact with zksync-crypto 0.6.2),
// transactions, Ethereum keys, the JSON-RPC provider and the wallet layer.
//
// It links the C library with cgo through pkg-config (package libzksync), so
// PKG_CONFIG_PATH must find libzksync.pc and the dynamic linker must find
// libzksync.so.0 at run time (see docs/go.md).
//
// Errors: every failing call returns an *Error carrying the zks_status;
// compare with errors.Is(err, zksync.ErrInvalidKey) or read err.(*Error).Status.
// Objects that hold secrets or native handles have a Close method that wipes
// and frees them; a finalizer does the same if Close is forgotten.
package zksync

/*
#cgo pkg-config: libzksync
#include <stdlib.h>
#include <zksync.h>
*/
import "C"

import (
	"unsafe"
)

// Version returns the version string of the linked C library (zks_version_string).
func Version() string { return C.GoString(C.zks_version_string()) }

// VersionNum returns (major << 16) | (minor << 8) | patch of the linked library.
func VersionNum() uint32 { return uint32(C.zks_version_num()) }

// Strerror returns the library's English text for a status (zks_strerror).
func Strerror(s Status) string { return C.GoString(C.zks_strerror(C.zks_status(s))) }

// Wipe overwrites b with zeros in a way the compiler cannot remove (zks_memzero).
func Wipe(b []byte) {
	if len(b) > 0 {
		C.zks_memzero(unsafe.Pointer(&b[0]), C.size_t(len(b)))
	}
}

// ptr returns a C pointer to b's first byte, or nil for an empty slice.
// The C functions only read or write within the call (cgo pointer rules).
func ptr(b []byte) *C.uint8_t {
	if len(b) == 0 {
		return nil
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0]))
}

// cbuf returns a C pointer to b's first byte for a non-empty b, or to a dummy
// byte: the library refuses NULL for inputs whose length is 0 only when it must.
func cbuf(b []byte) (*C.uint8_t, C.size_t) {
	if len(b) == 0 {
		var z [1]byte
		return (*C.uint8_t)(unsafe.Pointer(&z[0])), 0
	}
	return (*C.uint8_t)(unsafe.Pointer(&b[0])), C.size_t(len(b))
}

// cstring copies s into C memory (caller frees with freeCString). NUL bytes are refused.
func cstring(s string, name string) (*C.char, error) {
	for i := 0; i < len(s); i++ {
		if s[i] == 0 {
			return nil, newError(StatusInvalidArg, name+" contains a NUL byte")
		}
	}
	return C.CString(s), nil
}

func freeCString(p *C.char) {
	if p != nil {
		C.free(unsafe.Pointer(p))
	}
}

// takeString copies a library-allocated C string and releases it with zks_free.
func takeString(p *C.char) string {
	if p == nil {
		return ""
	}
	s := C.GoString(p)
	C.zks_free(unsafe.Pointer(p))
	return s
}

// goText returns the NUL-terminated text in a C char buffer.
func goText(b []byte) string {
	for i, c := range b {
		if c == 0 {
			return string(b[:i])
		}
	}
	return string(b)
}

func ptrc(b []byte) unsafe.Pointer {
	if len(b) == 0 {
		return nil
	}
	return unsafe.Pointer(&b[0])
}
