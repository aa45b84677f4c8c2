'use strict';
// Deterministic fee model: (base L1 gas + 200 gas per chunk) x L1 gas price, plus a fixed
// zero-knowledge-proof cost per chunk in USD, converted with fixed token prices and rounded
// down to a packable fee.
const { closestPackableFee, RpcError, badParams, isObj } = require('./util');

// chunks and base L1 gas per output fee type (the gas table is ours, not the real server's)
const TABLE = {
    Transfer: { chunks: 2, gas: 550 },
    TransferToNew: { chunks: 6, gas: 1500 },
    Withdraw: { chunks: 6, gas: 10000 },
    FastWithdraw: { chunks: 6, gas: 150000 },
    ForcedExit: { chunks: 6, gas: 10000 },
    MintNFT: { chunks: 5, gas: 1500 },
    WithdrawNFT: { chunks: 10, gas: 45000 },
    FastWithdrawNFT: { chunks: 10, gas: 180000 },
    Swap: { chunks: 5, gas: 1000 },
    'ChangePubKey:Onchain': { chunks: 6, gas: 1000 },
    'ChangePubKey:ECDSA': { chunks: 6, gas: 3000 },
    'ChangePubKey:EIP712': { chunks: 6, gas: 3000 },
    'ChangePubKey:CREATE2': { chunks: 6, gas: 2000 }
};
const ZKP_MICRO_USD_PER_CHUNK = 1000n; // 0.001 USD per chunk
const GAS_PER_CHUNK = 200n;

/// Parses an ApiTxFeeTypes value. Returns {key, out} where key indexes TABLE and out is the
/// feeType echoed in the response (before the Transfer -> TransferToNew switch).
function parseFeeType(t) {
    const simple = ['Withdraw', 'FastWithdraw', 'Transfer', 'ForcedExit', 'MintNFT', 'WithdrawNFT', 'FastWithdrawNFT', 'Swap'];
    if (typeof t === 'string') {
        if (!simple.includes(t)) throw badParams(`unknown variant \`${t}\``);
        return { key: t, out: t === 'ForcedExit' ? 'Withdraw' : t };
    }
    if (isObj(t) && Object.keys(t).length === 1 && 'ChangePubKey' in t) {
        const v = t.ChangePubKey;
        if (typeof v === 'string' && ['Onchain', 'ECDSA', 'CREATE2', 'EIP712'].includes(v)) {
            return { key: `ChangePubKey:${v}`, out: { ChangePubKey: v } };
        }
        if (isObj(v) && typeof v.onchainPubkeyAuth === 'boolean') {
            return {
                key: v.onchainPubkeyAuth ? 'ChangePubKey:Onchain' : 'ChangePubKey:ECDSA',
                out: { ChangePubKey: { onchainPubkeyAuth: v.onchainPubkeyAuth } }
            };
        }
    }
    throw badParams('unknown tx fee type');
}

function ceilDiv(a, b) {
    return (a + b - 1n) / b;
}

class FeeModel {
    constructor(gasPriceWei, ethPriceMicro) {
        this.gasPriceWei = gasPriceWei;
        this.ethPriceMicro = ethPriceMicro;
    }

    /// Unrounded {gasTxAmount, gasFee, zkpFee} of a fee-table key in units of `token`.
    parts(key, token) {
        const row = TABLE[key];
        if (!row) throw new RpcError(-32603, 'Internal error');
        const gasTxAmount = BigInt(row.gas) + GAS_PER_CHUNK * BigInt(row.chunks);
        const scale = 10n ** BigInt(token.decimals);
        const gasWei = gasTxAmount * this.gasPriceWei;
        const gasFee = ceilDiv(gasWei * this.ethPriceMicro * scale, 10n ** 18n * token.priceMicro);
        const zkpFee = ceilDiv(ZKP_MICRO_USD_PER_CHUNK * BigInt(row.chunks) * scale, token.priceMicro);
        return { gasTxAmount, gasFee, zkpFee };
    }

    fee(key, out, token) {
        const p = this.parts(key, token);
        return {
            feeType: out,
            gasTxAmount: p.gasTxAmount.toString(),
            gasPriceWei: this.gasPriceWei.toString(),
            gasFee: p.gasFee.toString(),
            zkpFee: p.zkpFee.toString(),
            totalFee: closestPackableFee(p.gasFee + p.zkpFee).toString()
        };
    }

    /// Required (rounded) fee of one tx in token units.
    required(key, token) {
        const p = this.parts(key, token);
        return closestPackableFee(p.gasFee + p.zkpFee);
    }

    batchTotal(keys, token) {
        let s = 0n;
        for (const k of keys) {
            const p = this.parts(k, token);
            s += p.gasFee + p.zkpFee;
        }
        return closestPackableFee(s);
    }
}

module.exports = { FeeModel, parseFeeType, TABLE };
