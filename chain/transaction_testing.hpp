// SPDX-License-Identifier: Apache-2.0
#pragma once
// Helpers shared by the transaction tests (test code only: included from *_test.cpp and the benchmark).

#include <fstream>
#include <sstream>
#include <string>

#include "chain/transaction.hpp"
#include "crypto/hex.hpp"
#include "crypto/secp256k1.hpp"

namespace countersign::chain::testing {

inline std::string read_text_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline Address address_of(const SecretKey& key) {
    auto pub = public_key_from_secret(key);
    if (!pub) std::abort();
    return address_from_public_key(*pub);
}

// Signs in place (r, s, y parity) over the transaction's signing hash.
inline void sign(Transaction& tx, const SecretKey& key) {
    auto sig = sign_recoverable(signing_hash(tx), key);
    if (!sig) std::abort();
    tx.r = Uint256::from_be(sig->r);
    tx.s = Uint256::from_be(sig->s);
    tx.odd_y_parity = sig->recovery_id == 1;
}

inline void sign(Authorization& auth, const SecretKey& key) {
    auto sig = sign_recoverable(authorization_signing_hash(auth), key);
    if (!sig) std::abort();
    auth.r = Uint256::from_be(sig->r);
    auth.s = Uint256::from_be(sig->s);
    auth.y_parity = sig->recovery_id;
}

inline SecretKey key_from_byte(std::uint8_t b) {
    SecretKey k;
    k.bytes.bytes.fill(b);
    return k;
}

// A representative unsigned transaction of each type, every optional field in use.
inline Transaction sample_transaction(TxType type) {
    Transaction tx;
    tx.type = type;
    if (type == TxType::kDeposit) {
        // An OP-stack user deposit: no nonce, fees, chain id or signature.
        tx.source_hash = hex_literal_fixed<32>("0x1111111111111111111111111111111111111111111111111111111111111111");
        tx.from = hex_literal_fixed<20>("0x2222222222222222222222222222222222222222");
        tx.to = hex_literal_fixed<20>("0x3535353535353535353535353535353535353535");
        tx.mint = Uint256{1'000'000'000'000'000'000ull};
        tx.value = Uint256{500'000'000'000'000'000ull};
        tx.gas_limit = 100000;
        tx.data = hex_literal("0xa9059cbb0000000000000000000000000000000000000000000000000000000000000001");
        return tx;
    }
    tx.nonce = 7;
    tx.gas_limit = 200000;
    tx.to = hex_literal_fixed<20>("0x3535353535353535353535353535353535353535");
    tx.value = Uint256{1'000'000'000'000'000'000ull};
    tx.data = hex_literal("0xa9059cbb0000000000000000000000000000000000000000000000000000000000000001");
    if (type == TxType::kLegacy) {
        tx.chain_id = Uint256{1};
        tx.gas_price = Uint256{20'000'000'000ull};
        return tx;
    }
    tx.chain_id = Uint256{1};
    if (type == TxType::kAccessList) {
        tx.gas_price = Uint256{20'000'000'000ull};
    } else {
        tx.max_priority_fee_per_gas = Uint256{1'000'000'000ull};
        tx.max_fee_per_gas = Uint256{30'000'000'000ull};
    }
    tx.access_list.push_back({hex_literal_fixed<20>("0x1111111111111111111111111111111111111111"),
                              {hex_literal_fixed<32>("0x01000000000000000000000000000000000000000000000000000000000000aa"),
                               Bytes32{}}});
    if (type == TxType::kBlob) {
        tx.max_fee_per_blob_gas = Uint256{3};
        tx.blob_versioned_hashes.push_back(
            hex_literal_fixed<32>("0x01a915e4d060149eb4365960e6a7a45f334393093061116b197e3240065ff2d8"));
    }
    if (type == TxType::kSetCode) {
        Authorization a;
        a.chain_id = Uint256{1};
        a.address = hex_literal_fixed<20>("0x2222222222222222222222222222222222222222");
        a.nonce = 3;
        sign(a, key_from_byte(0x33));
        tx.authorization_list.push_back(a);
    }
    return tx;
}

}  // namespace countersign::chain::testing
