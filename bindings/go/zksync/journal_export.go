package zksync

/*
#include <zksync.h>
*/
import "C"

import (
	"unsafe"
)

// The C journal hooks of Wallet.SetJournalHook and L1.SetJournal (trampolines in journal.c).

//export zksGoWalletJournal
func zksGoWalletJournal(ctx unsafe.Pointer, rec *C.char, n C.size_t) C.zks_status {
	jc, _ := cHandleValue(ctx).(*journalCtx)
	if jc == nil || jc.wallet == nil {
		return C.ZKS_ERR_IO
	}
	if rec == nil {
		return jc.run(false, jc.wallet.Clear)
	}
	r := C.GoBytes(unsafe.Pointer(rec), C.int(n))
	return jc.run(true, func() error { return jc.wallet.Save(r) })
}

//export zksGoL1Journal
func zksGoL1Journal(ctx unsafe.Pointer, d *C.zks_l1_doubt) C.zks_status {
	jc, _ := cHandleValue(ctx).(*journalCtx)
	if jc == nil || jc.l1 == nil {
		return C.ZKS_ERR_IO
	}
	if d == nil || d.open == 0 {
		return jc.run(false, jc.l1.Clear)
	}
	doubt := l1DoubtFromC(d)
	return jc.run(true, func() error { return jc.l1.Save(doubt) })
}
