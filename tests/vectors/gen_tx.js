#!/usr/bin/env node
// Generates tests/vectors/tx.json: zkSync Lite transaction vectors made by the
// reference (npm zksync@0.13.1, zksync-crypto@0.6.2, ethers@5.7.2 from
// tests/oracle/node_modules), offline. Run from the repo root:
//   node tests/vectors/gen_tx.js > tests/vectors/tx.json
// Each vector: the tx in server JSON form (the zks_tx_sign_json input), the zk
// key, token symbol/decimals for the Ethereum message, and what the reference
// produced (signBytes, txHash = zksync.js getTxHash, serverHash, zk signature,
// JSON, Ethereum message, message part, Ethereum signature).
// The "invalid" list holds inputs libzksync must refuse, with the status it
// must return (our rule; the zksync.js behaviour is noted in "js").
'use strict';
const path = require('path');
const nm = path.join(__dirname, '..', 'oracle', 'node_modules');
const zksync = require(path.join(nm, 'zksync'));
const zc = require(path.join(nm, 'zksync-crypto'));
const { ethers } = require(path.join(nm, 'ethers'));
const crypto = require('crypto');
const { txRef } = require(path.join(__dirname, '..', 'oracle', 'ops', '10_tx.js'));

// Deterministic randomness: sha256(label || counter).
let ctr = 0;
const rnd = (n) => {
  let out = Buffer.alloc(0);
  while (out.length < n) out = Buffer.concat([out, crypto.createHash('sha256').update('libzksync-tx-' + ctr++).digest()]);
  return out.subarray(0, n);
};
const rint = (max) => Number(BigInt('0x' + rnd(8).toString('hex')) % BigInt(max)); // [0, max)
const rbig = (bits) => (bits === 0 ? 0n : BigInt('0x' + rnd(Math.ceil(bits / 8)).toString('hex')) >> BigInt(Math.ceil(bits / 8) * 8 - bits));
const addr = () => {
  const a = '0x' + rnd(20).toString('hex');
  return rint(2) ? ethers.utils.getAddress(a) : a;
};
const h32 = () => '0x' + rnd(32).toString('hex');
const SERVER_MAX = 34028236692n * 10n ** 28n;
const packable = () => {
  for (;;) {
    const m = rbig(1 + rint(35)), e = BigInt(rint(32));
    const v = m * 10n ** e;
    if (v <= SERVER_MAX) return v.toString();
  }
};
const fee = () => (rint(4) === 0 ? '0' : (rbig(1 + rint(11)) * 10n ** BigInt(rint(32))).toString());
const u32 = () => [0, 1, 4294967295, rint(4294967296)][rint(4)];
const acc = () => [0, 16777215, rint(16777216)][rint(3)];
const tok = () => [0, 1023, rint(1024)][rint(3)];
const anyTok = () => [0, 1023, 65535, rint(65536)][rint(4)]; // fungible: NFT ids start at 65536
const ordTok = () => [0, 2147483645, 65535, rint(2147483646)][rint(4)];
const nft = () => [65536, 2147483645, 65536 + rint(2147483645 - 65536)][rint(3)];
const times = () => {
  const a = rint(4294967296), b = rint(4294967296);
  return rint(3) === 0 ? [0, 4294967295] : [Math.min(a, b), Math.max(a, b)];
};
const SYMS = ['ETH', 'USDC', 'wBTC', 'X', 'DAI', 'NFT-65536', 'A-B_c.1', 'LONGSYMBOLNAME'];
const sym = () => SYMS[rint(SYMS.length)];

const SEEDS = ['01', '02', '03', '04'].map((b) => Buffer.from(b.repeat(32), 'hex'));
const KEYS = SEEDS.map((s) => Buffer.from(zc.privateKeyFromSeed(s)).toString('hex'));
const ETHKEYS = ['01', '02', '03', '04'].map((b) => b.repeat(32));
const pkhOf = (sk) => 'sync:' + Buffer.from(zc.private_key_to_pubkey_hash(Buffer.from(sk, 'hex'))).toString('hex');

