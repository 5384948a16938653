// SPDX-License-Identifier: Apache-2.0
#include "rpc/fetch.hpp"

#include <algorithm>
#include <utility>

#include "chain/header.hpp"
#include "chain/header_json.hpp"
#include "crypto/hex.hpp"
#include "crypto/uint256.hpp"
#include "rpc/quorum.hpp"
#include "verify/claims_json.hpp"

namespace countersign::rpc {

using verify::ClaimedHeader;
using verify::Refusal;

namespace {

FetchError malformed(std::string message) {
    return FetchError{FetchError::Kind::kMalformed, std::move(message), {}, {}};
}
FetchError not_found(std::string message) {
    return FetchError{FetchError::Kind::kNotFound, std::move(message), {}, {}};
}
FetchError refused(Refusal r) {
    std::string message = r.to_string();
    return FetchError{FetchError::Kind::kRefused, std::move(message), {}, std::move(r)};
}

std::string quantity(std::uint64_t n) { return Uint256{n}.to_quantity(); }
std::string hex(ByteView b) { return to_hex(b); }

// The node lacks a method (as opposed to failing at it). Recorded files stand for nodes: an exchange that
// was not recorded is a method the recorded node was never asked, so the fallback applies.
bool method_missing(const FetchError& e) {
    if (!e.rpc) return false;
    if (e.rpc->kind == RpcErrorKind::kNotRecorded) return true;
    return e.rpc->kind == RpcErrorKind::kRpcError &&
           (e.rpc->code == -32601 || e.rpc->code == -32600 || e.rpc->code == -32602 ||
            e.rpc->code == -32004);  // EIP-1474 "method not supported" (hardhat 2)
}

Fetched<std::uint64_t> parse_quantity(const json& j, std::string_view what) {
    if (!j.is_string()) return unexpected(malformed(std::string{what} + ": not a string"));
    auto v = Uint256::parse_quantity(j.get<std::string>());
    if (!v || !v->fits_u64()) return unexpected(malformed(std::string{what} + ": not a 64-bit quantity"));
    return v->low64();
}

}  // namespace

std::string FetchError::to_string() const {
    switch (kind) {
        case Kind::kRpc:
            return rpc ? rpc->to_string() : "rpc: " + message;
        case Kind::kMalformed:
            return "malformed answer: " + message;
        case Kind::kNotFound:
            return "not found: " + message;
        case Kind::kRefused:
            return "refused: " + message;
        case Kind::kTooFar:
            return "header walk too long: " + message;
    }
    return message;
}

Fetcher::Fetcher(std::vector<Provider*> providers) : providers_(std::move(providers)) {}
Fetcher::Fetcher(QuorumProvider& quorum) : providers_{&quorum}, quorum_(&quorum) {}

Fetched<json> Fetcher::call(std::string_view method, const json& params) {
    if (quorum_ != nullptr) {
        auto agreed = quorum_->ask(method, params);
        if (!agreed) {
            if (agreed.error().kind == QuorumFailure::Kind::kDisagree)
                return unexpected(refused(agreed.error().refusal()));
            RpcError e = agreed.error().rpc_error();
            FetchError f{FetchError::Kind::kRpc, e.message, e, {}};
            return unexpected(std::move(f));
        }
        if (!*agreed) {
            FetchError f{FetchError::Kind::kRpc, agreed->error().message, agreed->error(), {}};
            return unexpected(std::move(f));
        }
        return std::move(**agreed);
    }
    if (providers_.empty() || providers_.front() == nullptr) return unexpected(malformed("no provider"));
    auto result = providers_.front()->call(method, params);
    if (!result) {
        FetchError e{FetchError::Kind::kRpc, result.error().message, result.error(), {}};
        return unexpected(std::move(e));
    }
    return std::move(*result);
}

Fetched<std::uint64_t> Fetcher::chain_id() {
    auto r = call("eth_chainId", json::array());
    if (!r) return unexpected(r.error());
    return parse_quantity(*r, "eth_chainId");
}

Fetched<std::uint64_t> Fetcher::block_number() {
    auto r = call("eth_blockNumber", json::array());
    if (!r) return unexpected(r.error());
    return parse_quantity(*r, "eth_blockNumber");
}

Fetched<ClaimedHeader> Fetcher::parse_header(const json& result, const json& id, bool raw) const {
    if (raw) {
        if (result.is_null()) return unexpected(not_found("header " + id.dump()));
        if (!result.is_string()) return unexpected(malformed("debug_getRawHeader: not a string"));
        auto bytes = parse_hex(result.get<std::string>(), HexPrefix::kRequired);
        if (!bytes) return unexpected(malformed("debug_getRawHeader: not hex"));
        auto h = chain::decode_raw_header(*bytes);
        if (!h)
            return unexpected(
                malformed(std::string{"debug_getRawHeader: "} + std::string{chain::to_string(h.error())}));
        return ClaimedHeader{std::move(*h), std::nullopt};
    }
    if (result.is_null()) return unexpected(not_found("block " + id.dump()));
    auto block = chain::block_from_rpc_json(result, decode_options_);
    if (!block) return unexpected(malformed("block: " + block.error().message()));
    return ClaimedHeader{block->header, block->hash};
}

Fetched<ClaimedHeader> Fetcher::header(const json& id, bool by_hash) {
    if (raw_headers_.value_or(true)) {
        auto r = call("debug_getRawHeader", json::array({id}));
        if (r) {
            raw_headers_ = true;
            return parse_header(*r, id, true);
        }
        if (raw_headers_.has_value() || !method_missing(r.error())) return unexpected(r.error());
        raw_headers_ = false;
    }
    auto r = call(by_hash ? "eth_getBlockByHash" : "eth_getBlockByNumber", json::array({id, false}));
    if (!r) return unexpected(r.error());
    return parse_header(*r, id, false);
}

bool Fetcher::batches_headers() const noexcept {
    return batches_ && quorum_ == nullptr && raw_headers_.has_value() && !providers_.empty() &&
           providers_.front() != nullptr;
}

Fetched<std::vector<ClaimedHeader>> Fetcher::headers_by_number(std::uint64_t first, std::size_t count) {
    if (count > 1 && batches_headers()) {
        auto batch = header_batch(first, count);
        if (!batch || !batch->empty()) return batch;
    }
    auto h = header_by_number(first);
    if (!h) return unexpected(h.error());
    std::vector<ClaimedHeader> out;
    out.push_back(std::move(*h));
    return out;
}

Fetched<std::vector<ClaimedHeader>> Fetcher::header_batch(std::uint64_t first, std::size_t count) {
    std::vector<ClaimedHeader> out;
    if (count == 0 || !batches_headers()) return out;
    const bool raw = *raw_headers_;
    std::vector<Call> calls;
    calls.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        const json id = quantity(first + i);
        calls.push_back(raw ? Call{"debug_getRawHeader", json::array({id})}
                            : Call{"eth_getBlockByNumber", json::array({id, false})});
    }
    auto results = providers_.front()->batch(calls);
    // A provider without batches (or with a smaller limit) fails the whole batch; it is asked one call at a
    // time from now on, and the caller asks again that way, so that a real failure is reported as such.
    if (!results || results->size() != calls.size()) {
        batches_ = false;
        return out;
    }
    out.reserve(count);
    for (std::size_t i = 0; i < results->size(); ++i) {
        auto& r = (*results)[i];
        Fetched<ClaimedHeader> h = [&]() -> Fetched<ClaimedHeader> {
            if (!r) return unexpected(FetchError{FetchError::Kind::kRpc, r.error().message, r.error(), {}});
            return parse_header(*r, calls[i].params[0], raw);
        }();
        if (!h) {
            if (out.empty()) return unexpected(h.error());
            break;
        }
        out.push_back(std::move(*h));
    }
    return out;
}

