// SPDX-License-Identifier: Apache-2.0
// Receipts: the consensus part is bound by re-hashing a whole block's receipts to the verified receiptsRoot
// (from this exchange, from another exchange of the folder that did so, or alone when the block has one
// transaction); every other field is derived from the verified block and compared.
#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "chain/bloom.hpp"
#include "chain/receipt_json.hpp"
#include "chain/trie_root.hpp"
#include "conformance/execution_apis_checks.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::conformance::xapi {
namespace {

using nlohmann::json;

const std::set<std::string, std::less<>> kReceiptKeys{"blockHash",
                                                      "blockNumber",
                                                      "contractAddress",
                                                      "cumulativeGasUsed",
                                                      "effectiveGasPrice",
                                                      "from",
                                                      "gasUsed",
                                                      "logs",
                                                      "logsBloom",
                                                      "root",
                                                      "status",
                                                      "to",
                                                      "transactionHash",
                                                      "transactionIndex",
                                                      "type",
                                                      "blobGasUsed",
                                                      "blobGasPrice"};
const std::set<std::string, std::less<>> kLogKeys{
    "address",         "topics",           "data",     "blockNumber", "blockHash", "blockTimestamp",
    "transactionHash", "transactionIndex", "logIndex", "removed"};
constexpr std::uint64_t kGasPerBlob = 131072;

std::string at(const char* what, std::size_t i) { return std::string{what} + "[" + std::to_string(i) + "]"; }

// keccak256(rlp([sender, nonce]))[12:]
Address create_address(const Address& sender, std::uint64_t nonce) {
    Bytes payload;
    rlp::encode(payload, sender);
    rlp::encode(payload, nonce);
    Bytes list;
    rlp::encode_header(list, rlp::Header{true, payload.size()});
    list += payload;
    const Hash32 h = keccak256(list);
    return Address::from_view_unchecked(h.view().substr(12));
}

void receipt_diff(const chain::Receipt& got, const chain::Receipt& want, Outcome& o) {
    if (got.type != want.type) o.mismatch("type differs from the verified receipt");
    if (got.post_state != want.post_state || got.success != want.success)
        o.mismatch("status/root differs from the verified receipt");
    if (got.cumulative_gas_used != want.cumulative_gas_used)
        o.mismatch("cumulativeGasUsed differs from the verified receipt");
    if (got.logs_bloom != want.logs_bloom) o.mismatch("logsBloom differs from the verified receipt");
    if (got.logs != want.logs) o.mismatch("logs differ from the verified receipt's");
}

std::optional<std::uint64_t> blob_fraction(const ChainContext& ctx, std::uint64_t timestamp) {
    if (!ctx.config) return std::nullopt;
    std::optional<std::uint64_t> out;
    for (const auto& [time, fraction] : ctx.config->blob_fractions)
        if (time <= timestamp) out = fraction;
    return out;
}

// Every claim of receipt `i` of block `b` that the verified block implies. `all` is the block's verified
// receipts when known (it binds gasUsed and logIndex of receipts after the first).
void check_receipt_claims(const ChainContext& ctx, const VerifiedBlock& b, std::size_t i, const chain::RpcReceipt& rpc,
                          const json& obj, const std::vector<chain::Receipt>* all, Outcome& o) {
    const chain::Transaction& tx = b.block.transactions[i];
    const chain::ReceiptClaims& c = rpc.claims;
    const auto& h = b.block.header;
    auto cmp = [&](bool equal, const std::string& what) {
        if (!equal) o.mismatch(what + " differs from what the verified block implies");
    };
    cmp(c.transaction_hash == b.tx_hashes[i], "transactionHash");
    cmp(c.transaction_index == i, "transactionIndex");
    cmp(c.block_hash == b.hash, "blockHash");
    cmp(c.block_number == h.number, "blockNumber");
    cmp(c.from == b.senders[i], "from (the recovered sender)");
    cmp(c.to == tx.to, "to");
    cmp(c.contract_address == (tx.to ? std::nullopt : std::optional{create_address(b.senders[i], tx.nonce)}),
        "contractAddress");
    cmp(rpc.receipt.type == tx.type, "type");
    if (i + 1 == b.block.transactions.size())
        cmp(rpc.receipt.cumulative_gas_used == h.gas_used, "cumulativeGasUsed of the last receipt (header gasUsed)");
    if (all != nullptr) {
        const std::uint64_t before = i == 0 ? 0 : (*all)[i - 1].cumulative_gas_used;
        cmp(c.gas_used == (*all)[i].cumulative_gas_used - before, "gasUsed");
    } else if (i == 0) {
        cmp(c.gas_used == rpc.receipt.cumulative_gas_used, "gasUsed");
    } else {
        o.unbound.push_back("gasUsed");
    }
    if (c.effective_gas_price)
        cmp(*c.effective_gas_price == effective_gas_price(tx, h.base_fee_per_gas), "effectiveGasPrice");
    if (c.blob_gas_used) {
        cmp(tx.type == chain::TxType::kBlob && *c.blob_gas_used == kGasPerBlob * tx.blob_versioned_hashes.size(),
            "blobGasUsed");
    }
    if (c.blob_gas_price) {
        const auto fraction = blob_fraction(ctx, h.timestamp);
        if (!h.excess_blob_gas) {
            o.mismatch("blobGasPrice in a block without blob gas");
        } else if (!fraction) {
            o.unbound.push_back("blobGasPrice (no blob schedule in genesis.json: " + ctx.config_problem + ")");
        } else {
            cmp(*c.blob_gas_price == blob_base_fee(*h.excess_blob_gas, *fraction), "blobGasPrice");
        }
    }
    std::optional<std::uint64_t> first_log_index;
    if (all != nullptr) {
        first_log_index = 0;
        for (std::size_t k = 0; k < i; ++k) *first_log_index += (*all)[k].logs.size();
    } else if (i == 0) {
        first_log_index = 0;
    }
    const json& logs = obj["logs"];
    for (std::size_t j = 0; j < c.logs.size(); ++j) {
        const auto& l = c.logs[j];
        const std::string where = at("logs", j);
        cmp(l.block_hash == b.hash && l.block_number == h.number, where + ".blockHash/blockNumber");
        cmp(l.transaction_hash == b.tx_hashes[i] && l.transaction_index == i, where + ".transactionHash/Index");
        cmp(!l.removed, where + ".removed");
        if (first_log_index) {
            cmp(l.log_index == *first_log_index + j, where + ".logIndex");
        } else {
            o.unbound.push_back(where + ".logIndex");
        }
        const json& lj = logs[j];
        if (lj.contains("blockTimestamp"))
            cmp(json_u64(lj["blockTimestamp"]) == h.timestamp, where + ".blockTimestamp");
        for (const auto& [key, v] : lj.items())
            if (!kLogKeys.count(key)) o.unbound.push_back(where + "." + key);
    }
    for (const auto& [key, v] : obj.items())
        if (!kReceiptKeys.count(key)) o.unbound.push_back(key);
}

// ---- eth_getLogs ----

struct Filter {
    std::uint64_t from{0};
    std::uint64_t to{0};
    std::vector<Address> addresses;           // empty: any
    std::vector<std::vector<Hash32>> topics;  // per position; empty: any
};

bool address_list(const json& v, std::vector<Address>& out) {
    if (v.is_null()) return true;
    if (v.is_string()) {
        auto a = json_address(v);
        if (!a) return false;
        out.push_back(*a);
        return true;
    }
    if (!v.is_array()) return false;
    for (const auto& e : v) {
        auto a = json_address(e);
        if (!a) return false;
        out.push_back(*a);
    }
    return true;
}

bool topic_lists(const json& v, std::vector<std::vector<Hash32>>& out) {
    if (v.is_null()) return true;
    if (!v.is_array() || v.size() > chain::kMaxLogTopics) return false;
    for (const auto& pos : v) {
        out.emplace_back();
        if (pos.is_null()) continue;
        if (pos.is_string()) {
            auto h = json_hash(pos);
            if (!h) return false;
            out.back().push_back(*h);
            continue;
        }
        if (!pos.is_array()) return false;
        for (const auto& e : pos) {
            auto h = json_hash(e);
            if (!h) return false;
            out.back().push_back(*h);
        }
    }
    return true;
}

Target parse_filter(const ChainContext& ctx, const json& f, Filter& out) {
    using Kind = Target::Kind;
    if (!f.is_object()) return Target{Kind::kInvalid, "filter is not an object"};
    for (const auto& [key, v] : f.items())
        if (key != "blockHash" && key != "fromBlock" && key != "toBlock" && key != "address" && key != "topics")
            return Target{Kind::kUnsupported, "filter field " + key + " is not understood by the checker"};
    if (!address_list(f.value("address", json(nullptr)), out.addresses)) return Target{Kind::kInvalid, "bad address"};
    if (!topic_lists(f.value("topics", json(nullptr)), out.topics)) return Target{Kind::kInvalid, "bad topics"};
    if (f.contains("blockHash")) {
        if (f.contains("fromBlock") || f.contains("toBlock"))
            return Target{Kind::kInvalid, "blockHash together with fromBlock/toBlock"};
        if (!json_hash(f["blockHash"])) return Target{Kind::kInvalid, "bad blockHash"};
        const BlockRef ref = resolve_block(ctx, f["blockHash"], true);
        if (ref.kind != BlockRef::Kind::kFound) return Target{Kind::kNotFound, {}};
        out.from = out.to = ref.number;
        return Target{Kind::kFound, {}, ref.number};
    }
    std::uint64_t ends[2]{};
    const char* names[2]{"fromBlock", "toBlock"};
    for (int k = 0; k < 2; ++k) {
        const BlockRef ref = resolve_block(ctx, f.value(names[k], json("latest")), false);
        if (ref.kind == BlockRef::Kind::kInvalid) return Target{Kind::kInvalid, std::string{names[k]} + ": " + ref.why};
        if (ref.kind == BlockRef::Kind::kUnsupported) return Target{Kind::kUnsupported, ref.why};
        if (ref.kind == BlockRef::Kind::kNotFound)
            return Target{Kind::kUnsupported, std::string{names[k]} + " is beyond the verified head"};
        ends[k] = ref.number;
    }
    if (ends[0] > ends[1]) return Target{Kind::kInvalid, "fromBlock after toBlock"};
    out.from = ends[0];
    out.to = ends[1];
    return Target{Kind::kFound, {}, out.from};
}

bool matches(const Filter& f, const chain::Log& log) {
    if (!f.addresses.empty() && std::find(f.addresses.begin(), f.addresses.end(), log.address) == f.addresses.end())
        return false;
    for (std::size_t k = 0; k < f.topics.size(); ++k) {
        if (f.topics[k].empty()) continue;
        if (k >= log.topics.size()) return false;
        if (std::find(f.topics[k].begin(), f.topics[k].end(), log.topics[k]) == f.topics[k].end()) return false;
    }
    return true;
}

// Whether the bloom admits some log matching the filter (false: the block has none).
bool bloom_admits(const Filter& f, const Bloom& bloom) {
    auto any = [&](const auto& list) {
        for (const auto& e : list)
            if (chain::bloom_may_contain(bloom, e)) return true;
        return list.empty();
    };
    if (!any(f.addresses)) return false;
    for (const auto& pos : f.topics)
        if (!any(pos)) return false;
    return true;
}

struct ReturnedLog {
    chain::Log log;
    Hash32 block_hash;
    std::uint64_t block_number{0};
    Hash32 tx_hash;
    std::uint64_t tx_index{0};
    std::uint64_t log_index{0};
    bool removed{false};
    std::optional<std::uint64_t> timestamp;
};

std::optional<ReturnedLog> parse_log(const json& j, Outcome& o, const std::string& where) {
    if (!j.is_object()) return std::nullopt;
    auto get = [&](const char* k) { return j.contains(k) ? j[k] : json(nullptr); };
    ReturnedLog r;
    auto address = json_address(get("address"));
    auto data = json_data(get("data"));
    auto bh = json_hash(get("blockHash"));
    auto bn = json_u64(get("blockNumber"));
    auto th = json_hash(get("transactionHash"));
    auto ti = json_u64(get("transactionIndex"));
    auto li = json_u64(get("logIndex"));
    const json topics = get("topics");
    if (!address || !data || !bh || !bn || !th || !ti || !li || !topics.is_array() ||
        topics.size() > chain::kMaxLogTopics || !get("removed").is_boolean())
        return std::nullopt;
    r.log.address = *address;
    r.log.data = std::move(*data);
    for (const auto& t : topics) {
        auto h = json_hash(t);
        if (!h) return std::nullopt;
        r.log.topics.push_back(*h);
    }
    r.block_hash = *bh;
    r.block_number = *bn;
    r.tx_hash = *th;
    r.tx_index = *ti;
    r.log_index = *li;
    r.removed = get("removed").get<bool>();
    if (j.contains("blockTimestamp")) {
        r.timestamp = json_u64(j["blockTimestamp"]);
        if (!r.timestamp) return std::nullopt;
    }
    for (const auto& [key, v] : j.items())
        if (!kLogKeys.count(key)) o.unbound.push_back(where + "." + key);
    return r;
}

}  // namespace

