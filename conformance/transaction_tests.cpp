// SPDX-License-Identifier: Apache-2.0
#include "conformance/transaction_tests.hpp"

#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "chain/transaction.hpp"
#include "chain/transaction_rules.hpp"
#include "crypto/hex.hpp"

namespace countersign::conformance {
namespace {

using nlohmann::json;
using chain::Revision;

// ethereum/tests fill these with chain id 1.
const Uint256 kChainId{1};

// Exceptions whose check needs account state or a block context; if we accept such a transaction the case
// cannot be judged here and is skipped, never passed.
constexpr std::array<std::string_view, 9> kStatefulExceptions{
    "TransactionException.INSUFFICIENT_ACCOUNT_FUNDS",
    "TransactionException.NONCE_MISMATCH_TOO_LOW",
    "TransactionException.NONCE_MISMATCH_TOO_HIGH",
    "TransactionException.INSUFFICIENT_MAX_FEE_PER_GAS",
    "TransactionException.INSUFFICIENT_MAX_FEE_PER_BLOB_GAS",
    "TransactionException.SENDER_NOT_EOA",
    "TransactionException.GAS_ALLOWANCE_EXCEEDED",
    "TransactionException.TYPE_3_TX_MAX_BLOB_GAS_ALLOWANCE_EXCEEDED",
    "TransactionException.TYPE_3_TX_BLOB_COUNT_EXCEEDED",
};

bool is_stateful(std::string_view exception) {
    // A result may list alternatives separated by '|'; it is stateful only if every one is.
    std::size_t start = 0;
    while (start <= exception.size()) {
        const std::size_t bar = std::min(exception.find('|', start), exception.size());
        const std::string_view one = exception.substr(start, bar - start);
        bool found = false;
        for (auto s : kStatefulExceptions) found = found || s == one;
        if (!found) return false;
        start = bar + 1;
    }
    return true;
}

bool is_case(const json& v) {
    return v.is_object() && v.contains("txbytes") && v["txbytes"].is_string() && v.contains("result") &&
           v["result"].is_object();
}

bool detect(const std::filesystem::path& path, std::string_view text) {
    if (path.extension() != ".json") return false;
    if (text.find("\"txbytes\"") == std::string_view::npos || text.find("\"result\"") == std::string_view::npos)
        return false;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object() || doc.empty()) return false;
    for (const auto& [name, value] : doc.items())
        if (!is_case(value)) return false;
    return true;
}

std::string why(chain::TxError e) { return std::string{chain::to_string(e)}; }

void run_fork(const std::string& label, const Bytes& raw, Revision rev, const json& expect, FileResult& result) {
    auto tx = chain::decode_raw_transaction(raw);
    Expected<Address, chain::TxError> sender = unexpected(chain::TxError::kEmptyInput);
    if (tx) sender = chain::validate_transaction(*tx, rev, kChainId);

    if (expect.contains("exception")) {
        const std::string exception = expect["exception"].is_string() ? expect["exception"].get<std::string>() : "";
        if (!tx || !sender) {
            result.pass();
        } else if (is_stateful(exception)) {
            result.skip(label + ": " + exception + " needs account state");
        } else {
            result.fail(label + ": accepted, expected " + exception);
        }
        return;
    }
    if (!tx) {
        result.fail(label + ": decode failed: " + why(tx.error()));
        return;
    }
    if (!sender) {
        result.fail(label + ": rejected: " + why(sender.error()));
        return;
    }
    if (chain::encode_transaction(*tx) != raw) {
        result.fail(label + ": re-encoding differs from txbytes");
        return;
    }
    if (!expect.contains("hash") || !expect["hash"].is_string() || !expect.contains("sender") ||
        !expect["sender"].is_string()) {
        result.fail(label + ": valid result without hash and sender");
        return;
    }
    const std::string hash = to_hex(chain::transaction_hash(*tx));
    if (hash != expect["hash"].get<std::string>()) {
        result.fail(label + ": hash " + hash + ", expected " + expect["hash"].get<std::string>());
        return;
    }
    if (to_hex(*sender) != expect["sender"].get<std::string>()) {
        result.fail(label + ": sender " + to_hex(*sender) + ", expected " + expect["sender"].get<std::string>());
        return;
    }
    if (expect.contains("intrinsicGas")) {
        auto gas = expect["intrinsicGas"].is_string() ? Uint256::parse(expect["intrinsicGas"].get<std::string>())
                                                      : Expected<Uint256, NumberError>{unexpected(NumberError::kEmpty)};
        const std::uint64_t ours = chain::intrinsic_gas(*tx, rev);
        if (!gas || *gas != Uint256{ours}) {
            result.fail(label + ": intrinsic gas " + std::to_string(ours) + ", expected " + expect["intrinsicGas"].dump());
            return;
        }
    }
    result.pass();
}

FileResult run(const std::filesystem::path&, std::string_view text) {
    FileResult result;
    const json doc = json::parse(text, nullptr, false);
    if (doc.is_discarded() || !doc.is_object()) {
        result.fail("file: not a JSON object");
        return result;
    }
    for (const auto& [name, value] : doc.items()) {
        if (!is_case(value)) {
            result.fail(name + ": not a TransactionTests case");
            continue;
        }
        auto raw = parse_hex(value["txbytes"].get<std::string>(), HexPrefix::kOptional);
        for (const auto& [fork, expect] : value["result"].items()) {
            const std::string label = name + " [" + fork + "]";
            if (!raw) {
                // Not even hex: that can only be an expected exception.
                if (expect.is_object() && expect.contains("exception"))
                    result.pass();
                else
                    result.fail(label + ": txbytes is not hex");
                continue;
            }
            const auto rev = chain::revision_from_name(fork);
            if (!rev) {
                result.skip(label + ": unknown fork " + fork);
                continue;
            }
            if (!expect.is_object()) {
                result.fail(label + ": result is not an object");
                continue;
            }
            run_fork(label, *raw, *rev, expect, result);
        }
    }
    return result;
}

}  // namespace

const Format kTransactionTests{"transaction-tests", detect, run};

}  // namespace countersign::conformance
