// SPDX-License-Identifier: Apache-2.0
#include "conformance/execution_apis_context.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <mutex>
#include <system_error>

#include "chain/receipt_json.hpp"
#include "chain/trie_root.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::conformance::xapi {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::size_t kMaxContextFileBytes = 64u << 20;
constexpr int kMaxFolderLevels = 8;

bool read_file(const fs::path& p, std::string& out) {
    std::error_code ec;
    const auto size = fs::file_size(p, ec);
    if (ec || size > kMaxContextFileBytes) return false;
    std::ifstream in{p, std::ios::binary};
    if (!in) return false;
    out.assign(std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{});
    return true;
}

std::string trim(std::string_view s) {
    while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return std::string{s};
}

// Everything a context depends on, read once: its fingerprint is the cache key.
struct Inputs {
    std::string chain_rlp;
    std::string headfcu;
    std::string genesis;
    bool has_genesis{false};
    std::vector<std::pair<fs::path, std::string>> io_files;  // sorted by path
    Hash32 fingerprint;
};

Inputs read_inputs(const fs::path& root) {
    Inputs in;
    read_file(root / "chain.rlp", in.chain_rlp);
    read_file(root / "headfcu.json", in.headfcu);
    in.has_genesis = read_file(root / "genesis.json", in.genesis);
    std::error_code ec;
    for (fs::recursive_directory_iterator it{root, fs::directory_options::skip_permission_denied, ec}, end;
         !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec) || it->path().extension() != ".io") continue;
        std::string text;
        if (read_file(it->path(), text)) in.io_files.emplace_back(it->path(), std::move(text));
    }
    std::sort(in.io_files.begin(), in.io_files.end());
    Keccak256 k;
    auto add = [&](std::string_view s) {
        const std::uint64_t n = s.size();
        k.update(ByteView{reinterpret_cast<const std::uint8_t*>(&n), sizeof n});
        k.update(ByteView{reinterpret_cast<const std::uint8_t*>(s.data()), s.size()});
    };
    add(in.chain_rlp);
    add(in.headfcu);
    add(in.has_genesis ? in.genesis : std::string_view{"\0", 1});
    for (const auto& [p, text] : in.io_files) {
        add(p.generic_string());
        add(text);
    }
    in.fingerprint = k.finalize();
    return in;
}

ByteView bytes_of(std::string_view s) { return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()}; }

std::optional<Hash32> hash_member(const json& o, const char* name) {
    auto it = o.find(name);
    if (it == o.end() || !it->is_string()) return std::nullopt;
    auto h = parse_hex_fixed<32>(it->get<std::string>(), HexPrefix::kRequired);
    if (!h) return std::nullopt;
    return *h;
}

void load_headfcu(ChainContext& ctx, std::string_view text, std::optional<Hash32>& safe,
                  std::optional<Hash32>& finalized) {
    const json doc = json::parse(text, nullptr, false);
    const json* state = nullptr;
    if (!doc.is_discarded() && doc.is_object()) {
        auto params = doc.find("params");
        if (params != doc.end() && params->is_array() && !params->empty() && (*params)[0].is_object())
            state = &(*params)[0];
    }
    std::optional<Hash32> head = state ? hash_member(*state, "headBlockHash") : std::nullopt;
    if (!head) {
        ctx.error = "headfcu.json: no params[0].headBlockHash";
        return;
    }
    ctx.head_hash = *head;
    safe = hash_member(*state, "safeBlockHash");
    finalized = hash_member(*state, "finalizedBlockHash");
}

struct RawBlock {
    chain::Block block;
    Bytes raw;
    Hash32 hash;
};

