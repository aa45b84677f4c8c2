package zksync

/*
#include <zksync.h>
*/
import "C"

import (
	"unsafe"
)

// The C progress callbacks of the exit and state functions (trampolines in progress.c).

//export zksGoExitProgress
func zksGoExitProgress(ctx unsafe.Pointer, done, total C.uint64_t) {
	pc, _ := cHandleValue(ctx).(*exitProgressCtx)
	if pc == nil || pc.panic != nil {
		return
	}
	defer func() {
		if r := recover(); r != nil {
			pc.panic = r // a panic must not unwind through C: re-raised after the call
		}
	}()
	pc.fn(uint64(done), uint64(total))
}

//export zksGoStateProgress
func zksGoStateProgress(ctx unsafe.Pointer, p *C.zks_state_progress) C.int32_t {
	sc, _ := cHandleValue(ctx).(*stateProgressCtx)
	if sc == nil {
		return 0
	}
	if sc.step(StateProgress{Phase: uint32(p.phase), Done: uint64(p.done), Total: uint64(p.total),
		Accounts: uint64(p.accounts), Balances: uint64(p.balances)}) {
		return 0
	}
	return 1
}
