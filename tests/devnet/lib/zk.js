'use strict';
// The zkSync Lite v0.1 JSON-RPC emulator: state, mempool, block producer, verifier and RPC methods.
const fs = require('fs');
const os = require('os');
const path = require('path');
const http = require('http');
const { ethers } = require('ethers');
const U = require('./util');
const T = require('./txs');
const { FeeModel, parseFeeType } = require('./fees');
const { RpcError, badParams, incorrect } = U;
const SUN = require('./sunset');

const EMPTY_STRING_KECCAK = '0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470';
const OP_TYPE = { Withdraw: 3, FullExit: 6, ForcedExit: 8, WithdrawNFT: 10 };
const L2_DISABLED = () => new RpcError(305, 'L2 transactions are disabled.');

const ETH_PRICE = '2000';
const toMicro = (p) => BigInt(Math.round(Number(p) * 1e6));
const TOGGLE_2FA_MINUTES = 40;
// Largest accepted batch (the real server derives its limit from its block sizes; 100 two-chunk
// Transfers fit the mainnet blocks, so the devnet takes up to 200 txs).
const MAX_BATCH_TXS = 200;

function newAccount(id, address) {
    return { id, address, nonce: 0, pubKeyHash: U.ZERO_PKH, balances: new Map(), accountType: 'Owned', mintedCount: 0 };
}

class ZkServer {
    constructor(l1, opts) {
        this.l1 = l1;
        this.opts = opts;
        this.blockInterval = opts.blockInterval;
        this.verifyDelay = opts.verifyDelay;
        this.confirmations = opts.confirmations;
        this.paused = false;
        // fault injection (devnet_fault): replies dropped after the request was handled, a quoted fee override
        this.faults = { drop: {}, feeOverride: null };
        this.tokens = [{ id: 0, address: U.ZERO_ADDR, symbol: 'ETH', decimals: 18, priceMicro: toMicro(ETH_PRICE), price: ETH_PRICE, feeAllowed: true }];
        for (const t of l1.tokens) {
            this.tokens[t.id] = { id: t.id, address: t.address, symbol: t.symbol, decimals: t.decimals, priceMicro: toMicro(t.price), price: t.price, feeAllowed: true };
        }
        this.fees = new FeeModel(l1.gasPrice, toMicro(ETH_PRICE));
        // committed state
        const feeAcc = newAccount(0, l1.operatorKey.address.toLowerCase());
        this.state = { accounts: new Map([[feeAcc.address, feeAcc]]), byId: new Map([[0, feeAcc.address]]), nextId: 1, nfts: new Map(), nextNftId: U.MIN_NFT_ID };
        this.verified = structuredClone(this.state);
        this.mempool = []; // {kind:'tx'|'batch', txs:[t], hashes:[...]}
        this.receipts = new Map(); // hash -> {blockNumber, success, failReason}
        this.pendingOps = []; // priority ops seen on L1, not yet executed
        this.executedOps = new Map(); // serialId -> blockNumber
        this.blocks = []; // index = number - 1
        this.ethTxForWithdrawal = new Map();
        this.nftByTx = new Map();
        this.busy = false;
    }

    // ---------------- helpers ----------------
    token(id) {
        return this.tokens[id];
    }
    tokenInfo(id) {
        if (id >= U.MIN_NFT_ID) {
            const n = this.state.nfts.get(id);
            return { symbol: n ? n.symbol : `NFT-${id}`, decimals: 0 };
        }
        const t = this.tokens[id];
        return t ? { symbol: t.symbol, decimals: t.decimals } : { symbol: `ERC20-${id}`, decimals: 18 };
    }
    resolveToken(like) {
        let t;
        if (typeof like === 'number') {
            if (!Number.isInteger(like) || like < 0) throw badParams('invalid token');
            t = this.tokens[like];
        } else if (typeof like === 'string') {
            if (/^0x[0-9a-fA-F]{40}$/.test(like)) t = this.tokens.find((x) => x && x.address === like.toLowerCase());
            else t = this.tokens.find((x) => x && x.symbol.toLowerCase() === like.toLowerCase());
        } else throw badParams('invalid token-like value');
        if (!t) throw new RpcError(-32603, 'Token not found in the DB');
        return t;
    }
    acc(st, address) {
        return st.accounts.get(address);
    }
    accById(st, id) {
        const a = st.byId.get(id);
        return a === undefined ? undefined : st.accounts.get(a);
    }
    ensureAcc(st, address) {
        let a = st.accounts.get(address);
        if (!a) {
            a = newAccount(st.nextId++, address);
            st.accounts.set(address, a);
            st.byId.set(a.id, address);
        }
        return a;
    }
    bal(a, token) {
        return a.balances.get(token) || 0n;
    }
    add(a, token, v) {
        // zero balances stay (as rows of the server's balances table: the snapshot keeps them)
        a.balances.set(token, this.bal(a, token) + v);
    }
    pendingCount(address) {
        let n = 0;
        for (const e of this.mempool) for (const t of e.txs) if (t.account === address || nonceAccount(t) === address) n++;
        return n;
    }

    // ---------------- fees ----------------
    feeKey(t, fast) {
        switch (t.type) {
            case 'Transfer':
                return this.acc(this.state, t.to) ? 'Transfer' : 'TransferToNew';
            case 'Withdraw':
                return fast ? 'FastWithdraw' : 'Withdraw';
            case 'ForcedExit':
                return 'ForcedExit';
            case 'ChangePubKey':
                return `ChangePubKey:${t.auth.type === 'ECDSALegacyMessage' ? 'ECDSA' : t.auth.type}`;
            default:
                return t.type;
        }
    }
    checkFeeToken(t) {
        const tok = this.tokens[t.feeToken];
        if (!tok || !tok.feeAllowed) throw new RpcError(105, 'Chosen token is not suitable for paying fees.');
        return tok;
    }
    checkFeeSingle(t, fast) {
        const tok = this.checkFeeToken(t);
        const required = this.fees.required(this.feeKey(t, fast), tok);
        // scale_user_fee_up: x1.05 in token base units; reject when required >= scaled
        if (required * 100n >= t.fee * 105n && !(required === 0n && t.fee === 0n)) {
            throw new RpcError(104, 'Transaction fee is too low');
        }
    }
    checkFeeBatch(ts) {
        const paying = ts.filter((t) => t.fee !== 0n);
        for (const t of paying) this.checkFeeToken(t);
        const feeTokens = new Set(paying.map((t) => t.feeToken));
        let required = 0n;
        let provided = 0n;
        if (feeTokens.size <= 1) {
            const tok = this.tokens[paying.length ? paying[0].feeToken : 0];
            for (const t of ts) required += this.fees.parts(this.feeKey(t, false), tok).gasFee + this.fees.parts(this.feeKey(t, false), tok).zkpFee;
            for (const t of paying) provided += t.fee;
        } else {
            // compare in micro-USD
            const usd = (v, tok) => (v * tok.priceMicro) / 10n ** BigInt(tok.decimals);
            for (const t of ts) {
                const p = this.fees.parts(this.feeKey(t, false), this.tokens[0]);
                required += usd(p.gasFee + p.zkpFee, this.tokens[0]);
            }
            for (const t of paying) provided += usd(t.fee, this.tokens[t.feeToken]);
        }
        if (required * 100n > provided * 105n) throw new RpcError(104, 'Transactions batch summary fee is too low');
    }