void verify_block(ChainContext& ctx, const RawBlock& rb, std::size_t file_index, VerifiedBlock& out) {
    std::string& result = ctx.chain_rlp_results[file_index];
    if (encode_block(rb.block) != rb.raw) {
        result = "block RLP is not canonical (re-encoding differs)";
        return;
    }
    if (auto body = chain::validate_block_body(rb.block); !body) {
        result = "body does not match the header: " + std::string{chain::to_string(body.error())};
        return;
    }
    out.block = rb.block;
    out.hash = rb.hash;
    out.raw = rb.raw;
    out.header_rlp = chain::encode_header(rb.block.header);
    for (const auto& o : rb.block.ommers) out.ommer_hashes.push_back(chain::header_hash(o));
    chain::SenderRules rules;
    if (ctx.config) {
        rules.chain_id = ctx.config->chain_id;
        if (rb.block.header.number < ctx.config->homestead_block) rules.signature = SignatureRules::kAnyS;
    }
    for (std::size_t i = 0; i < rb.block.transactions.size(); ++i) {
        const auto& tx = rb.block.transactions[i];
        out.tx_raw.push_back(chain::encode_transaction(tx));
        out.tx_hashes.push_back(keccak256(out.tx_raw.back()));
        auto sender = chain::recover_sender(tx, rules);
        if (!sender) {
            result = "transaction " + std::to_string(i) + ": no valid sender (" +
                     std::string{chain::to_string(sender.error())} + ")";
            return;
        }
        out.senders.push_back(*sender);
    }
}

void load_chain(ChainContext& ctx, std::string_view chain_rlp) {
    std::vector<RawBlock> raws;
    ByteView rest = bytes_of(chain_rlp);
    while (!rest.empty()) {
        const ByteView before = rest;
        auto block = chain::decode_block(rest);
        if (!block) {
            ctx.error = "chain.rlp: block " + std::to_string(raws.size()) + " at byte " +
                        std::to_string(chain_rlp.size() - before.size()) +
                        " does not decode: " + chain::describe(block.error());
            return;
        }
        RawBlock rb;
        rb.raw = Bytes{before.substr(0, before.size() - rest.size())};
        rb.hash = chain::header_hash(block->header);
        rb.block = std::move(*block);
        raws.push_back(std::move(rb));
    }
    if (raws.empty()) {
        ctx.error = "chain.rlp: no blocks";
        return;
    }
    ctx.chain_rlp_results.assign(raws.size(), "does not link back from the head hash in headfcu.json");
    for (const auto& rb : raws) ctx.chain_rlp_numbers.push_back(rb.block.header.number);

    std::map<Hash32, std::size_t> by_hash;
    for (std::size_t i = 0; i < raws.size(); ++i) by_hash.emplace(raws[i].hash, i);

    // Walk back from the trusted head: each parent must be in the file and one number lower.
    std::vector<std::size_t> linked;  // file indexes, head first
    Hash32 cur = ctx.head_hash;
    for (;;) {
        auto it = by_hash.find(cur);
        if (it == by_hash.end()) {
            if (linked.empty()) {
                ctx.error = "chain.rlp: no block has the head hash " + to_hex(cur) + " of headfcu.json";
                return;
            }
            break;
        }
        const auto& h = raws[it->second].block.header;
        if (!linked.empty() && raws[linked.back()].block.header.number != h.number + 1) {
            ctx.error = "chain.rlp: block " + std::to_string(h.number) + " is the parent of a block numbered " +
                        std::to_string(raws[linked.back()].block.header.number);
            return;
        }
        linked.push_back(it->second);
        if (h.number == 0) break;
        cur = h.parent_hash;
    }
    // A walk that stops above block 1 leaves the blocks below unlinked: the linked ones are still reported
    // verified (each is one case of chain.rlp), but the context as a whole is unusable.
    const auto& oldest = raws[linked.back()].block.header;
    if (oldest.number > 1)
        ctx.error = "chain.rlp: block " + std::to_string(oldest.number) + "'s parent " + to_hex(oldest.parent_hash) +
                    " is not in the file";
    const bool has_genesis_block = oldest.number == 0;
    ctx.genesis_hash = has_genesis_block ? raws[linked.back()].hash : oldest.parent_hash;

    // Linked numbers run consecutively down to oldest.number, so slots are bounded by the file's block count
    // (never by a number the file claims). Slot n is block n when the walk reached genesis or block 1.
    const std::uint64_t base = oldest.number <= 1 ? 0 : oldest.number;
    std::vector<VerifiedBlock> slots(linked.size() + (oldest.number == 1 ? 1 : 0));
    for (const std::size_t i : linked) {
        ctx.chain_rlp_results[i].clear();
        verify_block(ctx, raws[i], i, slots[raws[i].block.header.number - base]);
    }
    if (base == 0) ctx.blocks = std::move(slots);
    for (std::size_t i = 0; i < raws.size(); ++i) {
        if (!ctx.chain_rlp_results[i].empty() && ctx.error.empty())
            ctx.error =
                "chain.rlp: block " + std::to_string(raws[i].block.header.number) + ": " + ctx.chain_rlp_results[i];
    }
    if (has_genesis_block) {
        ctx.genesis_known = true;
        ctx.genesis_problem.clear();
    }
}

