// SPDX-License-Identifier: Apache-2.0
#include "rpc/testing/tamper_proxy.hpp"

#include <algorithm>
#include <thread>
#include <utility>

namespace countersign::testing {

using nlohmann::json;

std::string_view to_string(TamperMode mode) noexcept {
    switch (mode) {
        case TamperMode::kNone: return "none";
        case TamperMode::kHeaderField: return "header-field";
        case TamperMode::kTransactionField: return "transaction-field";
        case TamperMode::kReceiptStatus: return "receipt-status";
        case TamperMode::kLogData: return "log-data";
        case TamperMode::kLogTopic: return "log-topic";
        case TamperMode::kDropLog: return "drop-log";
        case TamperMode::kDropReceipt: return "drop-receipt";
        case TamperMode::kReorderReceipts: return "reorder-receipts";
        case TamperMode::kProofNode: return "proof-node";
        case TamperMode::kOtherFork: return "other-fork";
        case TamperMode::kStaleHead: return "stale-head";
        case TamperMode::kWrongChainId: return "wrong-chain-id";
        case TamperMode::kOversizedBody: return "oversized-body";
        case TamperMode::kDeepNesting: return "deep-nesting";
        case TamperMode::kSlowResponse: return "slow-response";
        case TamperMode::kNoResponse: return "no-response";
    }
    return "unknown";
}

namespace {

// "0x..." quantity + delta (small values only: timestamps, values, block numbers, chain ids).
std::string bump_quantity(const std::string& q, std::int64_t delta) {
    const std::uint64_t v = std::stoull(q, nullptr, 16);
    char buf[32];
    std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(static_cast<std::int64_t>(v) + delta));
    return buf;
}

// Changes the last hex digit of a 0x string (or makes "0x" into "0x00").
std::string flip_hex(const std::string& h) {
    if (h.size() <= 2) return "0x00";
    std::string out = h;
    out.back() = out.back() == '0' ? '1' : '0';
    return out;
}

json* first_log(json& receipts) {
    for (auto& r : receipts)
        if (r.is_object() && r.contains("logs") && r["logs"].is_array() && !r["logs"].empty()) return &r["logs"][0];
    return nullptr;
}

}  // namespace

Expected<std::unique_ptr<TamperProxy>, std::string> TamperProxy::start(const std::string& upstream,
                                                                       const std::string& other) {
    std::unique_ptr<TamperProxy> proxy{new TamperProxy()};
    auto up = rpc::HttpProvider::create(upstream);
    if (!up) return unexpected(up.error().to_string());
    proxy->upstream_ = std::move(*up);
    if (!other.empty()) {
        auto o = rpc::HttpProvider::create(other);
        if (!o) return unexpected(o.error().to_string());
        proxy->other_ = std::move(*o);
    }
    TamperProxy* self = proxy.get();
    auto server = FakeServer::start([self](ServerConnection& c) { self->serve(c); });
    if (!server) return unexpected(server.error());
    proxy->server_ = std::move(*server);
    return proxy;
}

TamperProxy::~TamperProxy() { server_.reset(); }