    // ---------------- Ethereum signatures ----------------
    /// Does tx t (from `address`) need an Ethereum signature? Throws 103 for CREATE2 accounts that send one.
    needsEthSig(address, signerPkh, provided) {
        const a = this.acc(this.state, address);
        const type = a ? a.accountType : 'Owned';
        if (type === 'CREATE2') {
            if (provided) throw new RpcError(103, 'Eth signature from CREATE2 account not expected');
            return false;
        }
        if (type !== 'Owned' && type.No2FA !== undefined) {
            if (type.No2FA === null || type.No2FA === signerPkh) return false;
        }
        return true;
    }
    verifySig(sigObj, message, address) {
        if (!sigObj) throw new RpcError(200, 'MissingEthSignature');
        if (sigObj.type === 'EIP1271Signature') throw new RpcError(201, 'EIP1271 signature could not be verified');
        if (T.recover(message, sigObj.signature) !== address) throw new RpcError(202, 'Eth signature is incorrect');
    }
    checkEthSingle(t, sigVariant) {
        const ti = (id) => this.tokenInfo(id);
        let txSig = null;
        let orderSigs = [null, null];
        if (Array.isArray(sigVariant)) {
            if (sigVariant.length !== 3) throw badParams('eth signature triple must have 3 elements');
            txSig = U.ethSigObj(sigVariant[0], 'signature[0]');
            orderSigs = [U.ethSigObj(sigVariant[1], 'signature[1]'), U.ethSigObj(sigVariant[2], 'signature[2]')];
        } else txSig = U.ethSigObj(sigVariant, 'signature');
        if (t.type === 'ChangePubKey') {
            if (this.needsEthSig(t.account, t.signer, !!txSig) === false) return;
            return; // authorised by ethAuthData, checked elsewhere
        }
        if (this.needsEthSig(t.account, t.signer, !!txSig)) {
            this.verifySig(txSig, T.withNonce(T.ethMessagePart(t, ti), t.nonce), t.account);
        }
        if (t.type === 'Swap') this.checkOrderSigs(t, orderSigs);
    }
    checkOrderSigs(t, orderSigs) {
        t.orders.forEach((o, i) => {
            const a = this.accById(this.state, o.accountId);
            if (!a) return; // fails at execution
            if (this.needsEthSig(a.address, t.orderSigners[i], !!orderSigs[i])) {
                this.verifySig(orderSigs[i], T.orderMessage(o, (id) => this.tokenInfo(id)), a.address);
            }
        });
    }
    async checkOnchainAuth(t) {
        if (t.type !== 'ChangePubKey' || t.auth.type !== 'Onchain') return;
        const fact = await this.l1.authFact(t.account, t.nonce);
        const want = ethers.utils.keccak256(U.hexBytes(t.newPkHash));
        if (fact !== want) throw new RpcError(203, 'Change pubkey tx is not authorized onchain');
    }
    checkForcedExitTarget(t) {
        if (t.type !== 'ForcedExit') return;
        const target = this.acc(this.state, t.target);
        if (!target) throw incorrect('Target account does not exist');
        if (target.pubKeyHash !== U.ZERO_PKH) throw incorrect('Target account is not locked; forced exit is forbidden');
    }

    // ---------------- submission ----------------
    async txSubmit(params) {
        if (params.length < 1 || params.length > 3) throw badParams(`invalid length ${params.length}, expected 2 or 3`);
        const [raw, sig, fastP] = params;
        if (fastP !== undefined && fastP !== null && typeof fastP !== 'boolean') throw badParams('fastProcessing: expected bool');
        const fast = fastP === true;
        const t = this.bindAccount(T.parseTx(raw));
        if (fast && !['Withdraw', 'ForcedExit', 'WithdrawNFT'].includes(t.type)) {
            throw new RpcError(303, "Fast processing available only for 'withdraw' operation type.");
        }
        if (t.fastSet) throw new RpcError(103, "'fast' field of Withdraw transaction must not be set manually.");
        if (this.l2Disabled) throw L2_DISABLED();
        if (t.type === 'Close') throw new RpcError(301, 'Account close tx is disabled.');
        await T.checkStateless(t, this.tokens);
        this.checkForcedExitTarget(t);
        this.checkFeeSingle(t, fast && t.type === 'Withdraw');
        this.checkEthSingle(t, sig);
        await this.checkOnchainAuth(t);
        // everything below is synchronous: no block can be sealed in between
        const na = nonceAccount(t);
        const cur = this.acc(this.state, na);
        const expected = (cur ? cur.nonce : 0) + this.pendingCount(na);
        if (t.nonce < expected) throw new RpcError(101, 'Tx nonce is too low.');
        this.checkMempoolRoom(1);
        t.fast = fast && t.type === 'Withdraw';
        t.hash = T.hashStr(await T.txHashBytes(t));
        if (this.knownHash(t.hash)) throw incorrect('Transaction is already in the mempool or executed');
        this.mempool.push({ kind: 'tx', txs: [t] });
        if (t.fast) this.fastPending = true;
        return t.hash;
    }

    /// ForcedExit names its initiator by id only: find the address (for nonces and Ethereum signatures).
    bindAccount(t) {
        if (t.type === 'ForcedExit') {
            const a = this.accById(this.state, t.initiatorAccountId);
            t.account = a ? a.address : `id:${t.initiatorAccountId}`;
        }
        return t;
    }

    checkMempoolRoom(n) {
        const size = this.mempool.reduce((k, e) => k + e.txs.length, 0);
        if (size + n > 10000) throw new RpcError(300, 'Internal error');
    }

    knownHash(h) {
        return this.receipts.has(h) || this.mempool.some((e) => e.txs.some((x) => x.hash === h));
    }

