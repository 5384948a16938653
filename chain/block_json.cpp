// SPDX-License-Identifier: Apache-2.0
#include "chain/block_json.hpp"

#include <string>

#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/header_json.hpp"
#include "chain/trie_root.hpp"
#include "crypto/keccak.hpp"

namespace countersign::chain {
namespace {

std::string indexed(std::string_view field, std::size_t i, std::string_view sub = {}) {
    // Appended piece by piece: GCC 12 warns falsely (-Wrestrict) on "literal" + std::string.
    std::string s{field};
    s.push_back('[');
    s.append(std::to_string(i));
    s.push_back(']');
    if (!sub.empty()) {
        s.push_back('.');
        s.append(sub);
    }
    return s;
}

Expected<Withdrawal, JsonError> withdrawal_from_json(const nlohmann::json& object) {
    JsonFieldReader r{object, JsonDialect::kRpc};
    Withdrawal w;
    r.read("index", w.index);
    r.read("validatorIndex", w.validator_index);
    r.read("address", w.address);
    r.read("amount", w.amount_gwei);
    if (!r.ok()) return unexpected(*r.error());
    return w;
}

}  // namespace

Expected<RpcBlock, JsonError> block_from_rpc_json(const nlohmann::json& object, DecodeOptions options) {
    auto header = header_from_json(object, JsonDialect::kRpc);
    if (!header) return unexpected(header.error());
    RpcBlock out;
    out.header = std::move(*header);

    JsonFieldReader r{object, JsonDialect::kRpc};
    r.read("hash", out.hash);
    r.read_optional("size", out.size);
    r.read_optional("totalDifficulty", out.total_difficulty);
    if (!r.ok()) return unexpected(*r.error());

    const auto* uncles = r.member("uncles");
    if (uncles == nullptr || !uncles->is_array()) return unexpected(JsonError{"uncles", "not an array"});
    for (const auto& u : *uncles) {
        Hash32 h;
        r.read_value(u, "uncles", h);
        if (!r.ok()) return unexpected(*r.error());
        out.uncles.push_back(h);
    }

    const auto* txs = r.member("transactions");
    if (txs == nullptr || !txs->is_array()) return unexpected(JsonError{"transactions", "not an array"});
    out.full_transactions = !txs->empty() && (*txs)[0].is_object();
    for (std::size_t i = 0; i < txs->size(); ++i) {
        const auto& t = (*txs)[i];
        if (out.full_transactions != t.is_object())
            return unexpected(JsonError{indexed("transactions", i), "mixes hashes and objects"});
        if (!out.full_transactions) {
            Hash32 h;
            r.read_value(t, "transactions", h);
            if (!r.ok()) return unexpected(JsonError{indexed("transactions", i), r.error()->reason});
            out.transaction_hashes.push_back(h);
            continue;
        }
        auto tx = transaction_from_json(t, options);
        if (!tx) return unexpected(JsonError{indexed("transactions", i, tx.error().field), std::string{to_string(tx.error().error)}});
        out.transactions.push_back(std::move(*tx));
    }

    if (const auto* ws = r.member("withdrawals"); ws != nullptr && !ws->is_null()) {
        if (!ws->is_array()) return unexpected(JsonError{"withdrawals", "not an array"});
        out.withdrawals.emplace();
        for (std::size_t i = 0; i < ws->size(); ++i) {
            auto w = withdrawal_from_json((*ws)[i]);
            if (!w) return unexpected(JsonError{indexed("withdrawals", i, w.error().field), w.error().reason});
            out.withdrawals->push_back(*w);
        }
    }
    return out;
}

std::string_view to_string(RpcBlockMismatch m) noexcept {
    switch (m) {
        case RpcBlockMismatch::kHeaderHash: return "header hash differs from the claimed hash";
        case RpcBlockMismatch::kTransactionsRoot: return "transactions root mismatch";
        case RpcBlockMismatch::kTransactionHash: return "transaction hash differs from the claimed hash";
        case RpcBlockMismatch::kTransactionBlockHash: return "transaction claims another block";
        case RpcBlockMismatch::kWithdrawalsRoot: return "withdrawals root mismatch";
        case RpcBlockMismatch::kWithdrawalsPresence: return "withdrawals present in only one of header and body";
        case RpcBlockMismatch::kEmptyBlockRoot: return "no transactions but a non-empty transactions root";
    }
    return "unknown block mismatch";
}

Expected<RpcBlockCheck, RpcBlockProblem> check_rpc_block(const RpcBlock& block) {
    const Hash32 hash = header_hash(block.header);
    if (hash != block.hash) return unexpected(RpcBlockProblem{RpcBlockMismatch::kHeaderHash});
    RpcBlockCheck check;
    if (block.full_transactions) {
        std::vector<Bytes> encodings;
        encodings.reserve(block.transactions.size());
        for (std::size_t i = 0; i < block.transactions.size(); ++i) {
            const RpcTransaction& t = block.transactions[i];
            encodings.push_back(encode_transaction(t.tx));
            if (t.hash && *t.hash != keccak256(encodings.back()))
                return unexpected(RpcBlockProblem{RpcBlockMismatch::kTransactionHash, i});
            if ((t.block_hash && *t.block_hash != hash) || (t.block_number && *t.block_number != block.header.number) ||
                (t.transaction_index && *t.transaction_index != i))
                return unexpected(RpcBlockProblem{RpcBlockMismatch::kTransactionBlockHash, i});
        }
        if (ordered_trie_root(encodings) != block.header.transactions_root)
            return unexpected(RpcBlockProblem{RpcBlockMismatch::kTransactionsRoot});
        check.transactions_verified = true;
    } else if (block.transaction_hashes.empty()) {
        // An empty list is the one hashes-mode body that can be checked: the root must be the empty trie's.
        if (block.header.transactions_root != kEmptyTrieRoot)
            return unexpected(RpcBlockProblem{RpcBlockMismatch::kEmptyBlockRoot});
        check.transactions_verified = true;
    }
    if (block.withdrawals.has_value() != block.header.withdrawals_root.has_value())
        return unexpected(RpcBlockProblem{RpcBlockMismatch::kWithdrawalsPresence});
    if (block.withdrawals && withdrawals_root(*block.withdrawals) != *block.header.withdrawals_root)
        return unexpected(RpcBlockProblem{RpcBlockMismatch::kWithdrawalsRoot});
    return check;
}

}  // namespace countersign::chain
