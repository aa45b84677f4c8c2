// Claim tree (docs/exit-tree.md) by independent means: the leaf rules of the
// reference exit tool written again with BigInt, leaf hashes with ethers
// solidityKeccak256, and the tree, root and proofs from merkletreejs 0.6.0
// with { sortPairs: true } (OpenZeppelin MerkleProof). Addresses are "0x" +
// 40 lowercase hex; balances decimal strings.
'use strict';
const { utils } = require('ethers');
const { MerkleTree } = require('merkletreejs');

const keccak = (data) => Buffer.from(utils.keccak256(data).slice(2), 'hex');
const U256_MAX = (1n << 256n) - 1n;

function leafHash(l) {
  return utils.solidityKeccak256(['uint256', 'address', 'address', 'uint256'], [l[0], l[1], l[2], l[3]]);
}

module.exports = {
  // a.accounts [[id, address]], a.balances [[account_id, coin_id, balance]], a.tokens [[id, address]]
  // -> [[index, account, token, balance]] or throws as the reference does.
  merkle_leaves: (a) => {
    const acc = new Map(a.accounts.map(([id, addr]) => [id, addr.toLowerCase()]));
    const tok = new Map(a.tokens.map(([id, addr]) => [id, addr.toLowerCase()]));
    const sums = new Map();
    for (const [id, coin, bal] of a.balances) {
      if (!acc.has(id)) throw new Error(`account ${id} missing`);
      if (!tok.has(coin)) throw new Error(`token ${coin} missing`);
      const key = acc.get(id) + tok.get(coin);
      const s = (sums.get(key) || 0n) + BigInt(bal);
      if (s > U256_MAX) throw new Error('overflow');
      sums.set(key, s);
    }
    const keys = [...sums.keys()].sort(); // lowercase hex of equal length: bytewise order
    return keys.map((k, i) => [i, k.slice(0, 42), '0x' + k.slice(44), sums.get(k).toString()]);
  },
  // a.leaves [[index, account, token, balance]], a.proofs [index...] (absent: every leaf)
  // -> {leaves: [hash], root, proofs: [[sibling]]}, hex with 0x.
  merkle_tree: (a) => {
    const hashes = a.leaves.map(leafHash);
    const tree = new MerkleTree(hashes.map((x) => Buffer.from(x.slice(2), 'hex')), keccak, { sortPairs: true });
    const want = a.proofs || hashes.map((_, i) => i);
    return {
      leaves: hashes,
      root: tree.getHexRoot(),
      proofs: want.map((i) => tree.getHexProof(Buffer.from(hashes[i].slice(2), 'hex'), i)),
    };
  },
  // OpenZeppelin verify in JS: a.leaf, a.proof [hex], a.root
  merkle_verify: (a) =>
    MerkleTree.verify(a.proof, a.leaf, a.root, keccak, { sortPairs: true }),
};