    async submitBatch(params) {
        if (params.length < 1 || params.length > 2) throw badParams(`invalid length ${params.length}, expected 2`);
        const [items, sigsRaw] = params;
        if (!Array.isArray(items)) throw badParams('txs: expected an array');
        if (this.l2Disabled) {
            // malformed input still answers -32602 (the real server parses before its handler runs)
            items.forEach((it, i) => T.parseTx(U.needObj(it, `txs[${i}]`).tx));
            throw L2_DISABLED();
        }
        if (items.length === 0) throw new RpcError(300, 'Transaction batch is empty');
        if (items.length > MAX_BATCH_TXS) throw new RpcError(300, 'Batch will not fit in any of supported block sizes');
        let batchSigs = [];
        if (sigsRaw === null || sigsRaw === undefined) batchSigs = [];
        else if (Array.isArray(sigsRaw)) batchSigs = sigsRaw.map((s, i) => U.ethSigObj(s, `ethSignatures[${i}]`));
        else batchSigs = [U.ethSigObj(sigsRaw, 'ethSignatures')];
        batchSigs = batchSigs.filter((s) => s !== null);
        const ts = [];
        const itemSigs = [];
        for (let i = 0; i < items.length; i++) {
            const it = U.needObj(items[i], `txs[${i}]`);
            const t = this.bindAccount(T.parseTx(it.tx));
            if (t.type === 'Close') throw new RpcError(301, 'Account close tx is disabled.');
            if (t.fastSet) throw new RpcError(103, "'fast' field of Withdraw transaction must not be set manually.");
            ts.push(t);
            itemSigs.push(it.signature === undefined ? null : it.signature);
        }
        const withdrawals = ts.filter((t) => t.type === 'Withdraw' || t.type === 'WithdrawNFT' || t.type === 'ForcedExit').length;
        if (withdrawals > 10) throw new RpcError(300, 'The number of withdrawals in the batch is too big');
        for (const t of ts) {
            await T.checkStateless(t, this.tokens);
            this.checkForcedExitTarget(t);
        }
        this.checkFeeBatch(ts);
        // Ethereum signatures
        const ti = (id) => this.tokenInfo(id);
        if (batchSigs.length > 0) {
            const groups = [];
            for (const t of ts) {
                const last = groups[groups.length - 1];
                if (last && last.address === t.account) last.txs.push(t);
                else groups.push({ address: t.account, txs: [t] });
            }
            if (batchSigs.length > groups.length) throw new RpcError(300, 'Too many Ethereum signatures provided');
            const msgOf = (g) => {
                const parts = g.txs.map((t) => T.ethMessagePart(t, ti)).filter((p) => p.length);
                const body = `${parts.join('\n')}\nNonce: ${g.txs[0].nonce}`;
                return groups.length > 1 ? `From: ${g.address}\n${body}` : body;
            };
            for (const g of groups) {
                const need = g.txs.some((t) => t.type !== 'ChangePubKey' && this.needsEthSig(t.account, t.signer, false));
                if (!need) continue;
                const msg = msgOf(g);
                const okSig = batchSigs.some((s) => s.type === 'EthereumSignature' && T.recover(msg, s.signature) === g.address);
                if (!okSig) throw new RpcError(202, 'Eth signature is incorrect');
            }
            ts.forEach((t, i) => {
                if (t.type === 'Swap') {
                    const v = itemSigs[i];
                    const os = Array.isArray(v) && v.length === 3 ? [U.ethSigObj(v[1], 'order0'), U.ethSigObj(v[2], 'order1')] : [null, null];
                    this.checkOrderSigs(t, os);
                }
            });
        } else {
            ts.forEach((t, i) => this.checkEthSingle(t, itemSigs[i]));
        }
        for (const t of ts) await this.checkOnchainAuth(t);
        // nonces (sync from here on)
        const seen = new Map();
        for (const t of ts) {
            const na = nonceAccount(t);
            if (!seen.has(na)) {
                const cur = this.acc(this.state, na);
                seen.set(na, (cur ? cur.nonce : 0) + this.pendingCount(na));
            }
            if (t.nonce < seen.get(na)) throw new RpcError(101, 'Tx nonce is too low.');
            seen.set(na, Math.max(seen.get(na), t.nonce + 1));
        }
        this.checkMempoolRoom(ts.length);
        for (const t of ts) {
            t.fast = false;
            t.hash = T.hashStr(await T.txHashBytes(t));
            if (this.knownHash(t.hash)) throw incorrect('Transaction is already in the mempool or executed');
        }
        if (new Set(ts.map((t) => t.hash)).size !== ts.length) throw incorrect('Transaction is already in the mempool or executed');
        this.mempool.push({ kind: 'batch', txs: ts });
        return ts.map((t) => t.hash);
    }

