'use strict';
// zkSync Lite state root (sunset.md section 7), an independent JavaScript model.
//
// Rescue over BN254 Fr with the zkSync parameters (crypto.md section 4); the round
// constants and the MDS matrix are derived here from their definition (BLAKE2s with a
// personalization, ChaCha20 as rand 0.4 uses it), not copied. Pure BigInt, no C code.
//
//   stateRoot({accounts: [{id, nonce, address, pubkeyHash}],
//              balances: [{accountId, tokenId, balance}]}) -> '0x' + 64 hex
//
// Sparse trees: only the nodes above non-empty leaves are hashed; empty subtrees come
// from a table of precomputed default hashes per height.

const P = 0x30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001n;
const ALPHA_INV = 0x26b6a528b427b35493736af8679aad17535cb9d394945a0dcfe7f7a98ccccccdn;
const GH_FIRST_BLOCK = Buffer.from('096b36a5804bfacef1691e173c366a47ff5ba84a44f26ddd7e8d9f79d5b42df0', 'ascii');

// ---------------------------------------------------------------- BLAKE2s-256
const B2S_IV = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];
const B2S_SIGMA = [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
];
const rotr32 = (x, n) => ((x >>> n) | (x << (32 - n))) >>> 0;

function b2sCompress(h, block, t, last) {
    const m = new Array(16);
    for (let i = 0; i < 16; i++) m[i] = block.readUInt32LE(4 * i);
    const v = h.concat(B2S_IV);
    v[12] = (v[12] ^ t) >>> 0; // inputs here are far below 2^32 bytes
    if (last) v[14] = (~v[14]) >>> 0;
    const g = (a, b, c, d, x, y) => {
        v[a] = (v[a] + v[b] + x) >>> 0; v[d] = rotr32(v[d] ^ v[a], 16);
        v[c] = (v[c] + v[d]) >>> 0; v[b] = rotr32(v[b] ^ v[c], 12);
        v[a] = (v[a] + v[b] + y) >>> 0; v[d] = rotr32(v[d] ^ v[a], 8);
        v[c] = (v[c] + v[d]) >>> 0; v[b] = rotr32(v[b] ^ v[c], 7);
    };
    for (let r = 0; r < 10; r++) {
        const s = B2S_SIGMA[r];
        g(0, 4, 8, 12, m[s[0]], m[s[1]]); g(1, 5, 9, 13, m[s[2]], m[s[3]]);
        g(2, 6, 10, 14, m[s[4]], m[s[5]]); g(3, 7, 11, 15, m[s[6]], m[s[7]]);
        g(0, 5, 10, 15, m[s[8]], m[s[9]]); g(1, 6, 11, 12, m[s[10]], m[s[11]]);
        g(2, 7, 8, 13, m[s[12]], m[s[13]]); g(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (let i = 0; i < 8; i++) h[i] = (h[i] ^ v[i] ^ v[i + 8]) >>> 0;
}

// BLAKE2s-256, no key, no salt, 8-byte personalization.
function blake2s(data, personal) {
    const h = B2S_IV.slice();
    h[0] = (h[0] ^ 0x01010020) >>> 0; // digest 32, key 0, fanout 1, depth 1
    h[6] = (h[6] ^ personal.readUInt32LE(0)) >>> 0;
    h[7] = (h[7] ^ personal.readUInt32LE(4)) >>> 0;
    let off = 0;
    while (data.length - off > 64) {
        b2sCompress(h, data.subarray(off, off + 64), off + 64, false);
        off += 64;
    }
    const last = Buffer.alloc(64);
    data.copy(last, 0, off);
    b2sCompress(h, last, data.length, true);
    const out = Buffer.alloc(32);
    for (let i = 0; i < 8; i++) out.writeUInt32LE(h[i], 4 * i);
    return out;
}

// ---------------------------------------------------------------- ChaCha20 (rand 0.4 ChaChaRng)
function chachaRng(key8) {
    let counter = 0;
    let buf = [];
    const rotl = (x, n) => ((x << n) | (x >>> (32 - n))) >>> 0;
    function block() {
        const init = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574, ...key8, counter >>> 0, 0, 0, 0];
        const x = init.slice();
        const qr = (a, b, c, d) => {
            x[a] = (x[a] + x[b]) >>> 0; x[d] = rotl(x[d] ^ x[a], 16);
            x[c] = (x[c] + x[d]) >>> 0; x[b] = rotl(x[b] ^ x[c], 12);
            x[a] = (x[a] + x[b]) >>> 0; x[d] = rotl(x[d] ^ x[a], 8);
            x[c] = (x[c] + x[d]) >>> 0; x[b] = rotl(x[b] ^ x[c], 7);
        };
        for (let i = 0; i < 10; i++) {
            qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15);
            qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14);
        }
        counter++;
        buf = x.map((w, i) => (w + init[i]) >>> 0);
    }
    const nextU32 = () => {
        if (buf.length === 0) block();
        return buf.shift();
    };
    // rand 0.4: next_u64 = (first u32 << 32) | second u32
    const nextU64 = () => (BigInt(nextU32()) << 32n) | BigInt(nextU32());
    return { nextU32, nextU64 };
}

