// SPDX-License-Identifier: Apache-2.0
#include <atomic>
#include <fstream>
#include <functional>
#include <iostream>
#include <iterator>

#include <unistd.h>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chain/block.hpp"
#include "chain/receipt.hpp"
#include "conformance/execution_apis.hpp"
#include "crypto/hex.hpp"
#include "crypto/keccak.hpp"

namespace countersign::conformance {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const fs::path kVectors = fs::path{COUNTERSIGN_SOURCE_DIR} / "vectors" / "execution-apis" / "tests";

std::string read(const fs::path& p) {
    std::ifstream in{p, std::ios::binary};
    return {std::istreambuf_iterator<char>{in}, std::istreambuf_iterator<char>{}};
}

void write(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out{p, std::ios::binary | std::ios::trunc};
    out << text;
}

// The format that claims the file, run on it; a file neither claims comes back with one skip.
FileResult run_file(const fs::path& p) {
    const std::string text = read(p);
    if (kExecutionApis.detect(p, text)) return kExecutionApis.run(p, text);
    if (kExecutionApisChain.detect(p, text)) return kExecutionApisChain.run(p, text);
    FileResult r;
    r.skip("unclaimed");
    return r;
}

FileResult run_folder(const fs::path& root) {
    FileResult total;
    std::vector<fs::path> files;
    for (const auto& e : fs::recursive_directory_iterator{root})
        if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        FileResult r = run_file(f);
        total.passed += r.passed;
        total.failed += r.failed;
        total.skipped += r.skipped;
        for (auto& s : r.failures) total.failures.push_back(std::move(s));
        for (auto& s : r.notes) total.notes.push_back(std::move(s));
    }
    return total;
}