void TamperProxy::serve(ServerConnection& connection) {
    while (auto request = connection.read_request()) {
        const TamperMode mode = mode_.load();
        if (mode == TamperMode::kNoResponse) {
            connection.hang();
            return;
        }
        json body = json::parse(request->body, nullptr, false);
        json out;
        if (body.is_array()) {
            out = json::array();
            for (const auto& r : body) out.push_back(answer(r));
        } else {
            out = answer(body);
        }
        std::string text = out.dump();
        if (mode == TamperMode::kOversizedBody) {
            ++tampered_;
            text = json{{"jsonrpc", "2.0"}, {"id", body.is_object() ? body["id"] : json{}},
                        {"result", std::string(33u << 20, 'a')}}
                       .dump();
        } else if (mode == TamperMode::kDeepNesting) {
            ++tampered_;
            std::string nested(10'000, '[');
            nested += std::string(10'000, ']');
            text = R"({"jsonrpc":"2.0","id":)" + (body.is_object() ? body["id"].dump() : "null") +
                   R"(,"result":)" + nested + "}";
        } else if (mode == TamperMode::kSlowResponse) {
            ++tampered_;
            std::this_thread::sleep_for(std::chrono::milliseconds{slow_ms_.load()});
        }
        if (!connection.respond(text)) return;
    }
}

json TamperProxy::answer(const json& request) {
    json id = request.is_object() && request.contains("id") ? request["id"] : json{};
    auto error = [&](int code, std::string message) {
        return json{{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", std::move(message)}}}};
    };
    if (!request.is_object() || !request.contains("method") || !request["method"].is_string())
        return error(-32600, "invalid request");
    const std::string method = request["method"];
    const json params = request.contains("params") ? request["params"] : json::array();
    if (method == "debug_getRawHeader" && !raw_headers_.load()) return error(-32601, "method not found");

    // By number only: asked by hash the other chain has nothing, which would be a mere "not found".
    const bool other_fork = mode_.load() == TamperMode::kOtherFork && other_ && method == "eth_getBlockByNumber";
    rpc::CallResult r = [&] {
        std::lock_guard guard{mutex_};
        return (other_fork ? *other_ : *upstream_).call(method, params);
    }();
    if (other_fork) ++tampered_;
    if (!r) {
        if (r.error().kind == rpc::RpcErrorKind::kRpcError)
            return error(static_cast<int>(r.error().code), r.error().message);
        return error(-32603, "upstream: " + r.error().to_string());
    }
    json result = std::move(*r);
    tamper(method, result);
    return json{{"jsonrpc", "2.0"}, {"id", id}, {"result", std::move(result)}};
}

void TamperProxy::tamper(std::string_view method, json& result) {
    const TamperMode mode = mode_.load();
    const bool block = method == "eth_getBlockByNumber" || method == "eth_getBlockByHash";
    const bool receipts = method == "eth_getBlockReceipts";
    const bool one_receipt = method == "eth_getTransactionReceipt";
    auto done = [&] { ++tampered_; };
    switch (mode) {
        case TamperMode::kHeaderField:
            if (block && result.is_object() && result.contains("timestamp")) {
                result["timestamp"] = bump_quantity(result["timestamp"], 1);
                done();
            }
            return;
        case TamperMode::kTransactionField:
            if (block && result.is_object() && result.contains("transactions") && !result["transactions"].empty() &&
                result["transactions"][0].is_object()) {
                auto& tx = result["transactions"][0];
                tx["value"] = bump_quantity(tx["value"], 1);
                done();
            } else if (method == "eth_getTransactionByHash" && result.is_object()) {
                result["value"] = bump_quantity(result["value"], 1);
                done();
            }
            return;
        case TamperMode::kReceiptStatus: {
            auto flip = [&](json& r) {
                if (r.is_object() && r.contains("status")) {
                    r["status"] = r["status"] == "0x1" ? "0x0" : "0x1";
                    done();
                }
            };
            if (receipts && result.is_array())
                for (auto& r : result) flip(r);
            if (one_receipt) flip(result);
            return;
        }
        case TamperMode::kLogData:
        case TamperMode::kLogTopic: {
            json* log = nullptr;
            json wrapped;
            if (receipts && result.is_array()) log = first_log(result);
            if (one_receipt && result.is_object() && result.contains("logs") && !result["logs"].empty())
                log = &result["logs"][0];
            if (method == "eth_getLogs" && result.is_array() && !result.empty()) log = &result[0];
            if (log == nullptr) return;
            if (mode == TamperMode::kLogData) {
                (*log)["data"] = flip_hex((*log)["data"]);
                done();
            } else if ((*log)["topics"].is_array() && !(*log)["topics"].empty()) {
                (*log)["topics"][0] = flip_hex((*log)["topics"][0]);
                done();
            }
            return;
        }
        case TamperMode::kDropLog:
            if (method == "eth_getLogs" && result.is_array() && !result.empty()) {
                result.erase(result.begin());
                done();
            }
            return;
        case TamperMode::kDropReceipt:
            if (receipts && result.is_array() && !result.empty()) {
                result.erase(result.end() - 1);
                done();
            }
            return;
        case TamperMode::kReorderReceipts:
            if (receipts && result.is_array() && result.size() > 1) {
                std::reverse(result.begin(), result.end());
                done();
            }
            return;
        case TamperMode::kProofNode:
            if (method == "eth_getProof" && result.is_object() && result.contains("accountProof") &&
                !result["accountProof"].empty()) {
                auto& node = result["accountProof"].back();
                std::string s = node;
                if (s.size() > 10) {
                    s[10] = s[10] == '0' ? '1' : '0';
                    node = s;
                    done();
                }
            }
            return;
        case TamperMode::kStaleHead:
            if (method == "eth_blockNumber" && result.is_string()) {
                result = bump_quantity(result, -3);
                done();
            }
            return;
        case TamperMode::kWrongChainId:
            if (method == "eth_chainId" && result.is_string()) {
                result = bump_quantity(result, 1);
                done();
            }
            return;
        default:
            return;
    }
}

}  // namespace countersign::testing
