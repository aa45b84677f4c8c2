// Ethereum side (ethers 5.7.2, zksync.js 0.13.1): keys, personal_sign, EIP-55,
// BIP-39/BIP-32, RLP, signed transactions, ABI. Bytes travel as lowercase hex
// without 0x; results that ethers returns as 0x-hex are passed through as is.
'use strict';
const { ethers, utils } = require('ethers');
const zksync = require('zksync');
const zc = require('zksync-crypto');

const h = (s) => Buffer.from(s || '', 'hex');
const x = (b) => Buffer.from(b).toString('hex');
const k0x = (s) => '0x' + s;

// RLP trees in JSON: a string is hex bytes (no 0x), an array is a list.
const toRlp = (v) => (Array.isArray(v) ? v.map(toRlp) : '0x' + v);
const fromRlp = (v) => (Array.isArray(v) ? v.map(fromRlp) : v.slice(2));

module.exports = {
  eth_address: (a) => new ethers.Wallet(k0x(a.key)).address,
  eth_personal_sign: async (a) => (await new ethers.Wallet(k0x(a.key)).signMessage(h(a.msg))).slice(2),
  eth_recover: (a) => utils.verifyMessage(h(a.msg), '0x' + a.sig),
  eth_get_address: (a) => utils.getAddress(a.text),
  eth_login_message: (a) => {
    let m = 'Access zkSync account.\n\nOnly sign this message for a trusted client!';
    if (a.chainId !== 1) m += `\nChain ID: ${a.chainId}.`;
    return m;
  },
  // zksync.js Signer.fromETHSignature with a stub provider that reports chainId.
  zk_from_eth: async (a) => {
    const w = new ethers.Wallet(k0x(a.key));
    let seedSig = null;
    const stub = {
      provider: { getNetwork: async () => ({ chainId: a.chainId }) },
      signMessage: async (m) => (seedSig = await w.signMessage(m)),
      getAddress: async () => w.address,
    };
    const { signer } = await zksync.Signer.fromETHSignature(stub);
    return {
      sig: seedSig.slice(2),
      sk: x(zc.privateKeyFromSeed(h(seedSig.slice(2)))),
      pkh: await signer.pubKeyHash(),
    };
  },
  bip39_seed: (a) => utils.mnemonicToSeed(a.mnemonic, a.passphrase).slice(2),
  bip39_to_entropy: (a) => utils.mnemonicToEntropy(a.mnemonic).slice(2),
  bip39_from_entropy: (a) => utils.entropyToMnemonic(h(a.entropy)),
  // HD wallet as ethers Wallet.fromMnemonic(mnemonic, path) does it (plus a passphrase).
  hd_from_mnemonic: (a) => {
    const n = utils.HDNode.fromMnemonic(a.mnemonic, a.passphrase).derivePath(a.path);
    return { key: n.privateKey.slice(2), address: n.address, chainCode: n.chainCode.slice(2), xprv: n.extendedKey };
  },
  hd_from_seed: (a) => {
    const n = utils.HDNode.fromSeed(h(a.seed)).derivePath(a.path);
    return { key: n.privateKey.slice(2), address: n.address, chainCode: n.chainCode.slice(2), xprv: n.extendedKey };
  },
  rlp_encode: (a) => utils.RLP.encode(toRlp(a.item)).slice(2),
  rlp_decode: (a) => fromRlp(utils.RLP.decode('0x' + a.data)),
  // tx: {type, chainId, nonce, gasLimit, gasPrice | maxFeePerGas+maxPriorityFeePerGas, to|null, value, data}
  eth_tx_sign: async (a) => {
    const t = a.tx;
    const tx = {
      type: t.type, chainId: t.chainId, nonce: t.nonce, gasLimit: ethers.BigNumber.from(t.gasLimit),
      to: t.to ? '0x' + t.to : undefined, value: ethers.BigNumber.from(t.value), data: '0x' + (t.data || ''),
    };
    if (t.type === 2) {
      tx.maxFeePerGas = ethers.BigNumber.from(t.maxFeePerGas);
      tx.maxPriorityFeePerGas = ethers.BigNumber.from(t.maxPriorityFeePerGas);
    } else {
      tx.gasPrice = ethers.BigNumber.from(t.gasPrice);
    }
    const raw = await new ethers.Wallet(k0x(a.key)).signTransaction(tx);
    const unsigned = utils.serializeTransaction(tx);
    return { raw: raw.slice(2), hash: utils.keccak256(raw).slice(2), sighash: utils.keccak256(unsigned).slice(2) };
  },
  eth_tx_parse: (a) => {
    const p = utils.parseTransaction('0x' + a.raw);
    return { from: p.from, hash: p.hash.slice(2), nonce: p.nonce, chainId: p.chainId, type: p.type };
  },
  abi_encode: (a) => utils.defaultAbiCoder.encode(a.types, a.values).slice(2),
  abi_call: (a) => {
    const iface = new utils.Interface(['function ' + a.sig]);
    const name = a.sig.slice(0, a.sig.indexOf('('));
    return iface.encodeFunctionData(name, a.values).slice(2);
  },
  abi_selector: (a) => utils.id(a.sig).slice(2, 10),
};
