'use strict';
// Small helpers: packing, unit formatting, JSON-RPC errors, input validation.
const { ethers } = require('ethers');

const U128_MAX = (1n << 128n) - 1n;
const ZERO_ADDR = '0x0000000000000000000000000000000000000000';
const ZERO_PKH = 'sync:0000000000000000000000000000000000000000';
const MIN_NFT_ID = 65536;
const MAX_ACCOUNT_ID = (1 << 24) - 2;
const MAX_TOKEN_ID = 2 ** 31 - 3;
const MAX_FEE_TOKEN = 1023;

class RpcError extends Error {
    constructor(code, message, data) {
        super(message);
        this.code = code;
        this.data = data;
    }
}
const incorrect = (reason) => new RpcError(103, `Tx is incorrect: ${reason}`);
const badParams = (msg) => new RpcError(-32602, `Invalid params: ${msg}`);

// ---- packing (decimal floating point: mantissa * 10^exp) ----
function minExp(v, maxMant) {
    let e = 0n;
    let p = 1n;
    while (v > maxMant * p) {
        e += 1n;
        p *= 10n;
    }
    return [e, p];
}
function isPackable(v, mantBits) {
    const maxMant = (1n << BigInt(mantBits)) - 1n;
    if (v < 0n) return false;
    const [e, p] = minExp(v, maxMant);
    return e <= 31n && v % p === 0n;
}
const isAmountPackable = (v) => isPackable(v, 35);
const isFeePackable = (v) => isPackable(v, 11);
function closestPackableFee(v) {
    const maxMant = 2047n;
    const [e, p] = minExp(v, maxMant);
    if (e > 31n) throw new Error('fee too big');
    const c1 = (v / p) * p;
    const c2 = e > 0n ? maxMant * (p / 10n) : 0n;
    return c1 >= c2 ? c1 : c2;
}

// ---- formatting ----
function formatUnits(v, decimals) {
    let s = ethers.utils.formatUnits(v.toString(), decimals);
    if (!s.includes('.')) s += '.0';
    return s;
}

// ---- validation of JSON input (malformed input is a JSON-RPC -32602) ----
const isObj = (x) => x !== null && typeof x === 'object' && !Array.isArray(x);
function needObj(x, what) {
    if (!isObj(x)) throw badParams(`${what} must be an object`);
    return x;
}
function u32(x, what) {
    if (!Number.isInteger(x) || x < 0 || x > 0xffffffff) throw badParams(`${what}: invalid type or value, expected u32`);
    return x;
}
function u64(x, what, dflt) {
    if (x === undefined || x === null) return dflt;
    if (!Number.isInteger(x) || x < 0) throw badParams(`${what}: invalid type or value, expected u64`);
    return x;
}
function bigStr(x, what) {
    if (typeof x !== 'string' || !/^[0-9]{1,80}$/.test(x)) throw badParams(`${what}: expected a decimal string`);
    return BigInt(x);
}
function addr(x, what) {
    if (typeof x !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(x)) throw badParams(`${what}: invalid address`);
    return x.toLowerCase();
}
function pkh(x, what) {
    if (typeof x !== 'string' || !/^sync:[0-9a-fA-F]{40}$/.test(x)) throw badParams(`${what}: invalid PubKeyHash`);
    return x.toLowerCase();
}
function hex32(x, what) {
    if (typeof x !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(x)) throw badParams(`${what}: expected 0x + 32 bytes hex`);
    return x.toLowerCase();
}
function zkSig(x, what) {
    needObj(x, what);
    if (typeof x.pubKey !== 'string' || !/^[0-9a-fA-F]{64}$/.test(x.pubKey)) throw badParams(`${what}.pubKey: expected 32 bytes hex`);
    if (typeof x.signature !== 'string' || !/^[0-9a-fA-F]{128}$/.test(x.signature)) throw badParams(`${what}.signature: expected 64 bytes hex`);
    return { pubKey: x.pubKey.toLowerCase(), signature: x.signature.toLowerCase() };
}
function ethSigObj(x, what) {
    if (x === null || x === undefined) return null;
    needObj(x, what);
    if (x.type !== 'EthereumSignature' && x.type !== 'EIP1271Signature') throw badParams(`${what}.type: unknown variant`);
    if (typeof x.signature !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(x.signature)) throw badParams(`${what}.signature: expected hex`);
    if (x.type === 'EthereumSignature' && x.signature.length !== 132) throw badParams(`${what}.signature: expected 65 bytes`);
    return { type: x.type, signature: x.signature };
}
function hexBytes(s) {
    return Buffer.from(s.replace(/^0x/, '').replace(/^sync:/, ''), 'hex');
}

module.exports = {
    U128_MAX, ZERO_ADDR, ZERO_PKH, MIN_NFT_ID, MAX_ACCOUNT_ID, MAX_TOKEN_ID, MAX_FEE_TOKEN,
    RpcError, incorrect, badParams,
    isAmountPackable, isFeePackable, closestPackableFee, formatUnits,
    isObj, needObj, u32, u64, bigStr, addr, pkh, hex32, zkSig, ethSigObj, hexBytes
};
