#!/usr/bin/env node
// Faithfulness suite: drives the devnet with the real, unmodified zksync.js 0.13.1 + ethers 5.7.2.
// Usage: node suite.js <statefile written by start.sh>. Last line: RESULT <passed> <failed>.
'use strict';
const fs = require('fs');
const http = require('http');
const { ethers } = require('ethers');
const zksync = require('zksync');

const st = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let passed = 0;
let failed = 0;
const t0 = Date.now();

function check(name, cond, detail) {
    if (cond) {
        passed++;
        console.log(`ok   ${name}`);
    } else {
        failed++;
        console.log(`FAIL ${name}${detail === undefined ? '' : ` (${detail})`}`);
    }
}
function eq(name, got, want) {
    const g = got === undefined || got === null ? String(got) : got.toString();
    check(name, g === want.toString(), `got ${g}, want ${want}`);
}
async function expectErr(name, p, code, text) {
    try {
        await p;
        check(name, false, 'no error');
    } catch (e) {
        const j = e.jrpcError || {};
        const ok = j.code === code && (text === undefined || j.message === text);
        check(name, ok, `got ${j.code} ${JSON.stringify(j.message || e.message)}; want ${code} ${JSON.stringify(text)}`);
    }
}
function withTimeout(p, ms, what) {
    let timer;
    return Promise.race([p, new Promise((_, rej) => { timer = setTimeout(() => rej(new Error(`timeout: ${what}`)), ms); })])
        .finally(() => clearTimeout(timer));
}
const receipt = (tx, what) => withTimeout(tx.awaitReceipt(), 20000, what);
const verifyReceipt = (tx, what) => withTimeout(tx.awaitVerifyReceipt(), 20000, what);

function rawPost(body, headers = {}, timeout = 10000) {
    return new Promise((resolve, reject) => {
        const u = new URL(st.zksyncUrl);
        const r = http.request({ host: u.hostname, port: u.port, method: 'POST', path: '/', headers: { 'Content-Type': 'application/json', ...headers }, timeout }, (res) => {
            let d = '';
            res.on('data', (c) => (d += c));
            res.on('end', () => resolve({ status: res.statusCode, body: d }));
        });
        r.on('error', reject);
        r.on('timeout', () => r.destroy(new Error('timeout')));
        r.end(body);
    });
}
async function rpc(method, params, timeout) {
    const r = await rawPost(JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }), {}, timeout);
    return JSON.parse(r.body);
}

const E = (x) => ethers.utils.parseEther(x);
const USDC = (x) => ethers.utils.parseUnits(x, 6);
const big = (x) => ethers.BigNumber.from(x);

