// SPDX-License-Identifier: Apache-2.0
#include "apps/countersign/output.hpp"

#include <iostream>

#include "crypto/hex.hpp"

namespace countersign::cli {

using nlohmann::json;

Report::Report(std::string command) {
    out_ = json::object();
    out_["command"] = std::move(command);
    out_["status"] = "error";
    out_["exit_code"] = kExitProvider;
    out_["checks"] = json::array();
    out_["checked_against"] = json::array();
    out_["result"] = json::object();
}

void Report::trust(bool user_checkpoint, std::uint64_t number, const Hash32& hash, std::uint64_t chain_id,
                   bool corroborated) {
    out_["trust"] = {
        {"level", user_checkpoint ? "checkpoint" : corroborated ? "corroborated" : "reported"},
        {"checkpoint", {{"number", number}, {"hash", to_hex(hash)}}},
        {"chain_id", chain_id},
        {"note", user_checkpoint
                     ? "header chain linked by parentHash to the checkpoint given with --checkpoint"
                     : corroborated
                     ? "header chain anchored to a checkpoint that k of n providers agreed on (not proven: k "
                       "colluding providers can supply their own chain; pass --checkpoint NUMBER:HASH to anchor it)"
                     : "header chain anchored to a checkpoint taken from the node itself (not proven: a lying "
                       "node can supply its own chain; pass --checkpoint NUMBER:HASH to anchor it)"},
    };
}

void Report::pin(std::uint64_t number, const Hash32& hash) {
    out_["block"] = {{"number", number}, {"hash", to_hex(hash)}};
}

void Report::root(const std::string& field, const Hash32& value, std::optional<std::uint64_t> block) {
    json entry = {{"field", field}, {"value", to_hex(value)}};
    if (block) entry["block"] = *block;
    out_["checked_against"].push_back(std::move(entry));
}

void Report::check(const std::string& text) { out_["checks"].push_back(text); }

void Report::confirmations(std::uint64_t required, std::uint64_t on_top) {
    out_["confirmations"] = {{"required", required}, {"on_top", on_top}};
}

int Report::finish(const char* status, int code) {
    out_["status"] = status;
    out_["exit_code"] = code;
    exit_ = code;
    return code;
}

int Report::verified() { return finish("verified", kExitVerified); }

int Report::refused(const verify::Refusal& r) {
    out_["refusal"] = {{"code", std::string{verify::to_string(r.code)}},
                       {"field", r.field},
                       {"index", r.index},
                       {"detail", r.detail}};
    return finish("refused", kExitRefused);
}

int Report::failed(const rpc::FetchError& e) {
    switch (e.kind) {
        case rpc::FetchError::Kind::kRefused:
            if (e.refusal) return refused(*e.refusal);
            break;
        case rpc::FetchError::Kind::kRpc:
            return provider_error(e.to_string());
        default:
            break;
    }
    const char* kind = e.kind == rpc::FetchError::Kind::kMalformed  ? "malformed"
                       : e.kind == rpc::FetchError::Kind::kNotFound ? "not_found"
                       : e.kind == rpc::FetchError::Kind::kTooFar   ? "too_far"
                                                                    : "refused";
    out_["error"] = {{"kind", kind}, {"message", e.to_string()}};
    return finish("failed", kExitRefused);
}

int Report::usage(const std::string& message) {
    out_["error"] = {{"kind", "usage"}, {"message", message}};
    return finish("error", kExitUsage);
}

int Report::provider_error(const std::string& message) {
    out_["error"] = {{"kind", "provider"}, {"message", message}};
    return finish("error", kExitProvider);
}

namespace {

std::string text(const json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

int Report::emit(bool as_json) const {
    if (as_json) {
        std::cout << out_.dump(2) << '\n';
        return exit_;
    }
    std::ostream& os = exit_ == kExitVerified ? std::cout : std::cerr;
    const std::string status = out_["status"].get<std::string>();
    os << "countersign " << text(out_["command"]) << ": "
       << (status == "verified" ? "VERIFIED" : status == "refused" ? "REFUSED" : status == "failed" ? "NOT VERIFIED"
                                                                                                      : "ERROR")
       << '\n';
    if (out_.contains("refusal"))
        os << "refusal: " << text(out_["refusal"]["code"])
           << (out_["refusal"]["field"].get<std::string>().empty() ? "" : " field " + text(out_["refusal"]["field"]))
           << (out_["refusal"]["detail"].get<std::string>().empty() ? "" : ": " + text(out_["refusal"]["detail"]))
           << '\n';
    if (out_.contains("error")) os << "error (" << text(out_["error"]["kind"]) << "): " << text(out_["error"]["message"]) << '\n';
    if (out_.contains("trust")) {
        const json& t = out_["trust"];
        os << "trust: " << text(t["level"]) << " (chain id " << text(t["chain_id"]) << ", checkpoint block "
           << text(t["checkpoint"]["number"]) << " " << text(t["checkpoint"]["hash"]) << ")\n  " << text(t["note"])
           << '\n';
    }
    if (out_.contains("block"))
        os << "pinned to block: " << text(out_["block"]["number"]) << " " << text(out_["block"]["hash"]) << '\n';
    for (const json& r : out_["checked_against"])
        os << "checked against: " << text(r["field"]) << " " << text(r["value"])
           << (r.contains("block") ? " (block " + text(r["block"]) + ")" : "") << '\n';
    if (out_.contains("confirmations"))
        os << "confirmations: " << text(out_["confirmations"]["on_top"]) << " verified blocks on top (required "
           << text(out_["confirmations"]["required"]) << ")\n";
    if (!out_["checks"].empty()) {
        os << "checks:\n";
        for (const json& c : out_["checks"]) os << "  - " << text(c) << '\n';
    }
    if (!out_["result"].empty()) {
        os << "result:\n";
        for (const auto& [key, value] : out_["result"].items()) os << "  " << key << ": " << text(value) << '\n';
    }
    return exit_;
}

}  // namespace countersign::cli