Outcome check_raw_receipts(const ChainContext& ctx, const Target& t, const json& result) {
    Outcome o;
    const VerifiedBlock& b = *ctx.block(t.number);
    if (!result.is_array() || result.size() != b.block.transactions.size()) {
        o.mismatch("not one receipt per verified transaction (" + std::to_string(b.block.transactions.size()) + ")");
        return o;
    }
    std::vector<chain::Receipt> receipts;
    for (std::size_t i = 0; i < result.size(); ++i) {
        const auto raw = json_data(result[i]);
        auto r = chain::decode_raw_receipt(raw ? ByteView{*raw} : ByteView{});
        if (!raw || !r) {
            o.mismatch(at("result", i) + ": not a receipt encoding");
            return o;
        }
        if (chain::encode_receipt(*r) != *raw) o.mismatch(at("result", i) + ": not the canonical encoding");
        if (r->type != b.block.transactions[i].type)
            o.mismatch(at("result", i) + ": type differs from its transaction's");
        receipts.push_back(std::move(*r));
    }
    if (chain::receipts_root(receipts) != b.block.header.receipts_root)
        o.mismatch("receipts do not re-hash to the verified receiptsRoot");
    if (!receipts.empty() && receipts.back().cumulative_gas_used != b.block.header.gas_used)
        o.mismatch("last cumulativeGasUsed differs from the verified header's gasUsed");
    return o;
}

