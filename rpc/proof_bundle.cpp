// SPDX-License-Identifier: Apache-2.0
#include "rpc/proof_bundle.hpp"

#include <fstream>
#include <sstream>
#include <utility>

#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"
#include "rpc/json_limits.hpp"

namespace countersign::rpc {

using nlohmann::json;

std::string_view to_string(ChainRole role) noexcept {
    return role == ChainRole::kPayment ? "payment" : "settlement";
}

std::string_view BundleError::code() const noexcept {
    switch (kind) {
        case BundleErrorKind::kTooLarge:
            return "BUNDLE_TOO_LARGE";
        case BundleErrorKind::kUnreadable:
            return "BUNDLE_UNREADABLE";
        case BundleErrorKind::kCorrupt:
            return "BUNDLE_CORRUPT";
    }
    return "BUNDLE_CORRUPT";
}

std::string BundleError::to_string() const { return std::string{code()} + ": " + message; }

namespace {

BundleError corrupt(std::string message) { return BundleError{BundleErrorKind::kCorrupt, std::move(message)}; }

std::string trust_name(verify::TrustLevel level) { return std::string{verify::to_string(level)}; }

std::optional<verify::TrustLevel> parse_trust(const json& j) {
    if (!j.is_string()) return std::nullopt;
    for (auto level : {verify::TrustLevel::kProven, verify::TrustLevel::kCorroborated, verify::TrustLevel::kReported})
        if (j.get<std::string>() == verify::to_string(level)) return level;
    return std::nullopt;
}

std::optional<std::uint64_t> get_u64(const json& j, const char* key) {
    if (!j.is_object() || !j.contains(key) || !j[key].is_number_unsigned()) return std::nullopt;
    return j[key].get<std::uint64_t>();
}

template <std::size_t N>
std::optional<FixedBytes<N>> get_fixed(const json& j) {
    if (!j.is_string()) return std::nullopt;
    const auto& s = j.get_ref<const std::string&>();
    if (s.size() != 2 + 2 * N || !s.starts_with("0x")) return std::nullopt;
    auto v = parse_hex_fixed<N>(s);
    if (!v) return std::nullopt;
    return *v;
}

json content_json(const ProofBundle& b) {
    json chains = json::array();
    for (const auto& c : b.chains) {
        json providers = json::array();
        for (const auto& p : c.providers) providers.push_back({{"name", p.provider}, {"exchanges", p.io}});
        chains.push_back({{"role", to_string(c.role)},
                          {"chain_id", c.chain_id},
                          {"checkpoint", {{"number", c.checkpoint.number}, {"hash", to_hex(c.checkpoint.hash)}}},
                          {"anchor", trust_name(c.anchor)},
                          {"quorum", c.quorum_k},
                          {"max_walk", c.max_walk},
                          {"providers", providers}});
    }
    json options = {{"same_request_blocks_before", b.options.same_request_blocks_before},
                    {"max_search_range", b.options.max_search_range}};
    options["same_request_from"] =
        b.options.same_request_from ? json(*b.options.same_request_from) : json(nullptr);
    // Receipt texts as hex: their exact bytes, even when they are not valid UTF-8 (such a receipt fails to
    // parse, and must fail again on replay).
    json receipts = json::array();
    for (const auto& r : b.receipts) receipts.push_back(to_hex(to_view(r)));
    return {{"receipts", receipts}, {"config", verifier_config_to_json(b.config)}, {"options", options},
            {"chains", chains}, {"verdicts", b.verdicts}};
}

Expected<ProofBundle, std::string> content_from_json(const json& j) {
    if (!j.is_object()) return unexpected(std::string{"content is not an object"});
    for (const char* key : {"receipts", "config", "options", "chains", "verdicts"})
        if (!j.contains(key)) return unexpected("content has no \"" + std::string{key} + "\"");
    if (j.size() != 5) return unexpected(std::string{"content has unknown members"});
    ProofBundle b;
    if (!j["receipts"].is_array() || j["receipts"].empty()) return unexpected(std::string{"receipts: not a list"});
    for (const auto& r : j["receipts"]) {
        if (!r.is_string()) return unexpected(std::string{"receipts: not hex strings"});
        auto bytes = parse_hex(r.get<std::string>(), HexPrefix::kRequired);
        if (!bytes) return unexpected(std::string{"receipts: not hex strings"});
        b.receipts.emplace_back(reinterpret_cast<const char*>(bytes->data()), bytes->size());
    }
    auto config = verifier_config_from_json(j["config"]);
    if (!config) return unexpected("config: " + config.error());
    b.config = *config;

    const json& o = j["options"];
    auto before = get_u64(o, "same_request_blocks_before");
    auto range = get_u64(o, "max_search_range");
    if (!before || !range || !o.contains("same_request_from") || o.size() != 3)
        return unexpected(std::string{"options: malformed"});
    b.options.same_request_blocks_before = *before;
    b.options.max_search_range = *range;
    if (!o["same_request_from"].is_null()) {
        auto from = get_u64(o, "same_request_from");
        if (!from) return unexpected(std::string{"options.same_request_from: malformed"});
        b.options.same_request_from = *from;
    }

    if (!j["chains"].is_array() || j["chains"].size() > 2) return unexpected(std::string{"chains: malformed"});
    for (const auto& c : j["chains"]) {
        BundleChain chain;
        if (!c.is_object() || c.size() != 7 || !c.contains("role") || !c["role"].is_string())
            return unexpected(std::string{"chains: malformed chain"});
        const auto& role = c["role"].get_ref<const std::string&>();
        if (role == "payment") {
            chain.role = ChainRole::kPayment;
        } else if (role == "settlement") {
            chain.role = ChainRole::kSettlement;
        } else {
            return unexpected("chains: unknown role " + role);
        }
        for (const auto& other : b.chains)
            if (other.role == chain.role) return unexpected("chains: two " + role + " chains");
        auto id = get_u64(c, "chain_id");
        auto quorum = get_u64(c, "quorum");
        auto walk = get_u64(c, "max_walk");
        auto anchor = c.contains("anchor") ? parse_trust(c["anchor"]) : std::nullopt;
        if (!id || !quorum || *quorum == 0 || !walk || !anchor) return unexpected("chains." + role + ": malformed");
        if (!c.contains("checkpoint")) return unexpected("chains." + role + ": no checkpoint");
        const json& cp = c["checkpoint"];
        auto number = get_u64(cp, "number");
        auto hash = cp.is_object() && cp.contains("hash") ? get_fixed<32>(cp["hash"]) : std::nullopt;
        if (!number || !hash || cp.size() != 2) return unexpected("chains." + role + ".checkpoint: malformed");
        chain.chain_id = *id;
        chain.quorum_k = static_cast<std::size_t>(*quorum);
        chain.max_walk = *walk;
        chain.anchor = *anchor;
        chain.checkpoint = verify::Checkpoint{*number, *hash};
        if (!c.contains("providers") || !c["providers"].is_array() || c["providers"].empty())
            return unexpected("chains." + role + ".providers: malformed");
        for (const auto& p : c["providers"]) {
            if (!p.is_object() || p.size() != 2 || !p.contains("name") || !p["name"].is_string() ||
                !p.contains("exchanges") || !p["exchanges"].is_string())
                return unexpected("chains." + role + ".providers: malformed");
            chain.providers.push_back(RecordedExchanges{p["name"].get<std::string>(), p["exchanges"].get<std::string>()});
        }
        b.chains.push_back(std::move(chain));
    }
    if (!j["verdicts"].is_array()) return unexpected(std::string{"verdicts: not a list"});
    for (const auto& v : j["verdicts"]) {
        if (!v.is_string()) return unexpected(std::string{"verdicts: not strings"});
        b.verdicts.push_back(v.get<std::string>());
    }
    return b;
}

// A recorded provider under the name the live provider had, so that every report naming a provider (a
// quorum's dissent, a refusal's detail) reads the same on replay.
class Renamed final : public Provider {
public:
    Renamed(std::unique_ptr<Provider> inner, std::string name) : inner_(std::move(inner)), name_(std::move(name)) {}
    const std::string& name() const noexcept override { return name_; }
    CallResult call(std::string_view method, const json& params) override { return inner_->call(method, params); }
    BatchResult batch(std::span<const Call> calls) override { return inner_->batch(calls); }

private:
    std::unique_ptr<Provider> inner_;
    std::string name_;
};

// The canonical document for a content string and its digest.
std::string document(const std::string& content, const std::string& digest, const std::string& format) {
    json doc = json::object();
    doc["content"] = content;
    doc["digest"] = digest;
    doc["format"] = format;
    // Keys sort (content, digest, format); no spaces; UTF-8 kept as is. A newline ends the file.
    return doc.dump(-1, ' ', false, json::error_handler_t::strict) + "\n";
}

}  // namespace

json verifier_config_to_json(const verify::VerifierConfig& c) {
    json assets = json::array();
    for (const auto& a : c.accepted_assets) assets.push_back(to_hex(a));
    return {{"payment_chain_id", c.payment_chain_id},
            {"accepted_assets", assets},
            {"settlement_chain_id", c.settlement_chain_id},
            {"registry", to_hex(c.registry)},
            {"relay", to_hex(c.relay)},
            {"payment_confirmations", c.payment_confirmations},
            {"settlement_confirmations", c.settlement_confirmations}};
}

Expected<verify::VerifierConfig, std::string> verifier_config_from_json(const json& j) noexcept {
    try {
        if (!j.is_object() || j.size() != 7) return unexpected(std::string{"not the verifier config object"});
        verify::VerifierConfig c;
        auto payment = get_u64(j, "payment_chain_id");
        auto settlement = get_u64(j, "settlement_chain_id");
        auto pc = get_u64(j, "payment_confirmations");
        auto sc = get_u64(j, "settlement_confirmations");
        auto registry = j.contains("registry") ? get_fixed<20>(j["registry"]) : std::nullopt;
        auto relay = j.contains("relay") ? get_fixed<20>(j["relay"]) : std::nullopt;
        if (!payment || !settlement || !pc || !sc || !registry || !relay || !j.contains("accepted_assets") ||
            !j["accepted_assets"].is_array())
            return unexpected(std::string{"malformed member"});
        for (const auto& a : j["accepted_assets"]) {
            auto asset = get_fixed<20>(a);
            if (!asset) return unexpected(std::string{"accepted_assets: not an address"});
            c.accepted_assets.push_back(*asset);
        }
        c.payment_chain_id = *payment;
        c.settlement_chain_id = *settlement;
        c.payment_confirmations = *pc;
        c.settlement_confirmations = *sc;
        c.registry = *registry;
        c.relay = *relay;
        return c;
    } catch (const std::exception& e) {
        return unexpected(std::string{e.what()});
    }
}

std::string write_bundle(const ProofBundle& bundle) {
    // Every string in the content is valid UTF-8 (receipts are hex, exchanges were dumped by nlohmann).
    const std::string content = content_json(bundle).dump(-1, ' ', false, json::error_handler_t::replace);
    return document(content, to_hex(keccak256(to_view(content))), std::string{kBundleFormat});
}

Expected<ProofBundle, BundleError> read_bundle(std::string_view text) noexcept {
    try {
        if (text.size() > kMaxBundleBytes)
            return unexpected(BundleError{BundleErrorKind::kTooLarge, std::to_string(text.size()) + " bytes"});
        // The outer document is three strings: depth 1.
        auto doc = parse_json_bounded(text, 1);
        if (!doc) return unexpected(corrupt("not a JSON document"));
        if (!doc->is_object() || doc->size() != 3 || !doc->contains("content") || !doc->contains("digest") ||
            !doc->contains("format") || !(*doc)["content"].is_string() || !(*doc)["digest"].is_string() ||
            !(*doc)["format"].is_string())
            return unexpected(corrupt("not a bundle document"));
        const auto& content = (*doc)["content"].get_ref<const std::string&>();
        const auto& digest = (*doc)["digest"].get_ref<const std::string&>();
        const auto& format = (*doc)["format"].get_ref<const std::string&>();
        if (format != kBundleFormat) return unexpected(corrupt("format is not " + std::string{kBundleFormat}));
        if (document(content, digest, format) != text)
            return unexpected(corrupt("the file is not the canonical bundle document"));
        if (digest != to_hex(keccak256(to_view(content))))
            return unexpected(corrupt("digest does not match the content"));
        auto inner = parse_json_bounded(content, 16);
        if (!inner) return unexpected(corrupt("content is not JSON"));
        auto bundle = content_from_json(*inner);
        if (!bundle) return unexpected(corrupt(bundle.error()));
        return std::move(*bundle);
    } catch (const std::exception& e) {
        return unexpected(corrupt(e.what()));
    }
}

Expected<ProofBundle, BundleError> load_bundle(const std::filesystem::path& path) noexcept {
    try {
        std::error_code ec;
        const auto size = std::filesystem::file_size(path, ec);
        if (ec) return unexpected(BundleError{BundleErrorKind::kUnreadable, path.string() + ": " + ec.message()});
        if (size > kMaxBundleBytes)
            return unexpected(BundleError{BundleErrorKind::kTooLarge, path.string() + ": " + std::to_string(size) +
                                                                          " bytes (cap " +
                                                                          std::to_string(kMaxBundleBytes) + ")"});
        std::ifstream in(path, std::ios::binary);
        if (!in) return unexpected(BundleError{BundleErrorKind::kUnreadable, path.string() + ": cannot open"});
        std::string text(static_cast<std::size_t>(size), '\0');
        in.read(text.data(), static_cast<std::streamsize>(size));
        if (in.gcount() != static_cast<std::streamsize>(size) || in.peek() != std::char_traits<char>::eof())
            return unexpected(BundleError{BundleErrorKind::kUnreadable, path.string() + ": changed while read"});
        return read_bundle(text);
    } catch (const std::exception& e) {
        return unexpected(BundleError{BundleErrorKind::kUnreadable, e.what()});
    }
}

Expected<void, BundleError> save_bundle(const std::filesystem::path& path, const ProofBundle& bundle) {
    const std::string text = write_bundle(bundle);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) return unexpected(BundleError{BundleErrorKind::kUnreadable, path.string() + ": cannot write"});
    return {};
}

