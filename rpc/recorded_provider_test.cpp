// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "rpc/recorded_provider.hpp"

namespace countersign::rpc {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> execution_api_files() {
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(COUNTERSIGN_SOURCE_DIR) / "vectors/execution-apis/tests")) {
        if (entry.is_regular_file() && entry.path().extension() == ".io") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    return files;
}

// Every exchange of every execution-apis file replays to exactly its recorded result (or error).
TEST(RecordedProvider, ReplaysEveryExecutionApisVector) {
    const auto files = execution_api_files();
    ASSERT_GE(files.size(), 20u);
    std::size_t checked = 0;
    for (const auto& file : files) {
        auto provider = RecordedProvider::from_files(file.filename().string(), {file});
        ASSERT_TRUE(provider) << provider.error().to_string();
        ASSERT_FALSE(provider->exchanges().empty()) << file;
        for (const auto& x : provider->exchanges()) {
            auto r = provider->call(x.method, x.params);
            if (x.response.contains("error")) {
                ASSERT_FALSE(r) << file;
                EXPECT_EQ(r.error().kind, RpcErrorKind::kRpcError) << r.error().to_string();
                EXPECT_EQ(r.error().code, x.response["error"]["code"].get<std::int64_t>());
            } else {
                ASSERT_TRUE(r) << file << ": " << r.error().to_string();
                EXPECT_EQ(*r, x.response["result"]) << file;
            }
            ++checked;
        }
    }
    EXPECT_GE(checked, files.size());
    std::cout << "replayed " << checked << " exchanges from " << files.size() << " execution-apis files\n";
}

TEST(RecordedProvider, OneProviderOverManyFilesAndBatches) {
    auto provider = RecordedProvider::from_files("all", execution_api_files());
    ASSERT_TRUE(provider) << provider.error().to_string();
    EXPECT_EQ(provider->name(), "recorded:all");
    std::vector<Call> calls = {{"eth_getBlockByNumber", json::array({"0x0", true})},
                               {"eth_getBlockByNumber", json::array({"0x3e8", true})}};
    auto r = provider->batch(calls);
    ASSERT_TRUE(r) << r.error().to_string();
    ASSERT_EQ(r->size(), 2u);
    ASSERT_TRUE((*r)[0]);
    EXPECT_EQ((*(*r)[0])["number"], "0x0");
    ASSERT_TRUE((*r)[1]);  // block 1000 does not exist: the recorded answer is null
    EXPECT_TRUE((*(*r)[1]).is_null());

    calls.push_back({"eth_getBlockByNumber", json::array({"0x1", false})});  // never recorded with false
    auto missing = provider->batch(calls);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().kind, RpcErrorKind::kNotRecorded);
    EXPECT_EQ(missing.error().provider, "recorded:all");
    EXPECT_EQ(missing.error().method, "eth_getBlockByNumber");
}

TEST(RecordedProvider, MatchesParamsExactlyAndReplaysInOrder) {
    auto p = RecordedProvider::from_text("t", R"(// two answers over time
>> {"jsonrpc":"2.0","id":1,"method":"eth_blockNumber"}
<< {"jsonrpc":"2.0","id":1,"result":"0x1"}
>> {"jsonrpc":"2.0","id":2,"method":"eth_blockNumber","params":[]}
<< {"jsonrpc":"2.0","id":2,"result":"0x2"}
>> {"jsonrpc":"2.0","id":3,"method":"eth_getBalance","params":["0xaa","latest"]}
<< {"jsonrpc":"2.0","id":3,"error":{"code":-32000,"message":"header not found"}}
)");
    ASSERT_TRUE(p) << p.error().to_string();
    EXPECT_EQ(*p->call("eth_blockNumber", json::array()), "0x1");
    EXPECT_EQ(*p->call("eth_blockNumber", nullptr), "0x2");
    EXPECT_EQ(*p->call("eth_blockNumber", json::array()), "0x2");  // the last one repeats
    auto err = p->call("eth_getBalance", json::array({"0xaa", "latest"}));
    ASSERT_FALSE(err);
    EXPECT_EQ(err.error().kind, RpcErrorKind::kRpcError);
    EXPECT_EQ(err.error().message, "header not found");
    EXPECT_EQ(p->call("eth_getBalance", json::array({"0xAA", "latest"})).error().kind, RpcErrorKind::kNotRecorded);
    EXPECT_EQ(p->call("eth_getBalance", json::array({"0xaa"})).error().kind, RpcErrorKind::kNotRecorded);
    EXPECT_EQ(p->replayed(), 4u);
}