    // ---------------- execution ----------------
    /// Applies t to st; returns null or a fail reason. st may be partially modified on failure
    /// (callers run it on a copy).
    applyTx(st, t, blk) {
        const now = Math.floor(Date.now() / 1000);
        const signerOk = (a, signer) => {
            if (a.pubKeyHash === U.ZERO_PKH) return 'Account is locked';
            if (a.pubKeyHash !== signer) return `${t.type} signature is incorrect`;
            return null;
        };
        if (t.validFrom !== undefined && t.validFrom > now) return 'The transaction can\'t be executed in the block because of an invalid time';
        switch (t.type) {
            case 'Transfer':
            case 'Withdraw': {
                const a = this.accById(st, t.accountId);
                if (!a || a.address !== t.from) return 'From account does not exist';
                const e = signerOk(a, t.signer);
                if (e) return e;
                if (t.nonce !== a.nonce) return 'Nonce mismatch';
                const isNft = t.token >= U.MIN_NFT_ID;
                if (!isNft && !this.tokens[t.token]) return 'Token id is not supported';
                if (isNft && t.fee !== 0n) return 'FeeToken id is not supported';
                if (this.bal(a, t.token) < t.amount + t.fee) return isNft ? 'Not enough nft balance' : 'Not enough balance';
                if (t.type === 'Transfer') {
                    if (t.to === U.ZERO_ADDR) return 'Transfer to Account with address 0 is not allowed';
                    this.add(a, t.token, -(t.amount + t.fee));
                    const b = this.ensureAcc(st, t.to);
                    this.add(b, t.token, t.amount);
                    if (isNft && t.amount > 0n) st.nfts.get(t.token).owner = b.id;
                } else {
                    if (isNft) return 'Token id is not supported';
                    this.add(a, t.token, -(t.amount + t.fee));
                    blk.withdrawals.push({ op: OP_TYPE.Withdraw, owner: t.to, tokenId: t.token, amount: t.amount, hash: t.hash });
                }
                this.add(this.accById(st, 0), t.token, t.fee);
                a.nonce++;
                return null;
            }
            case 'ChangePubKey': {
                const a = this.accById(st, t.accountId);
                if (!a || a.address !== t.account) return 'Account does not exist';
                if (t.nonce !== a.nonce) return 'Nonce mismatch';
                if (!this.tokens[t.feeToken]) return 'FeeToken id is not supported';
                if (this.bal(a, t.feeToken) < t.fee) return 'Not enough balance';
                this.add(a, t.feeToken, -t.fee);
                this.add(this.accById(st, 0), t.feeToken, t.fee);
                a.pubKeyHash = t.newPkHash;
                if (t.auth.type === 'CREATE2') a.accountType = 'CREATE2';
                a.nonce++;
                return null;
            }
            case 'ForcedExit': {
                const a = this.accById(st, t.initiatorAccountId);
                if (!a) return 'Initiator account does not exist';
                const e = signerOk(a, t.signer);
                if (e) return e;
                if (t.nonce !== a.nonce) return 'Nonce mismatch';
                if (!this.tokens[t.token]) return 'Token id is not supported';
                const target = this.acc(st, t.target);
                if (!target) return 'Target account does not exist';
                if (target.pubKeyHash !== U.ZERO_PKH) return 'Target account is not locked; forced exit is forbidden';
                if (this.bal(a, t.token) < t.fee) return 'Not enough balance';
                this.add(a, t.token, -t.fee);
                const amount = this.bal(target, t.token);
                if (amount === 0n && target !== a) return 'Target account has no balance';
                this.add(target, t.token, -amount);
                this.add(this.accById(st, 0), t.token, t.fee);
                blk.withdrawals.push({ op: OP_TYPE.ForcedExit, owner: t.target, tokenId: t.token, amount, hash: t.hash });
                a.nonce++;
                return null;
            }
            case 'MintNFT': {
                const a = this.accById(st, t.creatorId);
                if (!a || a.address !== t.creatorAddress) return 'Creator account does not exist';
                const e = signerOk(a, t.signer);
                if (e) return e;
                if (t.nonce !== a.nonce) return 'Nonce mismatch';
                if (!this.tokens[t.feeToken]) return 'FeeToken id is not supported';
                const r = this.acc(st, t.recipient);
                if (!r) return 'Recipient account not found';
                if (this.bal(a, t.feeToken) < t.fee) return 'Not enough balance';
                this.add(a, t.feeToken, -t.fee);
                this.add(this.accById(st, 0), t.feeToken, t.fee);
                const id = st.nextNftId++;
                a.mintedCount++;
                const serialId = a.mintedCount - 1;
                const address = '0x' + ethers.utils.keccak256(ethers.utils.solidityPack(['uint32', 'uint32', 'bytes32'], [a.id, serialId, t.contentHash])).slice(26);
                st.nfts.set(id, { id, contentHash: t.contentHash, creatorId: a.id, creatorAddress: a.address, serialId, address, symbol: `NFT-${id}`, owner: r.id, mintTx: t.hash });
                this.add(r, id, 1n);
                blk.mints.push({ hash: t.hash, id });
                a.nonce++;
                return null;
            }
            case 'WithdrawNFT': {
                const a = this.accById(st, t.accountId);
                if (!a || a.address !== t.from) return 'From account does not exist';
                const e = signerOk(a, t.signer);
                if (e) return e;
                if (t.nonce !== a.nonce) return 'Nonce mismatch';
                if (!this.tokens[t.feeToken]) return 'FeeToken id is not supported';
                const n = st.nfts.get(t.token);
                if (!n) return 'NFT was not found';
                if (this.bal(a, t.token) < 1n) return 'Not enough nft balance';
                if (this.bal(a, t.feeToken) < t.fee) return 'Not enough balance';
                this.add(a, t.feeToken, -t.fee);
                this.add(this.accById(st, 0), t.feeToken, t.fee);
                this.add(a, t.token, -1n);
                n.owner = null;
                blk.nftWithdrawals.push({ id: t.token, owner: t.to, hash: t.hash });
                a.nonce++;
                return null;
            }
            case 'Swap': {
                const s = this.accById(st, t.submitterId);
                if (!s || s.address !== t.submitterAddress) return 'Submitter account does not exist';
                const e = signerOk(s, t.signer);
                if (e) return e;
                if (t.nonce !== s.nonce) return 'Nonce mismatch';
                const [oa, ob] = t.orders;
                const A = this.accById(st, oa.accountId);
                const B = this.accById(st, ob.accountId);
                if (!A || !B) return 'Account does not exist';
                if (A.id === B.id) return 'Self-swap is not allowed';
                for (const [acct, i] of [[A, 0], [B, 1]]) {
                    const e2 = signerOk(acct, t.orderSigners[i]);
                    if (e2) return e2;
                }
                if (oa.tokenSell !== ob.tokenBuy || oa.tokenBuy !== ob.tokenSell) return 'Buy/Sell tokens do not match';
                if (!this.tokens[oa.tokenSell] || !this.tokens[oa.tokenBuy] || !this.tokens[t.feeToken]) return 'Token id is not supported';
                if (oa.nonce !== A.nonce || ob.nonce !== B.nonce) return 'Nonce mismatch';
                const [a0, a1] = t.amounts;
                if ((oa.amount !== 0n && oa.amount !== a0) || (ob.amount !== 0n && ob.amount !== a1)) return 'Amounts do not match';
                if (a1 * oa.ratio[0] < a0 * oa.ratio[1] || a0 * ob.ratio[0] < a1 * ob.ratio[1]) return 'Amounts are not compatible with prices';
                if (this.bal(A, oa.tokenSell) < a0 || this.bal(B, ob.tokenSell) < a1) return 'Not enough balance';
                this.add(A, oa.tokenSell, -a0);
                this.add(B, ob.tokenSell, -a1);
                this.add(this.ensureAcc(st, ob.recipient), oa.tokenSell, a0);
                this.add(this.ensureAcc(st, oa.recipient), ob.tokenSell, a1);
                if (this.bal(s, t.feeToken) < t.fee) return 'Not enough balance';
                this.add(s, t.feeToken, -t.fee);
                this.add(this.accById(st, 0), t.feeToken, t.fee);
                s.nonce++;
                if (oa.amount !== 0n) A.nonce++;
                if (ob.amount !== 0n) B.nonce++;
                return null;
            }
            default:
                return 'Unsupported transaction';
        }
    }

    applyPriorityOp(st, op, blk) {
        if (op.opType === 1) {
            const a = this.ensureAcc(st, op.to);
            this.add(a, op.tokenId, op.amount);
        } else if (op.opType === 6) {
            const a = this.accById(st, op.accountId);
            if (a && a.address === op.owner) {
                const amount = this.bal(a, op.tokenId);
                if (amount > 0n) {
                    this.add(a, op.tokenId, -amount);
                    if (op.tokenId >= U.MIN_NFT_ID) {
                        st.nfts.get(op.tokenId).owner = null;
                        blk.nftWithdrawals.push({ id: op.tokenId, owner: op.owner, hash: null });
                    } else blk.withdrawals.push({ op: OP_TYPE.FullExit, owner: op.owner, tokenId: op.tokenId, amount, hash: null });
                }
            }
        }
    }

    /// Seals a block with the ready priority ops and the whole mempool. Returns the block or null.
    seal(force) {
        if (this.frozen) return null;
        const latest = this.l1Latest || 0;
        const ready = this.pendingOps.filter((o) => latest >= o.ethBlock + this.confirmations);
        if (!ready.length && !this.mempool.length) return null;
        if (this.paused && !force) return null;
        const number = this.blocks.length + 1;
        const blk = { number, txHashes: [], ops: [], withdrawals: [], nftWithdrawals: [], mints: [], verified: false, committedAt: Date.now(), l1Committed: false };
        ready.sort((a, b) => a.serialId - b.serialId);
        for (const op of ready) {
            this.applyPriorityOp(this.state, op, blk);
            blk.ops.push(op.serialId);
            this.executedOps.set(op.serialId, number);
        }
        this.pendingOps = this.pendingOps.filter((o) => !ready.includes(o));
        const entries = this.mempool;
        this.mempool = [];
        for (const e of entries) {
            const work = structuredClone(this.state);
            const saved = { w: blk.withdrawals.length, n: blk.nftWithdrawals.length, m: blk.mints.length };
            let fail = null;
            for (const t of e.txs) {
                fail = this.applyTx(work, t, blk);
                if (fail) break;
            }
            if (fail) {
                blk.withdrawals.length = saved.w;
                blk.nftWithdrawals.length = saved.n;
                blk.mints.length = saved.m;
                for (const t of e.txs) this.receipts.set(t.hash, { blockNumber: number, success: false, failReason: fail });
            } else {
                this.state = work;
                for (const t of e.txs) this.receipts.set(t.hash, { blockNumber: number, success: true, failReason: null });
            }
            for (const t of e.txs) blk.txHashes.push(t.hash);
        }
        for (const m of blk.mints) this.nftByTx.set(m.hash, m.id);
        blk.snapshot = structuredClone(this.state);
        this.finishBlock(blk, SUN.ZERO32);
        this.blocks.push(blk);
        this.fastPending = false;
        this.commitOnL1(blk);
        return blk;
    }

