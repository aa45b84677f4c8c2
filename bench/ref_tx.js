#!/usr/bin/env node
// Reference timings for bench/bench_tx.c, same operations and inputs, with zksync.js 0.13.1 and
// ethers 5.7.2 (tests/oracle/node_modules). Prints "<op> <ops per second>" lines.
// Usage: node bench/ref_tx.js [seconds per op, default 1]
'use strict';
const path = require('path');
const nm = path.join(__dirname, '..', 'tests', 'oracle', 'node_modules');
const zksync = require(path.join(nm, 'zksync'));
const { ethers } = require(path.join(nm, 'ethers'));
const { EthMessageSigner } = require(path.join(nm, 'zksync', 'build', 'eth-message-signer.js'));

const secs = Number(process.argv[2] || 1);
const ethKey = '0x' + '01'.repeat(32);
const wallet = new ethers.Wallet(ethKey);
const MNEMONIC = 'test test test test test test test test test test test junk';

function transferFields(i) {
  return {
    accountId: 42, from: wallet.address, to: '0x' + '19'.repeat(20), tokenId: 0,
    amount: '1500000000000000000', fee: '100000000000000', nonce: 7 + i, validFrom: 0, validUntil: 4294967295,
  };
}

async function rate(fn) {
  for (let i = 0; i < 2; i++) await fn();
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t = t0;
  while (Number(t - t0) < secs * 1e9) { await fn(); n++; t = process.hrtime.bigint(); }
  return n / (Number(t - t0) / 1e9);
}

(async () => {
  const seed = await wallet.signMessage(`Access zkSync account.\n\nOnly sign this message for a trusted client!\nChain ID: 9.`);
  const signer = await zksync.Signer.fromSeed(ethers.utils.arrayify(seed));
  const ems = new EthMessageSigner(wallet, { verificationMethod: 'ECDSA', isSignedMsgPrefixed: true });
  const msg = 'Transfer 1.5 ETH to: 0x1919191919191919191919191919191919191919\nFee: 0.0001 ETH\nNonce: 7';
  const ops = {
    // struct -> signed tx as the server takes it (zk signature, JSON-ready object)
    transfer_sign: async () => JSON.stringify(await signer.signSyncTransfer(transferFields(0))),
    // 100 signed transfers and one Ethereum signature over the batch message
    batch100: async () => {
      const parts = [];
      const txs = [];
      for (let i = 0; i < 100; i++) {
        const f = transferFields(i);
        txs.push({ tx: await signer.signSyncTransfer(f), signature: null });
        parts.push(ems.getTransferEthMessagePart({ ...f, stringAmount: '1.5', stringFee: '0.0001', stringToken: 'ETH' }));
      }
      const sig = await ems.getEthMessageSignature(parts.join('\n') + '\nNonce: 7');
      return JSON.stringify([txs, [sig]]);
    },
    personal_sign: async () => wallet.signMessage(msg),
    bip32_100_addresses: async () => {
      const root = ethers.utils.HDNode.fromMnemonic(MNEMONIC);
      for (let i = 0; i < 100; i++) root.derivePath(`m/44'/60'/0'/0/${i}`).address;
    },
  };
  for (const [name, fn] of Object.entries(ops)) console.log(`${name} ${(await rate(fn)).toFixed(2)}`);
})();