TEST(RecordedProvider, RecordedAnswersGetTheSameChecksAsANodes) {
    auto p = RecordedProvider::from_text("t", R"(>> {"jsonrpc":"2.0","id":1,"method":"a","params":[]}
<< {"jsonrpc":"2.0","id":2,"result":"0x1"}
>> {"jsonrpc":"2.0","id":1,"method":"b","params":[]}
<< {"id":1,"result":"0x1"}
)");
    ASSERT_TRUE(p);
    auto a = p->call("a", json::array());
    ASSERT_FALSE(a);
    EXPECT_EQ(a.error().kind, RpcErrorKind::kIdMismatch);
    EXPECT_NE(a.error().message.find("line 1"), std::string::npos) << a.error().message;
    EXPECT_EQ(p->call("b", json::array()).error().kind, RpcErrorKind::kInvalidResponse);
}

TEST(RecordedProvider, SplitsRecordedBatches) {
    auto p = RecordedProvider::from_text("t", R"(>> [{"jsonrpc":"2.0","id":1,"method":"a","params":[]},{"jsonrpc":"2.0","id":2,"method":"b","params":[]}]
<< [{"jsonrpc":"2.0","id":2,"result":"B"},{"jsonrpc":"2.0","id":1,"result":"A"}]
)");
    ASSERT_TRUE(p) << p.error().to_string();
    EXPECT_EQ(*p->call("a", json::array()), "A");
    EXPECT_EQ(*p->call("b", json::array()), "B");
}

TEST(RecordedProvider, RejectsMalformedFilesWithLineNumbers) {
    struct Case {
        const char* text;
        std::size_t line;
    };
    const Case cases[] = {
        {">> {\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"a\"}\n", 1},                      // no response
        {"// c\n<< {\"jsonrpc\":\"2.0\",\"id\":1,\"result\":1}\n", 2},                     // no request
        {">> {\"id\":1,\"method\":\"a\"}\n>> {\"id\":2,\"method\":\"a\"}\n", 2},          // two requests
        {"garbage\n", 1},
        {">> {not json}\n<< {}\n", 1},
        {">> {\"id\":1}\n<< {}\n", 1},                                                     // no method
        {">> {\"method\":\"a\"}\n<< {}\n", 1},                                             // no id
        {">> [{\"id\":1,\"method\":\"a\"}]\n<< [{\"id\":2,\"result\":1}]\n", 1},           // batch id missing
        {">> [{\"id\":1,\"method\":\"a\"}]\n<< {\"id\":1,\"result\":1}\n", 1},             // batch answered by object
    };
    for (const auto& c : cases) {
        auto r = parse_recorded(c.text);
        ASSERT_FALSE(r) << c.text;
        EXPECT_EQ(r.error().line, c.line) << c.text << " -> " << r.error().to_string();
    }
    std::string deep = ">> " + std::string(100'000, '[') + "\n";
    auto r = parse_recorded(deep);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("deep"), std::string::npos);
    EXPECT_FALSE(RecordedProvider::from_files("x", {"/nonexistent/file.io"}));
}

TEST(RecordingProvider, RecordsWhatReplaysIdentically) {
    auto source = RecordedProvider::from_files("all", execution_api_files());
    ASSERT_TRUE(source);
    RecordingProvider recorder(*source);
    std::vector<std::pair<std::string, json>> asked;
    for (const auto& x : source->exchanges()) asked.emplace_back(x.method, x.params);
    std::vector<CallResult> first;
    for (const auto& [m, p] : asked) first.push_back(recorder.call(m, p));
    std::vector<Call> calls = {{"eth_getBlockByNumber", json::array({"0x0", true})}};
    ASSERT_TRUE(recorder.batch(calls));

    auto replay = RecordedProvider::from_text("replay", recorder.to_io());
    ASSERT_TRUE(replay) << replay.error().to_string();
    EXPECT_EQ(replay->exchanges().size(), asked.size() + 1);
    for (std::size_t i = 0; i < asked.size(); ++i) {
        auto again = replay->call(asked[i].first, asked[i].second);
        ASSERT_EQ(again.has_value(), first[i].has_value()) << asked[i].first;
        if (again) {
            EXPECT_EQ(*again, *first[i]);
        } else {
            EXPECT_EQ(again.error().code, first[i].error().code);
        }
    }
}

}  // namespace
}  // namespace countersign::rpc