Fetched<ClaimedHeader> Fetcher::header_by_number(std::uint64_t number) { return header(quantity(number), false); }
Fetched<ClaimedHeader> Fetcher::header_by_hash(const Hash32& hash) { return header(hex(hash), true); }

Fetched<chain::RpcBlock> Fetcher::full_block(const Hash32& hash) {
    auto r = call("eth_getBlockByHash", json::array({hex(hash), true}));
    if (!r) return unexpected(r.error());
    if (r->is_null()) return unexpected(not_found("block " + hex(hash)));
    auto block = chain::block_from_rpc_json(*r, decode_options_);
    if (!block) return unexpected(malformed("block: " + block.error().message()));
    return std::move(*block);
}

Fetched<std::vector<verify::ClaimedReceipt>> Fetcher::block_receipts(const Hash32& block_hash,
                                                                     const std::vector<Hash32>& transaction_hashes) {
    if (block_receipts_.value_or(true)) {
        auto r = call("eth_getBlockReceipts", json::array({hex(block_hash)}));
        if (r) {
            block_receipts_ = true;
            if (r->is_null()) return unexpected(not_found("receipts of " + hex(block_hash)));
            if (!r->is_array()) return unexpected(malformed("eth_getBlockReceipts: not an array"));
            std::vector<verify::ClaimedReceipt> out;
            for (const auto& element : *r) {
                auto receipt = chain::receipt_from_rpc_json(element, decode_options_);
                if (!receipt) return unexpected(malformed("receipt: " + receipt.error().message()));
                out.push_back(verify::ClaimedReceipt{receipt->receipt, receipt->claims});
            }
            return out;
        }
        if (block_receipts_.has_value() || !method_missing(r.error())) return unexpected(r.error());
        block_receipts_ = false;
    }
    // One eth_getTransactionReceipt per transaction, in the order of the (verified) block.
    std::vector<verify::ClaimedReceipt> out;
    for (const auto& tx : transaction_hashes) {
        auto receipt = this->receipt(tx);
        if (!receipt) return unexpected(receipt.error());
        out.push_back(verify::ClaimedReceipt{receipt->receipt, receipt->claims});
    }
    return out;
}

