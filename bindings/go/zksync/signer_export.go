package zksync

/*
#include <zksync.h>
*/
import "C"

import (
	"runtime/cgo"
	"unsafe"
)

// MessageSigner signs an EIP-191 personal_sign message (the text before the
// prefix) with an Ethereum key held elsewhere, e.g. a hardware wallet, and
// returns 65 bytes r || s || v. An error refuses (the call fails with ErrSigner).
type MessageSigner func(msg []byte) ([]byte, error)

// DigestSigner signs the 32-byte digest of an Ethereum transaction
// (EthTxSigningHash) and returns 65 bytes r || s || v.
type DigestSigner func(digest []byte) ([]byte, error)

type signerCtx struct {
	msg MessageSigner
	dig DigestSigner
}

func signerOf(ctx unsafe.Pointer) *signerCtx {
	h := cgo.Handle(*(*C.uintptr_t)(ctx))
	return h.Value().(*signerCtx)
}

func writeSig(sig []byte, out *C.uint8_t) C.zks_status {
	if len(sig) != EthSignatureBytes {
		return C.ZKS_ERR_SIGNER
	}
	copy(unsafe.Slice((*byte)(unsafe.Pointer(out)), EthSignatureBytes), sig)
	return C.ZKS_OK
}

//export zksGoMessageSigner
func zksGoMessageSigner(ctx unsafe.Pointer, msg *C.uint8_t, n C.size_t, out *C.uint8_t) (st C.zks_status) {
	defer func() {
		if recover() != nil {
			st = C.ZKS_ERR_SIGNER
		}
	}()
	s := signerOf(ctx)
	if s.msg == nil {
		return C.ZKS_ERR_SIGNER
	}
	var m []byte
	if n > 0 {
		m = C.GoBytes(unsafe.Pointer(msg), C.int(n))
	}
	sig, err := s.msg(m)
	if err != nil {
		return C.ZKS_ERR_SIGNER
	}
	return writeSig(sig, out)
}

//export zksGoDigestSigner
func zksGoDigestSigner(ctx unsafe.Pointer, digest *C.uint8_t, out *C.uint8_t) (st C.zks_status) {
	defer func() {
		if recover() != nil {
			st = C.ZKS_ERR_SIGNER
		}
	}()
	s := signerOf(ctx)
	if s.dig == nil {
		return C.ZKS_ERR_SIGNER
	}
	sig, err := s.dig(C.GoBytes(unsafe.Pointer(digest), EthHashBytes))
	if err != nil {
		return C.ZKS_ERR_SIGNER
	}
	return writeSig(sig, out)
}