async function main() {
    const ethProvider = new ethers.providers.JsonRpcProvider(st.l1Url);
    ethProvider.pollingInterval = 50;
    const provider = await zksync.Provider.newHttpProvider(st.zksyncUrl, 50, 'localhost');
    const mk = async (i) => {
        const w = new ethers.Wallet(st.accounts[i].privateKey, ethProvider);
        return zksync.Wallet.fromEthSigner(w, provider);
    };
    const [A, B, C, D, F] = await Promise.all([0, 1, 2, 3, 4].map(mk));
    const addrC = C.address();

    // ---- basics ----
    eq('contract_address main', provider.contractAddress.mainContract, st.mainContract);
    check('tokens has ETH/DAI/USDC', ['ETH', 'DAI', 'USDC'].every((s) => provider.tokenSet.resolveTokenId(s) === st.tokens[s].id));
    eq('USDC decimals', provider.tokenSet.resolveTokenDecimals('USDC'), 6);
    eq('zksync version', (await rpc('get_zksync_version', [])).result, 'contracts-6');
    eq('confirmations', await provider.getConfirmationsForEthOpAmount(), st.confirmations);
    eq('ETH price', await provider.getTokenPrice('ETH'), 2000);
    const unknown = await A.getAccountState();
    check('unknown account has id null', unknown.id === null && unknown.committed.nonce === 0);

    // ---- deposits (ETH, ERC20 with approve) ----
    const dep = await A.depositToSyncFromEthereum({ depositTo: A.address(), token: 'ETH', amount: E('10') });
    const depRc = await receipt(dep, 'deposit ETH');
    check('deposit ETH executed', depRc.executed === true && depRc.block.committed === true);
    eq('A committed ETH after deposit', await A.getBalance('ETH'), E('10'));
    check('A has an account id', (await A.getAccountId()) > 0);
    const depU = await A.depositToSyncFromEthereum({ depositTo: A.address(), token: 'USDC', amount: USDC('1000'), approveDepositAmountForERC20: true });
    await receipt(depU, 'deposit USDC');
    eq('A committed USDC after deposit', await A.getBalance('USDC'), USDC('1000'));
    const depB = await B.depositToSyncFromEthereum({ depositTo: B.address(), token: 'ETH', amount: E('2') });
    const depD = await D.depositToSyncFromEthereum({ depositTo: D.address(), token: 'ETH', amount: E('0.2') });
    const depF = await F.depositToSyncFromEthereum({ depositTo: F.address(), token: 'ETH', amount: E('1') });
    await Promise.all([receipt(depB, 'deposit B'), receipt(depD, 'deposit D'), receipt(depF, 'deposit F')]);
    await verifyReceipt(depB, 'deposit B verify');
    eq('B verified ETH', await B.getBalance('ETH', 'verified'), E('2'));
    const info = await provider.getPriorityOpStatus(dep.priorityOpId.toNumber());
    check('ethop_info executed', info.executed === true && info.block.blockNumber > 0);

    // ---- ChangePubKey: ECDSA (A), on-chain auth (B) ----
    const lockedMsg = await A.syncTransfer({ to: B.address(), token: 'ETH', amount: E('0.1') })
        .then((tx) => receipt(tx, 'locked transfer')).then(() => 'ok', (e) => e.message);
    eq('transfer before signing key fails: Account is locked', lockedMsg, 'zkSync transaction failed: Account is locked');
    const cpkA = await A.setSigningKey({ feeToken: 'ETH', ethAuthType: 'ECDSA' });
    await receipt(cpkA, 'cpk A');
    check('A signing key set (ECDSA)', await A.isCorrespondingSigningKeySet());
    await expectErr('onchain CPK without auth fact: 203', B.setSigningKey({ feeToken: 'ETH', ethAuthType: 'Onchain' }), 203, 'Change pubkey tx is not authorized onchain');
    const auth = await B.onchainAuthSigningKey();
    await auth.wait();
    check('B onchain auth fact set', await B.isOnchainAuthSigningKeySet());
    const cpkB = await B.setSigningKey({ feeToken: 'ETH', ethAuthType: 'Onchain' });
    await receipt(cpkB, 'cpk B');
    check('B signing key set (Onchain)', await B.isCorrespondingSigningKeySet());
    const cpkF = await F.setSigningKey({ feeToken: 'ETH', ethAuthType: 'ECDSA' });
    await receipt(cpkF, 'cpk F');

    // ---- transfers ----
    let aEth = big(await A.getBalance('ETH'));
    let bEth = big(await B.getBalance('ETH'));
    const feeT = await provider.getTransactionFee('Transfer', B.address(), 'ETH');
    eq('fee type Transfer for existing', feeT.feeType, 'Transfer');
    const t1 = await A.syncTransfer({ to: B.address(), token: 'ETH', amount: E('1') });
    const r1 = await receipt(t1, 'transfer');
    check('transfer success', r1.success === true);
    eq('A ETH after transfer', await A.getBalance('ETH'), aEth.sub(E('1')).sub(feeT.totalFee));
    eq('B ETH after transfer', await B.getBalance('ETH'), bEth.add(E('1')));
    const feeNew = await provider.getTransactionFee('Transfer', addrC, 'ETH');
    eq('fee type TransferToNew', feeNew.feeType, 'TransferToNew');
    check('TransferToNew costs more', big(feeNew.totalFee).gt(feeT.totalFee));
    aEth = big(await A.getBalance('ETH'));
    const t2 = await A.syncTransfer({ to: addrC, token: 'ETH', amount: E('0.5') });
    await receipt(t2, 'transfer to new');
    eq('new account C funded', await C.getBalance('ETH'), E('0.5'));
    eq('A paid TransferToNew fee', await A.getBalance('ETH'), aEth.sub(E('0.5')).sub(feeNew.totalFee));
    check('C got an account id', (await C.getAccountState()).id !== null);

    // ---- batch with one Ethereum signature ----
    aEth = big(await A.getBalance('ETH'));
    const aUsdc = big(await A.getBalance('USDC'));
    bEth = big(await B.getBalance('ETH'));
    const batchFee = await provider.getTransactionsBatchFee(['Transfer', 'Transfer'], [B.address(), addrC], 'ETH');
    const bt = await A.syncMultiTransfer([
        { to: B.address(), token: 'ETH', amount: E('0.1'), fee: batchFee },
        { to: addrC, token: 'USDC', amount: USDC('5'), fee: 0 }
    ]);
    const brs = await Promise.all(bt.map((t, i) => receipt(t, `batch ${i}`)));
    check('batch txs succeed', brs.every((r) => r.success === true));
    eq('A ETH after batch', await A.getBalance('ETH'), aEth.sub(E('0.1')).sub(batchFee));
    eq('A USDC after batch', await A.getBalance('USDC'), aUsdc.sub(USDC('5')));
    eq('C USDC after batch', await C.getBalance('USDC'), USDC('5'));
    eq('B ETH after batch', await B.getBalance('ETH'), bEth.add(E('0.1')));

    // ---- batch all-or-nothing ----
    aEth = big(await A.getBalance('ETH'));
    const bad = await A.syncMultiTransfer([
        { to: B.address(), token: 'ETH', amount: E('0.1'), fee: batchFee },
        { to: addrC, token: 'USDC', amount: USDC('100000'), fee: 0 }
    ]);
    const badRc = await Promise.all(bad.map((t) => withTimeout(t.awaitReceipt().then(() => 'ok', (e) => e.message), 20000, 'bad batch')));
    check('failing batch: every tx fails', badRc.every((m) => /^zkSync transaction failed: .*Not enough balance/.test(m)), badRc.join(' | '));
    eq('failing batch leaves A ETH unchanged', await A.getBalance('ETH'), aEth);

    // ---- execution failure receipt ----
    const over = await A.syncTransfer({ to: B.address(), token: 'DAI', amount: E('1') });
    const overMsg = await withTimeout(over.awaitReceipt().then(() => 'ok', (e) => e.message), 20000, 'over');
    eq('not enough balance failReason', overMsg, 'zkSync transaction failed: Not enough balance');
    const ti = await provider.getTxReceipt(over.txHash);
    check('tx_info failed shape', ti.executed === true && ti.success === false && ti.failReason === 'Not enough balance' && ti.block.committed === true);

    // ---- a nonce from the future is accepted, then fails at execution ----
    {
        const n = await A.getNonce();
        const hi = await A.syncTransfer({ to: B.address(), token: 'ETH', amount: E('0.01'), nonce: n + 5 });
        const m = await withTimeout(hi.awaitReceipt().then(() => 'ok', (e) => e.message), 20000, 'nonce high');
        eq('nonce too high fails at execution', m, 'zkSync transaction failed: Nonce mismatch');
        eq('failed tx does not bump the nonce', await A.getNonce(), n);
    }

    // ---- swap of two limit orders ----
    const aU0 = big(await A.getBalance('USDC'));
    const bE0 = big(await B.getBalance('ETH'));
    const bU0 = big(await B.getBalance('USDC'));
    const oA = await A.signLimitOrder({ tokenSell: 'USDC', tokenBuy: 'ETH', ratio: zksync.utils.tokenRatio({ USDC: 2000, ETH: 1 }) });
    const oB = await B.signLimitOrder({ tokenSell: 'ETH', tokenBuy: 'USDC', ratio: zksync.utils.tokenRatio({ ETH: 1, USDC: 2000 }) });
    aEth = big(await A.getBalance('ETH'));
    const swapFee = await provider.getTransactionFee('Swap', A.address(), 'ETH');
    const sw = await A.syncSwap({ orders: [oA, oB], feeToken: 'ETH', amounts: [USDC('10'), E('0.005')] });
    const swr = await receipt(sw, 'swap');
    check('swap success', swr.success === true, swr.failReason);
    eq('A USDC after swap', await A.getBalance('USDC'), aU0.sub(USDC('10')));
    eq('A ETH after swap', await A.getBalance('ETH'), aEth.add(E('0.005')).sub(swapFee.totalFee));
    eq('B ETH after swap', await B.getBalance('ETH'), bE0.sub(E('0.005')));
    eq('B USDC after swap', await B.getBalance('USDC'), bU0.add(USDC('10')));

    // ---- NFT: mint, transfer, withdraw ----
    const contentHash = '0x' + 'ab'.repeat(32);
    const mint = await A.mintNFT({ recipient: A.address(), contentHash, feeToken: 'ETH' });
    await verifyReceipt(mint, 'mint');
    const nftId = await provider.getNFTIdByTxHash(mint.txHash);
    check('minted NFT id >= 65536', nftId >= 65536, nftId);
    const stA = await A.getAccountState();
    check('NFT in A committed.nfts and mintedNfts', stA.committed.nfts[nftId] && stA.committed.mintedNfts[nftId] && stA.committed.nfts[nftId].contentHash === contentHash);
    const nft = await provider.getNFT(nftId);
    check('get_nft', nft.id === nftId && nft.creatorId === (await A.getAccountId()) && nft.symbol === `NFT-${nftId}`);
    eq('get_nft_owner A', await provider.getNFTOwner(nftId), await A.getAccountId());
    const tn = await A.syncTransferNFT({ to: B.address(), token: nft, feeToken: 'ETH' });
    await Promise.all(tn.map((t) => verifyReceipt(t, 'transfer nft')));
    const stB = await B.getAccountState();
    check('NFT moved to B', !!stB.committed.nfts[nftId] && !(await A.getAccountState()).committed.nfts[nftId]);
    eq('get_nft_owner B', await provider.getNFTOwner(nftId), await B.getAccountId());
    const wn = await B.withdrawNFT({ to: B.address(), token: nftId, feeToken: 'ETH' });
    await verifyReceipt(wn, 'withdraw nft');
    check('NFT left B', !(await B.getAccountState()).committed.nfts[nftId]);
    const main = A.getZkSyncMainContract();
    const wnftTx = await main.connect(B.ethSigner()).withdrawPendingNFTBalance(nftId, { gasLimit: 200000 });
    const wnftRc = await wnftTx.wait();
    check('L1 withdrawPendingNFTBalance emits WithdrawalNFT', wnftRc.logs.some((l) => l.topics[0] === main.interface.getEventTopic('WithdrawalNFT')));

    // ---- withdraw, fast withdraw, pending balance on L1 ----
    aEth = big(await A.getBalance('ETH'));
    const wfee = await provider.getTransactionFee('Withdraw', A.address(), 'ETH');
    const wd = await A.withdrawFromSyncToEthereum({ ethAddress: A.address(), token: 'ETH', amount: E('1') });
    const wdr = await verifyReceipt(wd, 'withdraw');
    check('withdraw verified', wdr.success === true && wdr.block.verified === true);
    eq('A ETH after withdraw', await A.getBalance('ETH'), aEth.sub(E('1')).sub(wfee.totalFee));
    eq('L1 pending balance credited', await main.getPendingBalance(A.address(), zksync.utils.ZERO_ADDRESS || ethers.constants.AddressZero), E('1'));
    const ethTx = await provider.getEthTxForWithdrawal(wd.txHash);
    check('get_eth_tx_for_withdrawal', typeof ethTx === 'string' && /^0x[0-9a-f]{64}$/.test(ethTx), ethTx);
    const l1Before = await A.getEthereumBalance('ETH');
    const wp = await A.withdrawPendingBalance(A.address(), 'ETH');
    const wpr = await wp.wait();
    const gas = wpr.gasUsed.mul(wpr.effectiveGasPrice);
    eq('L1 ETH after withdrawPendingBalance', await A.getEthereumBalance('ETH'), l1Before.add(E('1')).sub(gas));
    eq('L1 pending balance cleared', await main.getPendingBalance(A.address(), ethers.constants.AddressZero), 0);
    const ffee = await provider.getTransactionFee('FastWithdraw', A.address(), 'USDC');
    eq('fee type FastWithdraw', ffee.feeType, 'FastWithdraw');
    const aU1 = big(await A.getBalance('USDC'));
    const fw = await A.withdrawFromSyncToEthereum({ ethAddress: A.address(), token: 'USDC', amount: USDC('7'), fastProcessing: true });
    await verifyReceipt(fw, 'fast withdraw');
    eq('A USDC after fast withdraw', await A.getBalance('USDC'), aU1.sub(USDC('7')).sub(ffee.totalFee));
    eq('L1 pending USDC', await main.getPendingBalance(A.address(), st.tokens.USDC.address), USDC('7'));

    // ---- forced exit (D has no signing key) ----
    const fe = await A.syncForcedExit({ target: D.address(), token: 'ETH' });
    await verifyReceipt(fe, 'forced exit');
    eq('D ETH after forced exit', await D.getBalance('ETH'), 0);
    eq('D L1 pending after forced exit', await main.getPendingBalance(D.address(), ethers.constants.AddressZero), E('0.2'));
    await expectErr('forced exit of account with key: 103', A.syncForcedExit({ target: B.address(), token: 'ETH' }), 103, 'Tx is incorrect: Target account is not locked; forced exit is forbidden');

    // ---- full exit ----
    const bU = big(await B.getBalance('USDC'));
    const fx = await B.emergencyWithdraw({ token: 'USDC' });
    await withTimeout(fx.awaitVerifyReceipt(), 20000, 'full exit');
    eq('B USDC after full exit', await B.getBalance('USDC'), 0);
    eq('B L1 pending USDC after full exit', await main.getPendingBalance(B.address(), st.tokens.USDC.address), bU);
    const l1U = big(await B.getEthereumBalance('USDC'));
    await (await B.withdrawPendingBalance(B.address(), 'USDC')).wait();
    eq('B L1 USDC after withdrawPendingBalance', await B.getEthereumBalance('USDC'), l1U.add(bU));

    // ---- ChangePubKey inside a batch (BatchBuilder, one Ethereum signature) ----
    {
        const aU = big(await A.getBalance('USDC'));
        const cU = big(await C.getBalance('USDC'));
        const cEth = big(await C.getBalance('ETH'));
        const bb = await C.batchBuilder()
            .addChangePubKey({ feeToken: 'ETH', ethAuthType: 'ECDSA' })
            .addTransfer({ to: A.address(), token: 'USDC', amount: USDC('1') })
            .build('ETH');
        const hashes = await provider.submitTxsBatch(bb.txs, [bb.signature]);
        const rcs = await Promise.all(hashes.map((h, i) => receipt(new zksync.Transaction(bb.txs[i], h, provider), 'cpk batch')));
        check('batch ChangePubKey + transfer succeed', rcs.every((r) => r.success === true), JSON.stringify(rcs.map((r) => r.failReason)));
        check('C signing key set in batch', await C.isCorrespondingSigningKeySet());
        eq('C USDC after batch', await C.getBalance('USDC'), cU.sub(USDC('1')));
        eq('A USDC from C', await A.getBalance('USDC'), aU.add(USDC('1')));
        eq('C ETH paid the batch fee', await C.getBalance('ETH'), cEth.sub(bb.totalFee.get('ETH')));
    }

    // ---- CREATE2 account (third ChangePubKey auth method, no Ethereum signatures) ----
    {
        const seed = ethers.utils.arrayify(ethers.utils.keccak256(ethers.utils.toUtf8Bytes('devnet create2 seed')));
        const zkSigner = await zksync.Signer.fromSeed(seed);
        const create2Data = { creatorAddress: '0x' + '12'.repeat(20), saltArg: '0x' + '34'.repeat(32), codeHash: '0x' + '56'.repeat(32) };
        const W = await zksync.Wallet.fromCreate2Data(zkSigner, provider, create2Data);
        const d = await A.depositToSyncFromEthereum({ depositTo: W.address(), token: 'ETH', amount: E('0.3') });
        await receipt(d, 'deposit create2');
        const cpk = await W.setSigningKey({ feeToken: 'ETH', ethAuthType: 'CREATE2' });
        await receipt(cpk, 'cpk create2');
        const stW = await W.getAccountState();
        check('CREATE2 ChangePubKey sets key and account type', stW.committed.pubKeyHash === (await zkSigner.pubKeyHash()) && stW.accountType === 'CREATE2', JSON.stringify(stW.accountType));
        const tw = await W.syncTransfer({ to: A.address(), token: 'ETH', amount: E('0.1') });
        const twr = await receipt(tw, 'create2 transfer');
        check('CREATE2 transfer without Ethereum signature', twr.success === true);
        const signed = await W.signSyncTransfer({ to: A.address(), token: 'ETH', amount: E('0.01'), fee: feeT.totalFee, nonce: await W.getNonce() });
        const anySig = { type: 'EthereumSignature', signature: await A.ethSigner().signMessage('x') };
        await expectErr('Eth signature from CREATE2 account: 103', provider.submitTx(signed.tx, anySig), 103, 'Eth signature from CREATE2 account not expected');
    }

    // ---- 2FA toggle: without 2FA a tx needs no Ethereum signature ----
    {
        const res = await F.toggle2FA(false);
        check('toggle_2fa off', res === true || (res && res.success === true) || res === undefined, JSON.stringify(res));
        eq('accountType No2FA', JSON.stringify((await F.getAccountState()).accountType), JSON.stringify({ No2FA: null }));
        const signed = await F.signSyncTransfer({ to: A.address(), token: 'ETH', amount: E('0.01'), fee: feeT.totalFee, nonce: await F.getNonce() });
        const h = await provider.submitTx(signed.tx, null);
        const r2 = await receipt(new zksync.Transaction(signed.tx, h, provider), 'no2fa transfer');
        check('No2FA transfer without Ethereum signature', r2.success === true);
        await F.toggle2FA(true);
        eq('accountType Owned again', (await F.getAccountState()).accountType, 'Owned');
        const s2 = await F.signSyncTransfer({ to: A.address(), token: 'ETH', amount: E('0.01'), fee: feeT.totalFee, nonce: await F.getNonce() });
        await expectErr('2FA on again: missing signature 200', provider.submitTx(s2.tx, null), 200, 'MissingEthSignature');
    }

    // ---- priority ops wait for L1 confirmations; account_info.depositing ----
    {
        await rpc('devnet_setConfirmations', [3]);
        eq('confirmations now 3', await provider.getConfirmationsForEthOpAmount(), 3);
        await rpc('devnet_pause', [true]);
        const before = big(await F.getBalance('ETH'));
        const d = await F.depositToSyncFromEthereum({ depositTo: F.address(), token: 'ETH', amount: E('0.25') });
        const l1rc = await d.awaitEthereumTxCommit();
        let dep = null;
        for (let i = 0; i < 100 && !dep; i++) {
            dep = (await F.getAccountState()).depositing.balances.ETH;
            if (!dep) await new Promise((r) => setTimeout(r, 50));
        }
        check('depositing shows the pending deposit', dep && dep.amount === E('0.25').toString() && dep.expectedAcceptBlock === l1rc.blockNumber + 3, JSON.stringify(dep));
        const pend = await provider.getPriorityOpStatus(d.priorityOpId.toNumber());
        check('ethop_info before execution', pend.executed === false && pend.block === null);
        await rpc('devnet_pause', [false]);
        await receipt(d, 'confirmed deposit');
        eq('deposit credited after confirmations', await F.getBalance('ETH'), before.add(E('0.25')));
        check('depositing empty afterwards', Object.keys((await F.getAccountState()).depositing.balances).length === 0);
        check('L1 advanced by the confirmations', (await ethProvider.getBlockNumber()) >= l1rc.blockNumber + 3);
        await rpc('devnet_setConfirmations', [st.confirmations]);
    }

    // ---- negative cases with the real codes ----
    await expectErr('nonce too low: 101', A.syncTransfer({ to: B.address(), token: 'ETH', amount: E('0.01'), nonce: 0 }), 101, 'Tx nonce is too low.');
    await expectErr('fee too low: 104', A.syncTransfer({ to: B.address(), token: 'ETH', amount: E('0.01'), fee: 1 }), 104, 'Transaction fee is too low');
    {
        const signed = await A.signSyncTransfer({ to: B.address(), token: 'ETH', amount: E('0.01'), fee: feeT.totalFee, nonce: await A.getNonce() });
        const tampered = { ...signed.tx, amount: E('0.02').toString() };
        await expectErr('bad L2 signature: 103', provider.submitTx(tampered, signed.ethereumSignature), 103, 'Tx is incorrect: L2 signature is incorrect');
        const other = new ethers.Wallet(st.accounts[5].privateKey);
        const msg = `Transfer 0.01 ETH to: ${B.address().toLowerCase()}\nFee: ${ethers.utils.formatEther(feeT.totalFee)} ETH\nNonce: ${signed.tx.nonce}`;
        const badSig = { type: 'EthereumSignature', signature: await other.signMessage(msg) };
        await expectErr('bad Ethereum signature: 202', provider.submitTx(signed.tx, badSig), 202, 'Eth signature is incorrect');
        await expectErr('missing Ethereum signature: 200', provider.submitTx(signed.tx, null), 200, 'MissingEthSignature');
        const goodSig = { type: 'EthereumSignature', signature: await A.ethSigner().signMessage(msg) };
        const h = await provider.submitTx(signed.tx, goodSig);
        eq('hand-built Ethereum message accepted (same text as zksync.js)', h, await zksync.utils.getTxHash(signed.tx));
        await receipt(new zksync.Transaction(signed.tx, h, provider), 'hand-built');
    }
    await expectErr('unknown fee token (get_tx_fee): -32603', provider.getTransactionFee('Transfer', B.address(), '0x00000000000000000000000000000000000000aa'), -32603, 'Token not found in the DB');
    {
        const n = await A.getNonce();
        const fee = (await provider.getTransactionFee('Withdraw', A.address(), 'ETH')).totalFee;
        const signed = await A.signWithdrawFromSyncToEthereum({ ethAddress: A.address(), token: 'ETH', amount: E('0.01'), fee, nonce: n });
        await expectErr("'fast' set manually: 103", provider.submitTx({ ...signed.tx, fast: true }, signed.ethereumSignature), 103, "'fast' field of Withdraw transaction must not be set manually.");
        const st2 = await A.signSyncTransfer({ to: B.address(), token: 'ETH', amount: E('0.01'), fee: feeT.totalFee, nonce: n });
        await expectErr('fast processing on a transfer: 303', provider.submitTx(st2.tx, st2.ethereumSignature, true), 303, "Fast processing available only for 'withdraw' operation type.");
    }
    await rpc('devnet_setTokenFeeAllowed', ['WBTC', false]);
    await expectErr('fee token not allowed (get_tx_fee): 105', provider.getTransactionFee('Transfer', B.address(), 'WBTC'), 105, 'Chosen token is not suitable for paying fees.');
    {
        // a fee in a token that is not allowed for fees (here: a DAI fee after disabling DAI)
        await rpc('devnet_setTokenFeeAllowed', ['DAI', false]);
        await expectErr('tx with not-allowed fee token: 105', A.syncTransfer({ to: B.address(), token: 'DAI', amount: 0, fee: E('0.01') }), 105, 'Chosen token is not suitable for paying fees.');
        await rpc('devnet_setTokenFeeAllowed', ['DAI', true]);
    }
    {
        const n = await A.getNonce();
        const signed = await A.signer.signSyncTransfer({
            accountId: await A.getAccountId(), from: A.address(), to: B.address(), tokenId: 77, amount: '0', fee: '1000',
            nonce: n, validFrom: 0, validUntil: 4294967295
        });
        await expectErr('tx with unknown fee token id: 105', provider.submitTx(signed, null), 105, 'Chosen token is not suitable for paying fees.');
    }
    await expectErr('batch fee types/addresses mismatch: 103', provider.getTransactionsBatchFee(['Transfer'], [], 'ETH'), 103, 'Number of tx_types must be equal to the number of addresses');
    await expectErr('empty batch: 300', provider.submitTxsBatch([], []), 300, 'Transaction batch is empty');

    // ---- bad input never crashes the server ----
    let r = await rawPost('{"jsonrpc":"2.0","id":1,"method":');
    check('malformed JSON -> -32700', JSON.parse(r.body).error.code === -32700);
    r = await rpc('no_such_method', []);
    check('unknown method -> -32601', r.error.code === -32601);
    r = await rpc('account_info', []);
    check('wrong param count -> -32602', r.error.code === -32602);
    r = await rpc('account_info', [12]);
    check('wrong param type -> -32602', r.error.code === -32602);
    r = await rpc('tx_submit', [{ type: 'Transfer', accountId: 'x' }, null]);
    check('malformed tx -> -32602', r.error.code === -32602);
    r = await rpc('tx_submit', [{ type: 'Close' }, null]);
    check('Close -> 301', r.error && r.error.code === 301);
    r = await rawPost(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tokens', params: ['x'.repeat(2 << 20)] }));
    check('oversized body -> rejected', r.status === 413 && JSON.parse(r.body).error.code === -32600);
    r = await rawPost(JSON.stringify([{ jsonrpc: '2.0', id: 1, method: 'get_zksync_version', params: [] }, { jsonrpc: '2.0', id: 2, method: 'nope' }]));
    const arr = JSON.parse(r.body);
    check('JSON-RPC batch request', Array.isArray(arr) && arr[0].result === 'contracts-6' && arr[1].error.code === -32601);
    r = await rpc('tx_info', ['sync-tx:' + '00'.repeat(32)]);
    check('tx_info unknown hash', r.result && r.result.executed === false && r.result.block === null && r.result.success === null);
    r = await rpc('ethop_info', [999999]);
    check('ethop_info unknown serial', r.result && r.result.executed === false && r.result.block === null);
    r = await rpc('get_nft_owner', [5]);
    check('get_nft_owner of a fungible id is null', r.result === null);
    r = await rpc('get_tx_fee', [{ ChangePubKey: { onchainPubkeyAuth: false } }, A.address(), 'ETH']);
    check('legacy ChangePubKey fee type echoed', r.result && JSON.stringify(r.result.feeType) === JSON.stringify({ ChangePubKey: { onchainPubkeyAuth: false } }));
    r = await rpc('get_zksync_version', []);
    check('server alive after bad input', r.result === 'contracts-6');
    eq('A nonce unchanged by rejected txs', (await A.getAccountState()).committed.nonce, await A.getNonce());

    await sunsetChecks({ provider, ethProvider, A, B, D, F, feeT, nftId });

    console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

/// The revert string of a failed ethers call (ganache puts Error(string) data into the error body).
async function revertOf(p) {
    try {
        await p;
        return null;
    } catch (e) {
        const text = [e.message, e.body, e.data, e.error && e.error.body, e.error && e.error.data, e.error && e.error.message]
            .filter((x) => typeof x === 'string').join(' ');
        const m = text.match(/0x08c379a0[0-9a-fA-F]{128,}/);
        if (m) return ethers.utils.defaultAbiCoder.decode(['string'], '0x' + m[0].slice(10))[0];
        return `(no reason: ${e.reason || e.code || e.message})`;
    }
}

function readCsv(file) {
    const text = fs.readFileSync(file, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] !== '') throw new Error(`${file}: no final newline`);
    lines.pop();
    const head = lines[0].split(',');
    return { head, rows: lines.slice(1).map((l) => Object.fromEntries(l.split(',').map((v, i) => [head[i], v]))) };
}

const keccakBuf = (b) => Buffer.from(ethers.utils.keccak256(b).slice(2), 'hex');
const leafOf = (r) => ethers.utils.solidityKeccak256(['uint256', 'address', 'address', 'uint256'], [r.claim_index, r.account_address, r.token_address, r.balance]);

async function sunsetChecks({ provider, ethProvider, A, B, D, F, feeT, nftId }) {
    const { MerkleTree } = require('merkletreejs');
    // the main contract's ABI as sunset.md §3 gives it (not the compiled devnet ABI)
    const main = new ethers.Contract(st.mainContract, [
        'function getPendingBalance(address,address) view returns (uint128)', 'function withdrawPendingBalance(address,address,uint128)',
        'function exodusMode() view returns (bool)', 'function pausedDeposits() view returns (bool)', 'function isTokenMigrated(address) view returns (bool)',
        'function depositETH(address) payable', 'function depositERC20(address,uint104,address)', 'function requestFullExit(uint32,address)',
        'function requestFullExitNFT(uint32,uint32)', 'function setAuthPubkeyHash(bytes,uint32)', 'function pauseDeposits()',
        'function setClaimRoot(address)', 'function migrateToken(address)', 'function totalBlocksExecuted() view returns (uint32)',
        'function storedBlockHashes(uint32) view returns (bytes32)'
    ], ethProvider);
    const ZERO = ethers.constants.AddressZero;
    // merkletreejs (sortPairs) reproduces the spec's vector A (sunset.md §4)
    {
        const a = (n) => ethers.utils.hexZeroPad(ethers.utils.hexlify(n), 20);
        const ls = [[0, 1, 11, 10], [1, 1, 12, 20], [2, 2, 11, 30]].map(([i, x, y, z]) => Buffer.from(ethers.utils.solidityKeccak256(['uint256', 'address', 'address', 'uint256'], [i, a(x), a(y), z]).slice(2), 'hex'));
        eq('merkletreejs root of vector A', new MerkleTree(ls, keccakBuf, { sortPairs: true }).getHexRoot(), '0x0ffb9b963d8a6f314f37b8ac7bb3f8610429ca7baa3de3b4edf578c03dc1b0be');
    }
    let x;
    // before the switch: pending balances A 7 USDC (fast withdraw), D 0.2 ETH (forced exit)
    eq('pending USDC of A before the switch', await main.getPendingBalance(A.address(), st.tokens.USDC.address), USDC('7'));
    // an ERC20 that gets migrated and claimed: F deposits DAI
    const depDai = await F.depositToSyncFromEthereum({ depositTo: F.address(), token: 'DAI', amount: E('5'), approveDepositAmountForERC20: true });
    await verifyReceipt(depDai, 'deposit DAI');
    // deposits paused first (devnet_pauseDeposits: the governor's pauseDeposits()): "LD", L2 still open
    x = await rpc('devnet_pauseDeposits', []);
    check('devnet_pauseDeposits', x.result && /^0x[0-9a-f]{64}$/.test(x.result.txHash), JSON.stringify(x));
    check('pausedDeposits() but no exodus yet', (await main.pausedDeposits()) === true && (await main.exodusMode()) === false);
    eq('depositETH when paused reverts LD', await revertOf(main.connect(A.ethSigner()).callStatic.depositETH(A.address(), { value: 1 })), 'LD');
    x = await rpc('devnet_pauseDeposits', []);
    check('devnet_pauseDeposits again: nothing to do', x.result && x.result.txHash === null, JSON.stringify(x));
    const nBefore = await A.getNonce();
    const preSigned = await A.signSyncTransfer({ to: B.address(), token: 'ETH', amount: E('0.01'), fee: feeT.totalFee, nonce: nBefore });
    const ts = Date.now();
    const r = await rpc('devnet_sunset', [{ migrateTokens: ['ETH', 'DAI', 'WBTC'] }], 120000);
    x = await rpc('devnet_sunset', [{ migrateTokens: 'some' }]);
    check('devnet_sunset bad options: -32602', x.error && x.error.code === -32602, JSON.stringify(x));
    const res = r.result || {};
    check('devnet_sunset answers a result', !!r.result, JSON.stringify(r.error));
    console.log(`# devnet_sunset took ${Date.now() - ts} ms (stateRootComputed ${res.stateRootComputed})`);
    const st2 = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
    check('state file: sunset keys', st2.sunset === true && st2.distributor === res.distributor && st2.claimRoot === res.claimRoot &&
        st2.snapshotDir === res.snapshotDir && st2.lastExecutedBlock === res.lastExecutedBlock && st2.stateRoot === res.stateRoot &&
        typeof st2.stateRootComputed === 'boolean' && st2.securityCouncil.address && st2.governor.address, JSON.stringify(res));
    check('state file: migrated / unmigrated tokens', JSON.stringify(st2.migratedTokens) === JSON.stringify([ZERO, st.tokens.DAI.address]) &&
        st2.unmigratedTokens.includes(st.tokens.USDC.address) && st2.unmigratedTokens.includes(st.tokens.WBTC.address), JSON.stringify([st2.migratedTokens, st2.unmigratedTokens]));
    const again = await rpc('devnet_sunset', []);
    check('devnet_sunset again: same result', again.result && again.result.distributor === res.distributor && again.result.claimRoot === res.claimRoot);

    // ---- L2: 305 for every submission, 303 / 103 still first, reads answer ----
    await expectErr('syncTransfer after the switch: 305', A.syncTransfer({ to: B.address(), token: 'ETH', amount: E('0.01') }), 305, 'L2 transactions are disabled.');
    await expectErr('batch after the switch: 305', A.syncMultiTransfer([
        { to: B.address(), token: 'ETH', amount: E('0.01'), fee: feeT.totalFee }, { to: B.address(), token: 'ETH', amount: E('0.01'), fee: 0 }]), 305, 'L2 transactions are disabled.');
    x = await rpc('tx_submit', [preSigned.tx, preSigned.ethereumSignature]);
    check('tx_submit 305 has no data', x.error && x.error.code === 305 && x.error.message === 'L2 transactions are disabled.' && !('data' in x.error), JSON.stringify(x));
    x = await rpc('submit_txs_batch', [[{ tx: preSigned.tx, signature: preSigned.ethereumSignature }], []]);
    check('submit_txs_batch 305 has no data', x.error && x.error.code === 305 && !('data' in x.error), JSON.stringify(x));
    x = await rpc('tx_submit', [preSigned.tx, preSigned.ethereumSignature, true]);
    check('303 still before 305', x.error && x.error.code === 303, JSON.stringify(x));
    {
        const fee = (await provider.getTransactionFee('Withdraw', A.address(), 'ETH')).totalFee;
        const w = await A.signWithdrawFromSyncToEthereum({ ethAddress: A.address(), token: 'ETH', amount: E('0.01'), fee, nonce: nBefore });
        await expectErr("103 ('fast' set) still before 305", provider.submitTx({ ...w.tx, fast: true }, w.ethereumSignature), 103, "'fast' field of Withdraw transaction must not be set manually.");
    }
    const stA = await A.getAccountState();
    check('account_info still answers', stA.id !== null && stA.committed.nonce === nBefore);
    check('tokens still answer', provider.tokenSet.resolveTokenId('USDC') === st.tokens.USDC.id && (await rpc('tokens', [])).result.USDC.id === st.tokens.USDC.id);
    check('get_tx_fee still answers', !!(await rpc('get_tx_fee', ['Transfer', B.address(), 'ETH'])).result);
    check('ethop_info still answers', (await rpc('ethop_info', [0])).result.executed === true);
    x = await rpc('devnet_sealBlock', []);
    check('no block production after the switch', x.result && x.result.blockNumber === null);
    const info = (await rpc('devnet_info', [])).result;
    check('devnet_info: blocks = last executed, all verified', info.blocks === res.lastExecutedBlock && info.verifiedBlocks === info.blocks && info.l2Disabled && info.frozen);

    // ---- L1 contract state and refusals ----
    check('exodusMode() and pausedDeposits()', (await main.exodusMode()) === true && (await main.pausedDeposits()) === true);
    check('isTokenMigrated ETH yes, USDC no', (await main.isTokenMigrated(ZERO)) === true && (await main.isTokenMigrated(st.tokens.USDC.address)) === false);
    const mainA = main.connect(A.ethSigner());
    eq('depositETH reverts L', await revertOf(mainA.callStatic.depositETH(A.address(), { value: 1 })), 'L');
    eq('depositERC20 reverts L', await revertOf(mainA.callStatic.depositERC20(st.tokens.USDC.address, 1, A.address())), 'L');
    eq('zksync.js deposit fails', await A.depositToSyncFromEthereum({ depositTo: A.address(), token: 'ETH', amount: E('1'), ethTxOptions: { gasLimit: 200000 } })
        .then((d) => d.awaitEthereumTxCommit()).then(() => 'ok', () => 'failed'), 'failed');
    eq('requestFullExit reverts L', await revertOf(mainA.callStatic.requestFullExit(await A.getAccountId(), ZERO)), 'L');
    eq('requestFullExitNFT reverts L', await revertOf(mainA.callStatic.requestFullExitNFT(await A.getAccountId(), nftId)), 'L');
    eq('setAuthPubkeyHash reverts L', await revertOf(mainA.callStatic.setAuthPubkeyHash('0x' + '11'.repeat(20), 0)), 'L');
    eq('pauseDeposits by a non-governor reverts 1g', await revertOf(mainA.callStatic.pauseDeposits()), '1g');
    eq('setClaimRoot by a non-council reverts tm4', await revertOf(mainA.callStatic.setClaimRoot(res.distributor)), 'tm4');
    const council = new ethers.Wallet(st2.securityCouncil.privateKey, ethProvider);
    eq('setClaimRoot(0) reverts tm1', await revertOf(main.connect(council).callStatic.setClaimRoot(ZERO)), 'tm1');
    eq('setClaimRoot(non-distributor) reverts tm2', await revertOf(main.connect(council).callStatic.setClaimRoot(A.address())), 'tm2');
    eq('migrateToken(ETH) again reverts tm3', await revertOf(mainA.callStatic.migrateToken(ZERO)), 'tm3');
    const nftAddr = (await provider.getNFT(nftId)).address;
    eq('migrateToken(NFT address) reverts 1i', await revertOf(mainA.callStatic.migrateToken(nftAddr)), '1i');
    eq('migrateToken(WBTC, never deposited) reverts tm5', await revertOf(mainA.callStatic.migrateToken(st.tokens.WBTC.address)), 'tm5');

    // ---- logs of the switch ----
    const iface = new ethers.utils.Interface([
        'event L1ClaimDistributorSet(address indexed claimDistributor)', 'event ClaimRootSet(bytes32 claimRoot)',
        'event ExodusMode()', 'event TokenMigrationExecuted(address indexed token)', 'event BlockVerification(uint32 indexed blockNumber)',
        'event DepositsPause()',
        'function executeBlocks(((uint32,uint64,bytes32,uint256,bytes32,bytes32),bytes[])[])',
        'function MERKLE_ROOT() view returns (bytes32)', 'function isClaimed(uint256) view returns (bool)',
        'function claim(uint256 index, address account, address token, uint256 amount, bytes32[] proof)',
        'event Claimed(uint256 indexed index, address indexed account, address indexed token, uint256 amount)'
    ]);
    const logs = (name, extra = []) => ethProvider.getLogs({ address: st.mainContract, topics: [iface.getEventTopic(name), ...extra], fromBlock: 0, toBlock: 'latest' });
    const distLogs = await logs('L1ClaimDistributorSet');
    check('L1ClaimDistributorSet names the distributor', distLogs.length === 1 && ethers.utils.hexDataSlice(distLogs[0].topics[1], 12) === res.distributor);
    const rootLogs = await logs('ClaimRootSet');
    check('ClaimRootSet carries the root as data', rootLogs.length === 1 && rootLogs[0].data === res.claimRoot && rootLogs[0].topics.length === 1);
    check('ExodusMode and DepositsPause emitted once', (await logs('ExodusMode')).length === 1 && (await logs('DepositsPause')).length === 1);
    check('TokenMigrationExecuted for ETH and DAI', (await logs('TokenMigrationExecuted')).map((l) => ethers.utils.hexDataSlice(l.topics[1], 12)).join() === [ZERO, st.tokens.DAI.address].join());
    const dist = new ethers.Contract(res.distributor, iface, ethProvider);
    eq('distributor MERKLE_ROOT() = claim root', await dist.MERKLE_ROOT(), res.claimRoot);
    check('distributor holds the migrated ETH, the contract none', (await ethProvider.getBalance(res.distributor)).gt(0) && (await ethProvider.getBalance(st.mainContract)).isZero());

    // ---- the snapshot files ----
    const dir = res.snapshotDir;
    const acc = readCsv(`${dir}/accounts.csv`);
    const bal = readCsv(`${dir}/balances.csv`);
    const tok = readCsv(`${dir}/tokens.csv`);
    const lv = readCsv(`${dir}/new_leaves.csv`);
    eq('accounts.csv header', acc.head.join(), 'id,nonce,address,pubkey_hash');
    eq('balances.csv header', bal.head.join(), 'account_id,coin_id,balance');
    eq('tokens.csv header', tok.head.join(), 'id,address,symbol,decimals');
    eq('new_leaves.csv header', lv.head.join(), 'claim_index,account_address,token_address,balance');
    check('accounts.csv has the NFT storage account', acc.rows.some((a) => a.id === '16777215' && a.address === '0x' + 'f'.repeat(40)));
    check('balances.csv has the NFT counters under 2147483646', bal.rows.some((b) => b.account_id === '16777215' && b.coin_id === '2147483646' && b.balance === '65537') &&
        bal.rows.some((b) => b.account_id === String(stA.id) && b.coin_id === '2147483646' && b.balance === '1'));
    check('tokens.csv lists the NFT and the counter token', tok.rows.some((t) => t.id === String(nftId) && t.address === nftAddr.toLowerCase()) &&
        tok.rows.some((t) => t.id === '2147483646' && t.address === '0x' + 'f'.repeat(40)));
    // leaves recomputed here from accounts/balances/tokens (sunset.md §4) equal new_leaves.csv
    {
        const addrOf = new Map(acc.rows.map((a) => [a.id, a.address]));
        const tokOf = new Map(tok.rows.map((t) => [t.id, t.address]));
        const sums = new Map();
        for (const b of bal.rows) {
            const k = `${addrOf.get(b.account_id)},${tokOf.get(b.coin_id)}`;
            sums.set(k, (sums.get(k) || 0n) + BigInt(b.balance));
        }
        const mine = [...sums.keys()].sort().map((k, i) => `${i},${k},${sums.get(k)}`).join('\n');
        eq('new_leaves.csv = leaves recomputed from the other three files', lv.rows.map((l) => `${l.claim_index},${l.account_address},${l.token_address},${l.balance}`).join('\n'), mine);
    }
    const hashes = lv.rows.map((l) => Buffer.from(leafOf(l).slice(2), 'hex'));
    const tree = new MerkleTree(hashes, keccakBuf, { sortPairs: true });
    eq('claim root recomputed from new_leaves.csv (merkletreejs)', tree.getHexRoot(), res.claimRoot);
    const leaf = (account, token) => lv.rows.find((l) => l.account_address === account.toLowerCase() && l.token_address === token.toLowerCase());
    const aEthLeaf = leaf(A.address(), ZERO);
    eq('A ETH leaf = A verified ETH balance', aEthLeaf && aEthLeaf.balance, (await A.getAccountState()).verified.balances.ETH);
    check('zero balance kept as a leaf (D ETH after forced exit)', leaf(D.address(), ZERO) && leaf(D.address(), ZERO).balance === '0');

    // ---- claims ----
    const proofOf = (l) => tree.getHexProof(hashes[Number(l.claim_index)], Number(l.claim_index));
    const distF = dist.connect(F.ethSigner());
    const claimArgs = (l, amount) => [l.claim_index, l.account_address, l.token_address, amount || l.balance, proofOf(l)];
    const l1Before = await ethProvider.getBalance(A.address());
    const crc = await (await distF.claim(...claimArgs(aEthLeaf), { gasLimit: 300000 })).wait();
    eq('claim by a third party pays the account', (await ethProvider.getBalance(A.address())).sub(l1Before), aEthLeaf.balance);
    check('Claimed event', crc.logs.some((l) => l.topics[0] === iface.getEventTopic('Claimed') && ethers.BigNumber.from(l.topics[1]).eq(aEthLeaf.claim_index)));
    check('isClaimed after the claim', (await dist.isClaimed(aEthLeaf.claim_index)) === true);
    eq('second claim of the same leaf reverts cd1', await revertOf(distF.callStatic.claim(...claimArgs(aEthLeaf))), 'cd1');
    const bEthLeaf = leaf(B.address(), ZERO);
    eq('wrong amount reverts cd2', await revertOf(distF.callStatic.claim(...claimArgs(bEthLeaf, ethers.BigNumber.from(bEthLeaf.balance).add(1).toString()))), 'cd2');
    eq('wrong proof reverts cd2', await revertOf(distF.callStatic.claim(bEthLeaf.claim_index, bEthLeaf.account_address, ZERO, bEthLeaf.balance, proofOf(aEthLeaf))), 'cd2');
    eq('claim of an unmigrated token (USDC) reverts cd3', await revertOf(distF.callStatic.claim(...claimArgs(leaf(A.address(), st.tokens.USDC.address)))), 'cd3');
    const nftLeaf = lv.rows.find((l) => l.token_address === nftAddr.toLowerCase() && l.account_address !== '0x' + 'f'.repeat(40));
    eq('claim of an NFT leaf reverts cd4', nftLeaf && await revertOf(distF.callStatic.claim(...claimArgs(nftLeaf))), 'cd4');

    // ---- pending balances after the switch ----
    const l1U = big(await A.getEthereumBalance('USDC'));
    await (await main.connect(A.ethSigner()).withdrawPendingBalance(A.address(), st.tokens.USDC.address, USDC('7'), { gasLimit: 200000 })).wait();
    eq('pending USDC (unmigrated) still withdrawable', big(await A.getEthereumBalance('USDC')).sub(l1U), USDC('7'));
    {
        const l = leaf(F.address(), st.tokens.DAI.address);
        const before = big(await F.getEthereumBalance('DAI'));
        await (await dist.connect(A.ethSigner()).claim(...claimArgs(l), { gasLimit: 300000 })).wait();
        eq('claim of a migrated ERC20 (DAI) pays by transfer', big(await F.getEthereumBalance('DAI')).sub(before), E('5'));
    }
    eq('pending ETH (migrated) fails: d', await revertOf(main.connect(D.ethSigner()).callStatic.withdrawPendingBalance(D.address(), ZERO, E('0.2'))), 'd');

    // ---- the final state root on L1 ----
    const n = await main.totalBlocksExecuted();
    eq('totalBlocksExecuted = last executed block', n, res.lastExecutedBlock);
    const bv = await ethProvider.getLogs({ address: st.mainContract, topics: [iface.getEventTopic('BlockVerification'), ethers.utils.hexZeroPad(ethers.utils.hexlify(n), 32)], fromBlock: 0, toBlock: 'latest' });
    check('one BlockVerification log for block N', bv.length === 1);
    const etx = await ethProvider.getTransaction(bv[0].transactionHash);
    eq('executeBlocks selector', etx.data.slice(0, 10), '0xb0705b42');
    const decoded = iface.decodeFunctionData('executeBlocks', etx.data)[0];
    const sb = decoded[decoded.length - 1][0];
    const enc = ethers.utils.defaultAbiCoder.encode(['tuple(uint32,uint64,bytes32,uint256,bytes32,bytes32)'], [sb]);
    eq('storedBlockHashes(N) = keccak(StoredBlockInfo from calldata)', await main.storedBlockHashes(n), ethers.utils.keccak256(enc));
    eq('StoredBlockInfo.blockNumber = N', sb[0], n);
    eq('stateHash = stateRoot of the state file', sb[4], res.stateRoot);
    if (res.stateRootComputed) {
        const { stateRoot } = require('./lib/state_root');
        const root = stateRoot({
            accounts: acc.rows.map((a) => ({ id: Number(a.id), nonce: Number(a.nonce), address: a.address, pubkeyHash: a.pubkey_hash })),
            balances: bal.rows.map((b) => ({ accountId: Number(b.account_id), tokenId: Number(b.coin_id), balance: b.balance }))
        });
        eq('stateHash = Rescue root of accounts.csv + balances.csv', sb[4], root);
    } else {
        eq('stateHash is zero while lib/state_root.js is absent', sb[4], ethers.constants.HashZero);
    }

    // setClaimRoot may be called again (a new distributor); ExodusMode is not emitted again
    {
        const c = require('./contracts/compiled.json').contracts.DevClaimDistributor;
        const d2 = await new ethers.ContractFactory(c.abi, c.bytecode, council).deploy(res.claimRoot, { gasLimit: 3000000 });
        await d2.deployed();
        const rc = await (await main.connect(council).setClaimRoot(d2.address, { gasLimit: 300000 })).wait();
        const topics = rc.logs.map((l) => l.topics[0]);
        check('setClaimRoot again: L1ClaimDistributorSet + ClaimRootSet, no ExodusMode', topics.length === 2 &&
            topics[0] === iface.getEventTopic('L1ClaimDistributorSet') && topics[1] === iface.getEventTopic('ClaimRootSet'), JSON.stringify(topics));
    }
}

main()
    .catch((e) => {
        failed++;
        console.log(`FAIL suite aborted: ${e.stack || e.message}`);
    })
    .finally(() => {
        console.log(`RESULT ${passed} ${failed}`);
        process.exit(failed ? 1 : 0);
    });
