/* C side of the external-signer trampolines (the Go side is signer_export.go). */
#include <zksync.h>
#include "_cgo_export.h"

zks_eth_message_signer zks_go_msg_signer(void) { return (zks_eth_message_signer)zksGoMessageSigner; }
zks_eth_digest_signer zks_go_digest_signer(void) { return (zks_eth_digest_signer)zksGoDigestSigner; }
