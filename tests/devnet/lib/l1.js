'use strict';
// L1 side of the devnet: an in-process ganache 7.9.2 server (chain id 9, 127.0.0.1 only),
// deployment of our contracts, the operator's hook transactions and a NewPriorityRequest watcher.
const http = require('http');
const ganache = require('ganache');
const { ethers } = require('ethers');
const compiled = require('../compile').load();

const MNEMONIC = 'myth like bonus scare over problem client lizard pioneer submit female collect';
const CHAIN_ID = 9;

const TOKENS = [
    // symbol, name, decimals, USD price (fixed)
    { symbol: 'DAI', name: 'Dai Stablecoin (devnet)', decimals: 18, price: '1' },
    { symbol: 'USDC', name: 'USD Coin (devnet)', decimals: 6, price: '1' },
    { symbol: 'WBTC', name: 'Wrapped BTC (devnet)', decimals: 8, price: '30000' }
];

/// The chain id never changes: skip ethers' eth_chainId round trip before every call.
class StaticWeb3Provider extends ethers.providers.Web3Provider {
    async detectNetwork() {
        return { chainId: CHAIN_ID, name: 'localhost' };
    }
}

class L1 {
    constructor(opts) {
        this.opts = opts;
        this.server = null;
        this.provider = null;
        this.txQueue = Promise.resolve();
    }

    async start() {
        const o = this.opts;
        this.ganache = ganache.provider({
            chain: { chainId: CHAIN_ID, networkId: CHAIN_ID, hardfork: 'shanghai' },
            // mnemonic index 0: operator (fee account, governor); 1..N: test accounts; N+1: Security Council
            wallet: { mnemonic: MNEMONIC, totalAccounts: o.accounts + 2, defaultBalance: 10000 },
            miner: { instamine: 'eager' },
            logging: { quiet: true }
        });
        // ganache 7 with eager instamine can answer a transaction that races with another one
        // (from any sender) with a bogus nonce error although it was mined: every state-changing
        // call goes through one queue, for the operator and the HTTP clients alike.
        const SERIAL = new Set(['eth_sendRawTransaction', 'eth_sendTransaction', 'evm_mine', 'evm_revert', 'evm_snapshot', 'evm_increaseTime', 'evm_setTime']);
        const raw = this.ganache;
        this.eip1193 = {
            request: (args) => {
                if (!SERIAL.has(args.method)) return raw.request(args);
                const run = this.sendQueue.then(() => raw.request(args));
                this.sendQueue = run.catch(() => {});
                return run;
            }
        };
        this.sendQueue = Promise.resolve();
        this.server = await this.listenHttp(o.l1Port);
        for (let i = 0; ; i++) {
            try {
                await raw.request({ method: 'eth_chainId', params: [] });
                break;
            } catch (e) {
                if (i >= 100) throw e;
                await new Promise((r) => setTimeout(r, 100));
            }
        }
        this.provider = new StaticWeb3Provider(this.eip1193, { chainId: CHAIN_ID, name: 'localhost' });
        this.provider.pollingInterval = 50;
        const initial = this.ganache.getInitialAccounts();
        const wallets = Object.entries(initial).map(([a, v]) => ({ address: ethers.utils.getAddress(a), privateKey: v.secretKey }));
        this.operatorKey = wallets[0];
        this.testAccounts = wallets.slice(1, 1 + o.accounts);
        this.councilKey = wallets[1 + o.accounts];
        this.council = new ethers.Wallet(this.councilKey.privateKey, this.provider);
        this.operator = new ethers.Wallet(wallets[0].privateKey, this.provider);
        this.gasPrice = (await this.provider.getGasPrice()).toBigInt();
        await this.deploy();
    }

    async deploy() {
        const c = compiled.contracts;
        const op = this.operator;
        let nonce = await op.getTransactionCount();
        const gasPrice = await this.provider.getGasPrice();
        const ov = () => ({ nonce: nonce++, gasLimit: 6000000, gasPrice });
        const mk = (name) => new ethers.ContractFactory(c[name].abi, c[name].bytecode, op);
        const gov = await mk('DevGovernance').deploy(op.address, ov());
        const main = await mk('DevZkSync').deploy(gov.address, op.address, this.councilKey.address, ov());
        const tokens = [];
        for (const t of TOKENS) {
            const tok = await mk('DevToken').deploy(t.name, t.symbol, t.decimals, ov());
            tokens.push({ ...t, contract: tok, address: tok.address.toLowerCase() });
        }
        const sends = [];
        const holders = this.testAccounts.map((a) => a.address);
        for (const t of tokens) {
            sends.push(await gov.addToken(t.address, ov()));
            sends.push(await t.contract.mintMany(holders, ethers.utils.parseUnits('1000000', t.decimals), ov()));
        }
        await Promise.all(sends.map((s) => s.wait()));
        for (const t of tokens) t.id = await gov.tokenIds(t.address);
        this.gov = gov;
        this.main = main;
        this.tokens = tokens;
        this.opNonce = nonce;
        this.mainAddress = main.address.toLowerCase();
        this.govAddress = gov.address.toLowerCase();
        this.topicPriority = main.interface.getEventTopic('NewPriorityRequest');
        this.lastScanned = await this.provider.getBlockNumber();
    }

