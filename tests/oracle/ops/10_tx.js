// Oracle ops for the tx area (amounts, packing, transactions, Ethereum messages).
// Reference: zksync@0.13.1 utils/Signer, ethers@5.7.2. Byte strings are lowercase hex without 0x.
'use strict';
const zksync = require('zksync');
const { utils: ethu, BigNumber, Wallet: EthWallet } = require('ethers');

const U256 = (1n << 256n) - 1n;
const inRange = (v) => (v >= 0n && v <= U256 ? v.toString() : null);

// Runs fn, returning its value or {err: message-before-version-tail}.
const guard = (fn) => {
  try { return fn(); } catch (e) { return { err: String(e.message || e).replace(/ \(.*$/, '') }; }
};

module.exports = {
  // 256-bit arithmetic reference (BigInt). a, b are decimal strings.
  u256: (a) => {
    const x = BigInt(a.a), y = BigInt(a.b);
    return {
      add: inRange(x + y),
      sub: inRange(x - y),
      mul: inRange(x * y),
      div: y === 0n ? null : (x / y).toString(),
      mod: y === 0n ? null : (x % y).toString(),
      cmp: x < y ? -1 : x > y ? 1 : 0,
      bits: x.toString(2).length - (x === 0n ? 1 : 0),
      bex: x.toString(16).padStart(64, '0'),
    };
  },
  // Amount/fee packing as zksync.js does it. v is a decimal string.
  pack: (a) => {
    const u = zksync.utils;
    const v = a.v;
    const hx = (b) => Buffer.from(b).toString('hex');
    return {
      amount: guard(() => hx(u.packAmountChecked(BigNumber.from(v)))),
      fee: guard(() => hx(u.packFeeChecked(BigNumber.from(v)))),
      closestAmount: guard(() => u.closestPackableTransactionAmount(v).toString()),
      closestAmountUp: guard(() => u.closestGreaterOrEqPackableTransactionAmount(v).toString()),
      closestFee: guard(() => u.closestPackableTransactionFee(v).toString()),
      closestFeeUp: guard(() => u.closestGreaterOrEqPackableTransactionFee(v).toString()),
      isAmount: guard(() => u.isTransactionAmountPackable(v)),
      isFee: guard(() => u.isTransactionFeePackable(v)),
    };
  },
  // Unpack 5-byte amount / 2-byte fee hex.
  unpack: (a) => {
    const u = zksync.utils;
    if (a.amount) return u.floatToInteger(Buffer.from(a.amount, 'hex'), 5, 35, 10).toString();
    return u.floatToInteger(Buffer.from(a.fee, 'hex'), 5, 11, 10).toString();
  },
  // ethers formatUnits / parseUnits.
  format_units: (a) => guard(() => ethu.formatUnits(a.v, a.d)),
  parse_units: (a) => guard(() => ethu.parseUnits(a.s, a.d).toString()),
};

// ---------------------------------------------------------------------------
// Transactions: the reference result for one tx given in server JSON form.
// a = {tx, sk (zk key hex), ethsk (hex or absent), sym, dec, buySym}
// Returns {signBytes, txHash (zksync.js getTxHash), serverHash, signature, json,
// ethMessage, ethMessagePart, ethSignature, cpkMessage, create2Address}.
const { Signer, EthMessageSigner } = zksync;
const crypto = require('crypto');
const ETH_SIGNER_TYPE = { verificationMethod: 'ECDSA', isSignedMsgPrefixed: true };
const signerCache = new Map();
const getSigner = (sk) => {
  if (!signerCache.has(sk)) signerCache.set(sk, Signer.fromPrivateKey(Buffer.from(sk, 'hex')));
  return signerCache.get(sk);
};
const ethWalletCache = new Map();
const getEthWallet = (k) => {
  if (!ethWalletCache.has(k)) ethWalletCache.set(k, new EthWallet('0x' + k));
  return ethWalletCache.get(k);
};
const hx = (b) => Buffer.from(ethu.arrayify(b)).toString('hex');

// A TokenSet holding the one token (or two for an order) the message needs.
const tokenSet = (entries) => {
  const m = {};
  for (const [id, symbol, decimals] of entries) {
    m[symbol + '#' + id] = { id, symbol, decimals, address: '0x' + id.toString(16).padStart(40, '0') };
  }
  return new zksync.utils.TokenSet(m);
};
const isZero = (v) => BigNumber.from(v).isZero();

// zksync.js Wallet defaults for an absent time range (the Signer has none).
const withTimes = (o) => ({ ...o, validFrom: o.validFrom ?? 0, validUntil: o.validUntil ?? zksync.utils.MAX_TIMESTAMP });

async function txRef(a) {
  let t = a.tx;
  if (t.type === 'Swap') t = { ...t, orders: t.orders.map(withTimes) };
  else if (t.type !== 'MintNFT') t = withTimes(t);
  const s = getSigner(a.sk);
  const u = zksync.utils;
  const ems = new EthMessageSigner(a.ethsk ? getEthWallet(a.ethsk) : null, ETH_SIGNER_TYPE);
  let signed, msg = null, part = null, extra = {};
  const fmt = (token, v) => (isZero(v) ? null : tokenSet([[token, a.sym, a.dec]]).formatToken(token, v));
  switch (t.type) {
    case 'Transfer':
    case 'Withdraw': {
      const wd = t.type === 'Withdraw';
      const inp = { accountId: t.accountId, from: t.from, tokenId: t.token, amount: t.amount, fee: t.fee,
        nonce: t.nonce, validFrom: t.validFrom, validUntil: t.validUntil };
      if (wd) inp.ethAddress = t.to; else inp.to = t.to;
      signed = wd ? await s.signSyncWithdraw(inp) : await s.signSyncTransfer(inp);
      const m = { stringAmount: fmt(t.token, t.amount), stringFee: fmt(t.token, t.fee), stringToken: a.sym, nonce: t.nonce };
      if (wd) m.ethAddress = t.to; else m.to = t.to;
      part = ems.getTransferEthMessagePart(m);
      msg = wd ? ems.getWithdrawEthSignMessage(m) : ems.getTransferEthSignMessage(m);
      break;
    }
    case 'ChangePubKey': {
      signed = await s.signSyncChangePubKey({ accountId: t.accountId, account: t.account, newPkHash: t.newPkHash,
        feeTokenId: t.feeToken, fee: t.fee, nonce: t.nonce, ethAuthData: t.ethAuthData,
        validFrom: t.validFrom, validUntil: t.validUntil });
      part = ems.getChangePubKeyEthMessagePart({ pubKeyHash: t.newPkHash, stringToken: a.sym, stringFee: fmt(t.feeToken, t.fee) });
      msg = [part, `Nonce: ${t.nonce}`].filter((p) => p.length).join('\n');
      extra.cpkMessage = hx(u.getChangePubkeyMessage(t.newPkHash, t.nonce, t.accountId,
        t.ethAuthData && t.ethAuthData.batchHash));
      if (t.ethAuthData.type === 'CREATE2') {
        extra.create2Address = u.getCREATE2AddressAndSalt(t.newPkHash, t.ethAuthData).address;
      }
      break;
    }
    case 'ForcedExit': {
      signed = await s.signSyncForcedExit({ initiatorAccountId: t.initiatorAccountId, target: t.target, tokenId: t.token,
        fee: t.fee, nonce: t.nonce, validFrom: t.validFrom, validUntil: t.validUntil });
      const m = { stringToken: a.sym, stringFee: fmt(t.token, t.fee), target: t.target, nonce: t.nonce };
      part = ems.getForcedExitEthMessagePart(m);
      msg = ems.getForcedExitEthSignMessage(m);
      break;
    }
    case 'MintNFT': {
      signed = await s.signMintNFT({ creatorId: t.creatorId, creatorAddress: t.creatorAddress, recipient: t.recipient,
        contentHash: t.contentHash, feeTokenId: t.feeToken, fee: t.fee, nonce: t.nonce });
      const m = { stringFeeToken: a.sym, stringFee: fmt(t.feeToken, t.fee), recipient: t.recipient,
        contentHash: t.contentHash.toLowerCase(), nonce: t.nonce };
      part = ems.getMintNFTEthMessagePart(m);
      msg = ems.getMintNFTEthSignMessage(m);
      break;
    }
    case 'WithdrawNFT': {
      signed = await s.signWithdrawNFT({ accountId: t.accountId, from: t.from, to: t.to, tokenId: t.token,
        feeTokenId: t.feeToken, fee: t.fee, nonce: t.nonce, validFrom: t.validFrom, validUntil: t.validUntil });
      const m = { token: t.token, to: t.to, stringFee: fmt(t.feeToken, t.fee), stringFeeToken: a.sym, nonce: t.nonce };
      part = ems.getWithdrawNFTEthMessagePart(m);
      msg = ems.getWithdrawNFTEthSignMessage(m);
      break;
    }
    case 'Order': {
      const o = { accountId: t.accountId, recipient: t.recipient, nonce: t.nonce, tokenSell: t.tokenSell,
        tokenBuy: t.tokenBuy, ratio: t.ratio, amount: t.amount, validFrom: t.validFrom, validUntil: t.validUntil };
      signed = await s.signSyncOrder(o);
      const ts = tokenSet([[t.tokenSell, a.sym, a.dec], [t.tokenBuy, a.buySym, 0]]);
      msg = ems.getOrderEthSignMessage({ amount: isZero(t.amount) ? null : ts.formatToken(t.tokenSell, t.amount),
        tokenSell: a.sym, tokenBuy: a.buySym, nonce: t.nonce, recipient: t.recipient, ratio: t.ratio });
      break;
    }
    case 'Swap': {
      signed = await s.signSyncSwap({ orders: t.orders, submitterId: t.submitterId, submitterAddress: t.submitterAddress,
        nonce: t.nonce, amounts: t.amounts, fee: t.fee, feeToken: t.feeToken });
      part = ems.getSwapEthSignMessagePart({ fee: fmt(t.feeToken, t.fee), feeToken: a.sym });
      msg = ems.getSwapEthSignMessage({ fee: fmt(t.feeToken, t.fee), feeToken: a.sym, nonce: t.nonce });
      // The server hashes the 224-byte form with both full orders.
      const full = ethu.concat([[0xff - 11, 1], u.serializeAccountId(t.submitterId), u.serializeAddress(t.submitterAddress),
        u.serializeNonce(t.nonce), u.serializeOrder(t.orders[0]), u.serializeOrder(t.orders[1]),
        u.serializeTokenId(t.feeToken), u.serializeFeePacked(t.fee), u.serializeAmountPacked(t.amounts[0]),
        u.serializeAmountPacked(t.amounts[1])]);
      extra.serverHash = 'sync-tx:' + crypto.createHash('sha256').update(Buffer.from(full)).digest('hex');
      break;
    }
    default:
      throw new Error('unknown type ' + t.type);
  }
  const bytes = t.type === 'Order' ? u.serializeOrder(signed) : await u.serializeTx(signed);
  const out = {
    signBytes: hx(bytes),
    txHash: t.type === 'Order' ? null : await u.getTxHash(signed),
    signature: signed.signature,
    json: JSON.parse(JSON.stringify(signed)),
    ethMessage: msg,
    ethMessagePart: part,
    ethSignature: a.ethsk && msg != null ? await getEthWallet(a.ethsk).signMessage(msg) : null,
    ...extra,
  };
  if (!out.serverHash && out.txHash) out.serverHash = out.txHash;
  return out;
}

module.exports.tx_ref = (a) => txRef(a);
// zksync.js pubKeyHash of a zk private key ("sync:..." form).
module.exports.zk_pkh = (a) => getSigner(a.sk).pubKeyHash();
module.exports.txRef = txRef; // for tests/vectors/gen_tx.js
