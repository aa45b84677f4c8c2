'use strict';
// Sunset helpers: the final-state snapshot (the four CSV files in the reference exit tool's
// formats), the claim tree (merkletreejs, sorted pairs) and the Rescue state root (lib/state_root.js,
// loaded lazily; absent: 32 zero bytes and stateRootComputed = false).
const fs = require('fs');
const path = require('path');
const { ethers } = require('ethers');
const { MerkleTree } = require('merkletreejs');

const NFT_STORAGE_ACCOUNT_ID = 16777215; // 2^24 - 1
const NFT_STORAGE_ADDRESS = '0xffffffffffffffffffffffffffffffffffffffff';
const NFT_COUNTER_TOKEN_ID = 2147483646; // 2^31 - 2
const MIN_NFT_ID = 65536;
const ZERO32 = '0x' + '00'.repeat(32);

/// The devnet's NFT hash (keccak of creator id, serial id, content hash; not Rescue): the NFT
/// address is its last 20 bytes, the token data kept by the NFT storage account its last 16.
function nftHash(creatorId, serialId, contentHash) {
    return ethers.utils.keccak256(ethers.utils.solidityPack(['uint32', 'uint32', 'bytes32'], [creatorId, serialId, contentHash]));
}
const nftAddress = (h) => '0x' + h.slice(26);
const nftTokenData = (h) => BigInt('0x' + h.slice(34));

/// Snapshot rows of a devnet state (lib/zk.js layout) plus the NFT storage account and counters.
function snapshotOf(st, tokens) {
    const accounts = [];
    const balances = [];
    for (const a of st.accounts.values()) {
        accounts.push({ id: a.id, nonce: a.nonce, address: a.address, pubkeyHash: '0x' + a.pubKeyHash.replace(/^sync:/, '') });
        for (const [tid, v] of a.balances.entries()) balances.push({ accountId: a.id, tokenId: tid, balance: v });
        if (a.mintedCount > 0) balances.push({ accountId: a.id, tokenId: NFT_COUNTER_TOKEN_ID, balance: BigInt(a.mintedCount) });
    }
    accounts.push({ id: NFT_STORAGE_ACCOUNT_ID, nonce: 0, address: NFT_STORAGE_ADDRESS, pubkeyHash: '0x' + '00'.repeat(20) });
    balances.push({ accountId: NFT_STORAGE_ACCOUNT_ID, tokenId: NFT_COUNTER_TOKEN_ID, balance: BigInt(st.nextNftId) });
    const toks = tokens.filter(Boolean).map((t) => ({ id: t.id, address: t.address, symbol: t.symbol, decimals: t.decimals }));
    for (const n of st.nfts.values()) {
        const h = nftHash(n.creatorId, n.serialId, n.contentHash);
        balances.push({ accountId: NFT_STORAGE_ACCOUNT_ID, tokenId: n.id, balance: nftTokenData(h) });
        toks.push({ id: n.id, address: n.address, symbol: n.symbol, decimals: 0 });
    }
    toks.push({ id: NFT_COUNTER_TOKEN_ID, address: NFT_STORAGE_ADDRESS, symbol: 'SPECIAL', decimals: 18 });
    accounts.sort((x, y) => x.id - y.id);
    balances.sort((x, y) => x.accountId - y.accountId || x.tokenId - y.tokenId);
    toks.sort((x, y) => x.id - y.id);
    return { accounts, balances, tokens: toks };
}

/// Claim leaves (sunset.md §4): balances summed per (account address, token address), sorted
/// bytewise, numbered from 0; zero balances kept.
function leavesOf(snap) {
    const addrOf = new Map(snap.accounts.map((a) => [a.id, a.address.toLowerCase()]));
    const tokOf = new Map(snap.tokens.map((t) => [t.id, t.address.toLowerCase()]));
    const sums = new Map();
    for (const b of snap.balances) {
        const acc = addrOf.get(b.accountId);
        const tok = tokOf.get(b.tokenId);
        if (acc === undefined || tok === undefined) throw new Error(`snapshot: balance row ${b.accountId}/${b.tokenId} without account or token`);
        const k = acc.slice(2) + tok.slice(2); // 40 + 40 lowercase hex: string order = byte order
        sums.set(k, (sums.get(k) || 0n) + BigInt(b.balance));
    }
    return [...sums.keys()].sort().map((k, i) => ({ index: i, account: '0x' + k.slice(0, 40), token: '0x' + k.slice(40), amount: sums.get(k) }));
}

