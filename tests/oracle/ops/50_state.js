// The zkSync Lite state root (sunset.md section 7) from the devnet's independent
// JavaScript model (tests/devnet/lib/state_root.js: BigInt Rescue, its own constants).
'use strict';
const path = require('path');
const sr = require(path.join(__dirname, '..', '..', 'devnet', 'lib', 'state_root.js'));

module.exports = {
  // {accounts: [{id, nonce, address, pubkeyHash}], balances: [{accountId, tokenId, balance}],
  //  depth (optional balance-tree depth, default 32)} -> "0x" + 64 hex
  state_root: (a) => (a.depth && a.depth !== 32
    ? sr.stateRootDepth({ accounts: a.accounts, balances: a.balances }, a.depth)
    : sr.stateRoot({ accounts: a.accounts, balances: a.balances })),
};

// executeBlocks calldata (mainnet ABI) from ethers, for the StoredBlockInfo decoder:
// {blocks: [{blockNumber, priorityOperations, pendingOnchainOperationsHash, timestamp, stateHash,
//  commitment, pubdata: [hex...]}]} -> {data: "0x...", hashes: ["0x" keccak(abi.encode(block))...]}
const { utils } = require('ethers');
const STORED = 'tuple(uint32 blockNumber,uint64 priorityOperations,bytes32 pendingOnchainOperationsHash,' +
  'uint256 timestamp,bytes32 stateHash,bytes32 commitment)';
const iface = new utils.Interface([`function executeBlocks(tuple(${STORED} storedBlock,bytes[] pendingOnchainOpsPubdata)[] _blocksData)`]);
module.exports.execute_blocks_calldata = (a) => {
  const blocks = a.blocks.map((b) => ({
    storedBlock: {
      blockNumber: b.blockNumber, priorityOperations: b.priorityOperations,
      pendingOnchainOperationsHash: b.pendingOnchainOperationsHash, timestamp: b.timestamp,
      stateHash: b.stateHash, commitment: b.commitment,
    },
    pendingOnchainOpsPubdata: b.pubdata,
  }));
  const data = iface.encodeFunctionData('executeBlocks', [blocks]);
  const hashes = blocks.map((b) => utils.keccak256(utils.defaultAbiCoder.encode([STORED], [b.storedBlock])));
  return { data, hashes };
};