Fetched<chain::RpcTransaction> Fetcher::transaction(const Hash32& hash) {
    auto r = call("eth_getTransactionByHash", json::array({hex(hash)}));
    if (!r) return unexpected(r.error());
    if (r->is_null()) return unexpected(not_found("transaction " + hex(hash)));
    auto tx = chain::transaction_from_json(*r, decode_options_);
    if (!tx)
        return unexpected(
            malformed("transaction: " + tx.error().field + ": " + std::string{chain::to_string(tx.error().error)}));
    return std::move(*tx);
}

Fetched<chain::RpcReceipt> Fetcher::receipt(const Hash32& transaction_hash) {
    auto r = call("eth_getTransactionReceipt", json::array({hex(transaction_hash)}));
    if (!r) return unexpected(r.error());
    if (r->is_null()) return unexpected(not_found("receipt of " + hex(transaction_hash)));
    auto receipt = chain::receipt_from_rpc_json(*r, decode_options_);
    if (!receipt) return unexpected(malformed("receipt: " + receipt.error().message()));
    return std::move(*receipt);
}

Fetched<std::vector<verify::ClaimedLog>> Fetcher::logs(const verify::LogFilter& filter) {
    json f = json::object();
    f["fromBlock"] = quantity(filter.from_block);
    f["toBlock"] = quantity(filter.to_block);
    if (!filter.addresses.empty()) {
        json addresses = json::array();
        for (const auto& a : filter.addresses) addresses.push_back(hex(a));
        f["address"] = addresses;
    }
    if (!filter.topics.empty()) {
        json topics = json::array();
        for (const auto& alternatives : filter.topics) {
            if (alternatives.empty()) {
                topics.push_back(nullptr);
                continue;
            }
            json alt = json::array();
            for (const auto& t : alternatives) alt.push_back(hex(t));
            topics.push_back(alt);
        }
        f["topics"] = topics;
    }
    auto r = call("eth_getLogs", json::array({f}));
    if (!r) return unexpected(r.error());
    auto logs = verify::logs_from_rpc_json(*r);
    if (!logs) return unexpected(malformed("logs: " + logs.error().message()));
    return std::move(*logs);
}

