#!/usr/bin/env node
// Batch-submit benchmark, reference side, against a running devnet (state file argv[2]).
//   setup:  deposits ETH for accounts[5] and accounts[6] and sets their signing keys (zksync.js).
//   bench:  zksync.js prepares and submits batches of 100 Transfers from accounts[5] (each signed,
//           one Ethereum signature over the batch) for [seconds]; prints
//           "batch100_submit <batches per second>" with the devnet's own handler time
//           (devnet_info.handlerMicros) subtracted, so only the client side is measured.
// Usage: node bench/ref_submit.js <statefile> setup|bench [seconds]
'use strict';
const fs = require('fs');
const path = require('path');
const nm = path.join(__dirname, '..', 'tests', 'devnet', 'node_modules');
const { ethers } = require(path.join(nm, 'ethers'));
const zksync = require(path.join(nm, 'zksync'));

const st = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const mode = process.argv[3];
const secs = Number(process.argv[4] || 3);

async function main() {
  const ethProvider = new ethers.providers.JsonRpcProvider(st.l1Url);
  ethProvider.pollingInterval = 50;
  const provider = await zksync.Provider.newHttpProvider(st.zksyncUrl, 50, 'localhost');
  const wallet = async (i) => zksync.Wallet.fromEthSigner(new ethers.Wallet(st.accounts[i].privateKey, ethProvider), provider);
  if (mode === 'setup') {
    for (const i of [5, 6]) {
      const w = await wallet(i);
      const dep = await w.depositToSyncFromEthereum({ depositTo: w.address(), token: 'ETH', amount: ethers.utils.parseEther('50') });
      await dep.awaitReceipt();
      const cpk = await w.setSigningKey({ feeToken: 'ETH', ethAuthType: 'ECDSA' });
      await cpk.awaitReceipt();
    }
    console.log('setup done');
    return;
  }
  const w = await wallet(5);
  const to = st.accounts[7].address;
  const fee = (await provider.getTransactionFee('Transfer', to, 'ETH')).totalFee;
  let nonce = await w.getNonce('committed');
  const info = async () => (await provider.transport.request('devnet_info', [])).handlerMicros;
  let batches = 0, clientNs = 0n;
  const start = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - start) < secs * 1e9 || batches < 2) {
    const transfers = [];
    for (let i = 0; i < 100; i++) transfers.push({ to, token: 'ETH', amount: '1000000000', fee, nonce: nonce + i });
    const h0 = await info();
    const t0 = process.hrtime.bigint();
    const txs = await w.syncMultiTransfer(transfers);
    const t1 = process.hrtime.bigint();
    const h1 = await info();
    if (txs.length !== 100) throw new Error('batch not accepted');
    clientNs += (t1 - t0) - BigInt(h1 - h0) * 1000n;
    nonce += 100;
    batches++;
  }
  console.log(`batch100_submit ${(batches / (Number(clientNs) / 1e9)).toFixed(3)}`);
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