function randTx(type, k) {
  const [vf, vu] = times();
  switch (type) {
    case 'Transfer': {
      const isNft = rint(5) === 0;
      const token = isNft ? nft() : rint(2) ? tok() : anyTok();
      return { type, accountId: acc(), from: addr(), to: addr(), token, amount: isNft ? '1' : packable(),
        fee: token > 1023 ? '0' : fee(), nonce: u32(), validFrom: vf, validUntil: vu };
    }
    case 'Withdraw':
      return { type, accountId: acc(), from: addr(), to: addr(), token: tok(), amount: rbig(rint(129)).toString(),
        fee: fee(), nonce: u32(), validFrom: vf, validUntil: vu };
    case 'ChangePubKey': {
      const kind = ['Onchain', 'ECDSA', 'CREATE2'][rint(3)];
      const ad = kind === 'Onchain' ? { type: kind }
        : kind === 'ECDSA' ? { type: kind, ethSignature: '0x' + rnd(65).toString('hex') }
          : { type: kind, creatorAddress: addr(), saltArg: h32(), codeHash: h32() };
      return { type, accountId: acc(), account: addr(), newPkHash: pkhOf(KEYS[k]), feeToken: tok(), fee: fee(),
        nonce: u32(), validFrom: vf, validUntil: vu, ethAuthData: ad };
    }
    case 'ForcedExit':
      return { type, initiatorAccountId: acc(), target: addr(), token: tok(), fee: fee(), nonce: u32(), validFrom: vf, validUntil: vu };
    case 'MintNFT':
      return { type, creatorId: acc(), creatorAddress: addr(), contentHash: h32(), recipient: addr(), fee: fee(),
        feeToken: tok(), nonce: u32() };
    case 'WithdrawNFT':
      return { type, accountId: acc(), from: addr(), to: addr(), token: nft(), feeToken: tok(), fee: fee(), nonce: u32(),
        validFrom: vf, validUntil: vu };
    case 'Order': {
      const o = randOrder();
      return { type, ...o };
    }
    case 'Swap':
      return { type, submitterId: acc(), submitterAddress: addr(), nonce: u32(), orders: [randOrder(), randOrder()],
        amounts: [packable(), packable()], fee: fee(), feeToken: tok() };
  }
  throw new Error(type);
}
function randOrder() {
  const [vf, vu] = times();
  return { accountId: acc(), recipient: addr(), nonce: u32(), tokenSell: ordTok(), tokenBuy: ordTok(),
    ratio: [rbig(rint(121)).toString(), rbig(rint(121)).toString()], amount: rint(3) === 0 ? '0' : packable(),
    validFrom: vf, validUntil: vu };
}

const TO = '0x1919191919191919191919191919191919191919';
const A1 = '0x1a642f0E3c3aF545E7AcBD38b07251B3990914F1';
const T = (o) => ({ type: 'Transfer', accountId: 42, from: A1, to: TO, token: 0, amount: '1500000000000000000',
  fee: '100000000000000', nonce: 7, validFrom: 0, validUntil: 4294967295, ...o });

// Hand-picked edge cases (all valid).
const EDGES = [
  ['transfer_spec_example', T({})],
  ['transfer_zero_amount_zero_fee', T({ amount: '0', fee: '0', nonce: 9 })],
  ['transfer_server_max_amount_max_fee', T({ amount: '340282366920000000000000000000000000000', fee: '20470000000000000000000000000000000' })],
  ['transfer_u32_limits', T({ accountId: 16777215, nonce: 4294967295, token: 65535, fee: '0', validFrom: 4294967295, validUntil: 4294967295 })],
  ['transfer_zero_ids', T({ accountId: 0, nonce: 0, token: 0, validFrom: 0, validUntil: 0 })],
  ['transfer_nft', T({ token: 65536, amount: '1', fee: '0', nonce: 12 })],
  ['transfer_nft_max_id', T({ token: 2147483645, amount: '1', fee: '0' })],
  ['transfer_amount_max_mantissa', T({ amount: '34359738367', fee: '2047' })],
  ['withdraw_u128_max', { type: 'Withdraw', accountId: 42, from: A1, to: TO, token: 1, amount: (2n ** 128n - 1n).toString(),
    fee: '5000000000000000', nonce: 13, validFrom: 0, validUntil: 4294967295 }],
  ['withdraw_unpackable_amount', { type: 'Withdraw', accountId: 42, from: A1, to: TO, token: 1, amount: '1000000000000000001',
    fee: '0', nonce: 13, validFrom: 0, validUntil: 4294967295 }],
  ['forced_exit', { type: 'ForcedExit', initiatorAccountId: 42, target: TO, token: 0, fee: '12300000000000', nonce: 14, validFrom: 0, validUntil: 4294967295 }],
  ['mint_nft', { type: 'MintNFT', creatorId: 42, creatorAddress: A1, contentHash: '0x' + 'ab'.repeat(32), recipient: TO,
    fee: '1000000000000000', feeToken: 0, nonce: 15 }],
  ['withdraw_nft', { type: 'WithdrawNFT', accountId: 42, from: A1, to: TO, token: 65537, feeToken: 2, fee: '2500000', nonce: 16,
    validFrom: 0, validUntil: 4294967295 }],
  ['order_limit', { type: 'Order', accountId: 43, recipient: TO, nonce: 3, tokenSell: 2, tokenBuy: 0,
    ratio: ['4000000000', '1000000000000000000'], amount: '0', validFrom: 0, validUntil: 4294967295 }],
  ['order_ratio_max', { type: 'Order', accountId: 43, recipient: TO, nonce: 3, tokenSell: 0, tokenBuy: 2,
    ratio: [(2n ** 120n - 1n).toString(), '0'], amount: '2000000000000000000', validFrom: 0, validUntil: 4294967295 }],
];

