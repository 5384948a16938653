// SPDX-License-Identifier: Apache-2.0
#include "apps/countersign/chain_options.hpp"

#include <algorithm>
#include <charconv>

#include "crypto/hex.hpp"
#include "crypto/uint256.hpp"

namespace countersign::cli {

using nlohmann::json;

namespace {

constexpr std::string_view kFinalized = "finalized";

// One call through the session's provider(s), for the few answers the Fetcher has no getter for. On failure
// the report holds why and its exit code is the error value.
Expected<json, int> agreed_call(Session& s, std::string_view method, const json& params, Report& report) {
    if (s.quorum) {
        auto agreed = s.quorum->ask(method, params);
        if (!agreed) {
            if (agreed.error().kind == rpc::QuorumFailure::Kind::kDisagree)
                return unexpected(report.refused(agreed.error().refusal()));
            return unexpected(report.provider_error(agreed.error().rpc_error().to_string()));
        }
        if (!*agreed) return unexpected(report.provider_error(agreed->error().to_string()));
        return std::move(**agreed);
    }
    auto r = s.provider->call(method, params);
    if (!r) return unexpected(report.provider_error(r.error().to_string()));
    return std::move(*r);
}

// The height to anchor to without a checkpoint. With several providers, the lowest head any of them reports:
// nodes a block apart would disagree on eth_blockNumber, and the header at that height still has to be agreed
// by the quorum. The number selects the anchor only; nothing is believed because of it.
Expected<std::uint64_t, int> anchor_height(Session& s, Report& report) {
    if (!s.quorum) {
        auto head = s.fetcher->block_number();
        if (!head) return unexpected(report.failed(head.error()));
        return *head;
    }
    std::optional<std::uint64_t> lowest;
    std::string errors;
    for (const auto& p : s.providers) {
        auto head = p->call("eth_blockNumber", json::array());
        const auto number =
            head && head->is_string() ? Uint256::parse_quantity(head->get<std::string>()) : unexpected(NumberError{});
        if (!number || !number->fits_u64()) {
            errors += "; " + p->name() + ": " +
                      (head ? "malformed eth_blockNumber " + head->dump() : head.error().to_string());
            continue;
        }
        lowest = std::min(lowest.value_or(number->low64()), number->low64());
    }
    if (!lowest) return unexpected(report.provider_error("no provider answered eth_blockNumber" + errors));
    return *lowest;
}

std::string providers_text(const Session& s) {
    const std::size_t n = s.providers.size();
    if (!s.quorum) return "one provider";
    return std::to_string(s.quorum->policy().k) + " of " + std::to_string(n) + " providers";
}

}  // namespace

void add_chain_options(CLI::App& cmd, ChainOptions& o) {
    cmd.add_option("--rpc", o.rpc,
                   "JSON-RPC endpoint URL (repeatable: with several, every call goes to all of them and --quorum of "
                   "them must give the same answer)")
        ->required();
    cmd.add_option("--quorum", o.quorum,
                   "with several --rpc: how many providers must give the same answer (default: all of them)")
        ->check(CLI::PositiveNumber);
    cmd.add_option("--checkpoint", o.checkpoint,
                   "trusted block NUMBER:HASH the header chain must link to; or 'finalized': the providers' "
                   "finalized block; without it the node's latest block is the anchor (neither is a trust decision: "
                   "trust level \"reported\", or \"corroborated\" when 2 or more providers agreed on it)");
    cmd.add_option("--chain-id", o.chain_id, "expected chain id (the node's eth_chainId must match)");
    cmd.add_option("--confirmations", o.confirmations,
                   "verified blocks required on top of the object's block (linked by parentHash)");
    cmd.add_flag("--json", o.json, "print one JSON object (see docs/cli.md)");
}

Opened open_session(const ChainOptions& o, Report& report) {
    std::optional<verify::Checkpoint> checkpoint;
    const bool finalized = o.checkpoint == kFinalized;
    const bool user_checkpoint = !o.checkpoint.empty() && !finalized;
    if (user_checkpoint) {
        const auto colon = o.checkpoint.find(':');
        const auto number =
            colon == std::string::npos ? std::nullopt : parse_block_number(o.checkpoint.substr(0, colon));
        const auto hash = colon == std::string::npos ? unexpected(HexError::kWrongSize)
                                                     : parse_hex_fixed<32>(o.checkpoint.substr(colon + 1));
        if (!number || !hash)
            return {nullptr, report.usage("--checkpoint must be NUMBER:0xHASH (32-byte hash) or finalized")};
        checkpoint = verify::Checkpoint{*number, *hash};
    }
    const std::size_t n = o.rpc.size();
    if (n == 0) return {nullptr, report.usage("--rpc is required")};
    if (o.quorum > n)
        return {nullptr,
                report.usage("--quorum must be between 1 and the number of --rpc (" + std::to_string(n) + ")")};

    auto s = std::make_unique<Session>();
    for (const auto& url : o.rpc) {
        auto provider = rpc::HttpProvider::create(url);
        if (!provider) {
            if (provider.error().kind == rpc::RpcErrorKind::kInvalidUrl)
                return {nullptr, report.usage(provider.error().to_string())};
            return {nullptr, report.provider_error(provider.error().to_string())};
        }
        s->providers.push_back(std::move(*provider));
    }
    if (n > 1) {
        std::vector<rpc::Provider*> all;
        for (const auto& p : s->providers) all.push_back(p.get());
        s->quorum =
            std::make_unique<rpc::QuorumProvider>(std::move(all), rpc::QuorumPolicy{o.quorum == 0 ? n : o.quorum});
        s->provider = s->quorum.get();
        s->fetcher = std::make_unique<rpc::Fetcher>(*s->quorum);
    } else {
        s->provider = s->providers.front().get();
        s->fetcher = std::make_unique<rpc::Fetcher>(std::vector<rpc::Provider*>{s->provider});
    }

    // Asked of each provider directly, so before any quorum call: a provider still busy with a late quorum
    // call must not be called from here at the same time.
    std::optional<std::uint64_t> head;
    if (!user_checkpoint && !finalized) {
        auto height = anchor_height(*s, report);
        if (!height) return {nullptr, height.error()};
        head = *height;
    }

    std::uint64_t chain_id = o.chain_id;
    if (chain_id == 0) {
        auto id = s->fetcher->chain_id();
        if (!id) return {nullptr, report.failed(id.error())};
        chain_id = *id;
    }
    if (finalized) {
        // The node's word for which block is final; its header is fetched again through the Fetcher (agreed by
        // the quorum) and must hash to the hash the node gave.
        auto block = agreed_call(*s, "eth_getBlockByNumber", json::array({kFinalized, false}), report);
        if (!block) return {nullptr, block.error()};
        if (block->is_null())
            return {nullptr, report.failed(rpc::FetchError{
                                 rpc::FetchError::Kind::kNotFound, "the node has no finalized block", {}, {}})};
        const auto number = block->is_object() && (*block)["number"].is_string()
                                ? Uint256::parse_quantity((*block)["number"].get<std::string>())
                                : unexpected(NumberError{});
        const auto hash = block->is_object() && (*block)["hash"].is_string()
                              ? parse_hex_fixed<32>((*block)["hash"].get<std::string>())
                              : unexpected(HexError::kWrongSize);
        if (!number || !number->fits_u64() || !hash)
            return {
                nullptr,
                report.failed(rpc::FetchError{
                    rpc::FetchError::Kind::kMalformed, "eth_getBlockByNumber(finalized): no number and hash", {}, {}})};
        auto header = s->fetcher->header_by_number(number->low64());
        if (!header) return {nullptr, report.failed(header.error())};
        const Hash32 rehashed = chain::header_hash(header->header);
        if (rehashed != *hash)
            return {nullptr, report.refused(verify::Refusal{verify::RefusalCode::kHeaderHashMismatch, "finalized", 0,
                                                            "the finalized block " + std::to_string(number->low64()) +
                                                                " was named " + to_hex(*hash) +
                                                                " but its header hashes to " + to_hex(rehashed)})};
        checkpoint = verify::Checkpoint{number->low64(), rehashed};
    } else if (!checkpoint) {
        // No trust decision from the user: the node's own head is the anchor. Everything below is then only
        // as good as the provider(s), and the report says so (level "reported").
        auto header = s->fetcher->header_by_number(*head);
        if (!header) return {nullptr, report.failed(header.error())};
        checkpoint = verify::Checkpoint{header->header.number, chain::header_hash(header->header)};
    }
    const bool corroborated = !user_checkpoint && s->quorum && s->quorum->policy().k >= 2;
    report.trust(user_checkpoint, checkpoint->number, checkpoint->hash, chain_id, corroborated);
    if (!user_checkpoint) {
        report.check(std::string{"trust anchor: the "} + (finalized ? "finalized" : "latest") + " block " +
                     std::to_string(checkpoint->number) + " " + to_hex(checkpoint->hash) +
                     (corroborated ? ", corroborated: " + providers_text(*s) + " gave the same header"
                                   : ", as reported by " + providers_text(*s) + " (not corroborated)"));
    } else {
        // A node whose chain does not hold the checkpoint cannot link anything to it: say so with the
        // refusal code rather than as a lookup failure of the checkpoint hash.
        auto at = s->fetcher->header_by_number(checkpoint->number);
        if (!at) {
            const bool disagree =
                at.error().refusal && at.error().refusal->code == verify::RefusalCode::kProvidersDisagree;
            if (at.error().kind == rpc::FetchError::Kind::kRpc || disagree) return {nullptr, report.failed(at.error())};
            return {nullptr, report.refused(
                                 verify::Refusal{verify::RefusalCode::kNotLinked, "checkpoint", 0,
                                                 "the node has no valid block " + std::to_string(checkpoint->number)})};
        }
        const Hash32 node_hash = chain::header_hash(at->header);
        if (node_hash != checkpoint->hash)
            return {nullptr, report.refused(verify::Refusal{verify::RefusalCode::kNotLinked, "checkpoint", 0,
                                                            "the node's block " + std::to_string(checkpoint->number) +
                                                                " hashes to " + to_hex(node_hash) +
                                                                ", not the checkpoint hash"})};
    }
    if (s->quorum)
        report.check(
            "every answer given by " + providers_text(*s) + " (" +
            (s->quorum->policy().k == n ? std::string{"all must agree"} : std::string{"ties go to the earlier --rpc"}) +
            "); a disagreement is refused as PROVIDERS_DISAGREE");

    verify::ChainConfig config;
    config.chain_id = chain_id;
    config.checkpoint = *checkpoint;
    config.required_confirmations = 1;  // confirmations are checked by require_confirmations, by linking
    // Base and OP Mainnet blocks start with deposit transactions (0x7e), which L1 decoding refuses.
    config.op_stack = verify::is_op_stack_chain_id(chain_id);
    if (config.op_stack)
        report.check("chain " + std::to_string(chain_id) +
                     " is OP-stack: deposit transactions (0x7e) accepted; their sender is stated by L1 derivation, "
                     "not signed");
    s->client = std::make_unique<rpc::LightClient>(config, *s->fetcher);
    if (o.chain_id != 0) {
        if (auto ok = s->client->check_chain_id(); !ok) return {nullptr, report.failed(ok.error())};
    }
    return {std::move(s), kExitVerified};
}

void report_dissents(const Session& s, Report& report) {
    if (!s.quorum) return;
    for (const auto& d : s.quorum->dissents())
        report.check("outvoted: " + d.provider + " answered " + d.method + " " + d.params.dump() + " with " +
                     d.answer.dump() + " (not used; the agreed answer was " + d.majority.dump() + ")");
}

int require_confirmations(const ChainOptions& o, Session& s, std::uint64_t number, const Hash32& hash, Report& report) {
    if (o.confirmations > 0) {
        auto top = s.client->header(number + o.confirmations);
        if (!top) {
            if (top.error().kind == rpc::FetchError::Kind::kNotFound)
                return report.refused(
                    verify::refuse(verify::RefusalCode::kNotConfirmed,
                                   "block " + std::to_string(number + o.confirmations) + " is not available yet"));
            return report.failed(top.error());
        }
    }
    const auto& store = s.client->store();
    const auto pinned = store.by_number(number);
    if (!pinned || pinned->block_hash() != hash)
        return report.refused(verify::refuse(verify::RefusalCode::kUnknownBlock));
    const std::uint64_t confirmations = store.confirmations(number);
    const std::uint64_t on_top = confirmations == 0 ? 0 : confirmations - 1;
    report.confirmations(o.confirmations, on_top);
    if (on_top < o.confirmations)
        return report.refused(verify::refuse(verify::RefusalCode::kNotConfirmed,
                                             std::to_string(on_top) + " of " + std::to_string(o.confirmations)));
    if (o.confirmations > 0)
        report.check(std::to_string(on_top) + " headers on top of the block verified and linked by parentHash");
    return kExitVerified;
}

}  // namespace countersign::cli
