#!/usr/bin/env node
// Generates tests/vectors/eth.json from the pinned reference (ethers 5.7.2 and zksync 0.13.1 in
// tests/oracle/node_modules):  node tests/vectors/gen_eth.js > tests/vectors/eth.json
// Inputs come from a SHA-256 counter generator with a fixed label, so reruns are identical.
'use strict';
const path = require('path');
const crypto = require('crypto');
const nm = path.join(__dirname, '..', 'oracle', 'node_modules');
const { ethers, utils } = require(path.join(nm, 'ethers'));
const zc = require(path.join(nm, 'zksync-crypto'));
if (zc.zksync_crypto_init) zc.zksync_crypto_init();

const hex = (b) => Buffer.from(b).toString('hex');
let ctr = 0;
function rand(n) {
  const out = [];
  while (out.length < n) out.push(...crypto.createHash('sha256').update(`libzksync gen_eth ${ctr++}`).digest());
  return Buffer.from(out.slice(0, n));
}
const randInt = (m) => rand(4).readUInt32BE(0) % m;
function randKey() {
  for (;;) {
    const k = rand(32);
    if (k[0] !== 0xff) return k;
  }
}
function randDec(bits) {
  const b = rand(32);
  let v = BigInt('0x' + hex(b));
  const keep = BigInt(randInt(bits + 1));
  v &= (1n << keep) - 1n;
  return v.toString();
}

function loginMessage(chainId) {
  let m = 'Access zkSync account.\n\nOnly sign this message for a trusted client!';
  if (chainId !== 1) m += `\nChain ID: ${chainId}.`;
  return m;
}

async function main() {
  const out = { generator: `${ethers.version}, zksync-crypto 0.6.2`, };

  // personal_sign: random keys and messages of 0..199 bytes, plus every length 0..140 for one key.
  out.personal_sign = [];
  const k0 = Buffer.alloc(32, 1);
  for (let i = 0; i < 200; i++) {
    const key = i < 141 ? k0 : randKey();
    const msg = rand(i < 141 ? i : randInt(200));
    const w = new ethers.Wallet(key);
    out.personal_sign.push({ key: hex(key), msg: hex(msg), address: w.address, sig: (await w.signMessage(msg)).slice(2) });
  }

  // zkSync keys from Ethereum keys at several chain ids.
  out.zk_from_eth = [];
  for (const chainId of [1, 5, 9, 280, 324, 11155111, 4294967296, 1 + randInt(1e9)]) {
    for (let j = 0; j < 3; j++) {
      const key = j === 0 ? k0 : randKey();
      const sig = await new ethers.Wallet(key).signMessage(loginMessage(chainId));
      const sk = zc.privateKeyFromSeed(Buffer.from(sig.slice(2), 'hex'));
      out.zk_from_eth.push({ key: hex(key), chainId, sig: sig.slice(2), sk: hex(sk),
        pkh: hex(zc.private_key_to_pubkey_hash(sk)) });
    }
  }

  // HD wallets: mnemonics of every length, with and without passphrase, at several paths.
  out.hd = [];
  const paths = ["m", "m/44'/60'/0'/0/0", "m/44'/60'/0'/0/1", "m/44'/60'/1'/0/0", "m/0/1/2/3", "m/2147483647'/2147483647",
    "m/44h/60h/0h/0/7"];
  for (let i = 0; i < 40; i++) {
    const ent = rand([16, 20, 24, 28, 32][i % 5]);
    const mnemonic = utils.entropyToMnemonic(ent);
    const passphrase = i % 3 === 0 ? 'TREZOR' : '';
    const p = paths[i % paths.length];
    const n = utils.HDNode.fromMnemonic(mnemonic, passphrase).derivePath(p.replace(/h/g, "'"));
    out.hd.push({ entropy: hex(ent), mnemonic, passphrase, path: p, seed: utils.mnemonicToSeed(mnemonic, passphrase).slice(2),
      key: n.privateKey.slice(2), address: n.address });
  }

  // RLP of nested lists of byte strings (hex, no 0x).
  out.rlp = [];
  function tree(d) {
    if (d < 3 && randInt(3) === 0) { const n = randInt(4); const l = []; for (let i = 0; i < n; i++) l.push(tree(d + 1)); return l; }
    const len = [0, 1, 1, 55, 56, randInt(70), 300][randInt(7)];
    const b = rand(len);
    if (len === 1 && randInt(2)) b[0] &= 0x7f;
    return hex(b);
  }
  const toRlp = (v) => (Array.isArray(v) ? v.map(toRlp) : '0x' + v);
  for (let i = 0; i < 60; i++) { const t = tree(0); out.rlp.push({ item: t, rlp: utils.RLP.encode(toRlp(t)).slice(2) }); }

  // Signed transactions.
  out.tx = [];
  for (let i = 0; i < 60; i++) {
    const key = randKey();
    const type = i % 2 ? 2 : 0;
    const t = {
      type, chainId: i % 3 ? 1 + randInt(20) : 1 + randInt(2 ** 30), nonce: randInt(1e6),
      gasLimit: ethers.BigNumber.from(i % 4 ? 21000 : randInt(2 ** 31)), to: i % 7 ? '0x' + hex(rand(20)) : undefined,
      value: ethers.BigNumber.from(randDec(256)), data: '0x' + hex(rand(i % 3 ? randInt(100) : 0)),
    };
    const fee = randDec(80), tip = randDec(60);
    if (type === 2) { t.maxFeePerGas = ethers.BigNumber.from(fee); t.maxPriorityFeePerGas = ethers.BigNumber.from(tip); }
    else t.gasPrice = ethers.BigNumber.from(fee);
    const raw = await new ethers.Wallet(key).signTransaction(t);
    out.tx.push({ key: hex(key), type, chainId: t.chainId, nonce: t.nonce, gasLimit: t.gasLimit.toString(),
      gasPrice: type === 0 ? fee : null, maxFeePerGas: type === 2 ? fee : null, maxPriorityFeePerGas: type === 2 ? tip : null,
      to: t.to ? t.to.slice(2) : null, value: t.value.toString(), data: t.data.slice(2),
      signingHash: utils.keccak256(utils.serializeTransaction(t)).slice(2), raw: raw.slice(2), hash: utils.keccak256(raw).slice(2),
      from: new ethers.Wallet(key).address });
  }

  // ABI calls.
  out.abi = [];
  const types = ['address', 'bool', 'uint8', 'uint32', 'uint104', 'uint128', 'uint256', 'bytes4', 'bytes32', 'bytes', 'string'];
  for (let i = 0; i < 60; i++) {
    const n = randInt(5);
    const ts = [], vs = [], args = [];
    for (let j = 0; j < n; j++) {
      const t = types[randInt(types.length)];
      ts.push(t);
      let v;
      if (t === 'address') v = utils.getAddress('0x' + hex(rand(20)));
      else if (t === 'bool') v = randInt(2) === 1;
      else if (t.startsWith('uint')) v = randDec(Number(t.slice(4)));
      else if (t === 'string') v = hex(rand(randInt(40)));
      else if (t === 'bytes') v = '0x' + hex(rand(randInt(80)));
      else v = '0x' + hex(rand(Number(t.slice(5))));
      vs.push(v);
      args.push(String(v));
    }
    const sig = `fn${i}(${ts.join(',')})`;
    const iface = new utils.Interface(['function ' + sig]);
    out.abi.push({ signature: sig, args, data: iface.encodeFunctionData(`fn${i}`, vs).slice(2) });
  }
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
main();
