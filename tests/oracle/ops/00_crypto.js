// zksync-crypto 0.6.2 primitives and keccak256 (ethers 5.7.2).
'use strict';
const zc = require('zksync-crypto');
const { utils } = require('ethers');
if (zc.zksync_crypto_init) zc.zksync_crypto_init();

const h = (s) => Buffer.from(s || '', 'hex');
const x = (b) => Buffer.from(b).toString('hex');

module.exports = {
  ping: () => 'pong',
  privkey_from_seed: (a) => x(zc.privateKeyFromSeed(h(a.seed))),
  pubkey: (a) => x(zc.private_key_to_pubkey(h(a.sk))),
  pubkey_hash_sk: (a) => x(zc.private_key_to_pubkey_hash(h(a.sk))),
  pubkey_hash: (a) => x(zc.pubKeyHash(h(a.pub))),
  rescue_hash: (a) => x(zc.rescueHash(h(a.msg))),
  rescue_hash_orders: (a) => x(zc.rescueHashOrders(h(a.msg))),
  sign_musig: (a) => x(zc.sign_musig(h(a.sk), h(a.msg))),
  verify_musig: (a) => zc.verify_musig(h(a.msg), h(a.sig)),
  keccak256: (a) => utils.keccak256(h(a.data)).slice(2),
};
