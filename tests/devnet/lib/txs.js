'use strict';
// Parsing and stateless checks of L2 transactions (JSON as the zkSync v0.1 API takes it),
// their signed bytes, hashes and the Ethereum message texts the server rebuilds.
const crypto = require('crypto');
const { ethers } = require('ethers');
const zks = require('zksync-crypto');
const { utils: zutils } = require('zksync');
const U = require('./util');
const { badParams, incorrect, u32, u64, bigStr, addr, pkh, hex32, zkSig, needObj } = U;

const U64_MAX = Number.MAX_SAFE_INTEGER; // JSON numbers beyond 2^53 lose precision anyway
const TX_TYPES = ['Transfer', 'Withdraw', 'ChangePubKey', 'ForcedExit', 'MintNFT', 'WithdrawNFT', 'Swap', 'Close'];

function timeRange(j, what) {
    return { validFrom: u64(j.validFrom, `${what}.validFrom`, 0), validUntil: u64(j.validUntil, `${what}.validUntil`, U64_MAX) };
}

function parseOrder(j, what) {
    needObj(j, what);
    if (!Array.isArray(j.ratio) || j.ratio.length !== 2) throw badParams(`${what}.ratio: expected 2 elements`);
    return {
        accountId: u32(j.accountId, `${what}.accountId`),
        recipient: addr(j.recipient, `${what}.recipient`),
        nonce: u32(j.nonce, `${what}.nonce`),
        tokenSell: u32(j.tokenSell, `${what}.tokenSell`),
        tokenBuy: u32(j.tokenBuy, `${what}.tokenBuy`),
        ratio: [bigStr(j.ratio[0], `${what}.ratio[0]`), bigStr(j.ratio[1], `${what}.ratio[1]`)],
        amount: bigStr(j.amount, `${what}.amount`),
        ...timeRange(j, what),
        signature: zkSig(j.signature, `${what}.signature`)
    };
}

