// SPDX-License-Identifier: MIT
// libzksync devnet L1 contracts. Written for the devnet from the documented zkSync Lite ABI
// (function and event signatures only); there are no proofs: a devnet operator marks blocks
// committed/executed and credits pending balances.
pragma solidity ^0.8.20;

interface IERC20Min {
    function transfer(address to, uint256 value) external returns (bool);
    function transferFrom(address from, address to, uint256 value) external returns (bool);
    function balanceOf(address who) external view returns (uint256);
}

/// Test ERC20 with configurable decimals; anyone may mint (devnet only).
contract DevToken {
    string public name;
    string public symbol;
    uint8 public decimals;
    uint256 public totalSupply;
    mapping(address => uint256) public balanceOf;
    mapping(address => mapping(address => uint256)) public allowance;

    event Transfer(address indexed from, address indexed to, uint256 value);
    event Approval(address indexed owner, address indexed spender, uint256 value);

    constructor(string memory _name, string memory _symbol, uint8 _decimals) {
        name = _name;
        symbol = _symbol;
        decimals = _decimals;
    }

    function mint(address to, uint256 value) external {
        totalSupply += value;
        balanceOf[to] += value;
        emit Transfer(address(0), to, value);
    }

    function mintMany(address[] calldata to, uint256 value) external {
        for (uint256 i = 0; i < to.length; i++) {
            totalSupply += value;
            balanceOf[to[i]] += value;
            emit Transfer(address(0), to[i], value);
        }
    }

    function approve(address spender, uint256 value) external returns (bool) {
        allowance[msg.sender][spender] = value;
        emit Approval(msg.sender, spender, value);
        return true;
    }

    function transfer(address to, uint256 value) external returns (bool) {
        _move(msg.sender, to, value);
        return true;
    }

    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        uint256 a = allowance[from][msg.sender];
        require(a >= value, "allowance");
        if (a != type(uint256).max) allowance[from][msg.sender] = a - value;
        _move(from, to, value);
        return true;
    }

    function _move(address from, address to, uint256 value) internal {
        require(balanceOf[from] >= value, "balance");
        balanceOf[from] -= value;
        balanceOf[to] += value;
        emit Transfer(from, to, value);
    }
}

/// Token registry with the Governance ABI that the SDKs read.
contract DevGovernance {
    address public networkGovernor;
    uint16 public totalTokens;
    address public defaultFactory;
    mapping(uint16 => address) public tokenAddresses;
    mapping(address => uint16) public tokenIds;
    mapping(uint16 => bool) public pausedTokens;
    mapping(address => bool) public validators;

    event NewToken(address indexed token, uint16 indexed tokenId);
    event TokenPausedUpdate(address indexed token, bool paused);

    constructor(address _governor) {
        networkGovernor = _governor;
        validators[_governor] = true;
    }

    function requireGovernor(address a) public view {
        require(a == networkGovernor, "1g");
    }

    function addToken(address _token) external {
        requireGovernor(msg.sender);
        require(tokenIds[_token] == 0, "1e");
        require(_token != address(0), "1f");
        totalTokens += 1;
        tokenAddresses[totalTokens] = _token;
        tokenIds[_token] = totalTokens;
        emit NewToken(_token, totalTokens);
    }

    function setTokenPaused(address _token, bool _paused) external {
        requireGovernor(msg.sender);
        uint16 id = validateTokenAddress(_token);
        pausedTokens[id] = _paused;
        emit TokenPausedUpdate(_token, _paused);
    }

    function isValidTokenId(uint16 _tokenId) external view returns (bool) {
        return _tokenId <= totalTokens;
    }

    function validateTokenAddress(address _token) public view returns (uint16) {
        uint16 id = tokenIds[_token];
        require(id != 0, "1i");
        return id;
    }

    function getNFTFactory(uint32, address) external view returns (address) {
        return defaultFactory;
    }
}

/// The distributor interface the main contract needs (DevClaimDistributor.sol implements it).
interface IClaimDistributorRoot {
    function MERKLE_ROOT() external view returns (bytes32);
}