    /// Serializes operator transactions (one nonce sequence); resolves to the mined receipt.
    operatorTx(fn) {
        const run = this.txQueue.then(async () => {
            const n = this.opNonce++;
            try {
                const tx = await fn({ nonce: n, gasLimit: 5000000 });
                if (process.env.DEVNET_DEBUG) console.error(`devnet: operator tx nonce ${n} ${tx.hash}`);
                return await tx.wait();
            } catch (e) {
                // resynchronize the nonce with the chain so that later operator txs can go through
                this.opNonce = await this.provider.getTransactionCount(this.operator.address, 'pending').catch(() => this.opNonce);
                throw e;
            }
        });
        this.txQueue = run.catch(() => {});
        return run;
    }

    async blockNumber() {
        return this.provider.getBlockNumber();
    }

    async mine() {
        await this.provider.send('evm_mine', []);
    }

    /// New NewPriorityRequest events since the last scan, decoded.
    async scan() {
        const latest = await this.provider.getBlockNumber();
        // ganache can report a new block number before that block's logs are queryable; a scan
        // that moved past it would lose the event for good. So every scan re-reads the last
        // SCAN_OVERLAP blocks too (the caller drops serial ids it already has).
        const SCAN_OVERLAP = 16;
        const logs = await this.provider.getLogs({
            address: this.main.address, topics: [this.topicPriority],
            fromBlock: Math.max(0, this.lastScanned + 1 - SCAN_OVERLAP), toBlock: latest
        });
        this.lastScanned = Math.max(this.lastScanned, latest);
        const ops = [];
        for (const log of logs) {
            const ev = this.main.interface.parseLog(log);
            const pd = Buffer.from(ev.args.pubData.slice(2), 'hex');
            const op = {
                serialId: ev.args.serialId.toNumber(), opType: ev.args.opType, ethBlock: log.blockNumber,
                ethHash: log.transactionHash, sender: ev.args.sender.toLowerCase()
            };
            if (op.opType === 1) {
                op.tokenId = pd.readUInt32BE(5);
                op.amount = BigInt('0x' + pd.subarray(9, 25).toString('hex'));
                op.to = '0x' + pd.subarray(25, 45).toString('hex');
            } else if (op.opType === 6) {
                op.accountId = pd.readUInt32BE(1);
                op.owner = '0x' + pd.subarray(5, 25).toString('hex');
                op.tokenId = pd.readUInt32BE(25);
            }
            ops.push(op);
        }
        return { latest, ops };
    }

    /// Deploys the claim distributor with the given root (operator); resolves to its address.
    async deployDistributor(root) {
        const c = compiled.contracts.DevClaimDistributor;
        const f = new ethers.ContractFactory(c.abi, c.bytecode, this.operator);
        const rc = await this.operatorTx(async (o) => (await f.deploy(root, o)).deployTransaction);
        return rc.contractAddress.toLowerCase();
    }

    tokenContract(address) {
        const c = compiled.contracts.DevToken;
        return new ethers.Contract(address, c.abi, this.provider);
    }

    distributor(address) {
        const c = compiled.contracts.DevClaimDistributor;
        return new ethers.Contract(address, c.abi, this.provider);
    }

    /// A transaction from the Security Council account (serialized like every L1 write).
    async councilTx(fn) {
        const run = this.txQueue.then(async () => {
            const tx = await fn(this.main.connect(this.council), { gasLimit: 1000000 });
            return tx.wait();
        });
        this.txQueue = run.catch(() => {});
        return run;
    }

    async authFact(address, nonce) {
        return (await this.main.authFacts(address, nonce)).toLowerCase();
    }

    /// Minimal HTTP JSON-RPC front-end for the in-process ganache provider (127.0.0.1 only).
    listenHttp(port) {
        const maxBody = this.opts.maxBody || 1 << 20;
        const one = async (req) => {
            const id = req && req.id !== undefined ? req.id : null;
            if (!req || typeof req.method !== 'string') return { jsonrpc: '2.0', id, error: { code: -32600, message: 'Invalid request' } };
            try {
                const result = await this.eip1193.request({ method: req.method, params: req.params || [] });
                return { jsonrpc: '2.0', id, result: result === undefined ? null : result };
            } catch (e) {
                const error = { code: typeof e.code === 'number' ? e.code : -32000, message: e.message };
                if (e.data !== undefined) error.data = e.data;
                return { jsonrpc: '2.0', id, error };
            }
        };
        const srv = http.createServer((req, res) => {
            const send = (status, obj) => {
                const body = JSON.stringify(obj);
                res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
                res.end(body);
            };
            if (req.method !== 'POST') return send(405, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'use HTTP POST' } });
            const chunks = [];
            let size = 0;
            let aborted = false;
            req.on('data', (c) => {
                if (aborted) return;
                size += c.length;
                if (size > maxBody) {
                    aborted = true;
                    send(413, { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Request body too large' } });
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
                    return send(200, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } });
                }
                if (Array.isArray(body)) {
                    const out = [];
                    for (const r of body.slice(0, 1000)) out.push(await one(r));
                    send(200, out);
                } else {
                    const r = await one(body);
                    const m = body && body.method;
                    if (this.faults && m && this.faults.drop[m] > 0) {
                        this.faults.drop[m]--; // the node took it; the reply is lost
                        req.socket.destroy();
                        return;
                    }
                    send(200, r);
                }
            });
        });
        return new Promise((resolve, reject) => {
            srv.once('error', reject);
            srv.listen(port, '127.0.0.1', () => resolve(srv));
        });
    }

    async stop() {
        if (this.server) {
            if (this.server.closeAllConnections) this.server.closeAllConnections();
            await new Promise((r) => this.server.close(() => r()));
        }
        if (this.ganache) await this.ganache.disconnect().catch(() => {});
    }
}

module.exports = { L1, MNEMONIC, CHAIN_ID };