/// JSON tx -> normalized tx (throws -32602 on shape errors). Extra unknown fields are ignored.
function parseTx(j) {
    needObj(j, 'tx');
    if (!TX_TYPES.includes(j.type)) throw badParams(`tx.type: unknown variant \`${j.type}\``);
    const t = { type: j.type };
    switch (j.type) {
        case 'Transfer':
        case 'Withdraw':
            Object.assign(t, {
                accountId: u32(j.accountId, 'accountId'), from: addr(j.from, 'from'), to: addr(j.to, 'to'),
                token: u32(j.token, 'token'), amount: bigStr(j.amount, 'amount'), fee: bigStr(j.fee, 'fee'),
                nonce: u32(j.nonce, 'nonce'), ...timeRange(j, 'tx'), signature: zkSig(j.signature, 'signature')
            });
            t.feeToken = t.token;
            t.account = t.from;
            if (j.type === 'Withdraw' && j.fast !== undefined) t.fastSet = true;
            break;
        case 'ChangePubKey': {
            Object.assign(t, {
                accountId: u32(j.accountId, 'accountId'), account: addr(j.account, 'account'), newPkHash: pkh(j.newPkHash, 'newPkHash'),
                feeToken: j.feeToken === undefined ? 0 : u32(j.feeToken, 'feeToken'),
                fee: j.fee === undefined ? 0n : bigStr(j.fee, 'fee'),
                nonce: u32(j.nonce, 'nonce'), ...timeRange(j, 'tx'), signature: zkSig(j.signature, 'signature')
            });
            t.ethSignature = j.ethSignature == null ? null : j.ethSignature;
            if (t.ethSignature !== null && (typeof t.ethSignature !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(t.ethSignature))) {
                throw badParams('ethSignature: expected 65 bytes hex');
            }
            const a = j.ethAuthData;
            if (a === undefined || a === null) {
                t.auth = t.ethSignature ? { type: 'ECDSALegacyMessage' } : { type: 'Onchain' };
            } else {
                needObj(a, 'ethAuthData');
                if (a.type === 'Onchain') t.auth = { type: 'Onchain' };
                else if (a.type === 'ECDSA' || a.type === 'EIP712') {
                    if (typeof a.ethSignature !== 'string' || !/^0x[0-9a-fA-F]{130}$/.test(a.ethSignature)) throw badParams('ethAuthData.ethSignature: expected 65 bytes hex');
                    t.auth = { type: a.type, ethSignature: a.ethSignature.toLowerCase(), batchHash: a.batchHash == null ? '0x' + '00'.repeat(32) : hex32(a.batchHash, 'ethAuthData.batchHash') };
                } else if (a.type === 'CREATE2') {
                    t.auth = {
                        type: 'CREATE2', creatorAddress: addr(a.creatorAddress, 'ethAuthData.creatorAddress'),
                        saltArg: hex32(a.saltArg, 'ethAuthData.saltArg'), codeHash: hex32(a.codeHash, 'ethAuthData.codeHash')
                    };
                } else throw badParams(`ethAuthData.type: unknown variant \`${a.type}\``);
            }
            break;
        }
        case 'ForcedExit':
            Object.assign(t, {
                initiatorAccountId: u32(j.initiatorAccountId, 'initiatorAccountId'), target: addr(j.target, 'target'),
                token: u32(j.token, 'token'), fee: bigStr(j.fee, 'fee'), nonce: u32(j.nonce, 'nonce'),
                ...timeRange(j, 'tx'), signature: zkSig(j.signature, 'signature')
            });
            t.accountId = t.initiatorAccountId;
            t.feeToken = t.token;
            break;
        case 'MintNFT':
            Object.assign(t, {
                creatorId: u32(j.creatorId, 'creatorId'), creatorAddress: addr(j.creatorAddress, 'creatorAddress'),
                contentHash: hex32(j.contentHash, 'contentHash'), recipient: addr(j.recipient, 'recipient'),
                feeToken: u32(j.feeToken, 'feeToken'), fee: bigStr(j.fee, 'fee'), nonce: u32(j.nonce, 'nonce'),
                signature: zkSig(j.signature, 'signature')
            });
            t.accountId = t.creatorId;
            t.account = t.creatorAddress;
            break;
        case 'WithdrawNFT':
            Object.assign(t, {
                accountId: u32(j.accountId, 'accountId'), from: addr(j.from, 'from'), to: addr(j.to, 'to'),
                token: u32(j.token, 'token'), feeToken: u32(j.feeToken, 'feeToken'), fee: bigStr(j.fee, 'fee'),
                nonce: u32(j.nonce, 'nonce'), ...timeRange(j, 'tx'), signature: zkSig(j.signature, 'signature')
            });
            t.account = t.from;
            break;
        case 'Swap':
            if (!Array.isArray(j.orders) || j.orders.length !== 2) throw badParams('orders: expected 2 elements');
            if (!Array.isArray(j.amounts) || j.amounts.length !== 2) throw badParams('amounts: expected 2 elements');
            Object.assign(t, {
                submitterId: u32(j.submitterId, 'submitterId'), submitterAddress: addr(j.submitterAddress, 'submitterAddress'),
                nonce: u32(j.nonce, 'nonce'), orders: [parseOrder(j.orders[0], 'orders[0]'), parseOrder(j.orders[1], 'orders[1]')],
                amounts: [bigStr(j.amounts[0], 'amounts[0]'), bigStr(j.amounts[1], 'amounts[1]')],
                feeToken: u32(j.feeToken, 'feeToken'), fee: bigStr(j.fee, 'fee'), signature: zkSig(j.signature, 'signature')
            });
            t.accountId = t.submitterId;
            t.account = t.submitterAddress;
            break;
        default:
            break; // Close: rejected later with 301
    }
    return t;
}