    /// The block's L1 data: pending onchain ops (devnet encoding, see DevZkSync.sol) and the
    /// mainnet StoredBlockInfo. stateHash: the Rescue root for the final block of the sunset,
    /// 32 zero bytes for the others (not computed).
    finishBlock(blk, stateHash) {
        const coder = ethers.utils.defaultAbiCoder;
        blk.pubdata = [];
        for (const x of blk.withdrawals) {
            if (x.amount > 0n) blk.pubdata.push(coder.encode(['uint8', 'address', 'uint32', 'uint128'], [x.op, x.owner, x.tokenId, x.amount.toString()]));
        }
        for (const x of blk.nftWithdrawals) blk.pubdata.push(coder.encode(['uint8', 'address', 'uint32', 'uint128'], [OP_TYPE.WithdrawNFT, x.owner, x.id, 0]));
        let opsHash = EMPTY_STRING_KECCAK;
        for (const p of blk.pubdata) opsHash = ethers.utils.keccak256(ethers.utils.concat([opsHash, p]));
        const commitment = ethers.utils.keccak256(ethers.utils.concat([
            ethers.utils.hexZeroPad(ethers.utils.hexlify(blk.number), 32),
            ...blk.txHashes.map((h) => '0x' + h.replace(/^sync-tx:/, ''))
        ]));
        blk.stored = {
            blockNumber: blk.number, priorityOperations: blk.ops.length, pendingOnchainOperationsHash: opsHash,
            timestamp: Math.floor(blk.committedAt / 1000), stateHash, commitment
        };
    }

    commitOnL1(blk) {
        blk.committing = true;
        this.l1.operatorTx((o) => this.l1.main.devCommitBlock(blk.stored, o))
            .then(() => { blk.l1Committed = true; })
            .catch((e) => console.error(`devnet: L1 commit of block ${blk.number} failed (will retry): ${e.message}`))
            .finally(() => { blk.committing = false; });
    }

    async verifyNext() {
        const blk = this.blocks.find((b) => !b.verified);
        if (!blk || blk.verifying) return;
        if (!blk.l1Committed) {
            // a failed L1 commit is retried, in block order
            if (!blk.committing && this.blocks.every((b) => b.number >= blk.number || b.l1Committed)) {
                if ((await this.l1.main.totalBlocksCommitted()) >= blk.number) blk.l1Committed = true;
                else this.commitOnL1(blk);
            }
            return;
        }
        if (Date.now() < blk.committedAt + this.verifyDelay) return;
        blk.verifying = true;
        try {
            const rc = await this.l1.operatorTx((o) => this.l1.main.executeBlocks([{ storedBlock: blk.stored, pendingOnchainOpsPubdata: blk.pubdata }], o));
            blk.executeTx = rc.transactionHash;
            for (const x of [...blk.withdrawals, ...blk.nftWithdrawals]) if (x.hash) this.ethTxForWithdrawal.set(x.hash, rc.transactionHash);
            this.verified = blk.snapshot;
            blk.verified = true;
        } catch (e) {
            console.error(`devnet: L1 execute of block ${blk.number} failed (will retry): ${e.message}`);
            if ((await this.l1.main.totalBlocksExecuted().catch(() => 0)) >= blk.number) {
                this.verified = blk.snapshot;
                blk.verified = true;
            }
        } finally {
            blk.verifying = false;
        }
    }

    async pollL1() {
        const { latest, ops } = await this.l1.scan();
        this.l1Latest = latest;
        let added = false;
        for (const op of ops) {
            if (!this.executedOps.has(op.serialId) && !this.pendingOps.some((p) => p.serialId === op.serialId)) {
                this.pendingOps.push(op);
                added = true;
            }
        }
        // priority ops run in serial-id order, also when a late log was found by a rescan
        if (added) this.pendingOps.sort((a, b) => a.serialId - b.serialId);
        // no L1 traffic on a devnet: mine empty blocks so that priority ops reach their confirmations
        if (this.pendingOps.some((o) => latest < o.ethBlock + this.confirmations)) await this.l1.mine();
    }

    startLoops() {
        let lastSeal = Date.now();
        const tick = async () => {
            if (this.busy || this.stopped) return;
            this.busy = true;
            try {
                await this.pollL1();
                if (Date.now() - lastSeal >= this.blockInterval || this.fastPending) {
                    this.seal(false);
                    lastSeal = Date.now();
                }
                await this.verifyNext();
            } catch (e) {
                console.error(`devnet: loop error: ${e.stack || e.message}`);
            } finally {
                this.busy = false;
            }
        };
        this.timer = setInterval(tick, 50);
    }

    // ---------------- sunset (the 2026 shutdown) ----------------
    /// Runs fn while the block-producer loop is idle (the loop skips its ticks meanwhile).
    async exclusive(fn) {
        while (this.busy) await sleep(5);
        this.busy = true;
        try {
            return await fn();
        } finally {
            this.busy = false;
        }
    }

    /// Parses the devnet_sunset options: { migrateTokens: [tokenLike…] | "all" | "none", snapshotDir }.
    sunsetOptions(o) {
        if (o === undefined || o === null) o = {};
        U.needObj(o, 'options');
        for (const k of Object.keys(o)) if (!['migrateTokens', 'snapshotDir'].includes(k)) throw badParams(`options: unknown key ${k}`);
        let migrate = this.opts.sunsetMigrate === undefined ? 'all' : this.opts.sunsetMigrate;
        if (o.migrateTokens !== undefined) migrate = o.migrateTokens;
        let list;
        if (migrate === 'all') list = this.tokens.filter(Boolean);
        else if (migrate === 'none') list = [];
        else if (Array.isArray(migrate)) list = migrate.map((x) => this.resolveToken(x));
        else throw badParams('migrateTokens: expected "all", "none" or an array of tokens');
        let dir = o.snapshotDir !== undefined ? o.snapshotDir : this.opts.snapshotDir;
        if (dir !== undefined && dir !== null && (typeof dir !== 'string' || dir === '')) throw badParams('snapshotDir: expected a path');
        return { migrate: [...new Set(list)], snapshotDir: dir || null };
    }

    /// The shutdown, as the operator did it in 2026 (docs/devnet.md): refuse L2 txs (305), pause
    /// deposits, drain and execute every pending block, seal a final empty block whose stateHash
    /// is the Rescue root of the final state, write the snapshot, deploy and point to the claim
    /// distributor (exodus mode), migrate the tokens. Idempotent: a second call answers the result
    /// of the first.
    sunset(rawOpts) {
        const opts = this.sunsetOptions(rawOpts); // bad options answer -32602, also after the switch
        if (!this.sunsetRun) {
            this.sunsetRun = this.runSunset(opts).catch((e) => {
                console.error(`devnet: sunset failed: ${e.stack || e.message}`);
                this.sunsetRun = null;
                throw new RpcError(-32603, `sunset failed: ${e.message}`);
            });
        }
        return this.sunsetRun;
    }