async function vector(name, tx, k, symbol, dec, buySym) {
  const r = await txRef({ tx, sk: KEYS[k], ethsk: ETHKEYS[k], sym: symbol, dec, buySym });
  return { name, key: k, sym: symbol, dec, buySym: buySym || null, input: tx, ...r };
}

// Inputs that must be refused. status = the zks_status name libzksync returns.
const INVALID = [
  ['transfer unpackable amount', T({ amount: '1000000000000000001' }), 'ZKS_ERR_NOT_PACKABLE', 'Transaction Amount is not packable'],
  ['transfer unpackable fee', T({ fee: '2049' }), 'ZKS_ERR_NOT_PACKABLE', 'Fee Amount is not packable'],
  ['transfer amount above server max', T({ amount: '343597383670000000000000000000000000000000' }), 'ZKS_ERR_INVALID_AMOUNT', 'accepted'],
  ['transfer amount 10^42', T({ amount: '1' + '0'.repeat(42) }), 'ZKS_ERR_INVALID_AMOUNT', 'Integer is too big'],
  ['transfer decimal amount', T({ amount: '1.5' }), 'ZKS_ERR_INVALID_AMOUNT', 'invalid BigNumber string'],
  ['transfer negative amount', T({ amount: '-1' }), 'ZKS_ERR_INVALID_AMOUNT', 'Transaction Amount is not packable'],
  ['transfer numeric amount', T({ amount: 1000 }), 'ZKS_ERR_JSON', 'accepted'],
  ['transfer accountId 2^24', T({ accountId: 16777216 }), 'ZKS_ERR_INVALID_TX', 'AccountId is too big'],
  ['transfer accountId -1', T({ accountId: -1 }), 'ZKS_ERR_INVALID_TX', 'Negative account id'],
  ['transfer nonce 2^32', T({ nonce: 4294967296 }), 'ZKS_ERR_INVALID_TX', 'silently truncated'],
  ['transfer nonce 1.5', T({ nonce: 1.5 }), 'ZKS_ERR_JSON', ''],
  ['transfer nonce string', T({ nonce: '7' }), 'ZKS_ERR_JSON', ''],
  ['transfer token 2^31-2', T({ token: 2147483646 }), 'ZKS_ERR_INVALID_TX', 'accepted'],
  ['transfer token 2^31', T({ token: 2147483648 }), 'ZKS_ERR_INVALID_TX', 'TokenId is too big'],
  ['transfer nft amount 2', T({ token: 65536, amount: '2', fee: '0' }), 'ZKS_ERR_INVALID_TX', 'accepted'],
  ['transfer nft with fee', T({ token: 65536, amount: '1', fee: '1' }), 'ZKS_ERR_INVALID_TX', 'accepted'],
  ['transfer fee token 1024', T({ token: 1024 }), 'ZKS_ERR_INVALID_TX', 'accepted'],
  ['transfer to zero address', T({ to: '0x' + '00'.repeat(20) }), 'ZKS_ERR_INVALID_TX', 'accepted'],
  ['transfer validFrom > validUntil', T({ validFrom: 10, validUntil: 9 }), 'ZKS_ERR_INVALID_TX', 'accepted'],
  ['transfer bad to prefix', T({ to: '1919191919191919191919191919191919191919' }), 'ZKS_ERR_INVALID_ADDRESS', "ETH address must start with '0x'"],
  ['transfer short to', T({ to: '0x19191919' }), 'ZKS_ERR_INVALID_ADDRESS', 'Address must be 20 bytes long'],
  ['transfer bad checksum', T({ to: '0x1A642f0E3c3aF545E7AcBD38b07251B3990914F1' }), 'ZKS_ERR_CHECKSUM', 'accepted'],
  ['transfer missing fee', (() => { const t = T({}); delete t.fee; return t; })(), 'ZKS_ERR_JSON', ''],
  ['withdraw amount 2^128', { type: 'Withdraw', accountId: 42, from: A1, to: TO, token: 1, amount: (2n ** 128n).toString(), fee: '0', nonce: 1 },
    'ZKS_ERR_INVALID_AMOUNT', 'value out of range'],
  ['withdraw fast field', { type: 'Withdraw', accountId: 42, from: A1, to: TO, token: 1, amount: '1', fee: '0', nonce: 1, fast: true },
    'ZKS_ERR_INVALID_TX', 'server: fast must not be set manually'],
  ['withdraw_nft fungible token', { type: 'WithdrawNFT', accountId: 42, from: A1, to: TO, token: 5, feeToken: 0, fee: '0', nonce: 1 },
    'ZKS_ERR_INVALID_TX', 'accepted'],
  ['mint content hash 31 bytes', { type: 'MintNFT', creatorId: 42, creatorAddress: A1, contentHash: '0x' + 'ab'.repeat(31), recipient: TO,
    fee: '0', feeToken: 0, nonce: 1 }, 'ZKS_ERR_JSON', 'Content hash must be 32 bytes long'],
  ['order ratio 2^120', { type: 'Order', accountId: 1, recipient: TO, nonce: 1, tokenSell: 0, tokenBuy: 1,
    ratio: [(2n ** 120n).toString(), '1'], amount: '0' }, 'ZKS_ERR_INVALID_AMOUNT', 'value out of range'],
  ['unknown type', { type: 'Close', account: A1, nonce: 1 }, 'ZKS_ERR_UNSUPPORTED', 'Close operation is disabled'],
  ['missing type', { accountId: 1 }, 'ZKS_ERR_JSON', ''],
  ['cpk eip712 auth', { type: 'ChangePubKey', accountId: 42, account: A1, newPkHash: pkhOf(KEYS[0]), feeToken: 0, fee: '0', nonce: 0,
    ethAuthData: { type: 'EIP712' } }, 'ZKS_ERR_UNSUPPORTED', ''],
  ['cpk bad pkh prefix', { type: 'ChangePubKey', accountId: 42, account: A1, newPkHash: '0x' + '11'.repeat(20), feeToken: 0, fee: '0',
    nonce: 0, ethAuthData: { type: 'Onchain' } }, 'ZKS_ERR_INVALID_ADDRESS', "PubKeyHash must start with 'sync:'"],
  ['cpk signed by another key', { type: 'ChangePubKey', accountId: 42, account: A1, newPkHash: pkhOf(KEYS[1]), feeToken: 0, fee: '0',
    nonce: 0, ethAuthData: { type: 'Onchain' } }, 'ZKS_ERR_INVALID_KEY', 'accepted (server refuses)'],
];

async function main() {
  const types = ['Transfer', 'Withdraw', 'ChangePubKey', 'ForcedExit', 'MintNFT', 'WithdrawNFT', 'Order', 'Swap'];
  const vectors = [];
  for (const [name, tx] of EDGES) vectors.push(await vector(name, tx, 0, 'ETH', 18, 'USDC'));
  for (const type of types) {
    for (let i = 0; i < 12; i++) {
      const k = rint(KEYS.length);
      vectors.push(await vector(`${type.toLowerCase()}_random_${i}`, randTx(type, k), k, sym(), rint(19), sym()));
    }
  }
  const invalid = INVALID.map(([name, input, status, js]) => ({ name, key: 0, input, status, js }));
  const out = {
    generator: 'tests/vectors/gen_tx.js with zksync.js 0.13.1, zksync-crypto 0.6.2, ethers 5.7.2',
    keys: KEYS, ethKeys: ETHKEYS, vectors, invalid,
  };
  process.stdout.write(JSON.stringify(out, null, 1) + '\n');
}
main().catch((e) => { console.error(e); process.exit(1); });
