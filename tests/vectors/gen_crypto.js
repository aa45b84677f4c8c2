#!/usr/bin/env node
// Generates tests/vectors/crypto.json from the pinned reference (zksync-crypto 0.6.2 in
// tests/oracle/node_modules):  node tests/vectors/gen_crypto.js > tests/vectors/crypto.json
// Inputs come from a SHA-256 counter generator with a fixed seed, so reruns are identical.
// Never feeds the wasm inputs that make it panic (key >= r, message > 92 bytes).
'use strict';
const path = require('path');
const nm = path.join(__dirname, '..', 'oracle', 'node_modules');
const zc = require(path.join(nm, 'zksync-crypto'));
const crypto = require('crypto');
if (zc.zksync_crypto_init) zc.zksync_crypto_init();

const R = BigInt('0x060c89ce5c263405370a08b6d0302b0bab3eedb83920ee0a677297dc392126f1');
const hex = (b) => Buffer.from(b).toString('hex');
const be32 = (n) => Buffer.from(n.toString(16).padStart(64, '0'), 'hex');

let ctr = 0;
function rand(n) { // deterministic bytes
  const out = [];
  while (out.length < n) {
    const h = crypto.createHash('sha256').update(`libzksync gen_crypto ${ctr++}`).digest();
    out.push(...h);
  }
  return Buffer.from(out.slice(0, n));
}
function randKey() {
  for (;;) {
    const b = rand(32);
    b[0] &= 0x07;
    const v = BigInt('0x' + hex(b));
    if (v > 0n && v < R) return b;
  }
}
function tryCall(f) {
  try { return f(); } catch (e) { return null; }
}

const out = {
  generator: 'tests/vectors/gen_crypto.js; zksync-crypto 0.6.2 (tests/oracle/package-lock.json)',
  note: 'hex strings without 0x; sk big-endian; sig = packed PK || R || s (s little-endian). ' +
        'pubkey_hash.hash null = the reference reports an error. verify.result: true, false or "error".',
  seeds: [],
  keys: [],
  pubkey_hash: [],
  verify: [],
};

// privateKeyFromSeed: every length 32..100, plus fixed seeds.
const seeds = [Buffer.alloc(32, 0), Buffer.alloc(32, 1), Buffer.alloc(32, 0xff), Buffer.alloc(65, 0),
  Buffer.from([...Array(32).keys()])];
for (let len = 32; len <= 100; len++) seeds.push(rand(len));
for (const s of seeds) out.seeds.push({ seed: hex(s), sk: hex(zc.privateKeyFromSeed(s)) });

// Keys: near r, small, bit patterns, random.
const keys = [];
for (const d of [1n, 2n, 3n, 8n, 16n, 255n, 256n, 65537n]) keys.push(be32(R - d));
for (const v of [1n, 2n, 3n, 7n, 8n, 9n, 15n, 16n, 17n, 255n, 256n]) keys.push(be32(v));
for (const v of [1n << 250n, (1n << 250n) - 1n, (1n << 249n) + 1n, (1n << 128n) - 1n, (1n << 64n)]) keys.push(be32(v));
keys.push(Buffer.from('05' + 'ff'.repeat(31), 'hex'));
keys.push(Buffer.from('0588888888888888888888888888888888888888888888888888888888888888', 'hex'));
keys.push(Buffer.from('0577777777777777777777777777777777777777777777777777777777777777', 'hex'));
for (let i = 0; i < 12; i++) keys.push(randKey());

const msgs = [Buffer.alloc(0), Buffer.from([0]), Buffer.from([0x80]), rand(1), rand(10), rand(32),
  rand(91), rand(92), Buffer.alloc(92, 0xff), Buffer.alloc(92, 0)];
const sigs = [];
keys.forEach((sk, ki) => {
  const entry = {
    sk: hex(sk),
    pub: hex(zc.private_key_to_pubkey(sk)),
    hash: hex(zc.private_key_to_pubkey_hash(sk)),
    sigs: [],
  };
  // every message for the first keys, three per key after that (keeps the file small)
  const use = ki < 4 ? msgs : [msgs[ki % msgs.length], msgs[(ki + 3) % msgs.length], msgs[(ki + 7) % msgs.length]];
  for (const m of use) {
    const sig = zc.sign_musig(sk, m);
    entry.sigs.push({ msg: hex(m), sig: hex(sig) });
    sigs.push({ m, sig: Buffer.from(sig) });
  }
  out.keys.push(entry);
});

// pubKeyHash of packed points: keys above, random bytes (often not points), edge encodings.
const encs = [];
for (const k of out.keys.slice(0, 8)) encs.push(Buffer.from(k.pub, 'hex'));
const ident = Buffer.alloc(32); ident[0] = 1;
encs.push(ident);
const identNeg = Buffer.from(ident); identNeg[31] |= 0x80; // x = 0 with the sign bit set
encs.push(identNeg);
const pMinus1 = be32(BigInt('0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000000')).reverse();
encs.push(pMinus1); // (0, -1)
const pEnc = be32(BigInt('0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001')).reverse();
encs.push(pEnc); // y = p: not canonical
encs.push(Buffer.alloc(32, 0xff));
for (let i = 0; i < 40; i++) { const b = rand(32); b[31] &= 0x3f; if (i % 2) b[31] |= 0x80; encs.push(b); }
for (const e of encs) {
  const h = tryCall(() => zc.pubKeyHash(e));
  out.pubkey_hash.push({ pub: hex(e), hash: h ? hex(h) : null });
}

// verify_musig: valid signatures and tampered ones, with the reference's answer.
function addR(sig) {
  const s = BigInt('0x' + hex(Buffer.from(sig.slice(64)).reverse())) + R;
  const le = be32(s).reverse();
  const t = Buffer.from(sig); le.copy(t, 64); return t;
}
sigs.forEach(({ m, sig }, i) => {
  if (i % 3 !== 0) return;
  const cases = [];
  cases.push([m, sig]);
  const t1 = Buffer.from(sig); t1[95] ^= 1; cases.push([m, t1]);
  const t2 = Buffer.from(sig); t2[31] ^= 0x80; cases.push([m, t2]);
  const t3 = Buffer.from(sig); t3[63] ^= 0x80; cases.push([m, t3]);
  cases.push([m, addR(sig)]);
  const t5 = Buffer.from(sig); pMinus1.copy(t5, 0); cases.push([m, t5]);
  const t6 = Buffer.from(sig); t6[32 + (i % 32)] ^= 1 << (i % 8); cases.push([m, t6]);
  if (m.length < 92) cases.push([Buffer.concat([m, Buffer.from([0])]), sig]);
  if (m.length > 0) { const mm = Buffer.from(m); mm[0] ^= 1; cases.push([mm, sig]); }
  for (const [mm, ss] of cases) {
    let result;
    try { result = zc.verify_musig(mm, ss); } catch (e) { result = 'error'; }
    out.verify.push({ msg: hex(mm), sig: hex(ss), result });
  }
});

process.stdout.write(JSON.stringify(out, null, 1) + '\n');
