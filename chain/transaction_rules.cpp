// SPDX-License-Identifier: Apache-2.0
#include "chain/transaction_rules.hpp"

#include <algorithm>
#include <array>
#include <utility>

namespace countersign::chain {

namespace {

    constexpr std::array<std::pair<std::string_view, Revision>, 17> kNames{{
        {"Frontier", Revision::kFrontier},
        {"Homestead", Revision::kHomestead},
        {"EIP150", Revision::kTangerineWhistle},
        {"TangerineWhistle", Revision::kTangerineWhistle},
        {"EIP158", Revision::kSpuriousDragon},
        {"SpuriousDragon", Revision::kSpuriousDragon},
        {"Byzantium", Revision::kByzantium},
        {"Constantinople", Revision::kConstantinople},
        {"ConstantinopleFix", Revision::kPetersburg},
        {"Petersburg", Revision::kPetersburg},
        {"Istanbul", Revision::kIstanbul},
        {"Berlin", Revision::kBerlin},
        {"London", Revision::kLondon},
        {"Paris", Revision::kParis},
        {"Merge", Revision::kParis},
        {"Shanghai", Revision::kShanghai},
        {"Cancun", Revision::kCancun},
    }};

    Revision first_revision(TxType t) noexcept {
        switch (t) {
            case TxType::kLegacy: return Revision::kFrontier;
            case TxType::kAccessList: return Revision::kBerlin;
            case TxType::kDynamicFee: return Revision::kLondon;
            case TxType::kBlob: return Revision::kCancun;
            case TxType::kSetCode: return Revision::kPrague;
            case TxType::kDeposit: return Revision::kBerlin;  // an EIP-2718 envelope; gated by op_stack instead
        }
        return Revision::kPrague;
    }

    std::uint64_t zero_bytes(ByteView data) noexcept {
        return static_cast<std::uint64_t>(std::count(data.begin(), data.end(), std::uint8_t{0}));
    }

    const Uint256& max_fee(const Transaction& tx) noexcept {
        static const Uint256 kZero{};
        if (tx.max_fee_per_gas) return *tx.max_fee_per_gas;
        return tx.gas_price ? *tx.gas_price : kZero;
    }

}  // namespace

std::optional<Revision> revision_from_name(std::string_view name) noexcept {
    if (name == "Prague") return Revision::kPrague;
    for (const auto& [n, r] : kNames)
        if (n == name) return r;
    return std::nullopt;
}

std::string_view to_string(Revision r) noexcept {
    if (r == Revision::kPrague) return "Prague";
    for (const auto& [n, rev] : kNames)
        if (rev == r) return n;
    return "unknown";
}

std::uint64_t intrinsic_gas(const Transaction& tx, Revision rev) noexcept {
    const bool create = !tx.to;
    std::uint64_t gas = 21000;
    if (create && rev >= Revision::kHomestead) gas += 32000;  // EIP-2
    const std::uint64_t zeros = zero_bytes(tx.data);
    const std::uint64_t non_zeros = tx.data.size() - zeros;
    gas += zeros * 4 + non_zeros * (rev >= Revision::kIstanbul ? 16 : 68);  // EIP-2028
    for (const auto& e : tx.access_list) gas += 2400 + 1900 * static_cast<std::uint64_t>(e.storage_keys.size());
    if (create && rev >= Revision::kShanghai) gas += 2 * ((tx.data.size() + 31) / 32);  // EIP-3860
    gas += 25000 * static_cast<std::uint64_t>(tx.authorization_list.size());            // EIP-7702
    return gas;
}

std::uint64_t floor_data_gas(const Transaction& tx) noexcept {
    const std::uint64_t zeros = zero_bytes(tx.data);
    const std::uint64_t tokens = zeros + 4 * (tx.data.size() - zeros);
    return 21000 + 10 * tokens;
}

SenderRules sender_rules(Revision rev, const Uint256& chain_id) noexcept {
    SenderRules rules;
    rules.signature = rev >= Revision::kHomestead ? SignatureRules::kLowS : SignatureRules::kAnyS;
    rules.chain_id = chain_id;
    return rules;
}

Expected<void, TxError> check_transaction(const Transaction& tx, Revision rev, const Uint256& chain_id,
                                          DecodeOptions options) noexcept {
    if (auto ok = check_well_formed(tx); !ok) return ok;
    if (tx.type == TxType::kDeposit) {
        if (!options.op_stack || rev < first_revision(tx.type)) return unexpected(TxError::kTypeNotSupported);
        return {};
    }
    if (rev < first_revision(tx.type)) return unexpected(TxError::kTypeNotSupported);
    if (tx.chain_id) {
        // Before EIP-155 a v of 35 or more was simply an invalid signature.
        if (tx.type == TxType::kLegacy && rev < Revision::kSpuriousDragon) return unexpected(TxError::kInvalidV);
        if (*tx.chain_id != chain_id) return unexpected(TxError::kChainIdMismatch);
    }
    if (tx.nonce == ~std::uint64_t{0}) return unexpected(TxError::kNonceMax);  // EIP-2681
    if (tx.max_priority_fee_per_gas && tx.max_fee_per_gas && *tx.max_priority_fee_per_gas > *tx.max_fee_per_gas)
        return unexpected(TxError::kPriorityFeeAboveMaxFee);
    if (!Uint256::checked_mul(Uint256{tx.gas_limit}, max_fee(tx))) return unexpected(TxError::kGasPriceProductOverflow);
    if (!tx.to && rev >= Revision::kShanghai && tx.data.size() > kMaxInitCodeSize)
        return unexpected(TxError::kInitCodeTooLarge);
    if (tx.gas_limit < intrinsic_gas(tx, rev)) return unexpected(TxError::kIntrinsicGasTooLow);
    if (rev >= Revision::kPrague && tx.gas_limit < floor_data_gas(tx)) return unexpected(TxError::kFloorDataGasTooLow);
    if (tx.type == TxType::kBlob) {
        if (tx.blob_versioned_hashes.empty()) return unexpected(TxError::kNoBlobHashes);
        for (const auto& h : tx.blob_versioned_hashes)
            if (h.bytes[0] != 0x01) return unexpected(TxError::kInvalidBlobVersion);
    }
    if (tx.type == TxType::kSetCode && tx.authorization_list.empty()) return unexpected(TxError::kNoAuthorizations);
    return {};
}

Expected<Address, TxError> validate_transaction(const Transaction& tx, Revision rev, const Uint256& chain_id,
                                                DecodeOptions options) noexcept {
    if (auto ok = check_transaction(tx, rev, chain_id, options); !ok) return unexpected(ok.error());
    return recover_sender(tx, sender_rules(rev, chain_id));
}

}  // namespace countersign::chain