Expected<std::unique_ptr<ChainSession>, FetchError> replay_session(const BundleChain& chain) {
    std::vector<std::unique_ptr<Provider>> providers;
    for (const auto& p : chain.providers) {
        auto recorded = RecordedProvider::from_text(p.provider, p.io);
        if (!recorded)
            return unexpected(FetchError{FetchError::Kind::kMalformed,
                                         "bundle exchanges of " + p.provider + ": " + recorded.error().to_string(),
                                         {},
                                         {}});
        providers.push_back(
            std::make_unique<Renamed>(std::make_unique<RecordedProvider>(std::move(*recorded)), p.provider));
    }
    ChainSessionOptions options;
    options.chain_id = chain.chain_id;
    options.checkpoint = chain.checkpoint;
    options.checkpoint_trust = chain.anchor;
    options.quorum_k = chain.quorum_k;
    options.light_client.max_walk = chain.max_walk;
    return ChainSession::open(std::move(providers), options);
}

BundleChain bundle_chain(ChainRole role, ChainSession& session) {
    BundleChain c;
    c.role = role;
    c.chain_id = session.chain_id();
    c.checkpoint = session.checkpoint();
    c.anchor = session.anchor();
    c.quorum_k = session.quorum_k();
    c.max_walk = session.max_walk();
    c.providers = session.finish_recording();
    return c;
}

}  // namespace countersign::rpc