// The genesis block genesis.json describes; trusted only once its hash is block 1's parent hash.
std::optional<VerifiedBlock> load_genesis(ChainContext& ctx, const Inputs& in) {
    if (!in.has_genesis) {
        ctx.config_problem = ctx.genesis_problem = "no genesis.json";
        return std::nullopt;
    }
    const json doc = json::parse(in.genesis, nullptr, false);
    if (doc.is_discarded()) {
        ctx.config_problem = ctx.genesis_problem = "genesis.json is not JSON";
        return std::nullopt;
    }
    auto g = genesis_from_json(doc);
    if (!g) {
        ctx.config_problem = ctx.genesis_problem = "genesis.json: " + g.error();
        return std::nullopt;
    }
    ctx.config = g->config;
    VerifiedBlock genesis;
    genesis.block.header = g->header;
    if (g->header.withdrawals_root) genesis.block.withdrawals.emplace();
    genesis.hash = chain::header_hash(g->header);
    genesis.raw = chain::encode_block(genesis.block);
    genesis.header_rlp = chain::encode_header(g->header);
    return genesis;
}

void finish_genesis(ChainContext& ctx, std::optional<VerifiedBlock> derived) {
    if (ctx.genesis_known) return;  // chain.rlp itself held block 0, verified by the link
    if (!derived) return;
    if (derived->hash != ctx.genesis_hash) {
        ctx.genesis_problem = "genesis.json builds a header hashing to " + to_hex(derived->hash) +
                              ", not block 1's parent " + to_hex(ctx.genesis_hash);
        return;
    }
    ctx.blocks[0] = std::move(*derived);
    ctx.genesis_known = true;
    ctx.genesis_problem.clear();
}

// Receipts from debug_getRawReceipts / eth_getBlockReceipts exchanges in the folder, kept only when they
// re-hash to the block's verified receiptsRoot.
void collect_receipts(ChainContext& ctx, const Inputs& in) {
    for (std::uint64_t n = 0; n < ctx.blocks.size(); ++n) {
        const VerifiedBlock* b = ctx.block(n);
        if (b != nullptr && b->block.transactions.empty() && b->block.header.receipts_root == chain::kEmptyTrieRoot)
            ctx.receipts[n] = ReceiptSet{{}, "the block has no transactions"};
    }
    for (const auto& [path, text] : in.io_files) {
        std::string error;
        for (const auto& ex : parse_io(text, error)) {
            const auto m = ex.request.is_object() ? ex.request.find("method") : ex.request.end();
            if (m == ex.request.end() || !m->is_string()) continue;
            const std::string method = m->get<std::string>();
            if (method != "debug_getRawReceipts" && method != "eth_getBlockReceipts") continue;
            const auto params = ex.request.find("params");
            const auto result = ex.response.find("result");
            if (params == ex.request.end() || !params->is_array() || params->empty()) continue;
            if (result == ex.response.end() || !result->is_array()) continue;
            const BlockRef ref = resolve_block(ctx, (*params)[0], true);
            if (ref.kind != BlockRef::Kind::kFound || ctx.receipts.count(ref.number)) continue;
            const VerifiedBlock* b = ctx.block(ref.number);
            if (b == nullptr || result->size() != b->block.transactions.size()) continue;
            std::vector<chain::Receipt> receipts;
            for (const auto& r : *result) {
                if (method == "debug_getRawReceipts") {
                    if (!r.is_string()) break;
                    auto raw = parse_hex(r.get<std::string>(), HexPrefix::kRequired);
                    if (!raw) break;
                    auto rec = chain::decode_raw_receipt(*raw);
                    if (!rec) break;
                    receipts.push_back(std::move(*rec));
                } else {
                    auto rec = chain::receipt_from_rpc_json(r);
                    if (!rec) break;
                    receipts.push_back(std::move(rec->receipt));
                }
            }
            if (receipts.size() != result->size()) continue;
            if (chain::receipts_root(receipts) != b->block.header.receipts_root) continue;
            ctx.receipts[ref.number] = ReceiptSet{std::move(receipts), fs::relative(path, ctx.root).generic_string()};
        }
    }
}