// A fresh copy of the real vectors: each alteration gets its own folder, so nothing cached is reused.
fs::path fresh_copy() {
    static std::atomic<int> counter{0};
    const fs::path dir = fs::temp_directory_path() /
                         ("countersign_xapi_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    fs::copy(kVectors, dir, fs::copy_options::recursive);
    return dir;
}

// Rewrites the response line of a one-exchange .io file.
void edit_response(const fs::path& file, const std::function<void(json&)>& edit) {
    std::string text = read(file);
    const auto at = text.find("\n<< ");
    ASSERT_NE(at, std::string::npos);
    const auto end = text.find('\n', at + 1);
    json response = json::parse(text.substr(at + 4, end == std::string::npos ? std::string::npos : end - at - 4));
    edit(response);
    write(file, text.substr(0, at + 4) + response.dump() + "\n");
}

// Flips a hex digit of a hex string in the middle of `s` (after the 0x prefix and any first bytes).
std::string flip_hex(std::string s, std::size_t pos) {
    char& c = s.at(pos);
    c = c == '0' ? '1' : '0';
    return s;
}

struct Tamper {
    const char* name;
    const char* file;
    const char* expect;  // in the failure message: the alteration is caught for the right reason
    std::function<void(json&)> edit;
};

FileResult tampered(const Tamper& t) {
    const fs::path dir = fresh_copy();
    edit_response(dir / t.file, t.edit);
    FileResult r = run_file(dir / t.file);
    fs::remove_all(dir);
    return r;
}

TEST(ExecutionApis, DetectsItsFiles) {
    const fs::path io = kVectors / "eth_getBlockByNumber" / "get-latest.io";
    EXPECT_TRUE(kExecutionApis.detect(io, read(io)));
    EXPECT_FALSE(kExecutionApisChain.detect(io, read(io)));
    EXPECT_FALSE(kExecutionApis.detect(fs::path{"x.json"}, ">> {}"));
    EXPECT_FALSE(kExecutionApis.detect(fs::path{"x.io"}, "// only a comment\n{}"));
    for (const char* f : {"chain.rlp", "genesis.json", "forkenv.json", "headfcu.json"}) {
        EXPECT_TRUE(kExecutionApisChain.detect(kVectors / f, read(kVectors / f))) << f;
        EXPECT_FALSE(kExecutionApis.detect(kVectors / f, read(kVectors / f))) << f;
    }
    // A genesis.json with no chain beside it is not ours.
    EXPECT_FALSE(kExecutionApisChain.detect(fs::path{"/nonexistent/genesis.json"}, "{\"alloc\":{},\"config\":{}}"));
}

TEST(ExecutionApis, RealFolderPasses) {
    const FileResult r = run_folder(kVectors);
    for (const auto& f : r.failures) ADD_FAILURE() << f;
    for (const auto& n : r.notes) std::cout << "  skip: " << n << "\n";
    std::cout << "  " << r.passed << " passed, " << r.failed << " failed, " << r.skipped << " skipped\n";
    EXPECT_EQ(r.failed, 0u);
    // 54 blocks of chain.rlp, genesis/forkenv/headfcu, and most exchanges.
    EXPECT_GE(r.passed, 54u + 3u + 18u);

    // Spot checks: the genesis block is bound (rebuilt from genesis.json), a receipt of a 3-transaction block is bound
    // through debug_getRawReceipts, and the unbindable receipt is skipped, not passed.
    const FileResult genesis = run_file(kVectors / "eth_getBlockByNumber" / "get-genesis.io");
    EXPECT_EQ(genesis.passed, 1u);
    EXPECT_EQ(run_file(kVectors / "eth_getTransactionReceipt" / "get-legacy-receipt.io").passed, 1u);
    const FileResult dynamic = run_file(kVectors / "eth_getTransactionReceipt" / "get-dynamic-fee.io");
    EXPECT_EQ(dynamic.passed, 0u);
    EXPECT_EQ(dynamic.skipped, 1u);
    ASSERT_EQ(dynamic.notes.size(), 1u);
    EXPECT_NE(dynamic.notes[0].find("receipt not bindable without the block's other receipts"), std::string::npos);
    const FileResult chain_rlp = run_file(kVectors / "chain.rlp");
    EXPECT_EQ(chain_rlp.passed, 54u);
}

TEST(ExecutionApis, TamperedResponsesFail) {
    const std::vector<Tamper> tampers{
        // Blocks: a header field, the hash, the size, uncles, a full transaction's signed field and sender.
        {"header stateRoot", "eth_getBlockByNumber/get-block-london-fork.io",
         "stateRoot differs from the verified header",
         [](json& r) { r["result"]["stateRoot"] = flip_hex(r["result"]["stateRoot"], 20); }},
        {"header gasUsed", "eth_getBlockByNumber/get-latest.io", "gasUsed differs from the verified header",
         [](json& r) { r["result"]["gasUsed"] = "0x1"; }},
        {"header missing requestsHash", "eth_getBlockByNumber/get-latest.io",
         "requestsHash differs from the verified header", [](json& r) { r["result"].erase("requestsHash"); }},
        {"genesis extraData", "eth_getBlockByNumber/get-genesis.io", "extraData differs from the verified header",
         [](json& r) { r["result"]["extraData"] = "0x"; }},
        {"block hash", "eth_getBlockByHash/get-block-by-hash.io", "hash differs from the verified block hash",
         [](json& r) { r["result"]["hash"] = flip_hex(r["result"]["hash"], 30); }},
        {"block size", "eth_getBlockByNumber/get-block-cancun-fork.io",
         "size differs from the verified block's RLP size", [](json& r) { r["result"]["size"] = "0x57a"; }},
        {"uncles", "eth_getBlockByNumber/get-block-cancun-fork.io", "uncles differ from the verified ommer hashes",
         [](json& r) { r["result"]["uncles"].push_back(r["result"]["hash"]); }},
        {"totalDifficulty", "eth_getBlockByNumber/get-block-cancun-fork.io",
         "totalDifficulty differs from the sum of verified difficultie",
         [](json& r) { r["result"]["totalDifficulty"] = "0x1"; }},
        {"withdrawals", "eth_getBlockByNumber/get-block-cancun-fork.io", "withdrawals: not the verified block's 0",
         [](json& r) {
             r["result"]["withdrawals"].push_back(
                 {{"index", "0x0"}, {"validatorIndex", "0x0"}, {"address", r["result"]["miner"]}, {"amount", "0x1"}});
         }},
        {"transaction hash in hashes mode", "eth_getBlockByNumber/get-block-cancun-fork.io",
         "transactions[1] differs from the verified hash",
         [](json& r) { r["result"]["transactions"][1] = flip_hex(r["result"]["transactions"][1], 10); }},
        {"transaction dropped", "eth_getBlockByNumber/get-block-cancun-fork.io",
         "transactions: not the verified block's 4", [](json& r) { r["result"]["transactions"].erase(0); }},
        {"full tx value", "eth_getBlockByHash/get-block-by-hash.io",
         "transactions[0].value differs from the verified transaction",
         [](json& r) { r["result"]["transactions"][0]["value"] = "0x7"; }},
        {"full tx from", "eth_getBlockByHash/get-block-by-hash.io",
         "transactions[0].from (the recovered sender) differs from the",
         [](json& r) { r["result"]["transactions"][0]["from"] = flip_hex(r["result"]["transactions"][0]["from"], 5); }},
        // Transactions.
        {"tx maxFeePerGas", "eth_getTransactionByHash/get-dynamic-fee.io",
         "maxFeePerGas differs from the verified transaction",
         [](json& r) { r["result"]["maxFeePerGas"] = "0x3b9aca02"; }},
        {"tx effective gasPrice", "eth_getTransactionByHash/get-dynamic-fee.io",
         "gasPrice differs from the effective gas price the verified h",
         [](json& r) { r["result"]["gasPrice"] = "0x3b9aca00"; }},
        {"tx blockNumber", "eth_getTransactionByHash/get-legacy-tx.io", "blockNumber differs from the verified chain",
         [](json& r) { r["result"]["blockNumber"] = "0x4"; }},
        {"tx transactionIndex", "eth_getTransactionByHash/get-access-list.io",
         "transactionIndex differs from the verified chain", [](json& r) { r["result"]["transactionIndex"] = "0x1"; }},
        {"tx from", "eth_getTransactionByHash/get-legacy-tx.io",
         "from (the recovered sender) differs from the verified chain",
         [](json& r) { r["result"]["from"] = flip_hex(r["result"]["from"], 10); }},
        {"tx access list", "eth_getTransactionByHash/get-access-list.io",
         "accessList differs from the verified transaction",
         [](json& r) { r["result"]["accessList"] = json::array(); }},
        {"tx blockTimestamp", "eth_getTransactionByHash/get-access-list.io",
         "blockTimestamp differs from the verified header", [](json& r) { r["result"]["blockTimestamp"] = "0xf1"; }},
        // Receipts.
        {"receipt root -> status", "eth_getTransactionReceipt/get-legacy-receipt.io",
         "status/root differs from the verified receipt",
         [](json& r) {
             r["result"].erase("root");
             r["result"]["status"] = "0x1";
         }},
        {"receipt root", "eth_getTransactionReceipt/get-legacy-receipt.io",
         "status/root differs from the verified receipt",
         [](json& r) { r["result"]["root"] = flip_hex(r["result"]["root"], 12); }},
        {"receipt cumulativeGasUsed", "eth_getTransactionReceipt/get-legacy-receipt.io",
         "cumulativeGasUsed differs from the verified receipt",
         [](json& r) { r["result"]["cumulativeGasUsed"] = "0x5209"; }},
        {"receipt effectiveGasPrice", "eth_getTransactionReceipt/get-legacy-receipt.io",
         "effectiveGasPrice differs from what the verified block impli",
         [](json& r) { r["result"]["effectiveGasPrice"] = "0x2"; }},
        {"unbindable receipt's transactionIndex", "eth_getTransactionReceipt/get-dynamic-fee.io",
         "transactionIndex differs from what the verified block implie",
         [](json& r) { r["result"]["transactionIndex"] = "0x1"; }},
        {"unbindable receipt's log blockHash", "eth_getTransactionReceipt/get-dynamic-fee.io",
         "logs[0].blockHash/blockNumber differs from what the verified",
         [](json& r) { r["result"]["logs"][0]["blockHash"] = flip_hex(r["result"]["logs"][0]["blockHash"], 9); }},
        {"block receipts cumulativeGasUsed", "eth_getBlockReceipts/get-block-receipts-n.io",
         "receipts do not re-hash to the verified receiptsRoot",
         [](json& r) { r["result"][2]["cumulativeGasUsed"] = "0x38232"; }},
        {"block receipts gasUsed", "eth_getBlockReceipts/get-block-receipts-n.io",
         "result[1].gasUsed differs from what the verified block impli",
         [](json& r) { r["result"][1]["gasUsed"] = "0x1"; }},
        {"block receipts contractAddress", "eth_getBlockReceipts/get-block-receipts-n.io",
         "result[0].contractAddress differs from what the verified blo",
         [](json& r) { r["result"][0]["contractAddress"] = r["result"][1]["contractAddress"]; }},
        {"block receipts from", "eth_getBlockReceipts/get-block-receipts-n.io",
         "result[3].from (the recovered sender) differs from what the ",
         [](json& r) { r["result"][3]["from"] = r["result"][3]["contractAddress"]; }},
        {"block receipts missing one", "eth_getBlockReceipts/get-block-receipts-n.io",
         "not one receipt per verified transaction (4)", [](json& r) { r["result"].erase(3); }},
        // Logs (the real eth_getLogs exchanges are in blocks whose receipts nothing binds; their metadata still is).
        {"log blockHash", "eth_getLogs/filter-with-blockHash.io", "result[0]: blockHash is not the verified block's",
         [](json& r) { r["result"][0]["blockHash"] = flip_hex(r["result"][0]["blockHash"], 40); }},
        {"log transactionHash", "eth_getLogs/contract-addr.io",
         "result[0]: transactionHash/Index not a verified transaction ",
         [](json& r) { r["result"][0]["transactionHash"] = r["result"][1]["transactionHash"]; }},
        {"log outside the filter", "eth_getLogs/contract-addr.io", "result[0]: does not match the filter",
         [](json& r) { r["result"][0]["address"] = "0x0000000000000000000000000000000000000001"; }},
        // Proofs.
        {"account proof node", "eth_getProof/get-account-proof-latest.io",
         "accountProof does not prove against the verified stateRoot: ",
         [](json& r) { r["result"]["accountProof"][1] = flip_hex(r["result"]["accountProof"][1], 50); }},
        {"account balance", "eth_getProof/get-account-proof-latest.io", "balance differs from the proven account",
         [](json& r) { r["result"]["balance"] = "0x77"; }},
        {"account nonce", "eth_getProof/get-account-proof-latest.io", "nonce differs from the proven account",
         [](json& r) { r["result"]["nonce"] = "0x1"; }},
        {"account codeHash", "eth_getProof/get-account-proof-with-storage.io",
         "codeHash differs from the proven account",
         [](json& r) { r["result"]["codeHash"] = flip_hex(r["result"]["codeHash"], 4); }},
        {"storageHash", "eth_getProof/get-account-proof-with-storage.io", "storageHash differs from the proven account",
         [](json& r) { r["result"]["storageHash"] = flip_hex(r["result"]["storageHash"], 4); }},
        {"storage value", "eth_getProof/get-account-proof-with-storage.io",
         "storageProof[0].value differs from the proven value",
         [](json& r) { r["result"]["storageProof"][0]["value"] = "0x39"; }},
        {"storage proof node", "eth_getProof/get-account-proof-with-storage.io",
         "storageProof[0].proof does not prove against the proven stor",
         [](json& r) {
             auto& p = r["result"]["storageProof"][0]["proof"];
             p[p.size() - 1] = flip_hex(p[p.size() - 1], 40);
         }},
        {"storage key", "eth_getProof/get-account-proof-with-storage.io",
         "storageProof[0].key differs from the requested key",
         [](json& r) { r["result"]["storageProof"][0]["key"] = "0x1"; }},
        // Raw bytes.
        {"raw header byte", "debug_getRawHeader/get-block-n.io", "bytes differ from the verified header RLP",
         [](json& r) { r["result"] = flip_hex(r["result"], 100); }},
        {"raw block byte", "debug_getRawBlock/get-block-n.io", "bytes differ from the verified block RLP",
         [](json& r) { r["result"] = flip_hex(r["result"], 1000); }},
        {"raw transaction byte", "debug_getRawTransaction/get-tx.io",
         "bytes differ from the verified transaction's encoding",
         [](json& r) { r["result"] = flip_hex(r["result"], 40); }},
        {"raw receipt log data byte", "debug_getRawReceipts/get-block-n.io",
         "receipts do not re-hash to the verified receiptsRoot",
         [](json& r) {
             std::string s = r["result"][2];
             r["result"][2] = flip_hex(s, s.size() - 3);
         }},
        // Absence: a result where there is nothing, and nothing where there is something.
        {"result for an unknown block", "eth_getBlockByNumber/get-block-notfound.io",
         "a result for something that is not in the verified chain",
         [](json& r) {
             r["result"] = json::object({{"number", "0x3e8"}});
         }},
        {"null for the genesis block", "eth_getBlockByNumber/get-genesis.io",
         "null for something the verified chain holds", [](json& r) { r["result"] = nullptr; }},
        {"error for a known transaction", "eth_getTransactionByHash/get-legacy-tx.io",
         "an error for something the verified chain holds",
         [](json& r) {
             r.erase("result");
             r["error"] = {{"code", -32000}, {"message", "not found"}};
         }},
        {"receipt for an unknown transaction", "eth_getTransactionReceipt/get-notfound-tx.io",
         "a result for something that is not in the verified chain", [](json& r) { r["result"] = json::object(); }},
        {"response id", "debug_getRawHeader/get-block-n.io", "response id differs from the request id",
         [](json& r) { r["id"] = 2; }},
    };
    for (const auto& t : tampers) {
        const FileResult r = tampered(t);
        EXPECT_GE(r.failed, 1u) << t.name << " was not caught";
        EXPECT_EQ(r.passed, 0u) << t.name;
        ASSERT_FALSE(r.failures.empty()) << t.name;
        EXPECT_NE(r.failures[0].find(t.expect), std::string::npos) << t.name << ": " << r.failures[0];
    }
}

TEST(ExecutionApis, UnknownFieldIsNamedNotAccepted) {
    const FileResult r = tampered({"extra field", "eth_getBlockByNumber/get-block-london-fork.io", "",
                                   [](json& j) { j["result"]["sealFields"] = json::array(); }});
    EXPECT_EQ(r.failed, 0u);
    EXPECT_EQ(r.passed, 1u);
    ASSERT_EQ(r.skipped, 1u);
    EXPECT_NE(r.notes[0].find("sealFields"), std::string::npos);
}

// The real eth_getLogs exchanges fall in blocks no exchange gives receipts for, so a bindable one is built from block
// 3's verified raw receipts: it passes, and each alteration of it fails.
TEST(ExecutionApis, LogsBoundToVerifiedReceipts) {
    std::vector<chain::Block> blocks;
    {
        const std::string rlp = read(kVectors / "chain.rlp");
        ByteView rest{reinterpret_cast<const std::uint8_t*>(rlp.data()), rlp.size()};
        while (!rest.empty()) {
            auto b = chain::decode_block(rest);
            ASSERT_TRUE(b);
            blocks.push_back(std::move(*b));
        }
    }
    const chain::Block& b3 = blocks.at(2);
    ASSERT_EQ(b3.header.number, 3u);
    const std::string block_hash = to_hex(chain::header_hash(b3.header));
    const json raw =
        json::parse(read(kVectors / "debug_getRawReceipts" / "get-block-n.io")
                        .substr(read(kVectors / "debug_getRawReceipts" / "get-block-n.io").find("\n<< ") + 4));
    json logs = json::array();
    std::uint64_t log_index = 0;
    for (std::size_t i = 0; i < raw["result"].size(); ++i) {
        auto bytes = parse_hex(raw["result"][i].get<std::string>());
        ASSERT_TRUE(bytes);
        auto receipt = chain::decode_raw_receipt(*bytes);
        ASSERT_TRUE(receipt);
        for (const auto& log : receipt->logs) {
            json topics = json::array();
            for (const auto& t : log.topics) topics.push_back(to_hex(t));
            logs.push_back({{"address", to_hex(log.address)},
                            {"topics", topics},
                            {"data", to_hex(ByteView{log.data})},
                            {"blockNumber", "0x3"},
                            {"transactionHash", to_hex(chain::transaction_hash(b3.transactions[i]))},
                            {"transactionIndex", "0x" + std::to_string(i)},
                            {"blockHash", block_hash},
                            {"blockTimestamp", Uint256{b3.header.timestamp}.to_quantity()},
                            {"logIndex", Uint256{log_index++}.to_quantity()},
                            {"removed", false}});
        }
    }
    ASSERT_GE(logs.size(), 2u);
    const json request = {{"jsonrpc", "2.0"},
                          {"id", 1},
                          {"method", "eth_getLogs"},
                          {"params", json::array({{{"blockHash", block_hash}}})}};
    auto run_with = [&](const json& result) {
        const fs::path dir = fresh_copy();
        const fs::path file = dir / "eth_getLogs" / "block-3.io";
        write(file, "// all logs of block 3\n>> " + request.dump() + "\n<< " +
                        json{{"jsonrpc", "2.0"}, {"id", 1}, {"result", result}}.dump() + "\n");
        FileResult r = run_file(file);
        fs::remove_all(dir);
        return r;
    };
    const FileResult good = run_with(logs);
    for (const auto& f : good.failures) ADD_FAILURE() << f;
    EXPECT_EQ(good.passed, 1u);

    std::vector<std::pair<const char*, json>> bad;
    json data = logs;
    data[0]["data"] = flip_hex(data[0]["data"], data[0]["data"].get<std::string>().size() - 1);
    bad.emplace_back("log data", data);
    json topic = logs;
    topic[1]["topics"][0] = flip_hex(topic[1]["topics"][0], 3);
    bad.emplace_back("log topic", topic);
    json dropped = logs;
    dropped.erase(dropped.size() - 1);
    bad.emplace_back("log dropped", dropped);
    json index = logs;
    index[1]["logIndex"] = "0x7";
    bad.emplace_back("log index", index);
    json reordered = logs;
    std::swap(reordered[0], reordered[1]);
    bad.emplace_back("logs reordered", reordered);
    for (const auto& [name, result] : bad) {
        const FileResult r = run_with(result);
        EXPECT_GE(r.failed, 1u) << name << " was not caught";
    }
}

TEST(ExecutionApis, TamperedChainFilesFail) {
    // Block 5's header changed: blocks 6..54 still link back from the head, blocks 1..5 do not; chain.rlp reports each,
    // and every exchange fails since the chain as a whole is not verified.
    {
        const fs::path dir = fresh_copy();
        std::string rlp = read(dir / "chain.rlp");
        ByteView rest{reinterpret_cast<const std::uint8_t*>(rlp.data()), rlp.size()};
        std::vector<chain::Block> blocks;
        while (!rest.empty()) blocks.push_back(*chain::decode_block(rest));
        blocks[4].header.gas_limit += 1;
        Bytes out;
        for (const auto& b : blocks) out += chain::encode_block(b);
        write(dir / "chain.rlp", std::string{out.begin(), out.end()});
        const FileResult chain_rlp = run_file(dir / "chain.rlp");
        EXPECT_EQ(chain_rlp.failed, 5u);
        EXPECT_EQ(chain_rlp.passed, 49u);
        EXPECT_EQ(run_file(dir / "debug_getRawHeader" / "get-block-n.io").failed, 1u);
        fs::remove_all(dir);
    }
    // A body that no longer matches its header (a transaction's value changed).
    {
        const fs::path dir = fresh_copy();
        std::string rlp = read(dir / "chain.rlp");
        ByteView rest{reinterpret_cast<const std::uint8_t*>(rlp.data()), rlp.size()};
        std::vector<chain::Block> blocks;
        while (!rest.empty()) blocks.push_back(*chain::decode_block(rest));
        blocks[10].transactions[0].value = blocks[10].transactions[0].value + Uint256{1};
        Bytes out;
        for (const auto& b : blocks) out += chain::encode_block(b);
        write(dir / "chain.rlp", std::string{out.begin(), out.end()});
        EXPECT_EQ(run_file(dir / "chain.rlp").failed, 1u);
        EXPECT_EQ(run_file(dir / "eth_getBlockByNumber" / "get-latest.io").failed, 1u);
        fs::remove_all(dir);
    }
    // Another head hash: nothing links.
    {
        const fs::path dir = fresh_copy();
        std::string fcu = read(dir / "headfcu.json");
        fcu.replace(fcu.find("0xd226371d"), 10, "0xd226371e");
        write(dir / "headfcu.json", fcu);
        EXPECT_EQ(run_file(dir / "headfcu.json").failed, 1u);
        EXPECT_GE(run_file(dir / "chain.rlp").failed, 1u);
        EXPECT_EQ(run_file(dir / "eth_getProof" / "get-account-proof-latest.io").failed, 1u);
        fs::remove_all(dir);
    }
    // A genesis allocation changed: genesis.json fails, and the genesis block is no longer bound (skipped).
    {
        const fs::path dir = fresh_copy();
        json g = json::parse(read(dir / "genesis.json"));
        g["alloc"].begin().value()["balance"] = "0x2";
        write(dir / "genesis.json", g.dump());
        EXPECT_EQ(run_file(dir / "genesis.json").failed, 1u);
        const FileResult genesis = run_file(dir / "eth_getBlockByNumber" / "get-genesis.io");
        EXPECT_EQ(genesis.passed, 0u);
        EXPECT_EQ(genesis.skipped, 1u);
        fs::remove_all(dir);
    }
    // forkenv.json disagreeing with genesis.json.
    {
        const fs::path dir = fresh_copy();
        json env = json::parse(read(dir / "forkenv.json"));
        env["HIVE_FORK_LONDON"] = "26";
        write(dir / "forkenv.json", env.dump());
        EXPECT_EQ(run_file(dir / "forkenv.json").failed, 1u);
        fs::remove_all(dir);
    }
}

// Responses and requests of unexpected shapes fail or skip; none passes and none escapes as an exception.
TEST(ExecutionApis, MalformedExchangesNeverPass) {
    const std::string account = "\"0x7dcd17433742f4c0ca53122ab541d0ba67fc27df\"";
    const std::string tx = "\"0x3fbac8b19b59077cd29bbacc3815d73577b45a4d976cae80b04c98c793684c07\"";
    const std::vector<std::pair<std::string, std::string>> exchanges{
        {R"({"id":1,"method":"eth_getBlockByNumber","params":"x"})", R"({"id":1,"result":{"number":"0x1"}})"},
        {R"({"id":1,"method":"eth_getBlockByNumber","params":["0x1",true]})", R"({"id":1,"result":5})"},
        {R"({"id":1,"method":"eth_getBlockByNumber","params":["0x1",false]})", R"({"id":1,"result":{"hash":7}})"},
        {R"({"id":1,"method":"eth_getBlockByNumber","params":["0x01",false]})", R"({"id":1,"result":{}})"},
        {R"({"id":1,"method":"eth_getBlockReceipts","params":["0x1"]})", R"({"id":1,"result":[1,2,3,4]})"},
        {R"({"id":1,"method":"eth_getBlockReceipts","params":["0x1"]})", R"({"id":1,"result":{}})"},
        {R"({"id":1,"method":"debug_getRawReceipts","params":["0x3"]})", R"({"id":1,"result":["zz","0x",null]})"},
        {R"({"id":1,"method":"debug_getRawHeader","params":["0x3"]})", R"({"id":1,"result":[]})"},
        {R"({"id":1,"method":"eth_getLogs","params":[{"blockHash":5}]})", R"({"id":1,"result":[]})"},
        {R"({"id":1,"method":"eth_getLogs","params":[{"fromBlock":"0x1","toBlock":"0x4"}]})",
         R"({"id":1,"result":[{"address":1}]})"},
        {R"({"id":1,"method":"eth_getLogs","params":[{"fromBlock":"0x1","toBlock":"0x4"}]})",
         R"({"id":1,"result":{}})"},
        {R"({"id":1,"method":"eth_getProof","params":[)" + account + R"(,["0x00"],"latest"]})",
         R"({"id":1,"result":{"accountProof":"x","storageProof":5}})"},
        {R"({"id":1,"method":"eth_getProof","params":[)" + account + R"(,[],"latest"]})",
         R"({"id":1,"result":[]})"},
        {R"({"id":1,"method":"eth_getTransactionByHash","params":[)" + tx + "]}",
         R"({"id":1,"result":{"hash":[]}})"},
        {R"({"id":1,"method":"eth_getTransactionReceipt","params":[)" + tx + "]}",
         R"({"id":1,"result":{"logs":[{}],"status":"0x1"}})"},
        {R"({"id":1,"method":"eth_getTransactionReceipt","params":[)" + tx + "]}",
         R"({"id":1,"result":null,"error":null})"},
        {R"({"id":1,"method":7})", R"({"id":1,"result":1})"},
        {R"([1,2])", R"("x")"},
        {R"({"id":1,"method":"eth_getBlockByNumber","params":["0xffffffffffffffffffffffffffffffff",false]})",
         R"({"id":1,"result":{"number":"0x1"}})"},
    };
    const fs::path dir = fresh_copy();
    for (std::size_t i = 0; i < exchanges.size(); ++i) {
        const fs::path file = dir / "odd" / ("case" + std::to_string(i) + ".io");
        write(file, ">> " + exchanges[i].first + "\n<< " + exchanges[i].second + "\n");
        const FileResult r = run_file(file);
        EXPECT_EQ(r.passed, 0u) << exchanges[i].first << " / " << exchanges[i].second;
        EXPECT_EQ(r.failed + r.skipped, 1u) << exchanges[i].first;
        for (const auto& f : r.failures) EXPECT_EQ(f.find("unexpected input shape"), std::string::npos) << f;
    }
    for (const char* text :
         {">> not json\n<< {}\n", ">> {}\n", "<< {}\n", ">> {}\n>> {}\n<< {}\n", ">> {}\nrandom\n"}) {
        const fs::path file = dir / "odd" / "shape.io";
        write(file, text);
        const FileResult r = run_file(file);
        EXPECT_EQ(r.passed, 0u) << text;
    }
    fs::remove_all(dir);
}

// Methods and tags the real vectors do not exercise, built from their responses: the same object must pass
// where the request names it and fail where it names something else.
TEST(ExecutionApis, OtherMethodsAndTags) {
    auto result_of = [](const char* file) {
        const std::string text = read(kVectors / file);
        return json::parse(text.substr(text.find("\n<< ") + 4))["result"];
    };
    const json legacy_tx = result_of("eth_getTransactionByHash/get-legacy-tx.io");  // block 3, index 0
    const json genesis = result_of("eth_getBlockByNumber/get-genesis.io");
    const json latest = result_of("eth_getBlockByNumber/get-latest.io");
    const std::string block3 = legacy_tx["blockHash"];
    struct Case {
        json request_params;
        const char* method;
        json result;
        bool pass;
    };
    const std::vector<Case> cases{
        {json::array({"0x3", "0x0"}), "eth_getTransactionByBlockNumberAndIndex", legacy_tx, true},
        {json::array({block3, "0x0"}), "eth_getTransactionByBlockHashAndIndex", legacy_tx, true},
        {json::array({"0x3", "0x1"}), "eth_getTransactionByBlockNumberAndIndex", legacy_tx, false},
        {json::array({"0x4", "0x0"}), "eth_getTransactionByBlockNumberAndIndex", legacy_tx, false},
        {json::array({"0x3", "0x9"}), "eth_getTransactionByBlockNumberAndIndex", nullptr, true},
        {json::array({"0x3", "0x9"}), "eth_getTransactionByBlockNumberAndIndex", legacy_tx, false},
        {json::array({"earliest", true}), "eth_getBlockByNumber", genesis, true},
        {json::array({"finalized", true}), "eth_getBlockByNumber", latest, true},
        {json::array({"safe", true}), "eth_getBlockByNumber", latest, true},
        {json::array({"earliest", true}), "eth_getBlockByNumber", latest, false},
        {json::array({json{{"blockHash", latest["hash"]}}, true}), "eth_getBlockByNumber", latest, false},
        {json::array({latest["hash"], true}), "eth_getBlockByHash", latest, true},
        {json::array({genesis["hash"], true}), "eth_getBlockByHash", latest, false},
        {json::array({"0x36", true}), "eth_getBlockByNumber", latest, true},
        {json::array({"0x37", true}), "eth_getBlockByNumber", nullptr, true},
    };
    const fs::path dir = fresh_copy();
    for (std::size_t i = 0; i < cases.size(); ++i) {
        const auto& c = cases[i];
        const json request = {{"jsonrpc", "2.0"}, {"id", 1}, {"method", c.method}, {"params", c.request_params}};
        const json response = {{"jsonrpc", "2.0"}, {"id", 1}, {"result", c.result}};
        const fs::path file = dir / "extra" / ("case" + std::to_string(i) + ".io");
        write(file, ">> " + request.dump() + "\n<< " + response.dump() + "\n");
        const FileResult r = run_file(file);
        EXPECT_EQ(r.passed, c.pass ? 1u : 0u) << c.method << " " << c.request_params.dump();
        // A request the checker finds malformed but the node answered is skipped; everything else fails.
        const bool malformed = c.request_params[0].is_object();
        EXPECT_EQ(r.failed, c.pass || malformed ? 0u : 1u) << c.method << " " << c.request_params.dump();
        EXPECT_EQ(r.skipped, malformed ? 1u : 0u) << c.method << " " << c.request_params.dump();
    }
    fs::remove_all(dir);
}

}  // namespace
}  // namespace countersign::conformance