// ---- bytes ----
const S = (x) => x.toString();
function orderJson(o) {
    return {
        accountId: o.accountId, recipient: o.recipient, nonce: o.nonce, tokenSell: o.tokenSell, tokenBuy: o.tokenBuy,
        ratio: [S(o.ratio[0]), S(o.ratio[1])], amount: S(o.amount), validFrom: o.validFrom, validUntil: o.validUntil
    };
}
function tsOk(t) {
    // zksync.js serializes only u32 timestamps; larger values cannot have been signed by it
    return (t.validFrom === undefined || t.validFrom <= 0xffffffff) && (t.validUntil === undefined || t.validUntil <= 0xffffffff || t.validUntil === U64_MAX);
}
/// The JSON the zksync.js serializer understands, with the server's normalization applied.
function serJson(t) {
    const vu = (x) => (x === U64_MAX ? 0xffffffff : x);
    switch (t.type) {
        case 'Transfer':
        case 'Withdraw':
            return { type: t.type, accountId: t.accountId, from: t.from, to: t.to, token: t.token, amount: S(t.amount), fee: S(t.fee), nonce: t.nonce, validFrom: t.validFrom, validUntil: vu(t.validUntil) };
        case 'ChangePubKey':
            return { type: t.type, accountId: t.accountId, account: t.account, newPkHash: t.newPkHash, feeToken: t.feeToken, fee: S(t.fee), nonce: t.nonce, validFrom: t.validFrom, validUntil: vu(t.validUntil) };
        case 'ForcedExit':
            return { type: t.type, initiatorAccountId: t.initiatorAccountId, target: t.target, token: t.token, fee: S(t.fee), nonce: t.nonce, validFrom: t.validFrom, validUntil: vu(t.validUntil) };
        case 'MintNFT':
            return { type: t.type, creatorId: t.creatorId, creatorAddress: t.creatorAddress, contentHash: t.contentHash, recipient: t.recipient, feeToken: t.feeToken, fee: S(t.fee), nonce: t.nonce };
        case 'WithdrawNFT':
            return { type: t.type, accountId: t.accountId, from: t.from, to: t.to, token: t.token, feeToken: t.feeToken, fee: S(t.fee), nonce: t.nonce, validFrom: t.validFrom, validUntil: vu(t.validUntil) };
        case 'Swap':
            return {
                type: 'Swap', submitterId: t.submitterId, submitterAddress: t.submitterAddress, nonce: t.nonce,
                orders: t.orders.map((o) => ({ ...orderJson(o), validUntil: vu(o.validUntil) })),
                amounts: t.amounts.map(S), feeToken: t.feeToken, fee: S(t.fee)
            };
        default:
            return null;
    }
}
async function signBytes(t) {
    return Buffer.from(await zutils.serializeTx(serJson(t)));
}
function orderBytes(o) {
    const vu = o.validUntil === U64_MAX ? 0xffffffff : o.validUntil;
    return Buffer.from(zutils.serializeOrder({ ...orderJson(o), validUntil: vu }));
}
/// Server tx hash: sha256 of the signed bytes; for Swap of the 224-byte form with both full orders.
async function txHashBytes(t) {
    let bytes;
    if (t.type === 'Swap') {
        bytes = Buffer.concat([
            Buffer.from([0xf4, 0x01]), Buffer.from(zutils.serializeAccountId(t.submitterId)),
            Buffer.from(zutils.serializeAddress(t.submitterAddress)), Buffer.from(zutils.serializeNonce(t.nonce)),
            orderBytes(t.orders[0]), orderBytes(t.orders[1]), Buffer.from(zutils.serializeTokenId(t.feeToken)),
            Buffer.from(zutils.serializeFeePacked(t.fee.toString())),
            Buffer.from(zutils.serializeAmountPacked(t.amounts[0].toString())), Buffer.from(zutils.serializeAmountPacked(t.amounts[1].toString()))
        ]);
    } else bytes = await signBytes(t);
    return crypto.createHash('sha256').update(bytes).digest();
}
const hashStr = (b) => 'sync-tx:' + b.toString('hex');