/// Main contract with the ZkSync ABI that the SDKs call, including the 2026 sunset additions
/// (deposit pause, claim root, token migration, exodus mode).
contract DevZkSync {
    uint8 constant OP_DEPOSIT = 1;
    uint8 constant OP_WITHDRAW = 3;
    uint8 constant OP_FULL_EXIT = 6;
    uint8 constant OP_FORCED_EXIT = 8;
    uint8 constant OP_WITHDRAW_NFT = 10;
    uint32 constant MAX_ACCOUNT_ID = 16777215; // 2^24 - 1
    uint32 constant SPECIAL_ACCOUNT_ID = 16777215;
    address constant SPECIAL_ACCOUNT_ADDRESS = 0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF;
    uint32 constant MAX_FUNGIBLE_TOKEN_ID = 65535;
    uint32 constant MAX_NFT_TOKEN_ID = 2147483645; // 2^31 - 3
    uint256 constant PRIORITY_EXPIRATION = 80640;
    uint128 constant MAX_DEPOSIT_AMOUNT = 20282409603651670423947251286015; // 2^104 - 1
    bytes32 constant EMPTY_STRING_KECCAK = 0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470;

    /// Mainnet layout (Storage.sol); storedBlockHashes[n] = keccak256(abi.encode(info of block n)).
    struct StoredBlockInfo {
        uint32 blockNumber;
        uint64 priorityOperations;
        bytes32 pendingOnchainOperationsHash;
        uint256 timestamp;
        bytes32 stateHash;
        bytes32 commitment;
    }

    /// Mainnet ABI of executeBlocks (selector 0xb0705b42). On the devnet each pending onchain op is
    /// abi.encode(uint8 opType, address owner, uint32 tokenId, uint128 amount) (opType 3 Withdraw,
    /// 6 FullExit, 8 ForcedExit: pending balance; 10 WithdrawNFT / NFT full exit: pending NFT).
    struct ExecuteBlockInfo {
        StoredBlockInfo storedBlock;
        bytes[] pendingOnchainOpsPubdata;
    }

    DevGovernance public governance;
    address public operator;
    address public securityCouncil;

    uint32 public totalBlocksCommitted;
    uint32 public totalBlocksExecuted;
    uint64 public totalOpenPriorityRequests;
    uint64 public firstPriorityRequestId;
    bool public exodusMode;
    bool public pausedDeposits;

    mapping(uint32 => bytes32) public storedBlockHashes;
    mapping(address => mapping(uint32 => bytes32)) public authFacts;
    mapping(bytes32 => uint128) internal pending; // keccak(owner, tokenId) => amount
    mapping(uint32 => address) public pendingNFTOwner; // NFT id => L1 owner awaiting withdrawal
    mapping(address => bool) public isTokenMigrated;
    address internal claimDistributor; // internal as on mainnet: read the L1ClaimDistributorSet log
    bytes32 internal claimRoot; // internal as on mainnet: read the ClaimRootSet log

    event NewPriorityRequest(address sender, uint64 serialId, uint8 opType, bytes pubData, uint256 expirationBlock);
    event Deposit(uint16 indexed tokenId, uint128 amount);
    event FactAuth(address indexed sender, uint32 nonce, bytes fact);
    event BlockCommit(uint32 indexed blockNumber);
    event BlockVerification(uint32 indexed blockNumber);
    event Withdrawal(uint16 indexed tokenId, uint128 amount);
    event WithdrawalNFT(uint32 indexed tokenId);
    event ExodusMode();
    event DepositsPause();
    event L1ClaimDistributorSet(address indexed claimDistributor);
    event ClaimRootSet(bytes32 claimRoot);
    event TokenMigrationExecuted(address indexed token);

    constructor(DevGovernance _governance, address _operator, address _securityCouncil) {
        governance = _governance;
        operator = _operator;
        securityCouncil = _securityCouncil;
        storedBlockHashes[0] = keccak256(abi.encode(StoredBlockInfo(0, 0, EMPTY_STRING_KECCAK, 0, bytes32(0), bytes32(0))));
    }

    modifier onlyOperator() {
        require(msg.sender == operator, "1h");
        _;
    }

    modifier active() {
        require(!exodusMode, "L");
        _;
    }

    modifier depositsOpen() {
        require(!exodusMode, "L");
        require(!pausedDeposits, "LD");
        _;
    }

    function _key(address owner, uint16 tokenId) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(owner, tokenId));
    }

    function _tokenId(address token) internal view returns (uint16) {
        if (token == address(0)) return 0;
        return governance.validateTokenAddress(token);
    }

    function _priority(uint8 opType, bytes memory pubData) internal {
        uint64 serialId = firstPriorityRequestId + totalOpenPriorityRequests;
        totalOpenPriorityRequests += 1;
        emit NewPriorityRequest(msg.sender, serialId, opType, pubData, block.number + PRIORITY_EXPIRATION);
    }

    function _deposit(uint16 tokenId, uint128 amount, address owner) internal {
        _priority(OP_DEPOSIT, abi.encodePacked(OP_DEPOSIT, uint32(0), uint32(tokenId), amount, owner));
        emit Deposit(tokenId, amount);
    }

    /// ERC20 transfer that tolerates tokens without a return value (as mainnet Utils.sendERC20).
    function _sendERC20(address token, address to, uint256 amount) internal returns (bool) {
        (bool ok, bytes memory ret) = token.call(abi.encodeWithSelector(IERC20Min.transfer.selector, to, amount));
        return ok && (ret.length == 0 || abi.decode(ret, (bool)));
    }

    function depositETH(address _zkSyncAddress) external payable depositsOpen {
        require(_zkSyncAddress != SPECIAL_ACCOUNT_ADDRESS, "P");
        require(msg.value > 0 && msg.value <= MAX_DEPOSIT_AMOUNT, "M");
        _deposit(0, uint128(msg.value), _zkSyncAddress);
    }

    function depositERC20(address _token, uint104 _amount, address _zkSyncAddress) external depositsOpen {
        require(_zkSyncAddress != SPECIAL_ACCOUNT_ADDRESS, "P");
        uint16 tokenId = governance.validateTokenAddress(_token);
        require(!governance.pausedTokens(tokenId), "b");
        uint256 before = IERC20Min(_token).balanceOf(address(this));
        require(IERC20Min(_token).transferFrom(msg.sender, address(this), _amount), "c");
        uint256 delta = IERC20Min(_token).balanceOf(address(this)) - before;
        require(delta > 0 && delta <= MAX_DEPOSIT_AMOUNT, "C");
        _deposit(tokenId, uint128(delta), _zkSyncAddress);
    }

    function _fullExit(uint32 _accountId, uint32 tokenId) internal {
        require(_accountId <= MAX_ACCOUNT_ID, "e");
        require(_accountId != SPECIAL_ACCOUNT_ID, "v");
        bytes memory pubData = abi.encodePacked(
            OP_FULL_EXIT, _accountId, msg.sender, tokenId, uint128(0),
            uint32(0), address(0), uint32(0), bytes32(0)
        );
        _priority(OP_FULL_EXIT, pubData);
    }

    function requestFullExit(uint32 _accountId, address _token) external active {
        _fullExit(_accountId, uint32(_tokenId(_token)));
    }

    function requestFullExitNFT(uint32 _accountId, uint32 _tokenId) external active {
        require(_tokenId > MAX_FUNGIBLE_TOKEN_ID && _tokenId <= MAX_NFT_TOKEN_ID, "T");
        _fullExit(_accountId, _tokenId);
    }

    function setAuthPubkeyHash(bytes calldata _pubkeyHash, uint32 _nonce) external active {
        require(_pubkeyHash.length == 20, "y");
        authFacts[msg.sender][_nonce] = keccak256(_pubkeyHash);
        emit FactAuth(msg.sender, _nonce, _pubkeyHash);
    }

    function getPendingBalance(address _address, address _token) external view returns (uint128) {
        return pending[_key(_address, _tokenId(_token))];
    }

    /// No exodus check (as on mainnet): once a token was migrated the contract no longer holds
    /// it and the transfer fails ("d" for ETH, "6" for an ERC20).
    function withdrawPendingBalance(address payable _owner, address _token, uint128 _amount) external {
        uint16 tokenId = _tokenId(_token);
        bytes32 k = _key(_owner, tokenId);
        uint128 bal = pending[k];
        uint128 amount = _amount < bal ? _amount : bal;
        require(amount > 0, "f1");
        pending[k] = bal - amount;
        if (tokenId == 0) {
            (bool ok, ) = _owner.call{value: amount}("");
            require(ok, "d");
        } else {
            require(_sendERC20(_token, _owner, amount), "6");
        }
        emit Withdrawal(tokenId, amount);
    }

    function withdrawPendingNFTBalance(uint32 _tokenId) external {
        require(pendingNFTOwner[_tokenId] != address(0), "op");
        delete pendingNFTOwner[_tokenId];
        emit WithdrawalNFT(_tokenId);
    }

    // ---- block execution (mainnet ABI) ----

    function hashStoredBlockInfo(StoredBlockInfo memory _b) internal pure returns (bytes32) {
        return keccak256(abi.encode(_b));
    }

    function executeBlocks(ExecuteBlockInfo[] calldata _blocksData) external onlyOperator active {
        uint64 priorityOps = 0;
        for (uint256 i = 0; i < _blocksData.length; i++) {
            StoredBlockInfo memory b = _blocksData[i].storedBlock;
            require(b.blockNumber == totalBlocksExecuted + i + 1, "k");
            require(hashStoredBlockInfo(b) == storedBlockHashes[b.blockNumber], "exe10");
            bytes32 opsHash = EMPTY_STRING_KECCAK;
            bytes[] calldata ops = _blocksData[i].pendingOnchainOpsPubdata;
            for (uint256 j = 0; j < ops.length; j++) {
                opsHash = keccak256(abi.encodePacked(opsHash, ops[j]));
                (uint8 opType, address owner, uint32 tokenId, uint128 amount) = abi.decode(ops[j], (uint8, address, uint32, uint128));
                if (opType == OP_WITHDRAW_NFT) {
                    pendingNFTOwner[tokenId] = owner;
                } else {
                    require(opType == OP_WITHDRAW || opType == OP_FULL_EXIT || opType == OP_FORCED_EXIT, "l");
                    require(tokenId <= MAX_FUNGIBLE_TOKEN_ID, "devt");
                    pending[_key(owner, uint16(tokenId))] += amount;
                }
            }
            require(opsHash == b.pendingOnchainOperationsHash, "m");
            priorityOps += b.priorityOperations;
            emit BlockVerification(b.blockNumber);
        }
        require(priorityOps <= totalOpenPriorityRequests, "devp");
        firstPriorityRequestId += priorityOps;
        totalOpenPriorityRequests -= priorityOps;
        totalBlocksExecuted += uint32(_blocksData.length);
    }

    // ---- sunset (2026) ----

    /// Governor only, one-way.
    function pauseDeposits() external {
        governance.requireGovernor(msg.sender);
        pausedDeposits = true;
        emit DepositsPause();
    }

    /// Security Council only; may be called again (the last distributor and root count).
    /// Enters exodus mode the first time.
    function setClaimRoot(address _claimDistributor) external {
        require(msg.sender == securityCouncil, "tm4");
        require(_claimDistributor != address(0), "tm1");
        // a low-level call: an address without code (or a reverting one) counts as a zero root
        (bool ok, bytes memory ret) = _claimDistributor.staticcall(abi.encodeWithSelector(IClaimDistributorRoot.MERKLE_ROOT.selector));
        bytes32 root = ok && ret.length >= 32 ? abi.decode(ret, (bytes32)) : bytes32(0);
        require(root != bytes32(0), "tm2");
        claimDistributor = _claimDistributor;
        claimRoot = root;
        emit L1ClaimDistributorSet(_claimDistributor);
        emit ClaimRootSet(root);
        if (!exodusMode) {
            exodusMode = true;
            emit ExodusMode();
        }
    }

    /// Anyone, once per token: moves the contract's whole balance of the token (ETH: address(0))
    /// to the claim distributor.
    function migrateToken(address _token) external {
        address d = claimDistributor;
        require(d != address(0), "tm1");
        require(!isTokenMigrated[_token], "tm3");
        if (_token == address(0)) {
            uint256 bal = address(this).balance;
            require(bal > 0, "tm5");
            isTokenMigrated[_token] = true;
            (bool ok, ) = d.call{value: bal}("");
            require(ok && address(this).balance == 0, "tm9");
        } else {
            governance.validateTokenAddress(_token); // "1i": not a listed token (NFTs cannot be migrated)
            uint256 bal = IERC20Min(_token).balanceOf(address(this));
            require(bal > 0, "tm5");
            isTokenMigrated[_token] = true;
            require(_sendERC20(_token, d, bal) && IERC20Min(_token).balanceOf(address(this)) == 0, "tm9");
        }
        emit TokenMigrationExecuted(_token);
    }

    // ---- devnet operator hooks (not part of the zkSync ABI) ----

    /// Records a committed block (its StoredBlockInfo hash); executeBlocks checks against it.
    function devCommitBlock(StoredBlockInfo calldata _block) external onlyOperator active {
        require(_block.blockNumber == totalBlocksCommitted + 1, "devc");
        totalBlocksCommitted = _block.blockNumber;
        storedBlockHashes[_block.blockNumber] = hashStoredBlockInfo(_block);
        emit BlockCommit(_block.blockNumber);
    }

    function devSetExodusMode(bool _on) external onlyOperator {
        exodusMode = _on;
        if (_on) emit ExodusMode();
    }
}