    /// Governor pauses deposits on L1 (idempotent); resolves to the tx hash or null if already paused.
    async pauseDeposits() {
        if (await this.l1.main.pausedDeposits()) return null;
        return (await this.l1.operatorTx((o) => this.l1.main.pauseDeposits(o))).transactionHash;
    }

    /// The steps of devnet_sunset. What is done is kept in this.sun, so that a retry after a failure
    /// (an L1 hiccup) resumes instead of sealing a second final block or deploying a second distributor.
    async runSunset(opts) {
        const l1 = this.l1;
        const t0 = Date.now();
        const sun = this.sun || (this.sun = { txs: { migrateToken: {} } });
        const txs = sun.txs;
        this.l2Disabled = true;
        const p = await this.pauseDeposits();
        if (p) txs.pauseDeposits = p;
        if (!sun.final) {
            const pauseBlock = await l1.blockNumber();
            this.verifyDelay = 0;
            // drain: every priority op up to the pause, then the mempool, until nothing is left
            for (let polls = 0; ; polls++) {
                const done = await this.exclusive(async () => {
                    await this.pollL1();
                    if (polls >= 2 && this.l1.lastScanned >= pauseBlock && !this.pendingOps.length && !this.mempool.length) return true;
                    this.seal(true);
                    return false;
                });
                if (done) break;
                if (Date.now() - t0 > 120000) throw new Error('pending priority ops or txs did not drain in 120 s');
                await sleep(20);
            }
            await this.waitVerified(t0);
            this.frozen = true;
            // the final state (every block is verified: the verified state is the committed one)
            sun.snap = SUN.snapshotOf(this.verified, this.tokens);
            try {
                sun.sr = await SUN.stateRootOf(sun.snap);
            } catch (e) {
                console.error(`devnet: state root not computed: ${e.stack || e.message}`);
                sun.sr = { root: SUN.ZERO32, computed: false, reason: `state_root.js failed: ${e.message}` };
            }
            const blk = { number: this.blocks.length + 1, txHashes: [], ops: [], withdrawals: [], nftWithdrawals: [], mints: [], verified: false, committedAt: Date.now(), l1Committed: false, final: true };
            blk.snapshot = structuredClone(this.state);
            this.finishBlock(blk, sun.sr.root);
            this.blocks.push(blk);
            sun.final = blk;
            this.commitOnL1(blk);
        }
        await this.waitVerified(t0);
        const blk = sun.final;
        // snapshot files and the claim tree
        if (!sun.tree) {
            sun.leaves = SUN.leavesOf(sun.snap);
            sun.tree = SUN.claimTree(sun.leaves);
        }
        if (!sun.dir) sun.dir = path.resolve(opts.snapshotDir || (this.opts.stateOut ? `${this.opts.stateOut}.snapshot` : fs.mkdtempSync(path.join(os.tmpdir(), 'zks-devnet-snapshot-'))));
        SUN.writeSnapshot(sun.dir, sun.snap, sun.leaves);
        // distributor, claim root (exodus mode), token migration
        if (!sun.distributor) sun.distributor = await l1.deployDistributor(sun.tree.root);
        if (!txs.setClaimRoot) txs.setClaimRoot = (await l1.councilTx((m, o) => m.setClaimRoot(sun.distributor, o))).transactionHash;
        const migrated = [];
        const skipped = [];
        for (const t of this.tokens.filter(Boolean)) {
            if (await l1.main.isTokenMigrated(t.address)) {
                migrated.push(t.address);
                continue;
            }
            if (!opts.migrate.includes(t)) {
                skipped.push({ symbol: t.symbol, address: t.address, reason: 'not selected' });
                continue;
            }
            const held = t.id === 0 ? await l1.provider.getBalance(l1.mainAddress) : await l1.tokenContract(t.address).balanceOf(l1.mainAddress);
            if (held.isZero()) {
                skipped.push({ symbol: t.symbol, address: t.address, reason: 'the contract holds none (migrateToken would revert tm5)' });
                continue;
            }
            txs.migrateToken[t.symbol] = (await l1.operatorTx((o) => l1.main.migrateToken(t.address, o))).transactionHash;
            migrated.push(t.address);
        }
        this.sunsetResult = {
            distributor: sun.distributor,
            claimRoot: sun.tree.root,
            leaves: sun.leaves.length,
            snapshotDir: sun.dir,
            lastExecutedBlock: blk.number,
            executeBlocksTx: blk.executeTx,
            stateRoot: sun.sr.root,
            stateRootComputed: sun.sr.computed,
            ...(sun.sr.reason ? { stateRootNote: sun.sr.reason } : {}),
            migratedTokens: migrated,
            skippedTokens: skipped,
            governor: l1.operatorKey.address.toLowerCase(),
            securityCouncil: l1.councilKey.address.toLowerCase(),
            l1Txs: txs,
            ms: Date.now() - t0
        };
        if (this.onSunset) await this.onSunset(this.sunsetResult);
        return this.sunsetResult;
    }

    async waitVerified(t0) {
        while (this.blocks.some((b) => !b.verified)) {
            if (Date.now() - t0 > 120000) throw new Error('blocks were not executed on L1 in 120 s');
            await sleep(20);
        }
    }

    // ---------------- views ----------------
    stateView(st, a) {
        const balances = {};
        const nfts = {};
        const mintedNfts = {};
        if (a) {
            for (const [tid, v] of [...a.balances.entries()].sort((x, y) => x[0] - y[0])) {
                if (v === 0n) continue;
                if (tid >= U.MIN_NFT_ID) {
                    const n = st.nfts.get(tid);
                    if (n) nfts[tid] = nftView(n);
                } else balances[this.tokens[tid].symbol] = v.toString();
            }
            for (const n of st.nfts.values()) if (n.creatorId === a.id) mintedNfts[n.id] = nftView(n);
        }
        return { balances, nfts, mintedNfts, nonce: a ? a.nonce : 0, pubKeyHash: a ? a.pubKeyHash : U.ZERO_PKH };
    }

    accountInfo(address) {
        const a = this.acc(this.state, address);
        const v = this.acc(this.verified, address);
        const depositing = {};
        for (const op of this.pendingOps) {
            if (op.opType !== 1 || op.to !== address) continue;
            const sym = this.tokens[op.tokenId].symbol;
            const prev = depositing[sym];
            const exp = op.ethBlock + this.confirmations;
            depositing[sym] = {
                amount: ((prev ? BigInt(prev.amount) : 0n) + op.amount).toString(),
                expectedAcceptBlock: prev ? Math.max(prev.expectedAcceptBlock, exp) : exp
            };
        }
        return {
            address,
            id: a ? a.id : null,
            depositing: { balances: depositing },
            committed: this.stateView(this.state, a),
            verified: this.stateView(this.verified, v),
            accountType: a ? a.accountType : null
        };
    }

    blockInfo(n) {
        const b = this.blocks[n - 1];
        return { blockNumber: n, committed: true, verified: b.verified };
    }