// ---------------------------------------------------------------- field helpers
const mod = (a) => ((a % P) + P) % P;
function powmod(b, e) {
    let r = 1n;
    b %= P;
    while (e > 0n) {
        if (e & 1n) r = (r * b) % P;
        b = (b * b) % P;
        e >>= 1n;
    }
    return r;
}
const inv = (a) => powmod(a, P - 2n);

// x^(1/5) with a fixed 4-bit window over ALPHA_INV (public inputs only).
const AINV_NIBBLES = (() => {
    const n = [];
    let e = ALPHA_INV;
    while (e > 0n) { n.push(Number(e & 15n)); e >>= 4n; }
    return n.reverse();
})();
function powInv5(x) {
    const t = new Array(16);
    t[0] = 1n; t[1] = x;
    for (let i = 2; i < 16; i++) t[i] = (t[i - 1] * x) % P;
    let r = 1n;
    for (const d of AINV_NIBBLES) {
        r = (r * r) % P; r = (r * r) % P; r = (r * r) % P; r = (r * r) % P;
        if (d) r = (r * t[d]) % P;
    }
    return r;
}
const pow5 = (x) => { const x2 = (x * x) % P; return (((x2 * x2) % P) * x) % P; };

// ---------------------------------------------------------------- Rescue parameters
const RC = (() => {
    const pers = Buffer.from('Rescue_f', 'ascii');
    const out = [];
    for (let nonce = 0; out.length < 135; nonce++) {
        const nb = Buffer.alloc(4);
        nb.writeUInt32BE(nonce);
        const h = blake2s(Buffer.concat([GH_FIRST_BLOCK, nb]), pers);
        const v = BigInt('0x' + Buffer.from(h).reverse().toString('hex'));
        if (v < P && v !== 0n) out.push(v);
    }
    const groups = [];
    for (let i = 0; i < 45; i++) groups.push(out.slice(3 * i, 3 * i + 3));
    return groups;
})();

const MDS = (() => {
    const h = blake2s(GH_FIRST_BLOCK, Buffer.from('ResM0003', 'ascii'));
    const w0 = h.readUInt32BE(0);
    const rng = chachaRng(new Array(8).fill(w0));
    const rInv = inv((1n << 256n) % P);
    const randFr = () => {
        for (;;) {
            const l = [rng.nextU64(), rng.nextU64(), rng.nextU64(), rng.nextU64()];
            l[3] &= 0xffffffffffffffffn >> 2n;
            const v = l[0] | (l[1] << 64n) | (l[2] << 128n) | (l[3] << 192n);
            if (v < P) return (v * rInv) % P; // the drawn value is a Montgomery form
        }
    };
    for (;;) {
        const x = [randFr(), randFr(), randFr()];
        const y = [randFr(), randFr(), randFr()];
        const all = new Set([...x, ...y].map(String));
        if (all.size !== 6) continue;
        return x.map((xi) => y.map((yj) => inv(mod(xi - yj))));
    }
})();

// ---------------------------------------------------------------- Rescue
function perm(s) {
    let a = s[0], b = s[1], c = s[2];
    a = (a + RC[0][0]) % P; b = (b + RC[0][1]) % P; c = (c + RC[0][2]) % P;
    for (let i = 0; i < 44; i++) {
        if (i % 2 === 0) { a = powInv5(a); b = powInv5(b); c = powInv5(c); } else { a = pow5(a); b = pow5(b); c = pow5(c); }
        const r = RC[i + 1];
        const na = (MDS[0][0] * a + MDS[0][1] * b + MDS[0][2] * c + r[0]) % P;
        const nb = (MDS[1][0] * a + MDS[1][1] * b + MDS[1][2] * c + r[1]) % P;
        const nc = (MDS[2][0] * a + MDS[2][1] * b + MDS[2][2] * c + r[2]) % P;
        a = na; b = nb; c = nc;
    }
    return [a, b, c];
}

// Fixed-length sponge (crypto.md 4.5); returns state[0].
function rescueHash(els) {
    const n = els.length;
    if (n < 1 || n > 255) throw new Error('rescueHash: 1..255 elements');
    let s = [0n, 0n, BigInt(n)];
    for (let i = 0; i < n; i += 2) {
        s[0] = (s[0] + els[i]) % P;
        s[1] = (s[1] + (i + 1 < n ? els[i + 1] : 1n)) % P;
        s = perm(s);
    }
    return s[0];
}

// ---------------------------------------------------------------- trees
const DEPTH = 32;

// Default hashes per height for a tree whose empty leaf hashes to leaf0.
function defaults(leaf0, depth) {
    const d = [leaf0];
    for (let h = 0; h < depth; h++) d.push(rescueHash([d[h], d[h]]));
    return d;
}

