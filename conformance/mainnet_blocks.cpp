// SPDX-License-Identifier: Apache-2.0
#include "conformance/mainnet_blocks.hpp"

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/block_json.hpp"
#include "chain/trie_root.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::conformance {
namespace {

using nlohmann::json;

bool detect(const std::filesystem::path& path, std::string_view text) {
    return path.extension() == ".json" && path.generic_string().find("assets/blocks/") != std::string::npos &&
           text.find("\"sha3Uncles\"") != std::string_view::npos &&
           text.find("\"transactions\"") != std::string_view::npos;
}

FileResult run(const std::filesystem::path& path, std::string_view text) {
    FileResult out;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded()) {
        out.fail(path.filename().string() + ": not JSON");
        return out;
    }
    auto block = chain::block_from_rpc_json(doc);
    if (!block) {
        out.fail(path.filename().string() + ": " + block.error().message());
        return out;
    }
    const std::string name = "block " + std::to_string(block->header.number);
    const Hash32 hash = chain::header_hash(block->header);
    if (hash == block->hash) {
        out.pass();
    } else {
        out.fail(name + ": header hash " + to_hex(hash) + " != claimed " + to_hex(block->hash));
    }

    if (!block->full_transactions && !block->transaction_hashes.empty()) {
        out.skip(name + ": transaction hashes only; no transaction root to compute");
    } else {
        std::vector<Bytes> encodings;
        for (std::size_t i = 0; i < block->transactions.size(); ++i) {
            const auto& t = block->transactions[i];
            encodings.push_back(chain::encode_transaction(t.tx));
            const Hash32 tx_hash = keccak256(encodings.back());
            if (!t.hash) {
                out.fail(name + " transaction " + std::to_string(i) + ": no hash to compare");
            } else if (*t.hash != tx_hash) {
                out.fail(name + " transaction " + std::to_string(i) + ": hash " + to_hex(tx_hash) + " != claimed " +
                         to_hex(*t.hash));
            } else {
                out.pass();
            }
        }
        const Hash32 root = chain::ordered_trie_root(encodings);
        if (root == block->header.transactions_root) {
            out.pass();
        } else {
            out.fail(name + ": transactions root " + to_hex(root) + " != header " +
                     to_hex(block->header.transactions_root));
        }
    }

    if (block->withdrawals.has_value() != block->header.withdrawals_root.has_value()) {
        out.fail(name + ": withdrawals and withdrawalsRoot not both present");
    } else if (block->withdrawals) {
        if (chain::withdrawals_root(*block->withdrawals) == *block->header.withdrawals_root) {
            out.pass();
        } else {
            out.fail(name + ": withdrawals root mismatch");
        }
    }
    return out;
}

}  // namespace

const Format kMainnetBlocks{"mainnet-blocks", detect, run};

}  // namespace countersign::conformance
