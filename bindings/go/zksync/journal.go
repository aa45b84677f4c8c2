package zksync

/*
#include <zksync.h>
zks_wallet_journal_fn zks_go_wallet_journal(void);
zks_l1_journal_fn zks_go_l1_journal(void);
*/
import "C"

import (
	"unsafe"
)

// WalletJournal is the caller's storage of the wallet's doubt
// (Wallet.SetJournalHook). Save receives the record (text) of a submission
// before it is sent and must store it durably before it returns: an error (or
// a panic) stops the send, nothing is sent, and the call fails with ErrIo
// wrapping that error (a panic is re-raised after the call). Clear is called
// once the outcome is known; its error cannot undo anything and is dropped
// (the stale record, loaded again, is resolved again and never pays twice).
type WalletJournal interface {
	Save(record []byte) error
	Clear() error
}

// L1Journal is the same for the L1 sends (L1.SetJournal): Save receives the
// doubt (its Raw bytes and Nonce are what RestoreDoubt needs after a restart)
// after signing and before sending.
type L1Journal interface {
	Save(d L1Doubt) error
	Clear() error
}

// journalCtx is what C holds (through a cHandle) for one journal hook, and
// what the hook left for the end of the C call.
type journalCtx struct {
	wallet WalletJournal
	l1     L1Journal
	err    error       // Save's error: the call failed, nothing was sent
	panic  interface{} // a panic of Save or Clear, re-raised after the call
}

type journalHook struct {
	h  *cHandle
	jc *journalCtx
}

func newJournalHook(jc *journalCtx) *journalHook { return &journalHook{h: newCHandle(jc), jc: jc} }

func (j *journalHook) free() {
	if j != nil {
		j.h.free()
	}
}

func freeJournalHooks(hs []*journalHook) {
	for _, j := range hs {
		j.free()
	}
}

// run calls f for the hook; a panic must not unwind through C.
func (jc *journalCtx) run(save bool, f func() error) (st C.zks_status) {
	defer func() {
		if r := recover(); r != nil {
			if jc.panic == nil {
				jc.panic = r
			}
			st = C.ZKS_ERR_IO
		}
	}()
	if err := f(); err != nil {
		if save && jc.err == nil {
			jc.err = err
		}
		return C.ZKS_ERR_IO
	}
	return C.ZKS_OK
}

// journalsAfter takes what the hooks left during one C call: it re-raises a
// panic and returns Save's error (the Cause of the failed call).
func journalsAfter(lists ...[]*journalHook) error {
	var err error
	var p interface{}
	for _, l := range lists {
		for _, j := range l {
			if j.jc.panic != nil && p == nil {
				p = j.jc.panic
			}
			if j.jc.err != nil && err == nil {
				err = j.jc.err
			}
			j.jc.panic, j.jc.err = nil, nil
		}
	}
	if p != nil {
		panic(p)
	}
	return err
}

func l1DoubtFromC(d *C.zks_l1_doubt) L1Doubt {
	n := int(d.raw_len)
	if n > len(d.raw) {
		n = len(d.raw)
	}
	return L1Doubt{Open: d.open != 0, Nonce: uint64(d.nonce), TxHash: C.GoString(&d.tx_hash[0]),
		Raw: C.GoBytes(unsafe.Pointer(&d.raw[0]), C.int(n))}
}

// SetJournalHook keeps the wallet's doubt in the caller's storage
// (zks_wallet_set_journal_hook): j receives each record before its submission
// is sent and a Clear once its outcome is known (see WalletJournal). last is
// the record j stored last (nil: none), loaded as the open doubt, so the next
// operation resolves it before it signs anything (ErrFileFormat: damaged, or
// another account's or chain's). A nil j turns the journal off. It replaces
// SetJournal(path) and turns off the hook of the wallet's L1 layer (set that
// after it: w.L1().SetJournal).
func (w *Wallet) SetJournalHook(j WalletJournal, last []byte) error {
	var jh *journalHook
	if j != nil {
		jh = newJournalHook(&journalCtx{wallet: j})
	}
	kept := false
	err := w.do("zks_wallet_set_journal_hook", nil, func(h *C.zks_wallet, _ []*C.char) C.zks_status {
		var fn C.zks_wallet_journal_fn
		var ctx unsafe.Pointer
		if jh != nil {
			fn, ctx = C.zks_go_wallet_journal(), jh.h.ctx
			w.journals = append(w.journals, jh) // C may call it from now on (an open doubt is stored at once)
			kept = true
		}
		s := C.zks_wallet_set_journal_hook(h, fn, ctx, (*C.char)(unsafe.Pointer(ptr(last))), C.size_t(len(last)))
		if s == C.ZKS_OK { // the earlier hooks are no longer called, nor the L1 layer's
			n := len(w.journals)
			if jh != nil {
				n--
			}
			freeJournalHooks(w.journals[:n])
			w.journals = append(w.journals[:0], w.journals[n:]...)
			w.freeL1Journals()
		}
		return s
	})
	if !kept {
		jh.free()
	}
	return err
}

// freeL1Journals frees the hooks of the wallet's L1 layer once C replaced them
// (with w.mu held: every access to them holds it).
func (w *Wallet) freeL1Journals() {
	if w.l1 != nil {
		freeJournalHooks(w.l1.journals)
		w.l1.journals = nil
	}
}

// SetJournal sets the write-ahead hook of the L1 sends (zks_l1_set_journal;
// nil: none): j.Save gets the doubt after signing and before sending, j.Clear
// once the outcome is known (see L1Journal). After a restart give the saved
// doubt back with RestoreDoubt(d.Raw, d.Nonce). For a wallet's L1 layer, the
// wallet's SetJournal and SetJournalHook replace this hook (set it after them).
func (l *L1) SetJournal(j L1Journal) error {
	var jh *journalHook
	if j != nil {
		jh = newJournalHook(&journalCtx{l1: j})
	}
	kept := false
	err := l.do("zks_l1_set_journal", nil, func(h *C.zks_l1, _ []*C.char) C.zks_status {
		var fn C.zks_l1_journal_fn
		var ctx unsafe.Pointer
		if jh != nil {
			fn, ctx = C.zks_go_l1_journal(), jh.h.ctx
		}
		s := C.zks_l1_set_journal(h, fn, ctx)
		if s == C.ZKS_OK {
			freeJournalHooks(l.journals)
			l.journals = l.journals[:0]
			if jh != nil {
				l.journals = append(l.journals, jh)
				kept = true
			}
		}
		return s
	})
	if !kept {
		jh.free()
	}
	return err
}