function leafHash(l) {
    return ethers.utils.solidityKeccak256(['uint256', 'address', 'address', 'uint256'], [l.index, l.account, l.token, l.amount.toString()]);
}

const keccakBuf = (b) => Buffer.from(ethers.utils.keccak256(b).slice(2), 'hex');

/// merkletreejs with sortPairs over the leaf hashes (an odd node moves up unchanged).
function claimTree(leaves) {
    if (!leaves.length) throw new Error('claim tree: no leaves');
    const hashes = leaves.map((l) => Buffer.from(leafHash(l).slice(2), 'hex'));
    const tree = new MerkleTree(hashes, keccakBuf, { sortPairs: true });
    return { root: tree.getHexRoot(), proof: (i) => tree.getHexProof(hashes[i], i), hashes };
}

function csv(header, rows) {
    return [header.join(','), ...rows.map((r) => r.join(','))].join('\n') + '\n';
}

/// Writes accounts.csv, balances.csv, tokens.csv and new_leaves.csv (headers as the reference
/// exit tool; pubkey hashes and addresses 0x + lowercase hex; balances decimal).
function writeSnapshot(dir, snap, leaves) {
    fs.mkdirSync(dir, { recursive: true });
    const w = (name, text) => {
        const tmp = path.join(dir, `.${name}.tmp`);
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, path.join(dir, name));
    };
    w('accounts.csv', csv(['id', 'nonce', 'address', 'pubkey_hash'], snap.accounts.map((a) => [a.id, a.nonce, a.address.toLowerCase(), a.pubkeyHash.toLowerCase()])));
    w('balances.csv', csv(['account_id', 'coin_id', 'balance'], snap.balances.map((b) => [b.accountId, b.tokenId, b.balance.toString()])));
    w('tokens.csv', csv(['id', 'address', 'symbol', 'decimals'], snap.tokens.map((t) => [t.id, t.address.toLowerCase(), t.symbol, t.decimals])));
    w('new_leaves.csv', csv(['claim_index', 'account_address', 'token_address', 'balance'], leaves.map((l) => [l.index, l.account, l.token, l.amount.toString()])));
}

/// The Rescue state root of the snapshot, or 32 zero bytes when lib/state_root.js is absent.
/// Runs in a worker thread (pure-JS Rescue takes seconds), so the server keeps answering reads.
function stateRootOf(snap) {
    const file = path.join(__dirname, 'state_root.js');
    if (!fs.existsSync(file)) return Promise.resolve({ root: ZERO32, computed: false, reason: 'lib/state_root.js is absent' });
    const input = {
        accounts: snap.accounts.map((a) => ({ id: a.id, nonce: a.nonce, address: a.address, pubkeyHash: a.pubkeyHash })),
        balances: snap.balances.map((b) => ({ accountId: b.accountId, tokenId: b.tokenId, balance: b.balance.toString() }))
    };
    const { Worker } = require('worker_threads');
    const code = "const { parentPort, workerData } = require('worker_threads');" +
        'parentPort.postMessage(require(workerData.file).stateRoot(workerData.input));';
    return new Promise((resolve, reject) => {
        const w = new Worker(code, { eval: true, workerData: { file, input } });
        let done = false;
        w.once('message', (root) => {
            done = true;
            if (typeof root !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(root)) reject(new Error(`state_root.js returned ${root}`));
            else resolve({ root: root.toLowerCase(), computed: true });
        });
        w.once('error', (e) => { done = true; reject(e); });
        w.once('exit', (c) => { if (!done) reject(new Error(`state root worker exited with ${c}`)); });
    });
}

module.exports = {
    NFT_STORAGE_ACCOUNT_ID, NFT_STORAGE_ADDRESS, NFT_COUNTER_TOKEN_ID, MIN_NFT_ID, ZERO32,
    nftHash, nftAddress, nftTokenData, snapshotOf, leavesOf, leafHash, claimTree, writeSnapshot, stateRootOf
};
