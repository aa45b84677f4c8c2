/* C side of the progress trampolines (the Go side is progress_export.go). */
#include <zksync.h>
#include "_cgo_export.h"

zks_exit_progress_fn zks_go_exit_progress(void) { return (zks_exit_progress_fn)zksGoExitProgress; }
zks_state_progress_fn zks_go_state_progress(void) { return (zks_state_progress_fn)zksGoStateProgress; }
