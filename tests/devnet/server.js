#!/usr/bin/env node
// libzksync devnet: ganache L1 (chain id 9) + a zkSync Lite v0.1 JSON-RPC emulator, in one process.
// Usage: node server.js [--port N] [--l1-port N] [--block-interval MS] [--verify-delay MS]
//                       [--confirmations N] [--accounts N] [--max-body BYTES] [--state-out FILE] [--quiet]
//                       [--sunset-after-ms MS] [--sunset-migrate all|none|SYM,SYM…] [--snapshot-dir DIR]
// Port 0 picks a free port. --sunset-after-ms runs the shutdown switch (devnet_sunset) MS after start.
// See docs/devnet.md.
'use strict';
const fs = require('fs');
const { L1, MNEMONIC, CHAIN_ID } = require('./lib/l1');
const { ZkServer } = require('./lib/zk');

function parseArgs(argv) {
    const o = { port: 3030, l1Port: 8545, blockInterval: 200, verifyDelay: 500, confirmations: 0, accounts: 9, maxBody: 1 << 20, stateOut: null, quiet: false, sunsetAfterMs: null, sunsetMigrate: 'all', snapshotDir: null };
    const num = (k, v) => {
        const n = Number(v);
        if (!Number.isInteger(n) || n < 0) throw new Error(`bad value for ${k}: ${v}`);
        return n;
    };
    for (let i = 2; i < argv.length; i++) {
        const k = argv[i];
        const v = argv[i + 1];
        switch (k) {
            case '--port': o.port = num(k, v); i++; break;
            case '--l1-port': o.l1Port = num(k, v); i++; break;
            case '--block-interval': o.blockInterval = Math.max(10, num(k, v)); i++; break;
            case '--verify-delay': o.verifyDelay = num(k, v); i++; break;
            case '--confirmations': o.confirmations = num(k, v); i++; break;
            case '--accounts': o.accounts = Math.min(50, Math.max(1, num(k, v))); i++; break;
            case '--max-body': o.maxBody = Math.max(1024, num(k, v)); i++; break;
            case '--state-out': o.stateOut = v; i++; break;
            case '--quiet': o.quiet = true; break;
            case '--sunset-after-ms': o.sunsetAfterMs = num(k, v); i++; break;
            case '--sunset-migrate':
                if (v === undefined) throw new Error(`missing value for ${k}`);
                o.sunsetMigrate = v === 'all' || v === 'none' ? v : v.split(',').filter(Boolean);
                i++;
                break;
            case '--snapshot-dir':
                if (!v) throw new Error(`missing value for ${k}`);
                o.snapshotDir = v;
                i++;
                break;
            case '-h':
            case '--help':
                console.log(fs.readFileSync(__filename, 'utf8').split('\n').slice(2, 7).join('\n'));
                process.exit(0);
                break;
            default:
                throw new Error(`unknown option ${k}`);
        }
    }
    return o;
}

function pgid() {
    try {
        // /proc/self/stat: pid (comm) state ppid pgrp ...
        const st = fs.readFileSync('/proc/self/stat', 'utf8');
        return Number(st.slice(st.lastIndexOf(')') + 2).split(' ')[2]);
    } catch (e) {
        return process.pid;
    }
}