Outcome check_block_receipts(const ChainContext& ctx, const Target& t, const json& result) {
    Outcome o;
    const VerifiedBlock& b = *ctx.block(t.number);
    if (!result.is_array() || result.size() != b.block.transactions.size()) {
        o.mismatch("not one receipt per verified transaction (" + std::to_string(b.block.transactions.size()) + ")");
        return o;
    }
    std::vector<chain::RpcReceipt> rpcs;
    std::vector<chain::Receipt> receipts;
    for (std::size_t i = 0; i < result.size(); ++i) {
        auto r = chain::receipt_from_rpc_json(result[i]);
        if (!r) {
            o.mismatch(at("result", i) + ": " + r.error().message());
            return o;
        }
        receipts.push_back(r->receipt);
        rpcs.push_back(std::move(*r));
    }
    if (chain::receipts_root(receipts) != b.block.header.receipts_root)
        o.mismatch("receipts do not re-hash to the verified receiptsRoot");
    for (std::size_t i = 0; i < rpcs.size(); ++i) {
        Outcome sub;
        check_receipt_claims(ctx, b, i, rpcs[i], result[i], &receipts, sub);
        o.merge(sub, at("result", i) + ".");
    }
    return o;
}

Outcome check_receipt(const ChainContext& ctx, const Target& t, const json& result) {
    Outcome o;
    const VerifiedBlock& b = *ctx.block(t.number);
    auto rpc = chain::receipt_from_rpc_json(result);
    if (!rpc) {
        o.mismatch(rpc.error().message());
        return o;
    }
    const ReceiptSet* set = ctx.receipts_of(t.number);
    if (set != nullptr) {
        receipt_diff(rpc->receipt, set->receipts[t.index], o);
    } else if (b.block.transactions.size() == 1) {
        const std::vector<chain::Receipt> one{rpc->receipt};
        if (chain::receipts_root(one) != b.block.header.receipts_root)
            o.mismatch("the block's only receipt does not re-hash to the verified receiptsRoot");
    } else {
        o.skip = "receipt not bindable without the block's other receipts (block " + std::to_string(t.number) +
                 " has " + std::to_string(b.block.transactions.size()) +
                 " transactions and no eth_getBlockReceipts/debug_getRawReceipts exchange in the folder binds them)";
    }
    check_receipt_claims(ctx, b, t.index, *rpc, result, set ? &set->receipts : nullptr, o);
    return o;
}