/// Musig check; returns the signer's pubKeyHash ("sync:…") or null.
function verifyZk(msg, sig) {
    const packed = Buffer.from(sig.pubKey + sig.signature, 'hex');
    let ok = false;
    try { ok = zks.verify_musig(msg, packed); } catch (e) { ok = false; }
    if (!ok) return null;
    return 'sync:' + Buffer.from(zks.pubKeyHash(Buffer.from(sig.pubKey, 'hex'))).toString('hex');
}

/// Stateless checks (TxAddError texts), including the L2 signature. Sets t.signer(s).
async function checkStateless(t, tokens) {
    const feeLike = ['Transfer', 'Withdraw', 'ChangePubKey', 'ForcedExit', 'MintNFT', 'WithdrawNFT', 'Swap'];
    if (!feeLike.includes(t.type)) return;
    if (t.amount !== undefined) {
        if (t.amount > U.U128_MAX) throw incorrect('Specified amount is greater than maximum supported amount');
        if (t.type === 'Transfer' && !U.isAmountPackable(t.amount)) throw incorrect('Specified amount is not packable');
    }
    if (t.fee > U.U128_MAX) throw incorrect('Specified fee amount is greater than maximum supported fee');
    if (!U.isFeePackable(t.fee)) throw incorrect('Specified fee is not packable');
    if (t.accountId > U.MAX_ACCOUNT_ID) throw incorrect('Specified Account Id is greater than maximum supported');
    for (const k of ['token', 'feeToken']) {
        if (t[k] !== undefined && t[k] > U.MAX_TOKEN_ID) throw incorrect('Specified token is not supported');
    }
    if (t.fee !== 0n && t.feeToken > U.MAX_FEE_TOKEN) throw incorrect('Specified token is not supported for paying fees');
    if (t.type === 'Transfer' && t.to === U.ZERO_ADDR) throw incorrect('Transfer for specified address is not supported');
    const now = Math.floor(Date.now() / 1000);
    const ranges = t.type === 'Swap' ? t.orders : t.validFrom !== undefined ? [t] : [];
    for (const r of ranges) {
        if (r.validFrom > r.validUntil || r.validUntil < now) throw incorrect('Specified time interval is not valid for the current time');
    }
    if (t.type === 'Swap') {
        for (const a of t.amounts) if (!U.isAmountPackable(a)) throw incorrect('Specified amount is not packable');
        for (const o of t.orders) {
            if (o.ratio[0] >= 1n << 120n || o.ratio[1] >= 1n << 120n) throw incorrect('Specified price is greater than supported');
            if (o.amount !== 0n && !U.isAmountPackable(o.amount)) throw incorrect('Specified amount is not packable');
            if (o.accountId > U.MAX_ACCOUNT_ID) throw incorrect('Specified Account Id is greater than maximum supported');
            if (o.tokenSell === o.tokenBuy) throw incorrect('Order tokens must differ');
        }
    }
    if (!tsOk(t) || (t.type === 'Swap' && !t.orders.every(tsOk))) throw incorrect('L2 signature is incorrect');
    t.signer = verifyZk(await signBytes(t), t.signature);
    if (!t.signer) throw incorrect('L2 signature is incorrect');
    if (t.type === 'ChangePubKey' && t.signer !== t.newPkHash) throw incorrect('L2 signature is incorrect');
    if (t.type === 'Swap') {
        t.orderSigners = t.orders.map((o) => verifyZk(orderBytes(o), o.signature));
        if (!t.orderSigners[0] || !t.orderSigners[1]) throw incorrect('L2 signature is incorrect');
    }
    if (t.type === 'ChangePubKey') {
        if (t.auth.type === 'CREATE2') {
            const { address } = zutils.getCREATE2AddressAndSalt(t.newPkHash, t.auth);
            if (address.toLowerCase() !== t.account) throw incorrect('Specified auth data is incorrect');
        } else if (t.auth.type === 'ECDSA') {
            if (t.auth.batchHash !== '0x' + '00'.repeat(32)) throw incorrect('Specified auth data is incorrect');
            const msg = Buffer.concat([U.hexBytes(t.newPkHash), Buffer.from(zutils.serializeNonce(t.nonce)),
                Buffer.from(zutils.serializeAccountId(t.accountId)), U.hexBytes(t.auth.batchHash)]);
            if (recover(msg, t.auth.ethSignature) !== t.account) throw incorrect('Specified auth data is incorrect');
        } else if (t.auth.type === 'ECDSALegacyMessage') {
            const msg = `Register zkSync pubkey:\n\n${t.newPkHash.slice(5)}\nnonce: 0x${t.nonce.toString(16).padStart(8, '0')}\n` +
                `account id: 0x${t.accountId.toString(16).padStart(8, '0')}\n\nOnly sign this message for a trusted client!`;
            if (recover(msg, t.ethSignature) !== t.account) throw incorrect('Specified auth data is incorrect');
        } else if (t.auth.type === 'EIP712') {
            throw incorrect('Specified auth data is incorrect'); // not modelled by the devnet
        }
    }
    void tokens;
}

