// SPDX-License-Identifier: Apache-2.0
#include "chain/log.hpp"

namespace countersign::rlp {
namespace {

std::size_t topics_payload_length(const std::vector<Hash32>& topics) noexcept {
    return topics.size() * length_of(Hash32{});
}

std::size_t log_payload_length(const chain::Log& log) noexcept {
    const std::size_t topics = topics_payload_length(log.topics);
    return length_of(log.address) + length_of_length(topics) + topics + length_of(log.data);
}

std::size_t logs_payload_length(const std::vector<chain::Log>& logs) noexcept {
    std::size_t n = 0;
    for (const auto& log : logs) n += length_of(log);
    return n;
}

}  // namespace

std::size_t length_of(const chain::Log& log) noexcept {
    const std::size_t payload = log_payload_length(log);
    return length_of_length(payload) + payload;
}

void encode(Bytes& to, const chain::Log& log) {
    encode_header(to, {true, log_payload_length(log)});
    encode(to, log.address);
    encode_header(to, {true, topics_payload_length(log.topics)});
    for (const auto& topic : log.topics) encode(to, topic);
    encode(to, ByteView{log.data});
}

// On failure `from` is left where it was.
Status decode(ByteView& from, chain::Log& to, Leftover mode) noexcept {
    ByteView cursor = from;
    auto payload = decode_list(cursor);
    if (!payload) return unexpected(payload.error());
    ByteView p = *payload;
    if (auto s = decode(p, to.address); !s) return s;
    auto topics = decode_list(p);
    if (!topics) return unexpected(topics.error());
    to.topics.clear();
    ByteView t = *topics;
    while (!t.empty()) {
        if (to.topics.size() == chain::kMaxLogTopics) return unexpected(DecodingError::kUnexpectedListElements);
        Hash32 topic;
        if (auto s = decode(t, topic); !s) return s;
        to.topics.push_back(topic);
    }
    auto data = decode_string(p);
    if (!data) return unexpected(data.error());
    to.data.assign(data->begin(), data->end());
    if (!p.empty()) return unexpected(DecodingError::kUnexpectedListElements);
    if (mode == Leftover::kProhibit && !cursor.empty()) return unexpected(DecodingError::kTrailingBytes);
    from = cursor;
    return {};
}

std::size_t length_of(const std::vector<chain::Log>& logs) noexcept {
    const std::size_t payload = logs_payload_length(logs);
    return length_of_length(payload) + payload;
}

void encode(Bytes& to, const std::vector<chain::Log>& logs) {
    encode_header(to, {true, logs_payload_length(logs)});
    for (const auto& log : logs) encode(to, log);
}

Status decode(ByteView& from, std::vector<chain::Log>& to, Leftover mode) noexcept {
    ByteView cursor = from;
    auto payload = decode_list(cursor);
    if (!payload) return unexpected(payload.error());
    to.clear();
    ByteView p = *payload;
    while (!p.empty()) {
        chain::Log log;
        if (auto s = decode(p, log); !s) return s;
        to.push_back(std::move(log));
    }
    if (mode == Leftover::kProhibit && !cursor.empty()) return unexpected(DecodingError::kTrailingBytes);
    from = cursor;
    return {};
}

}  // namespace countersign::rlp
