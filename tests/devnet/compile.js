#!/usr/bin/env node
// Compiles contracts/*.sol with solc-js (evmVersion shanghai, the newest ganache 7.9.2 runs) into
// contracts/compiled.json (ABI + bytecode + one hash over every source file, imports from
// node_modules such as @openzeppelin/contracts included). The devnet loads that file and
// recompiles only when the hash differs.
'use strict';
const fs = require('fs');
const path = require('path');
const crypto = require('crypto');

const DIR = path.join(__dirname, 'contracts');
const OUT = path.join(DIR, 'compiled.json');
const LOCAL = ['DevZkSync.sol', 'DevClaimDistributor.sol'];

/// Every source the build needs: the local files and, recursively, what they import (relative
/// imports inside a package, or package paths resolved from node_modules). name -> content.
function gatherSources() {
    const sources = {};
    const resolve = (name, from) => {
        if (name.startsWith('./') || name.startsWith('../')) return path.posix.normalize(path.posix.join(path.posix.dirname(from), name));
        return name;
    };
    const fileOf = (name) => (LOCAL.includes(name) ? path.join(DIR, name) : require.resolve(name, { paths: [__dirname] }));
    const visit = (name) => {
        if (sources[name] !== undefined) return;
        const content = fs.readFileSync(fileOf(name), 'utf8');
        sources[name] = content;
        const re = /^\s*import\s+(?:[^'"]*\s+from\s+)?["']([^"']+)["']\s*;/gm;
        let m;
        while ((m = re.exec(content)) !== null) visit(resolve(m[1], name));
    };
    for (const f of LOCAL) visit(f);
    return sources;
}

function hashSources(sources) {
    const h = crypto.createHash('sha256');
    for (const name of Object.keys(sources).sort()) h.update(`${name}\0${sources[name]}\0`);
    return h.digest('hex');
}

function compile(sources = gatherSources()) {
    const solc = require('solc');
    const input = {
        language: 'Solidity',
        sources: Object.fromEntries(Object.entries(sources).map(([k, v]) => [k, { content: v }])),
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
    for (const file of LOCAL) {
        for (const [name, c] of Object.entries(out.contracts[file] || {})) {
            if (!c.evm.bytecode.object) continue; // interfaces
            contracts[name] = { abi: c.abi, bytecode: '0x' + c.evm.bytecode.object };
        }
    }
    return {
        solc: solc.version(),
        evmVersion: 'shanghai',
        sourceSha256: hashSources(sources),
        sources: Object.keys(sources).sort(),
        contracts
    };
}

/// Returns the compiled contracts, compiling (and caching) when a source changed.
function load() {
    const sources = gatherSources();
    try {
        const c = JSON.parse(fs.readFileSync(OUT, 'utf8'));
        if (c.sourceSha256 === hashSources(sources)) return c;
    } catch (e) { /* recompile */ }
    const c = compile(sources);
    try { fs.writeFileSync(OUT, JSON.stringify(c, null, 1) + '\n'); } catch (e) { /* read-only tree: fine */ }
    return c;
}

module.exports = { load, compile };

if (require.main === module) {
    const c = compile();
    fs.writeFileSync(OUT, JSON.stringify(c, null, 1) + '\n');
    console.log(`compiled ${Object.keys(c.contracts).join(', ')} with solc ${c.solc} -> ${path.relative(process.cwd(), OUT)}`);
}
