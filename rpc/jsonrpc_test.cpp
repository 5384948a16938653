// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <chrono>
#include <string>

#include "rpc/jsonrpc.hpp"

namespace countersign::rpc {
namespace {

TEST(JsonRpc, EncodesRequestsAndBatches) {
    auto one = encode_request(7, "eth_getBlockByNumber", json::array({"0x1", false}));
    ASSERT_TRUE(one);
    EXPECT_EQ(json::parse(*one), json::parse(R"({"jsonrpc":"2.0","id":7,"method":"eth_getBlockByNumber",
                                                 "params":["0x1",false]})"));
    EXPECT_EQ(json::parse(*encode_request(1, "eth_chainId", nullptr))["params"], json::array());
    std::vector<Call> calls = {{"eth_chainId", json::array()}, {"eth_blockNumber", json::array()}};
    auto batch = json::parse(*encode_batch(10, calls));
    ASSERT_EQ(batch.size(), 2u);
    EXPECT_EQ(batch[1]["id"], 11);
    EXPECT_EQ(batch[1]["method"], "eth_blockNumber");
}

TEST(JsonRpc, RejectsUnencodableParams) {
    auto scalar = encode_request(1, "m", 5);
    ASSERT_FALSE(scalar);
    EXPECT_EQ(scalar.error().kind, RpcErrorKind::kInvalidRequest);
    auto bad_utf8 = encode_request(1, "m", json::array({std::string("\xff\xfe")}));
    ASSERT_FALSE(bad_utf8);
    EXPECT_EQ(bad_utf8.error().kind, RpcErrorKind::kInvalidRequest);
}

TEST(JsonRpc, DecodesResult) {
    auto r = decode_response(R"({"jsonrpc":"2.0","id":3,"result":{"number":"0x1"}})", 3);
    ASSERT_TRUE(r) << r.error().to_string();
    EXPECT_EQ((*r)["number"], "0x1");
    auto null_result = decode_response(R"({"jsonrpc":"2.0","id":3,"result":null})", 3);
    ASSERT_TRUE(null_result);
    EXPECT_TRUE(null_result->is_null());
}

TEST(JsonRpc, DecodesErrorObjectAsValue) {
    auto r = decode_response(R"({"jsonrpc":"2.0","id":3,"error":{"code":-32601,"message":"no \u001b[31m method",
                                 "data":"0x08c379a0"}})", 3);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, -32601);
    EXPECT_EQ(r.error().message, "no ?[31m method");  // terminal escape neutralised
    EXPECT_EQ(r.error().data, "0x08c379a0");
}

struct BadCase {
    const char* body;
    RpcErrorKind kind;
};

TEST(JsonRpc, RejectsMalformedSingleResponses) {
    const BadCase cases[] = {
        {"", RpcErrorKind::kInvalidJson},
        {"<html>502</html>", RpcErrorKind::kInvalidJson},
        {R"({"jsonrpc":"2.0","id":3,"result":1} trailing)", RpcErrorKind::kInvalidJson},
        {R"([{"jsonrpc":"2.0","id":3,"result":1}])", RpcErrorKind::kInvalidResponse},
        {R"("just a string")", RpcErrorKind::kInvalidResponse},
        {R"({"id":3,"result":1})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"1.0","id":3,"result":1})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","result":1})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":3})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":3,"result":1,"error":{"code":1,"message":"x"}})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":3,"error":"boom"})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":3,"error":{"code":"1","message":"x"}})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":3,"error":{"code":1.5,"message":"x"}})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":3,"error":{"code":18446744073709551615,"message":"x"}})",
         RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":3,"error":{"code":1}})", RpcErrorKind::kInvalidResponse},
        {R"({"jsonrpc":"2.0","id":4,"result":1})", RpcErrorKind::kIdMismatch},
        {R"({"jsonrpc":"2.0","id":"3","result":1})", RpcErrorKind::kIdMismatch},
        {R"({"jsonrpc":"2.0","id":3.0,"result":1})", RpcErrorKind::kIdMismatch},
        {R"({"jsonrpc":"2.0","id":null,"result":1})", RpcErrorKind::kIdMismatch},
    };
    for (const auto& c : cases) {
        auto r = decode_response(c.body, 3);
        ASSERT_FALSE(r) << c.body;
        EXPECT_EQ(r.error().kind, c.kind) << c.body << " -> " << r.error().to_string();
    }
}

TEST(JsonRpc, NullIdErrorIsTheServersAnswer) {
    auto r = decode_response(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}})", 3);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, -32700);
}

TEST(JsonRpc, DepthCapRejectsDeepNestingQuickly) {
    const std::size_t n = 100'000;
    const std::string deep = std::string(n, '[') + std::string(n, ']');
    const auto start = std::chrono::steady_clock::now();
    auto r = decode_response(deep, 1);
    const auto took = std::chrono::steady_clock::now() - start;
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kJsonTooDeep);
    EXPECT_LT(took, std::chrono::milliseconds(100));
    // Deep but inside a result, and brackets inside strings do not count.
    const std::string nested = R"({"jsonrpc":"2.0","id":1,"result":)" + std::string(126, '[') + std::string(126, ']') + "}";
    EXPECT_TRUE(decode_response(nested, 1));
    const std::string too_deep = R"({"jsonrpc":"2.0","id":1,"result":)" + std::string(128, '[') + std::string(128, ']') + "}";
    EXPECT_EQ(decode_response(too_deep, 1).error().kind, RpcErrorKind::kJsonTooDeep);
    EXPECT_TRUE(decode_response(R"({"jsonrpc":"2.0","id":1,"result":")" + std::string(1000, '[') + R"(\"["})", 1));
    EXPECT_FALSE(json_depth_exceeds("[[]]", 2));
    EXPECT_TRUE(json_depth_exceeds("[[[]]]", 2));
    EXPECT_TRUE(json_depth_exceeds("{\"a\":{\"b\":[", 2));  // malformed still counted
}