async function main() {
    const o = parseArgs(process.argv);
    const l1 = new L1(o);
    let zk = null;
    let stopping = false;
    const stop = async (code) => {
        if (stopping) return;
        stopping = true;
        const hard = setTimeout(() => process.exit(code), 3000);
        hard.unref();
        if (zk) await zk.stop().catch(() => {});
        await l1.stop().catch(() => {});
        process.exit(code);
    };
    process.on('SIGTERM', () => stop(0));
    process.on('SIGINT', () => stop(0));
    process.on('SIGHUP', () => stop(0));
    process.on('uncaughtException', (e) => console.error(`devnet: uncaught: ${e.stack || e}`));
    process.on('unhandledRejection', (e) => console.error(`devnet: unhandled rejection: ${e && e.stack ? e.stack : e}`));

    await l1.start();
    zk = new ZkServer(l1, o);
    const port = await zk.listen(o.port);
    zk.startLoops();
    const state = {
        pid: process.pid,
        pgid: pgid(),
        l1Url: `http://127.0.0.1:${l1.server.address().port}`,
        zksyncUrl: `http://127.0.0.1:${port}`,
        chainId: CHAIN_ID,
        mainContract: l1.mainAddress,
        govContract: l1.govAddress,
        tokens: Object.fromEntries(zk.tokens.filter(Boolean).map((t) => [t.symbol, { id: t.id, address: t.address, decimals: t.decimals }])),
        accounts: l1.testAccounts.map((a) => ({ address: a.address, privateKey: a.privateKey })),
        operator: { address: l1.operatorKey.address },
        governor: { address: l1.operatorKey.address },
        securityCouncil: { address: l1.councilKey.address, privateKey: l1.councilKey.privateKey },
        mnemonic: MNEMONIC,
        mnemonicNote: 'BIP-44 m/44\'/60\'/0\'/0/i; index 0 is the devnet operator, accounts[k] is index k+1',
        blockIntervalMs: o.blockInterval,
        verifyDelayMs: o.verifyDelay,
        confirmations: o.confirmations,
        sunset: false
    };
    const writeState = () => {
        if (!o.stateOut) return;
        const tmp = `${o.stateOut}.tmp.${process.pid}`;
        fs.writeFileSync(tmp, JSON.stringify(state, null, 2) + '\n');
        fs.renameSync(tmp, o.stateOut);
    };
    // after the shutdown switch: what clients need to exit (docs/devnet.md, "The shutdown")
    zk.onSunset = (r) => {
        Object.assign(state, {
            sunset: true,
            distributor: r.distributor,
            claimRoot: r.claimRoot,
            snapshotDir: r.snapshotDir,
            lastExecutedBlock: r.lastExecutedBlock,
            executeBlocksTx: r.executeBlocksTx,
            stateRoot: r.stateRoot,
            stateRootComputed: r.stateRootComputed,
            ...(r.stateRootNote ? { stateRootNote: r.stateRootNote } : {}),
            migratedTokens: r.migratedTokens,
            unmigratedTokens: r.skippedTokens.map((t) => t.address)
        });
        writeState();
        if (!o.quiet) console.log(`devnet: shut down (L2 txs refused, deposits paused, exodus mode); ${JSON.stringify(r, null, 2)}`);
    };
    if (o.sunsetAfterMs !== null) zk.sunsetOptions(); // a bad --sunset-migrate fails the start
    writeState();
    if (o.sunsetAfterMs !== null) {
        setTimeout(() => zk.sunset().catch(() => {}), o.sunsetAfterMs);
    }
    if (!o.quiet) {
        const lines = [
            'libzksync devnet is running (Ctrl-C stops it)',
            `  L1 (ganache, chain id ${CHAIN_ID}): ${state.l1Url}`,
            `  zkSync JSON-RPC v0.1:         ${state.zksyncUrl}`,
            `  main contract: ${state.mainContract}`,
            `  gov contract:  ${state.govContract}`,
            '  tokens:'
        ];
        for (const [s, t] of Object.entries(state.tokens)) lines.push(`    ${s.padEnd(5)} id ${String(t.id).padEnd(3)} decimals ${String(t.decimals).padEnd(3)} ${t.address}`);
        lines.push('  funded accounts (10000 ETH and 1,000,000 of each token on L1):');
        for (const a of state.accounts) lines.push(`    ${a.address}  ${a.privateKey}`);
        lines.push(`  mnemonic: ${MNEMONIC}`, `  (${state.mnemonicNote})`);
        lines.push(`  governor ${state.governor.address}, Security Council ${state.securityCouncil.address} (${state.securityCouncil.privateKey})`);
        lines.push(`  blocks every ${o.blockInterval} ms, verified after ${o.verifyDelay} ms, ${o.confirmations} L1 confirmation(s) for priority ops`);
        console.log(lines.join('\n'));
    }
}

main().catch((e) => {
    console.error(`devnet: failed to start: ${e.stack || e.message}`);
    process.exit(1);
});
