// SPDX-License-Identifier: Apache-2.0
#include "rpc/testing/tx_signer.hpp"

#include <array>
#include <cstdlib>

#include "chain/rlp.hpp"
#include "crypto/hex.hpp"
#include "crypto/sha256.hpp"

namespace countersign::testing {
namespace {

const std::array<SecretKey, kDevAccountCount>& dev_keys() {
    static const std::array<SecretKey, kDevAccountCount> keys = {
        SecretKey{*parse_hex_fixed<32>("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80")},
        SecretKey{*parse_hex_fixed<32>("0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d")},
        SecretKey{*parse_hex_fixed<32>("0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a")},
        SecretKey{*parse_hex_fixed<32>("0x7c852118294e51e653712a81e05800f419141751be58f605c371e15141b007a6")},
    };
    return keys;
}

}  // namespace

const SecretKey& dev_key(std::size_t index) {
    if (index >= kDevAccountCount) std::abort();
    return dev_keys()[index];
}

Address address_of(const SecretKey& key) {
    auto pub = public_key_from_secret(key);
    if (!pub) std::abort();
    return address_from_public_key(*pub);
}

Address dev_address(std::size_t index) {
    return address_of(dev_key(index));
}

void sign_transaction(chain::Transaction& tx, const SecretKey& key) {
    auto sig = sign_recoverable(chain::signing_hash(tx), key);
    if (!sig) std::abort();  // only for an invalid key, and the keys here are fixed
    tx.r = Uint256::from_be(sig->r);
    tx.s = Uint256::from_be(sig->s);
    tx.odd_y_parity = sig->recovery_id == 1;
}

void sign_authorization(chain::Authorization& auth, const SecretKey& key) {
    auto sig = sign_recoverable(chain::authorization_signing_hash(auth), key);
    if (!sig) std::abort();
    auth.r = Uint256::from_be(sig->r);
    auth.s = Uint256::from_be(sig->s);
    auth.y_parity = sig->recovery_id;
}

chain::Transaction dynamic_fee_tx(std::uint64_t nonce, std::optional<Address> to, Uint256 value, Bytes data,
                                  std::uint64_t chain_id, const SecretKey& key) {
    chain::Transaction t;
    t.type = chain::TxType::kDynamicFee;
    t.chain_id = Uint256{chain_id};
    t.nonce = nonce;
    t.max_priority_fee_per_gas = Uint256{1'000'000'000};
    t.max_fee_per_gas = Uint256{20'000'000'000};
    t.gas_limit = to ? 21'000 : 200'000;
    t.to = to;
    t.value = value;
    t.data = std::move(data);
    sign_transaction(t, key);
    return t;
}

Bytes log_emitting_init_code(const Hash32& topic) {
    Bytes code{0x60, 0x2a, 0x60, 0x00, 0x52, 0x7f};  // mstore(0, 42); push32
    code.append(topic.data(), 32);
    code += Bytes{0x60, 0x20, 0x60, 0x00, 0xa1, 0x00};  // log1(0, 32, topic); stop
    return code;
}

Bytes emitter_init_code(const Hash32& topic) {
    // Runtime: calldatacopy(0, 0, calldatasize); log1(0, calldatasize, topic); stop (44 bytes).
    Bytes runtime{0x36, 0x60, 0x00, 0x60, 0x00, 0x37, 0x7f};
    runtime.append(topic.data(), 32);
    runtime += Bytes{0x36, 0x60, 0x00, 0xa1, 0x00};
    // Init: codecopy(0, 12, 44); return(0, 44).
    Bytes init{0x60, 0x2c, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, 0x2c, 0x60, 0x00, 0xf3};
    return init + runtime;
}

chain::Transaction typed_tx(chain::TxType type, std::uint64_t nonce, std::optional<Address> to, Bytes data,
                            std::uint64_t chain_id) {
    chain::Transaction t;
    t.type = type;
    t.chain_id = Uint256{chain_id};
    t.nonce = nonce;
    if (type == chain::TxType::kLegacy || type == chain::TxType::kAccessList) {
        t.gas_price = Uint256{20'000'000'000};
    } else {
        t.max_priority_fee_per_gas = Uint256{1'000'000'000};
        t.max_fee_per_gas = Uint256{20'000'000'000};
    }
    t.gas_limit = 200'000;
    t.to = to;
    t.data = std::move(data);
    if (type != chain::TxType::kLegacy && to) t.access_list.push_back({*to, {Bytes32{}}});
    if (type == chain::TxType::kBlob) t.max_fee_per_blob_gas = Uint256{1'000'000'000};
    return t;
}

namespace {

constexpr std::size_t kG1Size = 48;

Bytes infinity_point() {
    Bytes p(kG1Size, 0);
    p[0] = 0xc0;
    return p;
}

// rlp([item, item, ...]) of `count` copies of the string `item`.
void encode_repeated(Bytes& to, ByteView item, std::size_t count) {
    Bytes one;
    rlp::encode(one, item);
    rlp::encode_header(to, rlp::Header{true, one.size() * count});
    for (std::size_t i = 0; i < count; ++i) to += one;
}

}  // namespace

Hash32 zero_blob_versioned_hash() {
    Hash32 h = sha256(infinity_point());
    h.bytes[0] = 0x01;
    return h;
}

Bytes zero_blob_network_form(const chain::Transaction& tx) {
    const Bytes canonical = chain::encode_transaction(tx);  // 0x03 || rlp(body)
    const ByteView body = ByteView{canonical}.substr(1);
    const std::size_t count = tx.blob_versioned_hashes.size();
    const Bytes blob(chain::kBlobSize, 0);
    const Bytes point = infinity_point();
    Bytes lists;
    encode_repeated(lists, blob, count);
    encode_repeated(lists, point, count);
    encode_repeated(lists, point, count);
    Bytes out{0x03};
    rlp::encode_header(out, rlp::Header{true, body.size() + lists.size()});
    out += body;
    out += lists;
    return out;
}

}  // namespace countersign::testing
