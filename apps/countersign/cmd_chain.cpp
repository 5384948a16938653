// SPDX-License-Identifier: Apache-2.0
// The light-client commands: `block`, `tx`, `receipt`, `logs` and `storage`. Each opens a session anchored to
// a checkpoint, asks the LightClient (which refuses anything that does not re-hash to a linked header),
// checks the confirmations by linking, and reports the block it is pinned to, the root it checked against,
// and what it checked.
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "apps/countersign/chain_options.hpp"
#include "apps/countersign/commands.hpp"
#include "apps/countersign/output.hpp"
#include "crypto/hex.hpp"
#include "crypto/uint256.hpp"

namespace countersign::cli {

namespace {

using nlohmann::json;

constexpr const char* kHeaderCheck =
    "header hash recomputed as keccak256(rlp(header)) and linked by parentHash to the checkpoint";

std::optional<Hash32> parse_hash(const std::string& text) {
    if (!text.starts_with("0x") || text.size() != 66) return std::nullopt;
    auto h = parse_hex_fixed<32>(text);
    return h ? std::optional<Hash32>{*h} : std::nullopt;
}

std::optional<Address> parse_address(const std::string& text) {
    auto a = parse_hex_fixed<20>(text);
    return a ? std::optional<Address>{*a} : std::nullopt;
}

json log_json(const chain::Log& log) {
    json topics = json::array();
    for (const auto& t : log.topics) topics.push_back(to_hex(t));
    return {{"address", to_hex(log.address)}, {"topics", topics}, {"data", to_hex(log.data)}};
}

// Shared command wiring: options on the subcommand, and an action that runs `body` with an open session.
template <class Extra, class Body>
Action add_chain_command(CLI::App& app, const char* name, const char* description,
                         void (*extra_options)(CLI::App&, Extra&), Body body) {
    struct State {
        ChainOptions chain;
        Extra extra;
    };
    auto state = std::make_shared<State>();
    CLI::App* cmd = app.add_subcommand(name, description);
    extra_options(*cmd, state->extra);
    add_chain_options(*cmd, state->chain);
    return [state, name = std::string{name}, body] {
        Report report{name};
        // The report records the outcome (and its exit code) of whichever step ends the command.
        if (auto opened = open_session(state->chain, report); opened.session) {
            body(state->chain, state->extra, *opened.session, report);
            report_dissents(*opened.session, report);
        }
        return report.emit(state->chain.json);
    };
}

// --- block ---------------------------------------------------------------------------------------------
struct BlockArgs {
    std::string id{"latest"};
};

int run_block(const ChainOptions& o, const BlockArgs& a, Session& s, Report& report) {
    rpc::Fetched<verify::Verified<verify::VerifiedBlock>> block = unexpected(rpc::FetchError{});
    if (auto hash = parse_hash(a.id)) {
        block = s.client->block_by_hash(*hash);
    } else {
        std::optional<std::uint64_t> number;
        if (a.id == "latest") {
            auto head = s.fetcher->block_number();
            if (!head) return report.failed(head.error());
            number = *head;
        } else {
            number = parse_block_number(a.id);
        }
        if (!number) return report.usage("block must be a NUMBER, a 0x 32-byte HASH or latest");
        block = s.client->block(*number);
    }
    if (!block) return report.failed(block.error());
    const auto& h = block->value().header;
    report.pin(block->block_number(), block->block_hash());
    report.root("transactionsRoot", h.transactions_root);
    report.check(kHeaderCheck);
    report.check(std::to_string(block->value().transactions.size()) +
                 " transactions re-hashed into the transactions trie; its root equals transactionsRoot");
    if (h.withdrawals_root) {
        report.root("withdrawalsRoot", *h.withdrawals_root);
        report.check("withdrawals re-hashed; their root equals withdrawalsRoot");
    }
    report.check("each transaction's sender recovered and its claims (hash, block, index, from) bound");
    json txs = json::array();
    for (const auto& t : block->value().transaction_hashes) txs.push_back(to_hex(t));
    json& r = report.result();
    r["number"] = h.number;
    r["hash"] = to_hex(block->block_hash());
    r["parentHash"] = to_hex(h.parent_hash);
    r["stateRoot"] = to_hex(h.state_root);
    r["transactionsRoot"] = to_hex(h.transactions_root);
    r["receiptsRoot"] = to_hex(h.receipts_root);
    r["timestamp"] = h.timestamp;
    r["gasUsed"] = h.gas_used;
    r["gasLimit"] = h.gas_limit;
    r["transactions"] = txs;
    if (const int c = require_confirmations(o, s, block->block_number(), block->block_hash(), report)) return c;
    return report.verified();
}

// --- tx ------------------------------------------------------------------------------------------------
struct HashArgs {
    std::string hash;
};

void hash_option(CLI::App& cmd, HashArgs& a) { cmd.add_option("hash", a.hash, "transaction hash (0x...)")->required(); }

int run_tx(const ChainOptions& o, const HashArgs& a, Session& s, Report& report) {
    const auto hash = parse_hash(a.hash);
    if (!hash) return report.usage("HASH must be 0x followed by 64 hex digits");
    auto tx = s.client->transaction(*hash);
    if (!tx) return report.failed(tx.error());
    const auto header = s.client->store().by_number(tx->block_number());
    if (!header) return report.refused(verify::refuse(verify::RefusalCode::kUnknownBlock));
    report.pin(tx->block_number(), tx->block_hash());
    report.root("transactionsRoot", header->value().transactions_root);
    report.check(kHeaderCheck);
    report.check("the block's transactions re-hashed into the transactions trie; its root equals transactionsRoot");
    const auto& t = tx->value();
    report.check(t.sender_signed
                     ? "the transaction's hash found at its index; sender recovered from the signature"
                     : "the transaction's hash found at its index; an OP-stack deposit: its sender is the `from` "
                       "field asserted by L1 derivation, not signed (not proven without L1 anchoring)");
    report.check("the node's eth_getTransactionByHash answer bound field by field to the proven transaction");
    json& r = report.result();
    r["hash"] = to_hex(t.hash);
    r["blockNumber"] = tx->block_number();
    r["blockHash"] = to_hex(tx->block_hash());
    r["transactionIndex"] = t.index;
    r["type"] = static_cast<int>(t.tx.type);
    r["from"] = to_hex(t.from);
    r["to"] = t.tx.to ? json(to_hex(*t.tx.to)) : json(nullptr);
    r["nonce"] = t.tx.nonce;
    r["value"] = t.tx.value.to_string();
    r["gas"] = t.tx.gas_limit;
    r["input"] = to_hex(t.tx.data);
    if (const int c = require_confirmations(o, s, tx->block_number(), tx->block_hash(), report)) return c;
    return report.verified();
}

// --- receipt -------------------------------------------------------------------------------------------
int run_receipt(const ChainOptions& o, const HashArgs& a, Session& s, Report& report) {
    const auto hash = parse_hash(a.hash);
    if (!hash) return report.usage("HASH must be 0x followed by 64 hex digits");
    auto rc = s.client->receipt(*hash);
    if (!rc) return report.failed(rc.error());
    const auto header = s.client->store().by_number(rc->block_number());
    if (!header) return report.refused(verify::refuse(verify::RefusalCode::kUnknownBlock));
    report.pin(rc->block_number(), rc->block_hash());
    report.root("receiptsRoot", header->value().receipts_root);
    report.root("transactionsRoot", header->value().transactions_root);
    report.check(kHeaderCheck);
    report.check("all receipts of the block re-hashed into the receipts trie; its root equals receiptsRoot");
    report.check("the block's transactions re-hashed; their root equals transactionsRoot");
    report.check("the node's receipt metadata (sender, recipient, gas, log positions) bound to derived values");
    const auto& v = rc->value();
    json logs = json::array();
    for (std::size_t i = 0; i < v.receipt.logs.size(); ++i) {
        json l = log_json(v.receipt.logs[i]);
        l["logIndex"] = v.first_log_index + i;
        logs.push_back(std::move(l));
    }
    json& r = report.result();
    r["transactionHash"] = to_hex(v.transaction_hash);
    r["blockNumber"] = rc->block_number();
    r["blockHash"] = to_hex(rc->block_hash());
    r["transactionIndex"] = v.transaction_index;
    r["status"] = v.receipt.success ? 1 : 0;
    r["from"] = to_hex(v.from);
    r["to"] = v.to ? json(to_hex(*v.to)) : json(nullptr);
    r["contractAddress"] = v.contract_address ? json(to_hex(*v.contract_address)) : json(nullptr);
    r["gasUsed"] = v.gas_used;
    r["cumulativeGasUsed"] = v.receipt.cumulative_gas_used;
    r["effectiveGasPrice"] = v.effective_gas_price.to_string();
    r["logs"] = logs;
    r["unverifiedFields"] = v.unverified_fields;
    if (const int c = require_confirmations(o, s, rc->block_number(), rc->block_hash(), report)) return c;
    return report.verified();
}

// --- logs ----------------------------------------------------------------------------------------------
struct LogsArgs {
    std::uint64_t from{0};
    std::uint64_t to{0};
    std::vector<std::string> addresses;
    std::vector<std::string> topics;
};

void logs_options(CLI::App& cmd, LogsArgs& a) {
    cmd.add_option("--from", a.from, "first block of the range")->required();
    cmd.add_option("--to", a.to, "last block of the range (inclusive)")->required();
    cmd.add_option("--address", a.addresses, "emitting contract (repeatable: any of them)");
    cmd.add_option("--topic", a.topics,
                   "topic filter by position: the Nth --topic is topic N; 'any' matches anything; "
                   "alternatives separated by commas");
}

int run_logs(const ChainOptions& o, const LogsArgs& a, Session& s, Report& report) {
    verify::LogFilter filter;
    filter.from_block = a.from;
    filter.to_block = a.to;
    if (a.to < a.from) return report.usage("--to must not be below --from");
    for (const auto& text : a.addresses) {
        auto addr = parse_address(text);
        if (!addr) return report.usage("--address must be a 20-byte 0x address: " + text);
        filter.addresses.push_back(*addr);
    }
    for (const auto& text : a.topics) {
        std::vector<Hash32> alternatives;
        if (text != "any") {
            std::stringstream in{text};
            for (std::string one; std::getline(in, one, ',');) {
                auto h = parse_hash(one);
                if (!h) return report.usage("--topic must be 0x followed by 64 hex digits, or any: " + text);
                alternatives.push_back(*h);
            }
        }
        filter.topics.push_back(std::move(alternatives));
    }
    auto logs = s.client->logs(filter);
    if (!logs) return report.failed(logs.error());
    report.pin(logs->block_number(), logs->block_hash());
    std::uint64_t with_receipts = 0;
    if (auto needed = verify::blocks_needing_receipts(s.client->store(), filter)) {
        with_receipts = needed->size();
        for (std::uint64_t n : *needed)
            if (auto h = s.client->store().by_number(n)) report.root("receiptsRoot", h->value().receipts_root, n);
    }
    report.check(kHeaderCheck + std::string{" (every block of the range)"});
    report.check("logsBloom of each of the " + std::to_string(a.to - a.from + 1) +
                 " blocks checked: a bloom that rules the filter out proves the block has no matching log");
    report.check(std::to_string(with_receipts) +
                 " blocks whose bloom may match: all receipts re-hashed; root equals receiptsRoot");
    report.check("the node's eth_getLogs answer compared with the complete verified set");
    json out = json::array();
    for (const auto& m : logs->value()) {
        json l = log_json(m.log);
        l["blockNumber"] = m.block_number;
        l["blockHash"] = to_hex(m.block_hash);
        l["transactionHash"] = to_hex(m.transaction_hash);
        l["transactionIndex"] = m.transaction_index;
        l["logIndex"] = m.log_index;
        out.push_back(std::move(l));
    }
    json& r = report.result();
    r["fromBlock"] = a.from;
    r["toBlock"] = a.to;
    r["count"] = out.size();
    r["logs"] = out;
    if (const int c = require_confirmations(o, s, logs->block_number(), logs->block_hash(), report)) return c;
    return report.verified();
}

// --- storage -------------------------------------------------------------------------------------------
struct StorageArgs {
    std::string address;
    std::vector<std::string> slots;
    std::string block{"latest"};
};

void storage_options(CLI::App& cmd, StorageArgs& a) {
    cmd.add_option("address", a.address, "account address (0x...)")->required();
    cmd.add_option("slots", a.slots, "storage slots (0x hex up to 32 bytes, or decimal)");
    cmd.add_option("--block", a.block, "block NUMBER or latest (default latest)");
}

int run_storage(const ChainOptions& o, const StorageArgs& a, Session& s, Report& report) {
    const auto address = parse_address(a.address);
    if (!address) return report.usage("ADDRESS must be a 20-byte 0x address");
    std::vector<Bytes32> slots;
    for (const auto& text : a.slots) {
        const auto v = Uint256::parse(text);
        if (!v) return report.usage("SLOT must be 0x hex (up to 32 bytes) or decimal: " + text);
        slots.push_back(v->to_be());
    }
    std::optional<std::uint64_t> number;
    if (a.block == "latest") {
        auto head = s.fetcher->block_number();
        if (!head) return report.failed(head.error());
        number = *head;
    } else {
        number = parse_block_number(a.block);
    }
    if (!number) return report.usage("--block must be a NUMBER or latest");
    auto state = s.client->account(*address, slots, *number);
    if (!state) return report.failed(state.error());
    const auto header = s.client->store().by_number(state->block_number());
    if (!header) return report.refused(verify::refuse(verify::RefusalCode::kUnknownBlock));
    report.pin(state->block_number(), state->block_hash());
    report.root("stateRoot", header->value().state_root);
    report.check(kHeaderCheck);
    report.check("eth_getProof account proof walked from stateRoot; balance, nonce, codeHash, storageHash bound");
    if (!slots.empty())
        report.check(std::to_string(slots.size()) + " storage proofs walked from the account's storageRoot");
    const auto& v = state->value();
    json& r = report.result();
    r["address"] = to_hex(v.address);
    r["exists"] = v.account.has_value();
    const chain::Account account = v.account.value_or(chain::Account{});
    r["balance"] = account.balance.to_string();
    r["nonce"] = account.nonce;
    r["codeHash"] = to_hex(account.code_hash);
    r["storageRoot"] = to_hex(account.storage_root);
    json storage = json::array();
    for (const auto& slot : v.storage)
        storage.push_back({{"slot", to_hex(slot.key)}, {"value", to_hex(slot.value.to_be())}});
    r["storage"] = storage;
    if (const int c = require_confirmations(o, s, state->block_number(), state->block_hash(), report)) return c;
    return report.verified();
}

void block_option(CLI::App& cmd, BlockArgs& a) {
    cmd.add_option("block", a.id, "block NUMBER, 0x HASH or latest (default latest)");
}

}  // namespace

std::vector<ChainCommand> add_chain_commands(CLI::App& app) {
    return {
        {"block", add_chain_command(app, "block", "Verify a block: header linked to the checkpoint, transactions "
                                                  "against transactionsRoot", &block_option, &run_block)},
        {"tx", add_chain_command(app, "tx", "Verify a transaction against its block's transactionsRoot",
                                 &hash_option, &run_tx)},
        {"receipt", add_chain_command(app, "receipt", "Verify a receipt against its block's receiptsRoot",
                                      &hash_option, &run_receipt)},
        {"logs", add_chain_command(app, "logs", "Complete, verified logs of a block range (blooms and receiptsRoot)",
                                   &logs_options, &run_logs)},
        {"storage", add_chain_command(app, "storage",
                                      "Verify an account (balance, nonce, codeHash) and storage slots against "
                                      "stateRoot",
                                      &storage_options, &run_storage)},
    };
}

}  // namespace countersign::cli