std::vector<std::uint64_t> ids_123() { return {1, 2, 3}; }

TEST(JsonRpc, BatchMatchesIdsInAnyOrder) {
    auto ids = ids_123();
    auto r = decode_batch_response(R"([{"jsonrpc":"2.0","id":3,"result":"c"},
                                       {"jsonrpc":"2.0","id":1,"result":"a"},
                                       {"jsonrpc":"2.0","id":2,"error":{"code":-32000,"message":"nope"}}])",
                                   ids);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->size(), 3u);
    EXPECT_EQ(*(*r)[0], "a");
    ASSERT_FALSE((*r)[1]);
    EXPECT_EQ((*r)[1].error().code, -32000);
    EXPECT_EQ(*(*r)[2], "c");
}

TEST(JsonRpc, BatchRejectsMissingDuplicateExtraAndForeignIds) {
    auto ids = ids_123();
    const char* bodies[] = {
        // missing id 3
        R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2,"result":2}])",
        // duplicate id 2
        R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2,"result":2},{"jsonrpc":"2.0","id":2,"result":2}])",
        // extra element
        R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2,"result":2},{"jsonrpc":"2.0","id":3,"result":3},
            {"jsonrpc":"2.0","id":4,"result":4}])",
        // wrong id
        R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2,"result":2},{"jsonrpc":"2.0","id":9,"result":3}])",
        // id of the wrong type
        R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2,"result":2},{"jsonrpc":"2.0","id":"3","result":3}])",
        // negative id
        R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2,"result":2},{"jsonrpc":"2.0","id":-3,"result":3}])",
        // null-id error element
        R"([{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"invalid"}}])",
        // malformed element
        R"([{"jsonrpc":"2.0","id":1,"result":1},{"jsonrpc":"2.0","id":2},{"jsonrpc":"2.0","id":3,"result":3}])",
        // not an array
        R"({"jsonrpc":"2.0","id":1,"result":1})",
        R"(42)",
        R"([])",
    };
    for (const char* body : bodies) {
        auto r = decode_batch_response(body, ids);
        ASSERT_FALSE(r) << body;
        EXPECT_EQ(r.error().kind, RpcErrorKind::kBatchMismatch) << body << " -> " << r.error().to_string();
    }
}

TEST(JsonRpc, BatchRejectedAsAWholeIsAnRpcError) {
    auto ids = ids_123();
    auto r = decode_batch_response(R"({"jsonrpc":"2.0","id":null,"error":{"code":-32005,"message":"batch too large"}})",
                                   ids);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(r.error().code, -32005);
}

TEST(JsonRpc, ErrorTextNamesProviderMethodAndAttempts) {
    RpcError e;
    e.kind = RpcErrorKind::kTimeout;
    e.message = "read timed out after 5 ms";
    e.attempts = 3;
    label(e, "https://node/", "eth_call");
    EXPECT_EQ(e.to_string(), "eth_call on https://node/: timeout: read timed out after 5 ms (3 attempts)");
    std::vector<Call> calls(6, Call{"eth_chainId", json::array()});
    EXPECT_EQ(batch_label(calls), "batch[eth_chainId,eth_chainId,eth_chainId,eth_chainId,+2 more]");
    EXPECT_EQ(sanitize_text(std::string(500, 'a'), 10), "aaaaaaaaaa...");
}

RC_GTEST_PROP(JsonRpcProperty, ArbitraryBytesNeverCrash, (const std::string& body, std::uint64_t id)) {
    auto single = decode_response(body, id);
    RC_ASSERT(!single || body.find("result") != std::string::npos);
    std::vector<std::uint64_t> ids = {id, id + 1};
    auto batch = decode_batch_response(body, ids);
    if (batch) RC_ASSERT(batch->size() == 2u);
}

RC_GTEST_PROP(JsonRpcProperty, ResultsRoundTrip, (const std::string& text, std::int64_t number, std::uint64_t id)) {
    json result = {{"s", text}, {"n", number}, {"list", json::array({number, text})}};
    json response = {{"jsonrpc", "2.0"}, {"id", id}, {"result", result}};
    const std::string body = response.dump(-1, ' ', false, json::error_handler_t::replace);
    auto decoded = decode_response(body, id);
    RC_ASSERT(decoded.has_value());
    RC_ASSERT((*decoded)["n"] == number);
    auto wrong = decode_response(body, id + 1);
    RC_ASSERT(!wrong.has_value());
    RC_ASSERT(wrong.error().kind == RpcErrorKind::kIdMismatch);
}

}  // namespace
}  // namespace countersign::rpc
