// Reference for bench_exit (docs/exit-tree.md): the root of a new_leaves.csv
// with merkletreejs 0.6.0 { sortPairs: true } and ethers 5.7.2 keccak, as
// tests/oracle/ops/40_merkle.js (the differential test's oracle) computes it:
// leaf = solidityKeccak256(uint256 index, address account, address token,
// uint256 balance). Columns are found by name in the header.
// Prints "0x<root> <seconds>" (reading, hashing and the tree; node's start and
// the module loading are not counted).
'use strict';
const path = require('path');
const fs = require('fs');
const oracle = path.join(__dirname, '..', 'tests', 'oracle', 'node_modules');
const { utils } = require(path.join(oracle, 'ethers'));
const { MerkleTree } = require(path.join(oracle, 'merkletreejs'));

const keccak = (data) => Buffer.from(utils.keccak256(data).slice(2), 'hex');

const file = process.argv[2];
const t0 = process.hrtime.bigint();
const text = fs.readFileSync(file, 'latin1');
const lines = text.split('\n');
const head = lines[0].replace(/\r$/, '').split(',');
const col = (name) => {
  const i = head.indexOf(name);
  if (i < 0) throw new Error(`${file}: no column ${name}`);
  return i;
};
const ci = col('claim_index'), ca = col('account_address'), ct = col('token_address'), cb = col('balance');
const leaves = [];
for (let i = 1; i < lines.length; i++) {
  const line = lines[i].replace(/\r$/, '');
  if (line === '') continue;
  const f = line.split(',');
  if (Number(f[ci]) !== leaves.length) throw new Error(`${file} line ${i + 1}: claim_index out of order`);
  const h = utils.solidityKeccak256(['uint256', 'address', 'address', 'uint256'], [f[ci], f[ca], f[ct], f[cb]]);
  leaves.push(Buffer.from(h.slice(2), 'hex'));
}
const tree = new MerkleTree(leaves, keccak, { sortPairs: true });
const root = tree.getHexRoot();
const secs = Number(process.hrtime.bigint() - t0) / 1e9;
console.log(`${root} ${secs.toFixed(3)}`);
