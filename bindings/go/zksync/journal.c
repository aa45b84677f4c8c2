/* C side of the journal-hook trampolines (the Go side is journal_export.go). */
#include <zksync.h>
#include "_cgo_export.h"

zks_wallet_journal_fn zks_go_wallet_journal(void) { return (zks_wallet_journal_fn)zksGoWalletJournal; }
zks_l1_journal_fn zks_go_l1_journal(void) { return (zks_l1_journal_fn)zksGoL1Journal; }
