// SPDX-License-Identifier: Apache-2.0
#include "rpc/http_provider.hpp"

#include <optional>

#include <boost/asio/io_context.hpp>

namespace countersign::rpc {
namespace {

// Only reachable if the io_context was stopped from outside while a call was in flight.
RpcError lost(const std::string& provider, std::string method) {
    RpcError e;
    e.kind = RpcErrorKind::kReceive;
    e.provider = provider;
    e.method = std::move(method);
    e.message = "the call did not complete";
    return e;
}

}  // namespace

Expected<std::unique_ptr<HttpProvider>, RpcError> HttpProvider::create(std::string_view url, HttpOptions options) {
    auto ioc = std::make_unique<boost::asio::io_context>(1);
    auto client = HttpClient::create(*ioc, url, std::move(options));
    if (!client) return unexpected(client.error());
    return std::unique_ptr<HttpProvider>(new HttpProvider(std::move(ioc), std::move(*client)));
}

HttpProvider::HttpProvider(std::unique_ptr<boost::asio::io_context> ioc, std::unique_ptr<HttpClient> client)
    : ioc_(std::move(ioc)), client_(std::move(client)) {}

HttpProvider::~HttpProvider() {
    client_.reset();
    run();  // lets the client close its pooled connections before the io_context goes away
}

const std::string& HttpProvider::name() const noexcept { return client_->name(); }

HttpStats HttpProvider::stats() const noexcept { return client_->stats(); }

void HttpProvider::run() {
    ioc_->restart();
    ioc_->run();
}

CallResult HttpProvider::call(std::string_view method, const json& params) {
    std::optional<CallResult> out;
    client_->async_call(std::string(method), params, [&out](CallResult r) { out.emplace(std::move(r)); });
    run();
    if (!out) return unexpected(lost(client_->name(), std::string(method)));
    return std::move(*out);
}

BatchResult HttpProvider::batch(std::span<const Call> calls) {
    std::optional<BatchResult> out;
    client_->async_batch(std::vector<Call>(calls.begin(), calls.end()),
                         [&out](BatchResult r) { out.emplace(std::move(r)); });
    run();
    if (!out) return unexpected(lost(client_->name(), batch_label(calls)));
    return std::move(*out);
}

}  // namespace countersign::rpc