    // ---------------- RPC ----------------
    methods() {
        const P = (min, max, fn) => ({ min, max, fn });
        const hashArg = (h) => {
            if (typeof h !== 'string' || !/^(sync-tx:|0x)[0-9a-fA-F]{64}$/.test(h)) throw badParams('invalid tx hash');
            return 'sync-tx:' + h.replace(/^(sync-tx:|0x)/, '').toLowerCase();
        };
        const nftArg = (x) => U.u32(x, 'tokenId');
        return {
            account_info: P(1, 1, ([a]) => this.accountInfo(U.addr(a, 'address'))),
            ethop_info: P(1, 1, ([id]) => {
                U.u32(id, 'serialId');
                const n = this.executedOps.get(id);
                return n ? { executed: true, block: this.blockInfo(n) } : { executed: false, block: null };
            }),
            tx_info: P(1, 1, ([h]) => {
                const r = this.receipts.get(hashArg(h));
                if (!r) return { executed: false, success: null, failReason: null, block: null };
                return { executed: true, success: r.success, failReason: r.failReason, block: this.blockInfo(r.blockNumber) };
            }),
            tx_submit: P(1, 3, (p) => this.txSubmit(p)),
            submit_txs_batch: P(1, 2, (p) => this.submitBatch(p)),
            contract_address: P(0, 0, () => ({ mainContract: this.l1.mainAddress, govContract: this.l1.govAddress })),
            tokens: P(0, 0, () => {
                const out = {};
                for (const t of this.tokens) if (t) out[t.symbol] = { id: t.id, address: t.address, symbol: t.symbol, decimals: t.decimals, kind: 'ERC20', is_nft: false };
                return out;
            }),
            get_tx_fee: P(3, 3, ([type, address, tokenLike]) => {
                const ft = parseFeeType(type);
                const to = U.addr(address, 'address');
                const tok = this.resolveToken(tokenLike);
                if (!tok.feeAllowed) throw new RpcError(105, 'Chosen token is not suitable for paying fees.');
                let { key, out } = ft;
                if (key === 'Transfer' && !this.acc(this.state, to)) key = out = 'TransferToNew';
                const f = this.fees.fee(key, out, tok);
                if (this.faults.feeOverride !== null) f.totalFee = this.faults.feeOverride;
                return f;
            }),
            get_txs_batch_fee_in_wei: P(3, 3, ([types, addrs, tokenLike]) => {
                if (!Array.isArray(types) || !Array.isArray(addrs)) throw badParams('expected arrays');
                if (types.length !== addrs.length) throw new RpcError(103, 'Number of tx_types must be equal to the number of addresses');
                const tok = this.resolveToken(tokenLike);
                if (!tok.feeAllowed) throw new RpcError(105, 'Chosen token is not suitable for paying fees.');
                const keys = types.map((ty, i) => {
                    const { key } = parseFeeType(ty);
                    const a = U.addr(addrs[i], `addresses[${i}]`);
                    return key === 'Transfer' && !this.acc(this.state, a) ? 'TransferToNew' : key;
                });
                if (this.faults.feeOverride !== null) return { totalFee: this.faults.feeOverride };
                return { totalFee: this.fees.batchTotal(keys, tok).toString() };
            }),
            get_token_price: P(1, 1, ([tl]) => this.resolveToken(tl).price),
            get_confirmations_for_eth_op_amount: P(0, 0, () => this.confirmations),
            get_eth_tx_for_withdrawal: P(1, 1, ([h]) => this.ethTxForWithdrawal.get(hashArg(h)) || null),
            get_zksync_version: P(0, 0, () => 'contracts-6'),
            get_nft: P(1, 1, ([id]) => {
                const n = this.verified.nfts.get(nftArg(id));
                return n ? { ...nftView(n), currentFactory: U.ZERO_ADDR, withdrawnFactory: null } : null;
            }),
            get_nft_owner: P(1, 1, ([id]) => {
                const n = this.verified.nfts.get(nftArg(id));
                return n && n.owner !== null ? n.owner : null;
            }),
            get_nft_id_by_tx_hash: P(1, 1, ([h]) => {
                const id = this.nftByTx.get(hashArg(h));
                return id === undefined ? null : id;
            }),
            toggle_2fa: P(1, 1, ([req]) => this.toggle2fa(req)),
            // ---- devnet control ----
            devnet_sunset: P(0, 1, ([o]) => this.sunset(o)),
            devnet_pauseDeposits: P(0, 0, async () => ({ txHash: await this.pauseDeposits() })),
            devnet_sealBlock: P(0, 0, () => {
                const b = this.seal(true);
                return { blockNumber: b ? b.number : null };
            }),
            devnet_setVerifyDelay: P(1, 1, ([ms]) => {
                if (!Number.isInteger(ms) || ms < 0 || ms > 3600000) throw badParams('delay in ms expected');
                this.verifyDelay = ms;
                return true;
            }),
            devnet_setBlockInterval: P(1, 1, ([ms]) => {
                if (!Number.isInteger(ms) || ms < 10 || ms > 3600000) throw badParams('interval in ms expected');
                this.blockInterval = ms;
                return true;
            }),
            devnet_setConfirmations: P(1, 1, ([n]) => {
                if (!Number.isInteger(n) || n < 0 || n > 1000) throw badParams('confirmations: expected 0..1000');
                this.confirmations = n;
                return true;
            }),
            devnet_setTokenFeeAllowed: P(2, 2, ([tl, allowed]) => {
                if (typeof allowed !== 'boolean') throw badParams('allowed: expected bool');
                this.resolveToken(tl).feeAllowed = allowed;
                return true;
            }),
            // {dropReply: method, count}: the next `count` requests of `method` are handled, then the
            // connection is closed without a reply (outcome unknown for the client);
            // {l1DropReply: method, count}: the same on the L1 front-end; {feeOverride: "wei"|null}:
            // get_tx_fee / get_txs_batch_fee_in_wei quote that totalFee (a hostile server); {clear: true}.
            devnet_fault: P(1, 1, ([f]) => {
                if (!U.isObj(f)) throw badParams('fault object expected');
                if (f.clear) { this.faults = { drop: {}, feeOverride: null }; this.l1.faults = { drop: {} }; }
                const cnt = (c) => (Number.isInteger(c) && c >= 0 && c <= 1000 ? c : 1);
                if (typeof f.dropReply === 'string') this.faults.drop[f.dropReply] = cnt(f.count);
                if (typeof f.l1DropReply === 'string') {
                    if (!this.l1.faults) this.l1.faults = { drop: {} };
                    this.l1.faults.drop[f.l1DropReply] = cnt(f.count);
                }
                if (f.feeOverride !== undefined) {
                    if (f.feeOverride !== null && (typeof f.feeOverride !== 'string' || !/^[0-9]{1,78}$/.test(f.feeOverride))) throw badParams('feeOverride: decimal string or null');
                    this.faults.feeOverride = f.feeOverride;
                }
                return { drop: this.faults.drop, l1Drop: this.l1.faults ? this.l1.faults.drop : {}, feeOverride: this.faults.feeOverride };
            }),
            devnet_pause: P(1, 1, ([p]) => {
                if (typeof p !== 'boolean') throw badParams('expected bool');
                this.paused = p;
                return true;
            }),
            devnet_info: P(0, 0, () => ({
                blocks: this.blocks.length, verifiedBlocks: this.blocks.filter((b) => b.verified).length,
                mempool: this.mempool.reduce((n, e) => n + e.txs.length, 0), pendingPriorityOps: this.pendingOps.length,
                blockInterval: this.blockInterval, verifyDelay: this.verifyDelay, confirmations: this.confirmations, paused: this.paused,
                handlerMicros: Number((this.handlerNanos || 0n) / 1000n),
                l2Disabled: !!this.l2Disabled, frozen: !!this.frozen, sunset: this.sunsetResult ? 'done' : this.sunsetRun ? 'running' : 'no'
            }))
        };
    }