// Root of a sparse tree: leaves is a Map index(BigInt or number) -> leaf hash.
function sparseRoot(leaves, dflt, depth) {
    let level = new Map();
    for (const [k, v] of leaves) level.set(BigInt(k), v);
    for (let h = 0; h < depth; h++) {
        const next = new Map();
        const keys = [...level.keys()].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
        for (const k of keys) {
            const parent = k >> 1n;
            if (next.has(parent)) continue;
            const left = level.has(parent << 1n) ? level.get(parent << 1n) : dflt[h];
            const right = level.has((parent << 1n) | 1n) ? level.get((parent << 1n) | 1n) : dflt[h];
            next.set(parent, rescueHash([left, right]));
        }
        level = next;
    }
    return level.has(0n) ? level.get(0n) : dflt[depth];
}

// Multipacking of a bit array (MSB-first bits already laid out) into 253-bit elements,
// first bit least significant.
function multipackBits(bits) {
    const out = [];
    for (let s = 0; s < bits.length; s += 253) {
        let v = 0n;
        const end = Math.min(s + 253, bits.length);
        for (let i = end - 1; i >= s; i--) v = (v << 1n) | BigInt(bits[i]);
        out.push(v);
    }
    return out;
}

// Field as an integer of width w bits, written little-endian bit first (each field
// little-endian as an integer).
function pushLE(bits, value, width) {
    let v = BigInt(value);
    for (let i = 0; i < width; i++) { bits.push(Number(v & 1n)); v >>= 1n; }
}

function accountLeaf(nonce, pubkeyHash, address, stateRootFr) {
    const bits = [];
    pushLE(bits, nonce, 32);
    pushLE(bits, pubkeyHash, 160);
    pushLE(bits, address, 160);
    pushLE(bits, stateRootFr, 254);
    bits.push(0, 0); // 608 bits
    return rescueHash(multipackBits(bits));
}

let cache = null;
function params() {
    if (cache) return cache;
    const balDefaults = defaults(rescueHash([0n]), DEPTH);
    const emptyState = rescueHash([balDefaults[DEPTH], 0n]);
    const accDefaults = defaults(accountLeaf(0n, 0n, 0n, emptyState), DEPTH);
    cache = { balDefaults, emptyState, accDefaults };
    return cache;
}

function hex20(s, what) {
    if (typeof s !== 'string') throw new Error(`${what}: not a string`);
    const m = /^(0x|sync:)([0-9a-fA-F]{40})$/.exec(s);
    if (!m) throw new Error(`${what}: expected 0x or sync: + 40 hex, got ${s}`);
    return BigInt('0x' + m[2]);
}

function u32(x, what) {
    const v = BigInt(x);
    if (v < 0n || v > 0xffffffffn) throw new Error(`${what}: out of u32 range`);
    return v;
}

function stateRoot(state) {
    return stateRootDepth(state, DEPTH);
}

// balDepth 11 is the pre-NFT layout (the published sample roots); the current one is 32.
function stateRootDepth({ accounts, balances }, balDepth) {
    const p = params();
    let balDefaults = p.balDefaults, accDefaults = p.accDefaults;
    if (balDepth !== DEPTH) {
        balDefaults = defaults(rescueHash([0n]), balDepth);
        accDefaults = defaults(accountLeaf(0n, 0n, 0n, rescueHash([balDefaults[balDepth], 0n])), DEPTH);
    }
    const byAccount = new Map();
    const accs = new Map();
    for (const a of accounts) {
        const id = u32(a.id, 'account id');
        if (accs.has(id)) throw new Error(`duplicate account id ${id}`);
        accs.set(id, a);
    }
    for (const b of balances || []) {
        const aid = u32(b.accountId, 'balance account id');
        const tid = u32(b.tokenId, 'token id');
        const bal = BigInt(b.balance);
        if (bal < 0n || bal >= 1n << 128n) throw new Error(`balance out of range: ${b.balance}`);
        if (!accs.has(aid)) throw new Error(`balance for unknown account ${aid}`);
        if (!byAccount.has(aid)) byAccount.set(aid, new Map());
        const m = byAccount.get(aid);
        if (m.has(tid)) throw new Error(`duplicate balance (${aid}, ${tid})`);
        if (bal !== 0n) m.set(tid, rescueHash([bal]));
    }
    const leaves = new Map();
    for (const [id, a] of accs) {
        const bm = byAccount.get(id) || new Map();
        const balRoot = sparseRoot(bm, balDefaults, balDepth);
        const st = rescueHash([balRoot, 0n]);
        leaves.set(id, accountLeaf(u32(a.nonce, 'nonce'), hex20(a.pubkeyHash, 'pubkeyHash'), hex20(a.address, 'address'), st));
    }
    const root = sparseRoot(leaves, accDefaults, DEPTH);
    return '0x' + root.toString(16).padStart(64, '0');
}

module.exports = {
    stateRoot,
    stateRootDepth,
    // exposed for tests and the oracle
    rescueHash,
    perm,
    RC,
    MDS,
    blake2s,
    sparseRoot,
    defaults,
    accountLeaf,
    multipackBits,
};
