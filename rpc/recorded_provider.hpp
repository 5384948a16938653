// SPDX-License-Identifier: Apache-2.0
#pragma once
// Replays recorded JSON-RPC exchanges so tests and proof bundles run without a node. The format is the one
// of ethereum/execution-apis tests (*.io): "// comment" lines, then pairs of
//   >> {request}
//   << {response}
// A request that is a batch array is split into its calls, each paired with the response element of the
// same id. Requests match by method and params (a missing "params" equals []); identical requests replay
// their responses in file order and the last one repeats. Responses go through the same strict JSON-RPC
// checks as a node's (the recorded response must carry the recorded request's id).
//
// RecordingProvider wraps another provider and writes what it saw in the same format.

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "crypto/expected.hpp"
#include "rpc/provider.hpp"

namespace countersign::rpc {

struct RecordedExchange {
    std::string method;
    json params;
    json id;        // the recorded request id
    json response;  // the recorded response object
    std::size_t line{0};
};

struct RecordParseError {
    std::size_t line{0};  // 1-based; 0 for file-level errors
    std::string message;
    std::string to_string() const;
};

// Files larger than this are refused (proof bundles stay far below).
inline constexpr std::size_t kMaxRecordedFileBytes = 256u << 20;

Expected<std::vector<RecordedExchange>, RecordParseError> parse_recorded(std::string_view text) noexcept;

class RecordedProvider final : public Provider {
public:
    RecordedProvider(std::string name, std::vector<RecordedExchange> exchanges);
    static Expected<RecordedProvider, RecordParseError> from_text(std::string name, std::string_view text);
    // Several files make one provider (e.g. every *.io of a directory), in the given order.
    static Expected<RecordedProvider, RecordParseError> from_files(std::string name,
                                                                   const std::vector<std::filesystem::path>& files);

    const std::string& name() const noexcept override { return name_; }
    CallResult call(std::string_view method, const json& params) override;
    BatchResult batch(std::span<const Call> calls) override;

    const std::vector<RecordedExchange>& exchanges() const noexcept { return exchanges_; }
    std::size_t replayed() const noexcept { return replayed_; }

private:
    std::string name_;
    std::vector<RecordedExchange> exchanges_;
    std::vector<bool> used_;
    std::size_t replayed_{0};
};

class RecordingProvider final : public Provider {
public:
    explicit RecordingProvider(Provider& inner) : inner_(inner) {}

    const std::string& name() const noexcept override { return inner_.name(); }
    CallResult call(std::string_view method, const json& params) override;
    BatchResult batch(std::span<const Call> calls) override;

    // Every answered call so far (transport failures have no answer and are not recorded), as .io text.
    std::string to_io() const;

private:
    void record(std::string_view method, const json& params, const CallResult& result);

    Provider& inner_;
    std::vector<std::string> lines_;
    std::uint64_t next_id_{1};
};

}  // namespace countersign::rpc
