#!/usr/bin/env node
// Reference timings for bench/bench_crypto.c: the same operations on the same inputs with
// npm zksync-crypto 0.6.2 (wasm, tests/oracle/node_modules). Prints "<op> <ops per second>" lines.
// Usage: node bench/ref_crypto.js [seconds per op, default 1] [op names to time (default all)]
'use strict';
const path = require('path');
const zc = require(path.join(__dirname, '..', 'tests', 'oracle', 'node_modules', 'zksync-crypto'));
if (zc.zksync_crypto_init) zc.zksync_crypto_init();

const secs = Number(process.argv[2] || 1);
const seed = Buffer.alloc(65, 0x42);                  // an Ethereum-signature-sized seed
const sk = Buffer.from(zc.privateKeyFromSeed(seed));
const pub = Buffer.from(zc.private_key_to_pubkey(sk));
const msg = Buffer.from([...Array(58).keys()]);      // a Transfer-sized message
const sig = Buffer.from(zc.sign_musig(sk, msg));

function rate(fn) {
  for (let i = 0; i < 3; i++) fn();                   // warm up the wasm
  let n = 0;
  const t0 = process.hrtime.bigint();
  let t = t0;
  while (Number(t - t0) < secs * 1e9) {
    fn(); n++;
    if ((n & 3) === 0) t = process.hrtime.bigint();
  }
  t = process.hrtime.bigint();
  return n / (Number(t - t0) / 1e9);
}

const ops = {
  privkey_from_seed: () => zc.privateKeyFromSeed(seed),
  pubkey: () => zc.private_key_to_pubkey(sk),
  pubkey_hash: () => zc.private_key_to_pubkey_hash(sk),
  pubkey_hash_packed: () => zc.pubKeyHash(pub),
  rescue_hash: () => zc.rescueHash(msg),
  sign: () => zc.sign_musig(sk, msg),
  verify: () => { if (!zc.verify_musig(msg, sig)) throw new Error('verify failed'); },
};
const only = process.argv.slice(3);
for (const [name, fn] of Object.entries(ops)) {
  if (only.length === 0 || only.includes(name)) console.log(`${name} ${rate(fn).toFixed(1)}`);
}
