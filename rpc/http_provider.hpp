// SPDX-License-Identifier: Apache-2.0
#pragma once
// The synchronous facade over HttpClient for the CLI: one private io_context, run on the calling thread for
// the duration of each call. Keep-alive connections persist between calls. Not for concurrent use from
// several threads; a daemon uses HttpClient on its own io_context instead.

#include <memory>
#include <string>
#include <string_view>

#include "rpc/http_client.hpp"
#include "rpc/provider.hpp"

namespace boost::asio {
class io_context;
}

namespace countersign::rpc {

class HttpProvider final : public Provider {
public:
    static Expected<std::unique_ptr<HttpProvider>, RpcError> create(std::string_view url, HttpOptions options = {});
    ~HttpProvider() override;

    const std::string& name() const noexcept override;
    CallResult call(std::string_view method, const json& params) override;
    BatchResult batch(std::span<const Call> calls) override;

    HttpStats stats() const noexcept;

private:
    HttpProvider(std::unique_ptr<boost::asio::io_context> ioc, std::unique_ptr<HttpClient> client);
    void run();

    std::unique_ptr<boost::asio::io_context> ioc_;
    std::unique_ptr<HttpClient> client_;
};

}  // namespace countersign::rpc
