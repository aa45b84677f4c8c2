#!/usr/bin/env node
// Compiles contracts/DevZkSync.sol with solc-js (evmVersion shanghai, the newest ganache 7.9.2 runs)
// into contracts/compiled.json (ABI + bytecode + a hash of the source). The devnet loads that file and
// recompiles only when the source hash differs.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const SRC = path.join(__dirname, 'contracts', 'DevZkSync.sol');
const OUT = path.join(__dirname, 'contracts', 'compiled.json');

function compile() {
    const solc = require('solc');
    const source = fs.readFileSync(SRC, 'utf8');
    const input = {
        language: 'Solidity',
        sources: { 'DevZkSync.sol': { content: source } },
        settings: {
            evmVersion: 'shanghai',
            optimizer: { enabled: true, runs: 200 },
            outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } }
        }
    };
    const out = JSON.parse(solc.compile(JSON.stringify(input)));
    const errors = (out.errors || []).filter((e) => e.severity === 'error');
    if (errors.length) throw new Error(errors.map((e) => e.formattedMessage).join('\n'));
    const contracts = {};
    for (const [name, c] of Object.entries(out.contracts['DevZkSync.sol'])) {
        contracts[name] = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
    }
    return {
        solc: solc.version(),
        evmVersion: 'shanghai',
        sourceSha256: sha(source),
        contracts
    };
}

function sha(s) {
    return crypto.createHash('sha256').update(s).digest('hex');
}

/// Returns the compiled contracts, compiling (and caching) when the source changed.
function load() {
    const source = fs.readFileSync(SRC, 'utf8');
    try {
        const c = JSON.parse(fs.readFileSync(OUT, 'utf8'));
        if (c.sourceSha256 === sha(source)) return c;
    } catch (e) { /* recompile */ }
    const c = compile();
    try { fs.writeFileSync(OUT, JSON.stringify(c, null, 1) + '\n'); } catch (e) { /* read-only tree: fine */ }
    return c;
}

module.exports = { load, compile };

if (require.main === module) {
    const c = compile();
    fs.writeFileSync(OUT, JSON.stringify(c, null, 1) + '\n');
    console.log(`compiled ${Object.keys(c.contracts).join(', ')} with solc ${c.solc} -> ${path.relative(process.cwd(), OUT)}`);
}