Target logs_target(const ChainContext& ctx, const json& filter) {
    Filter f;
    return parse_filter(ctx, filter, f);
}

Outcome check_logs(const ChainContext& ctx, const json& filter, const json& result) {
    Outcome o;
    Filter f;
    parse_filter(ctx, filter, f);
    if (!result.is_array()) {
        o.mismatch("result is not an array");
        return o;
    }
    std::map<std::uint64_t, std::vector<ReturnedLog>> by_block;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> last;
    for (std::size_t i = 0; i < result.size(); ++i) {
        const std::string where = at("result", i);
        auto r = parse_log(result[i], o, where);
        if (!r) {
            o.mismatch(where + ": not a log object");
            return o;
        }
        if (r->block_number < f.from || r->block_number > f.to) {
            o.mismatch(where + ": block outside the filter's range");
            continue;
        }
        const std::pair position{r->block_number, r->log_index};
        if (last && position <= *last) o.mismatch(where + ": not in block and log order");
        last = position;
        const VerifiedBlock* b = ctx.block(r->block_number);
        if (b == nullptr || r->block_hash != b->hash) {
            o.mismatch(where + ": blockHash is not the verified block's");
            continue;
        }
        if (r->tx_index >= b->tx_hashes.size() || b->tx_hashes[r->tx_index] != r->tx_hash)
            o.mismatch(where + ": transactionHash/Index not a verified transaction of the block");
        if (r->timestamp && *r->timestamp != b->block.header.timestamp)
            o.mismatch(where + ": blockTimestamp differs from the verified header");
        if (r->removed) o.mismatch(where + ": removed in a verified canonical block");
        if (!matches(f, r->log)) o.mismatch(where + ": does not match the filter");
        by_block[r->block_number].push_back(std::move(*r));
    }
    std::vector<std::uint64_t> unbound_blocks;
    for (std::uint64_t n = f.from; n <= f.to && n < ctx.blocks.size(); ++n) {
        const auto it = by_block.find(n);
        const std::vector<ReturnedLog> none;
        const auto& got = it == by_block.end() ? none : it->second;
        const VerifiedBlock* b = ctx.block(n);
        if (b == nullptr || b->block.transactions.empty()) {
            if (!got.empty()) o.mismatch("logs for block " + std::to_string(n) + ", which has no transactions");
            continue;
        }
        if (!bloom_admits(f, b->block.header.logs_bloom)) {
            if (!got.empty())
                o.mismatch("logs for block " + std::to_string(n) + ", whose verified logsBloom rules the filter out");
            continue;
        }
        const ReceiptSet* set = ctx.receipts_of(n);
        if (set == nullptr) {
            for (const auto& r : got)
                if (!chain::bloom_may_contain(b->block.header.logs_bloom, r.log.address))
                    o.mismatch("a log of block " + std::to_string(n) +
                               " whose address the verified logsBloom excludes");
            unbound_blocks.push_back(n);
            continue;
        }
        std::vector<ReturnedLog> want;
        std::uint64_t log_index = 0;
        for (std::size_t i = 0; i < set->receipts.size(); ++i) {
            for (const auto& log : set->receipts[i].logs) {
                if (matches(f, log))
                    want.push_back(ReturnedLog{log, b->hash, n, b->tx_hashes[i], i, log_index, false, {}});
                ++log_index;
            }
        }
        bool same = want.size() == got.size();
        for (std::size_t k = 0; same && k < want.size(); ++k)
            same = want[k].log == got[k].log && want[k].tx_index == got[k].tx_index &&
                   want[k].log_index == got[k].log_index;
        if (!same)
            o.mismatch("block " + std::to_string(n) + ": logs differ from the verified receipts' (" +
                       std::to_string(want.size()) + " matching, " + std::to_string(got.size()) + " returned)");
    }
    if (!unbound_blocks.empty()) {
        std::string list;
        for (const auto n : unbound_blocks) list += (list.empty() ? "" : ", ") + std::to_string(n);
        o.skip =
            "logs not bindable: block(s) " + list +
            " may hold matching logs and no eth_getBlockReceipts/debug_getRawReceipts exchange binds their receipts";
    }
    return o;
}

}  // namespace countersign::conformance::xapi