Fetched<verify::ClaimedAccountProof> Fetcher::proof(const Address& address, const std::vector<Bytes32>& slots,
                                                    const json& block) {
    json keys = json::array();
    for (const auto& s : slots) keys.push_back(hex(s));
    auto r = call("eth_getProof", json::array({hex(address), keys, block}));
    if (!r) return unexpected(r.error());
    if (r->is_null()) return unexpected(not_found("proof of " + hex(address)));
    auto proof = verify::account_proof_from_rpc_json(*r);
    if (!proof) return unexpected(malformed("proof: " + proof.error().message()));
    return std::move(*proof);
}

// ------------------------------------------------------------------------------------------- LightClient

LightClient::LightClient(verify::ChainConfig config, Fetcher& fetcher, LightClientOptions options)
    : store_(config), fetcher_(fetcher), options_(options) {
    fetcher_.set_decode_options(config.decode_options());
}

Fetched<void> LightClient::check_chain_id() {
    auto id = fetcher_.chain_id();
    if (!id) return unexpected(id.error());
    if (*id != store_.config().chain_id)
        return unexpected(refused(
            verify::refuse(verify::RefusalCode::kChainIdMismatch, "provider serves chain " + std::to_string(*id))));
    return {};
}

Fetched<Verified<chain::BlockHeader>> LightClient::accept(ClaimedHeader claimed) {
    auto h = store_.accept_header(verify::Untrusted{std::move(claimed)});
    if (!h) return unexpected(refused(h.error()));
    return std::move(*h);
}

Fetched<void> LightClient::link_checkpoint() {
    if (!store_.empty()) return {};
    auto claimed = fetcher_.header_by_hash(store_.config().checkpoint.hash);
    if (!claimed) return unexpected(claimed.error());
    auto h = accept(std::move(*claimed));
    if (!h) return unexpected(h.error());
    return {};
}

Fetched<Verified<chain::BlockHeader>> LightClient::header(std::uint64_t number) {
    auto linked = link_checkpoint();
    if (!linked) return unexpected(linked.error());
    if (auto h = store_.by_number(number)) return std::move(*h);
    const std::uint64_t distance = number > store_.highest() ? number - store_.highest() : store_.lowest() - number;
    if (distance > options_.max_walk)
        return unexpected(FetchError{FetchError::Kind::kTooFar, std::to_string(distance) + " headers", {}, {}});
    if (number > store_.highest()) {
        // Forwards by number: a node that answers with another fork's header is refused when it fails to link.
        // Fetched in batches, linked one by one in order: a batch only saves round trips.
        const std::uint64_t batch = std::max<std::uint64_t>(options_.header_batch, 1);
        for (std::uint64_t n = store_.highest() + 1; n <= number;) {
            const auto count = static_cast<std::size_t>(std::min(batch, number - n + 1));
            auto claimed = fetcher_.headers_by_number(n, count);
            if (!claimed) return unexpected(claimed.error());
            for (auto& one : *claimed) {
                auto h = accept(std::move(one));
                if (!h) return unexpected(h.error());
                // An already verified header of another height is accepted again; it is still the wrong answer.
                if (h->block_number() != n)
                    return unexpected(
                        refused(verify::refuse(verify::RefusalCode::kNotLinked, "header of another height")));
                ++n;
            }
        }
    } else {
        // Backwards by parent hash: each header accepted is exactly the one the verified child names. Headers
        // below are fetched by number in batches when the provider allows; the first one of a batch that is not
        // the named parent (another fork at that height, or a lie) ends the batch and is asked for by hash.
        const std::uint64_t batch = std::max<std::uint64_t>(options_.header_batch, 1);
        while (store_.lowest() > number) {
            const std::uint64_t top = store_.lowest() - 1;
            const auto count = static_cast<std::size_t>(std::min(batch, top - number + 1));
            if (count > 1 && fetcher_.batches_headers()) {
                auto below = fetcher_.header_batch(top - (count - 1), count);
                bool progressed = false;
                if (below) {
                    for (auto it = below->rbegin(); it != below->rend(); ++it) {
                        const Hash32 wanted = store_.by_number(store_.lowest())->value().parent_hash;
                        if (store_.lowest() <= number || chain::header_hash(it->header) != wanted) break;
                        auto h = accept(std::move(*it));
                        if (!h) return unexpected(h.error());
                        if (h->block_hash() != wanted)
                            return unexpected(
                                refused(verify::refuse(verify::RefusalCode::kNotLinked, "not the header asked for")));
                        progressed = true;
                    }
                }
                if (progressed) continue;
            }
            const auto child = store_.by_number(store_.lowest());
            const Hash32 wanted = child->value().parent_hash;
            auto claimed = fetcher_.header_by_hash(wanted);
            if (!claimed) return unexpected(claimed.error());
            auto h = accept(std::move(*claimed));
            if (!h) return unexpected(h.error());
            // Answering with an already verified header would otherwise make no progress, forever.
            if (h->block_hash() != wanted)
                return unexpected(refused(verify::refuse(verify::RefusalCode::kNotLinked, "not the header asked for")));
        }
    }
    auto h = store_.by_number(number);
    if (!h) return unexpected(refused(verify::refuse(verify::RefusalCode::kUnknownBlock)));
    return std::move(*h);
}