std::shared_ptr<const ChainContext> build(const fs::path& root, const Inputs& in) {
    auto ctx = std::make_shared<ChainContext>();
    ctx->root = root;
    std::optional<Hash32> safe;
    std::optional<Hash32> finalized;
    load_headfcu(*ctx, in.headfcu, safe, finalized);
    if (!ctx->error.empty()) return ctx;
    std::optional<VerifiedBlock> derived = load_genesis(*ctx, in);
    if (derived) ctx->genesis_json_hash = derived->hash;
    load_chain(*ctx, in.chain_rlp);
    if (!ctx->error.empty()) return ctx;
    finish_genesis(*ctx, std::move(derived));

    if (ctx->genesis_known) {
        Uint256 td;
        for (auto& b : ctx->blocks) {
            td = td + b.block.header.difficulty;
            b.total_difficulty = td;
        }
    }
    for (std::uint64_t n = 0; n < ctx->blocks.size(); ++n) {
        if (n == 0 && !ctx->genesis_known) {
            ctx->number_by_hash.emplace(ctx->genesis_hash, 0);
            continue;
        }
        const auto& b = ctx->blocks[n];
        ctx->number_by_hash.emplace(b.hash, n);
        for (std::size_t i = 0; i < b.tx_hashes.size(); ++i) ctx->tx_position.emplace(b.tx_hashes[i], std::pair{n, i});
    }
    auto number_of = [&](const std::optional<Hash32>& h, const char* name) -> std::optional<std::uint64_t> {
        if (!h) return std::nullopt;
        auto it = ctx->number_by_hash.find(*h);
        if (it == ctx->number_by_hash.end()) {
            ctx->headfcu_problem += std::string{name} + " " + to_hex(*h) + " is not in the verified chain; ";
            return std::nullopt;
        }
        return it->second;
    };
    ctx->safe_number = number_of(safe, "safeBlockHash");
    ctx->finalized_number = number_of(finalized, "finalizedBlockHash");
    collect_receipts(*ctx, in);
    return ctx;
}

}  // namespace

const VerifiedBlock* ChainContext::block(std::uint64_t number) const {
    if (number >= blocks.size() || (number == 0 && !genesis_known)) return nullptr;
    return &blocks[number];
}

const ReceiptSet* ChainContext::receipts_of(std::uint64_t number) const {
    auto it = receipts.find(number);
    return it == receipts.end() ? nullptr : &it->second;
}

std::vector<Exchange> parse_io(std::string_view text, std::string& error) {
    std::vector<Exchange> out;
    std::optional<Exchange> open;
    std::size_t line_no = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        const std::string line = trim(text.substr(0, nl));
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        ++line_no;
        if (line.empty() || line.rfind("//", 0) == 0) continue;
        const bool request = line.rfind(">> ", 0) == 0;
        const bool response = line.rfind("<< ", 0) == 0;
        if (!request && !response) {
            error = "line " + std::to_string(line_no) + ": neither `>>`, `<<` nor a comment";
            return {};
        }
        json j = json::parse(line.substr(3), nullptr, false);
        if (j.is_discarded()) {
            error = "line " + std::to_string(line_no) + ": not JSON";
            return {};
        }
        if (request) {
            if (open) {
                error = "line " + std::to_string(line_no) + ": a request without a response before it";
                return {};
            }
            open = Exchange{line_no, std::move(j), {}};
        } else {
            if (!open) {
                error = "line " + std::to_string(line_no) + ": a response without a request";
                return {};
            }
            open->response = std::move(j);
            out.push_back(std::move(*open));
            open.reset();
        }
    }
    if (open) {
        error = "line " + std::to_string(open->line) + ": a request without a response";
        return {};
    }
    return out;
}

