// SPDX-License-Identifier: MIT
// libzksync devnet: the L1 claim distributor of the zkSync Lite sunset. Its claim ABI is our own
// design (the mainnet distributor's is not public): claim(index, account, token, amount, proof)
// pays `amount` of `token` (ETH = address(0)) to `account`; anyone may send it.
// Leaf = keccak256(abi.encodePacked(index, account, token, amount)); sorted-pair tree (OpenZeppelin).
// Revert strings: "cd0" zero root at deployment, "cd1" leaf already claimed, "cd2" invalid proof,
// "cd3" payout failed (distributor lacks the funds, e.g. an unmigrated token), "cd4" token has no
// code (NFT leaves cannot be paid out on the devnet).
pragma solidity ^0.8.20;

import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";

contract DevClaimDistributor {
    bytes32 public immutable MERKLE_ROOT;
    mapping(uint256 => uint256) private claimedBitmap;

    event Claimed(uint256 indexed index, address indexed account, address indexed token, uint256 amount);

    constructor(bytes32 _merkleRoot) {
        require(_merkleRoot != bytes32(0), "cd0");
        MERKLE_ROOT = _merkleRoot;
    }

    receive() external payable {}

    function isClaimed(uint256 index) public view returns (bool) {
        return claimedBitmap[index >> 8] & (uint256(1) << (index & 0xff)) != 0;
    }

    function claim(uint256 index, address account, address token, uint256 amount, bytes32[] calldata proof) external {
        require(!isClaimed(index), "cd1");
        bytes32 leaf = keccak256(abi.encodePacked(index, account, token, amount));
        require(MerkleProof.verifyCalldata(proof, MERKLE_ROOT, leaf), "cd2");
        claimedBitmap[index >> 8] |= uint256(1) << (index & 0xff);
        if (token == address(0)) {
            (bool ok, ) = account.call{value: amount}("");
            require(ok, "cd3");
        } else {
            require(token.code.length > 0, "cd4");
            (bool ok, bytes memory ret) = token.call(abi.encodeWithSignature("transfer(address,uint256)", account, amount));
            require(ok && (ret.length == 0 || abi.decode(ret, (bool))), "cd3");
        }
        emit Claimed(index, account, token, amount);
    }
}