Fetched<Verified<chain::BlockHeader>> LightClient::header_by_hash(const Hash32& hash) {
    auto linked = link_checkpoint();
    if (!linked) return unexpected(linked.error());
    if (auto h = store_.by_hash(hash)) return std::move(*h);
    // The claimed header only says which height to walk to; the walk decides.
    auto claimed = fetcher_.header_by_hash(hash);
    if (!claimed) return unexpected(claimed.error());
    auto at = header(claimed->header.number);
    if (!at) return unexpected(at.error());
    if (at->block_hash() != hash)
        return unexpected(refused(verify::refuse(verify::RefusalCode::kNotLinked, "not on the verified chain")));
    return std::move(*at);
}

Fetched<Verified<verify::VerifiedBlock>> LightClient::block_by_hash(const Hash32& hash) {
    auto h = header_by_hash(hash);
    if (!h) return unexpected(h.error());
    return block(h->block_number());
}

Fetched<Verified<chain::BlockHeader>> LightClient::sync_to_head() {
    auto head = fetcher_.block_number();
    if (!head) return unexpected(head.error());
    return header(*head);
}

LightClient::CachedBlock* LightClient::find_cached(const Hash32& block_hash) {
    for (auto it = cache_.begin(); it != cache_.end(); ++it) {
        if (it->block.block_hash() != block_hash) continue;
        cache_.splice(cache_.begin(), cache_, it);
        return &cache_.front();
    }
    return nullptr;
}

LightClient::CachedBlock& LightClient::remember(Verified<verify::VerifiedBlock> block) {
    const std::size_t capacity = std::max<std::size_t>(options_.cached_blocks, 1);
    while (cache_.size() >= capacity) cache_.pop_back();
    cache_.push_front(CachedBlock{std::move(block), std::nullopt});
    return cache_.front();
}

Fetched<LightClient::CachedBlock*> LightClient::cached_block(std::uint64_t number) {
    auto h = header(number);
    if (!h) return unexpected(h.error());
    // Only verified blocks are cached, under the hash they were verified against; the header just verified at
    // this height names which one is wanted.
    if (auto* hit = find_cached(h->block_hash())) return hit;
    auto claimed = fetcher_.full_block(h->block_hash());
    if (!claimed) return unexpected(claimed.error());
    auto b = verify::verify_block(store_, verify::Untrusted{std::move(*claimed)});
    if (!b) return unexpected(refused(b.error()));
    return &remember(std::move(*b));
}

Fetched<void> LightClient::fetch_receipts(CachedBlock& entry) {
    if (entry.receipts) return {};
    const auto& b = entry.block;
    auto claimed = fetcher_.block_receipts(b.block_hash(), b->transaction_hashes);
    if (!claimed) return unexpected(claimed.error());
    auto r = verify::verify_block_receipts(store_, b, verify::Untrusted{std::move(*claimed)});
    if (!r) return unexpected(refused(r.error()));
    entry.receipts = std::move(*r);
    return {};
}

Fetched<Verified<verify::VerifiedBlock>> LightClient::block(std::uint64_t number) {
    auto entry = cached_block(number);
    if (!entry) return unexpected(entry.error());
    return (*entry)->block;
}

