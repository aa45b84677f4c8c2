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

/// Main contract with the ZkSync ABI that the SDKs call.
contract DevZkSync {
    uint8 constant OP_DEPOSIT = 1;
    uint8 constant OP_FULL_EXIT = 6;
    uint32 constant MAX_ACCOUNT_ID = 16777215; // 2^24 - 1
    uint32 constant SPECIAL_ACCOUNT_ID = 16777215;
    address constant SPECIAL_ACCOUNT_ADDRESS = 0xFFfFfFffFFfffFFfFFfFFFFFffFFFffffFfFFFfF;
    uint32 constant MAX_FUNGIBLE_TOKEN_ID = 65535;
    uint32 constant MAX_NFT_TOKEN_ID = 2147483645; // 2^31 - 3
    uint256 constant PRIORITY_EXPIRATION = 80640;
    uint128 constant MAX_DEPOSIT_AMOUNT = 20282409603651670423947251286015; // 2^104 - 1

    DevGovernance public governance;
    address public operator;

    uint32 public totalBlocksCommitted;
    uint32 public totalBlocksExecuted;
    uint64 public totalOpenPriorityRequests;
    uint64 public firstPriorityRequestId;
    bool public exodusMode;

    mapping(address => mapping(uint32 => bytes32)) public authFacts;
    mapping(bytes32 => uint128) internal pending; // keccak(owner, tokenId) => amount
    mapping(uint32 => address) public pendingNFTOwner; // NFT id => L1 owner awaiting withdrawal

    event NewPriorityRequest(address sender, uint64 serialId, uint8 opType, bytes pubData, uint256 expirationBlock);
    event Deposit(uint16 indexed tokenId, uint128 amount);
    event FactAuth(address indexed sender, uint32 nonce, bytes fact);
    event BlockCommit(uint32 indexed blockNumber);
    event BlockVerification(uint32 indexed blockNumber);
    event Withdrawal(uint16 indexed tokenId, uint128 amount);
    event WithdrawalNFT(uint32 indexed tokenId);
    event ExodusMode();

    constructor(DevGovernance _governance, address _operator) {
        governance = _governance;
        operator = _operator;
    }

    modifier onlyOperator() {
        require(msg.sender == operator, "1h");
        _;
    }

    modifier active() {
        require(!exodusMode, "L");
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

    function depositETH(address _zkSyncAddress) external payable active {
        require(_zkSyncAddress != SPECIAL_ACCOUNT_ADDRESS, "P");
        require(msg.value > 0 && msg.value <= MAX_DEPOSIT_AMOUNT, "M");
        _deposit(0, uint128(msg.value), _zkSyncAddress);
    }

    function depositERC20(address _token, uint104 _amount, address _zkSyncAddress) external active {
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

    function setAuthPubkeyHash(bytes calldata _pubkeyHash, uint32 _nonce) external {
        require(_pubkeyHash.length == 20, "y");
        authFacts[msg.sender][_nonce] = keccak256(_pubkeyHash);
        emit FactAuth(msg.sender, _nonce, _pubkeyHash);
    }

    function getPendingBalance(address _address, address _token) external view returns (uint128) {
        return pending[_key(_address, _tokenId(_token))];
    }

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
            require(IERC20Min(_token).transfer(_owner, amount), "d");
        }
        emit Withdrawal(tokenId, amount);
    }

    function withdrawPendingNFTBalance(uint32 _tokenId) external {
        require(pendingNFTOwner[_tokenId] != address(0), "op");
        delete pendingNFTOwner[_tokenId];
        emit WithdrawalNFT(_tokenId);
    }

    // ---- devnet operator hooks (not part of the zkSync ABI) ----

    function devCommitBlock(uint32 _blockNumber) external onlyOperator {
        require(_blockNumber == totalBlocksCommitted + 1, "devc");
        totalBlocksCommitted = _blockNumber;
        emit BlockCommit(_blockNumber);
    }

    /// Marks a block executed, retires its priority ops and credits L1 pending balances.
    function devExecuteBlock(
        uint32 _blockNumber,
        uint64 _priorityOps,
        address[] calldata _owners,
        uint16[] calldata _tokenIds,
        uint128[] calldata _amounts,
        uint32[] calldata _nftIds,
        address[] calldata _nftOwners
    ) external onlyOperator {
        require(_blockNumber == totalBlocksExecuted + 1 && _blockNumber <= totalBlocksCommitted, "devx");
        require(_priorityOps <= totalOpenPriorityRequests, "devp");
        require(_owners.length == _tokenIds.length && _owners.length == _amounts.length, "devl");
        require(_nftIds.length == _nftOwners.length, "devn");
        totalBlocksExecuted = _blockNumber;
        firstPriorityRequestId += _priorityOps;
        totalOpenPriorityRequests -= _priorityOps;
        for (uint256 i = 0; i < _owners.length; i++) {
            pending[_key(_owners[i], _tokenIds[i])] += _amounts[i];
        }
        for (uint256 i = 0; i < _nftIds.length; i++) {
            pendingNFTOwner[_nftIds[i]] = _nftOwners[i];
        }
        emit BlockVerification(_blockNumber);
    }

    function devSetExodusMode(bool _on) external onlyOperator {
        exodusMode = _on;
        if (_on) emit ExodusMode();
    }
}
