// SPDX-License-Identifier: Apache-2.0
#include "apps/countersign/chain_options.hpp"

#include <charconv>

#include "crypto/hex.hpp"
#include "crypto/uint256.hpp"

namespace countersign::cli {

void add_chain_options(CLI::App& cmd, ChainOptions& o) {
    cmd.add_option("--rpc", o.rpc, "JSON-RPC endpoint URL (repeatable; the first one answers for now)")->required();
    cmd.add_option("--checkpoint", o.checkpoint,
                   "trusted block NUMBER:HASH the header chain must link to; without it the node's own latest "
                   "block is the anchor (trust level \"reported\")");
    cmd.add_option("--chain-id", o.chain_id, "expected chain id (the node's eth_chainId must match)");
    cmd.add_option("--confirmations", o.confirmations,
                   "verified blocks required on top of the object's block (linked by parentHash)");
    cmd.add_flag("--json", o.json, "print one JSON object (see docs/cli.md)");
}

std::optional<std::uint64_t> parse_block_number(const std::string& text) {
    if (text.starts_with("0x")) {
        const auto q = Uint256::parse_quantity(text);
        if (!q || !q->fits_u64()) return std::nullopt;
        return q->low64();
    }
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty()) return std::nullopt;
    return n;
}

Opened open_session(const ChainOptions& o, Report& report) {
    std::optional<verify::Checkpoint> checkpoint;
    if (!o.checkpoint.empty()) {
        const auto colon = o.checkpoint.find(':');
        const auto number =
            colon == std::string::npos ? std::nullopt : parse_block_number(o.checkpoint.substr(0, colon));
        const auto hash = colon == std::string::npos ? unexpected(HexError::kWrongSize)
                                                     : parse_hex_fixed<32>(o.checkpoint.substr(colon + 1));
        if (!number || !hash) return {nullptr, report.usage("--checkpoint must be NUMBER:0xHASH (32-byte hash)")};
        checkpoint = verify::Checkpoint{*number, *hash};
    }
    auto provider = rpc::HttpProvider::create(o.rpc.front());
    if (!provider) {
        if (provider.error().kind == rpc::RpcErrorKind::kInvalidUrl)
            return {nullptr, report.usage(provider.error().to_string())};
        return {nullptr, report.provider_error(provider.error().to_string())};
    }
    auto s = std::make_unique<Session>();
    s->provider = std::move(*provider);
    s->fetcher = std::make_unique<rpc::Fetcher>(std::vector<rpc::Provider*>{s->provider.get()});

    std::uint64_t chain_id = o.chain_id;
    if (chain_id == 0) {
        auto id = s->fetcher->chain_id();
        if (!id) return {nullptr, report.failed(id.error())};
        chain_id = *id;
    }
    if (!checkpoint) {
        // No trust decision from the user: the node's own head is the anchor. Everything below is then only
        // as good as that node, and the report says so (level "reported").
        auto head = s->fetcher->block_number();
        if (!head) return {nullptr, report.failed(head.error())};
        auto header = s->fetcher->header_by_number(*head);
        if (!header) return {nullptr, report.failed(header.error())};
        checkpoint = verify::Checkpoint{header->header.number, chain::header_hash(header->header)};
    }
    report.trust(!o.checkpoint.empty(), checkpoint->number, checkpoint->hash, chain_id);
    if (!o.checkpoint.empty()) {
        // A node whose chain does not hold the checkpoint cannot link anything to it: say so with the
        // refusal code rather than as a lookup failure of the checkpoint hash.
        auto at = s->fetcher->header_by_number(checkpoint->number);
        if (!at) {
            if (at.error().kind == rpc::FetchError::Kind::kRpc) return {nullptr, report.failed(at.error())};
            return {nullptr, report.refused(verify::Refusal{verify::RefusalCode::kNotLinked, "checkpoint", 0,
                                                            "the node has no valid block " +
                                                                std::to_string(checkpoint->number)})};
        }
        const Hash32 node_hash = chain::header_hash(at->header);
        if (node_hash != checkpoint->hash)
            return {nullptr, report.refused(verify::Refusal{
                                 verify::RefusalCode::kNotLinked, "checkpoint", 0,
                                 "the node's block " + std::to_string(checkpoint->number) + " hashes to " +
                                     to_hex(node_hash) + ", not the checkpoint hash"})};
    }

    verify::ChainConfig config;
    config.chain_id = chain_id;
    config.checkpoint = *checkpoint;
    config.required_confirmations = 1;  // confirmations are checked by require_confirmations, by linking
    s->client = std::make_unique<rpc::LightClient>(config, *s->fetcher);
    if (o.chain_id != 0) {
        if (auto ok = s->client->check_chain_id(); !ok) return {nullptr, report.failed(ok.error())};
    }
    return {std::move(s), kExitVerified};
}

int require_confirmations(const ChainOptions& o, Session& s, std::uint64_t number, const Hash32& hash,
                          Report& report) {
    if (o.confirmations > 0) {
        auto top = s.client->header(number + o.confirmations);
        if (!top) {
            if (top.error().kind == rpc::FetchError::Kind::kNotFound)
                return report.refused(verify::refuse(verify::RefusalCode::kNotConfirmed,
                                                     "block " + std::to_string(number + o.confirmations) +
                                                         " is not available yet"));
            return report.failed(top.error());
        }
    }
    const auto& store = s.client->store();
    const auto pinned = store.by_number(number);
    if (!pinned || pinned->block_hash() != hash) return report.refused(verify::refuse(verify::RefusalCode::kUnknownBlock));
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