Fetched<Verified<verify::VerifiedTransaction>> LightClient::transaction(const Hash32& hash) {
    auto claimed = fetcher_.transaction(hash);
    if (!claimed) return unexpected(claimed.error());
    // The claimed block number only says where to look; the verified block at that height decides.
    if (!claimed->block_number) return unexpected(not_found("transaction " + hex(hash) + " is pending"));
    auto entry = cached_block(*claimed->block_number);
    if (!entry) return unexpected(entry.error());
    auto tx = verify::verify_transaction(store_, (*entry)->block, hash, verify::Untrusted{std::move(*claimed)});
    if (!tx) return unexpected(refused(tx.error()));
    return std::move(*tx);
}

Fetched<Verified<verify::VerifiedBlockReceipts>> LightClient::block_receipts(const Verified<verify::VerifiedBlock>& b) {
    // The cache holds only blocks this client verified itself (its store, its chain rules); a block of the
    // same hash has the same content. Any other block is checked afresh and not cached.
    if (CachedBlock* entry = find_cached(b.block_hash())) {
        auto fetched = fetch_receipts(*entry);
        if (!fetched) return unexpected(fetched.error());
        return *entry->receipts;
    }
    auto claimed = fetcher_.block_receipts(b.block_hash(), b->transaction_hashes);
    if (!claimed) return unexpected(claimed.error());
    auto r = verify::verify_block_receipts(store_, b, verify::Untrusted{std::move(*claimed)});
    if (!r) return unexpected(refused(r.error()));
    return std::move(*r);
}

Fetched<Verified<verify::VerifiedReceipt>> LightClient::receipt(const Hash32& transaction_hash) {
    auto claimed = fetcher_.receipt(transaction_hash);
    if (!claimed) return unexpected(claimed.error());
    // The claimed block number only says where to look; the verified block at that height decides.
    auto entry = cached_block(claimed->claims.block_number);
    if (!entry) return unexpected(entry.error());
    auto fetched = fetch_receipts(**entry);
    if (!fetched) return unexpected(fetched.error());
    auto r = verify::verify_receipt(*(*entry)->receipts, transaction_hash, verify::Untrusted{std::move(*claimed)});
    if (!r) return unexpected(refused(r.error()));
    return std::move(*r);
}

Fetched<Verified<std::vector<verify::MatchedLog>>> LightClient::logs(const verify::LogFilter& filter) {
    if (filter.to_block < filter.from_block) return unexpected(malformed("reversed log range"));
    for (const std::uint64_t n : {filter.to_block, filter.from_block}) {
        auto h = header(n);
        if (!h) return unexpected(h.error());
    }
    auto needed = verify::blocks_needing_receipts(store_, filter);
    if (!needed) return unexpected(refused(needed.error()));
    std::vector<Verified<verify::VerifiedBlockReceipts>> receipts;
    for (const std::uint64_t n : *needed) {
        auto entry = cached_block(n);
        if (!entry) return unexpected(entry.error());
        auto fetched = fetch_receipts(**entry);
        if (!fetched) return unexpected(fetched.error());
        receipts.push_back(*(*entry)->receipts);
    }
    auto claimed = fetcher_.logs(filter);
    if (!claimed) return unexpected(claimed.error());
    auto v = verify::verify_logs(store_, filter, receipts, verify::Untrusted{std::move(*claimed)});
    if (!v) return unexpected(refused(v.error()));
    return std::move(*v);
}

Fetched<Verified<verify::VerifiedAccountState>> LightClient::account(const Address& address,
                                                                     const std::vector<Bytes32>& slots,
                                                                     std::uint64_t block_number) {
    auto h = header(block_number);
    if (!h) return unexpected(h.error());
    // EIP-1898: ask for the verified block by hash, so a reorg cannot swap the state under the number.
    json block = json::object();
    block["blockHash"] = hex(h->block_hash());
    auto claimed = fetcher_.proof(address, slots, block);
    if (!claimed) return unexpected(claimed.error());
    auto v = verify::verify_account(*h, address, verify::Untrusted{std::move(*claimed)});
    if (!v) return unexpected(refused(v.error()));
    return std::move(*v);
}

}  // namespace countersign::rpc