function recover(msg, sig) {
    try { return ethers.utils.verifyMessage(msg, sig).toLowerCase(); } catch (e) { return null; }
}

// ---- Ethereum message texts (rebuilt from the tx fields, as the server does) ----
/// tokenInfo(id) -> {symbol, decimals}
function ethMessagePart(t, tokenInfo) {
    const lines = [];
    const fee = (tokId) => {
        if (t.fee !== 0n) {
            const ft = tokenInfo(tokId);
            lines.push(`Fee: ${U.formatUnits(t.fee, ft.decimals)} ${ft.symbol}`);
        }
    };
    switch (t.type) {
        case 'Transfer':
        case 'Withdraw': {
            const tk = tokenInfo(t.token);
            if (t.amount !== 0n) lines.push(`${t.type} ${U.formatUnits(t.amount, tk.decimals)} ${tk.symbol} to: ${t.to}`);
            fee(t.token);
            break;
        }
        case 'ForcedExit':
            lines.push(`ForcedExit ${tokenInfo(t.token).symbol} to: ${t.target}`);
            fee(t.token);
            break;
        case 'MintNFT':
            lines.push(`MintNFT ${t.contentHash} for: ${t.recipient}`);
            fee(t.feeToken);
            break;
        case 'WithdrawNFT':
            lines.push(`WithdrawNFT ${t.token} to: ${t.to}`);
            fee(t.feeToken);
            break;
        case 'ChangePubKey':
            lines.push(`Set signing key: ${t.newPkHash.slice(5)}`);
            fee(t.feeToken);
            break;
        case 'Swap':
            if (t.fee !== 0n) {
                const ft = tokenInfo(t.feeToken);
                lines.push(`Swap fee: ${U.formatUnits(t.fee, ft.decimals)} ${ft.symbol}`);
            }
            break;
        default:
            break;
    }
    return lines.join('\n');
}
function withNonce(part, nonce) {
    return part.length ? `${part}\nNonce: ${nonce}` : `Nonce: ${nonce}`;
}
function orderMessage(o, tokenInfo) {
    const sell = tokenInfo(o.tokenSell);
    const buy = tokenInfo(o.tokenBuy);
    const head = o.amount === 0n ? `Limit order for ${sell.symbol} -> ${buy.symbol}` : `Order for ${U.formatUnits(o.amount, sell.decimals)} ${sell.symbol} -> ${buy.symbol}`;
    return `${head}\nRatio: ${o.ratio[0]}:${o.ratio[1]}\nAddress: ${o.recipient}\nNonce: ${o.nonce}`;
}

module.exports = { parseTx, checkStateless, signBytes, txHashBytes, hashStr, ethMessagePart, withNonce, orderMessage, recover, serJson, U64_MAX };