    toggle2fa(req) {
        U.needObj(req, 'toggle2FA');
        if (typeof req.enable !== 'boolean') throw badParams('enable: expected bool');
        U.u32(req.accountId, 'accountId');
        if (!Number.isInteger(req.timestamp) || req.timestamp < 0) throw badParams('timestamp: expected u64');
        const sig = U.ethSigObj(req.signature, 'signature');
        const pubKeyHash = req.pubKeyHash == null ? null : U.pkh(req.pubKeyHash, 'pubKeyHash');
        if (Math.abs(Date.now() - req.timestamp) > TOGGLE_2FA_MINUTES * 60000) throw new RpcError(-32602, `Timestamp differs by more than ${TOGGLE_2FA_MINUTES} minutes`);
        const a = this.accById(this.state, req.accountId);
        if (!a) throw new RpcError(304, 'Internal error');
        if (a.accountType === 'CREATE2') throw new RpcError(304, 'Can not change 2FA for a CREATE2 account');
        if (req.enable && pubKeyHash) throw new RpcError(304, 'Request to enable 2FA should not have PubKeyHash field set');
        let msg = req.enable
            ? 'By signing this message, you are opting into Two-factor Authentication protection by the zkSync Server.\n' +
              'Transactions now require signatures by both your L1 and L2 private key.\n' + `Timestamp: ${req.timestamp}`
            : 'You are opting out of Two-factor Authentication protection by the zkSync Server.\n' +
              'Transactions now only require signatures by your L2 private key.\n' +
              'BY SIGNING THIS MESSAGE, YOU ARE TRUSTING YOUR WALLET CLIENT TO KEEP YOUR L2 PRIVATE KEY SAFE!\n' + `Timestamp: ${req.timestamp}`;
        if (pubKeyHash) msg += `\nPubKeyHash: ${pubKeyHash}`;
        this.verifySig(sig, msg, a.address);
        a.accountType = req.enable ? 'Owned' : { No2FA: pubKeyHash };
        return { success: true };
    }

    async handleOne(req) {
        const id = U.isObj(req) && (typeof req.id === 'number' || typeof req.id === 'string' || req.id === null) ? req.id : null;
        const err = (code, message, data) => ({ jsonrpc: '2.0', error: data === undefined ? { code, message } : { code, message, data }, id });
        if (!U.isObj(req) || typeof req.method !== 'string' || (req.jsonrpc !== undefined && req.jsonrpc !== '2.0')) return err(-32600, 'Invalid request');
        const m = this.methodTable[req.method];
        if (!m) return err(-32601, 'Method not found');
        let params = req.params;
        if (params === undefined || params === null) params = [];
        if (!Array.isArray(params)) return err(-32602, 'Invalid params: expected a positional array');
        if (params.length < m.min || params.length > m.max) {
            return err(-32602, `Invalid params: invalid length ${params.length}, expected ${m.min === m.max ? m.min : `${m.min} to ${m.max}`}`);
        }
        const t0 = process.hrtime.bigint();
        try {
            const result = await m.fn(params);
            return { jsonrpc: '2.0', result: result === undefined ? null : result, id };
        } catch (e) {
            if (e instanceof RpcError) return err(e.code, e.message, e.data);
            console.error(`devnet: internal error in ${req.method}: ${e.stack || e}`);
            return err(-32603, 'Internal error');
        } finally {
            // Time spent inside method handlers (signature checks included), so benchmarks can
            // subtract the server's share from a client's wall time (devnet_info.handlerMicros).
            this.handlerNanos = (this.handlerNanos || 0n) + (process.hrtime.bigint() - t0);
        }
    }

    listen(port) {
        this.methodTable = this.methods();
        const maxBody = this.opts.maxBody;
        this.http = http.createServer((req, res) => {
            const send = (status, obj) => {
                const body = JSON.stringify(obj);
                res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
                res.end(body);
            };
            if (req.method !== 'POST') {
                send(405, { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request: use HTTP POST' }, id: null });
                return;
            }
            const chunks = [];
            let size = 0;
            let aborted = false;
            req.on('data', (c) => {
                if (aborted) return;
                size += c.length;
                if (size > maxBody) {
                    aborted = true;
                    res.setHeader('Connection', 'close');
                    send(413, { jsonrpc: '2.0', error: { code: -32600, message: `Request body too large (limit ${maxBody} bytes)` }, id: null });
                    req.destroy();
                    return;
                }
                chunks.push(c);
            });
            req.on('error', () => {});
            req.on('end', async () => {
                if (aborted) return;
                let body;
                try {
                    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
                } catch (e) {
                    send(200, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
                    return;
                }
                try {
                    if (Array.isArray(body)) {
                        if (body.length === 0 || body.length > 100) {
                            send(200, { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id: null });
                            return;
                        }
                        const out = [];
                        for (const r of body) out.push(await this.handleOne(r));
                        send(200, out);
                    } else {
                        const r = await this.handleOne(body);
                        const m = U.isObj(body) ? body.method : null;
                        if (m && this.faults.drop[m] > 0) {
                            // handled (the server took it), but the client never hears back
                            this.faults.drop[m]--;
                            req.socket.destroy();
                            return;
                        }
                        send(200, r);
                    }
                } catch (e) {
                    console.error(`devnet: ${e.stack || e}`);
                    send(200, { jsonrpc: '2.0', error: { code: -32603, message: 'Internal error' }, id: null });
                }
            });
        });
        this.http.requestTimeout = 30000;
        this.http.headersTimeout = 10000;
        return new Promise((resolve, reject) => {
            this.http.once('error', reject);
            this.http.listen(port, '127.0.0.1', () => resolve(this.http.address().port));
        });
    }

    async stop() {
        this.stopped = true;
        clearInterval(this.timer);
        if (this.http) {
            this.http.closeAllConnections && this.http.closeAllConnections();
            await new Promise((r) => this.http.close(() => r()));
        }
    }
}

function sleep(ms) {
    return new Promise((r) => setTimeout(r, ms));
}

function nonceAccount(t) {
    return t.account !== undefined ? t.account : t.type === 'ForcedExit' ? `id:${t.initiatorAccountId}` : undefined;
}

function nftView(n) {
    return { id: n.id, contentHash: n.contentHash, creatorId: n.creatorId, creatorAddress: n.creatorAddress, serialId: n.serialId, address: n.address, symbol: n.symbol };
}

module.exports = { ZkServer };