std::optional<fs::path> find_context_root(const fs::path& file) {
    std::error_code ec;
    fs::path p = fs::is_directory(file, ec) ? file : file.parent_path();
    for (int i = 0; i < kMaxFolderLevels && !p.empty(); ++i) {
        if (fs::is_regular_file(p / "headfcu.json", ec) && fs::is_regular_file(p / "chain.rlp", ec)) return p;
        if (p == p.parent_path()) break;
        p = p.parent_path();
    }
    return std::nullopt;
}

std::shared_ptr<const ChainContext> load_context(const fs::path& root) {
    static std::mutex mutex;
    static std::map<std::pair<std::string, Hash32>, std::shared_ptr<const ChainContext>> cache;
    const Inputs in = read_inputs(root);
    const auto key = std::pair{fs::absolute(root).lexically_normal().generic_string(), in.fingerprint};
    std::lock_guard lock{mutex};
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    auto ctx = build(root, in);
    cache.emplace(key, ctx);
    return ctx;
}

BlockRef resolve_block(const ChainContext& ctx, const json& param, bool allow_hash) {
    BlockRef ref;
    auto number = [&](std::uint64_t n) {
        ref.number = n;
        ref.kind = n < ctx.blocks.size() ? BlockRef::Kind::kFound : BlockRef::Kind::kNotFound;
        return ref;
    };
    auto by_hash = [&](const std::string& s) {
        auto h = parse_hex_fixed<32>(s, HexPrefix::kRequired);
        if (!h) {
            ref.why = "not a block hash";
            return ref;
        }
        auto it = ctx.number_by_hash.find(*h);
        if (it == ctx.number_by_hash.end()) {
            ref.kind = BlockRef::Kind::kNotFound;
            return ref;
        }
        return number(it->second);
    };
    if (param.is_object()) {  // EIP-1898, where block hashes are allowed at all
        if (!allow_hash) {
            ref.why = "a block object where a block number or tag is required";
            return ref;
        }
        if (auto h = param.find("blockHash"); h != param.end() && h->is_string()) return by_hash(h->get<std::string>());
        if (auto n = param.find("blockNumber"); n != param.end()) return resolve_block(ctx, *n, false);
        ref.why = "block object without blockHash or blockNumber";
        return ref;
    }
    if (!param.is_string()) {
        ref.why = "block parameter is not a string";
        return ref;
    }
    const std::string s = param.get<std::string>();
    if (s == "latest") return number(ctx.head_number());
    if (s == "earliest") return number(0);
    if (s == "safe" || s == "finalized") {
        const auto& n = s == "safe" ? ctx.safe_number : ctx.finalized_number;
        if (!n) {
            ref.kind = BlockRef::Kind::kUnsupported;
            ref.why = "headfcu.json names no verified " + s + " block";
            return ref;
        }
        return number(*n);
    }
    if (s == "pending") {
        ref.kind = BlockRef::Kind::kUnsupported;
        ref.why = "the pending block is not part of the verified chain";
        return ref;
    }
    if (allow_hash && s.size() == 66) return by_hash(s);
    auto n = Uint256::parse_quantity(s);
    if (!n) {
        ref.why = "not a block number, tag or hash";
        return ref;
    }
    if (!n->fits_u64()) {
        ref.kind = BlockRef::Kind::kNotFound;
        return ref;
    }
    return number(n->low64());
}

Uint256 blob_base_fee(std::uint64_t excess_blob_gas, std::uint64_t fraction) {
    // EIP-4844 fake_exponential(factor = 1, numerator = excess, denominator = fraction).
    const Uint256 denominator{fraction};
    const Uint256 numerator{excess_blob_gas};
    Uint256 output;
    Uint256 accum = denominator;  // factor * denominator
    for (std::uint64_t i = 1; !accum.is_zero(); ++i) {
        output = output + accum;
        accum = (accum * numerator) / (denominator * Uint256{i});
    }
    return output / denominator;
}

}  // namespace countersign::conformance::xapi
