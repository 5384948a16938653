// SPDX-License-Identifier: Apache-2.0
// Seeds for call_receipt_fuzz: receipt v1 documents (individual, batch, private, with a "missing" list), an
// OpenGradient gateway body (chat, completion, tool calls, in the countersign envelope) and SDK
// TextGenerationOutput objects. They are written here rather than read from vectors/: no public vector set has
// countersign receipts.

#include <string>

#include "fuzz/seeds/seeds.hpp"

COUNTERSIGN_FUZZ_SEEDS(call_receipt_fuzz) {
    using namespace countersign;
    const std::string h1 = "0x" + std::string(64, '1');
    const std::string h2 = "0x" + std::string(64, '2');
    const std::string sig = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0+Pw==";
    const nlohmann::json tee = {{"tee_id", h1},      {"request_hash", h2},
                                {"output_hash", h1}, {"timestamp", 1772323200},
                                {"signature", sig},  {"public_key", "MIIBIjAN"}};
    const nlohmann::json auth = {{"from", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"},
                                 {"to", "0x" + std::string(40, 'b')},
                                 {"value", "1500"},
                                 {"valid_after", "0"},
                                 {"valid_before", "1772326800"},
                                 {"nonce", h2},
                                 {"signature", "0x" + std::string(130, 'c')}};
    const nlohmann::json payment = {{"network", "eip155:8453"},
                                    {"payment_hash", h1},
                                    {"scheme", "exact"},
                                    {"asset", "0x" + std::string(40, 'a')},
                                    {"pay_to", "0x" + std::string(40, 'b')},
                                    {"payer", "0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed"},
                                    {"amount", "1500"},
                                    {"authorization", auth}};
    const nlohmann::json individual = {{"network", "eip155:10744"},
                                       {"mode", "individual"},
                                       {"contract", "0x" + std::string(40, 'd')},
                                       {"tx_hash", h2},
                                       {"walrus_blob_id", "0x0102"}};
    const nlohmann::json batch = {
        {"network", "eip155:10744"},
        {"mode", "batch"},
        {"tx_hash", h1},
        {"batch", {{"merkle_root", h2}, {"batch_size", 3}, {"leaf_index", 2}, {"proof", {h1, h2}}}}};
    const auto add = [&](const nlohmann::json& doc) {
        out.add(to_view(doc.dump()));
        out.add(to_view(doc.dump(2)));
    };
    nlohmann::json v1 = {{"format", "countersign.receipt/v1"},
                         {"request_id", "chatcmpl-7f3a9c"},
                         {"request", "{\"model\": \"m\"}"},
                         {"output", "Hello"},
                         {"tee", tee},
                         {"payment", payment},
                         {"settlement", individual}};
    add(v1);
    v1["settlement"] = batch;
    v1["payment"]["scheme"] = "upto";
    v1["payment"].erase("authorization");
    add(v1);
    v1["settlement"] = {{"network", "eip155:10744"}, {"mode", "private"}};
    v1["x-extra"] = {{"deep", {1, {2, {3}}}}};
    add(v1);
    v1.erase("payment");
    v1.erase("request_id");
    v1["tee"].erase("request_hash");
    v1["source"] = "opengradient-sdk";
    v1["missing"] = {"request_id", "tee.request_hash", "payment"};
    add(v1);

    const nlohmann::json body = {
        {"id", "chatcmpl-1"},
        {"object", "chat.completion"},
        {"model", "m"},
        {"choices",
         {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", "Hello"}}}, {"finish_reason", "stop"}}}},
        {"tee_signature", sig},
        {"tee_request_hash", std::string(64, '2')},
        {"tee_output_hash", "06b3dfaec148fb1bb2b066f10ec285e7c9bf402ab32aa78a5d38e34566810cd2"},
        {"tee_timestamp", 1772323200},
        {"tee_id", h1}};
    add(body);
    nlohmann::json completion = body;
    completion["choices"] = {{{"index", 0}, {"text", "Hello"}, {"finish_reason", "length"}}};
    add(completion);
    nlohmann::json tools = body;
    tools["choices"][0]["finish_reason"] = "tool_calls";
    tools["choices"][0]["message"] = {{"role", "assistant"},
                                      {"content", nullptr},
                                      {"tool_calls",
                                       {{{"id", "call_1"},
                                         {"type", "function"},
                                         {"function", {{"name", "f"}, {"arguments", "{\"a\": \"\u00e9\"}"}}}}}}};
    add(tools);
    add({{"request_id", "chatcmpl-7f3a9c"},
         {"request", "{}"},
         {"payment", payment},
         {"settlement", individual},
         {"body", body}});

    const nlohmann::json sdk = {{"data_settlement_transaction_hash", h2},
                                {"data_settlement_blob_id", "M4hsZGQ1oCktdzegB6HnI6Mi28S2nqOPHxK-W7_4BUk"},
                                {"finish_reason", "stop"},
                                {"chat_output", {{"role", "assistant"}, {"content", "Hi"}}},
                                {"completion_output", nullptr},
                                {"payment_hash", nullptr},
                                {"tee_signature", sig},
                                {"tee_timestamp", "2026-03-01T00:00:00Z"},
                                {"tee_id", h1},
                                {"tee_endpoint", "https://tee"},
                                {"tee_payment_address", "0x" + std::string(40, 'b')}};
    add(sdk);
    nlohmann::json sdk2 = sdk;
    sdk2["tee_timestamp"] = "2026-07-15T09:30:00.000000+00:00";
    sdk2["chat_output"] = nullptr;
    sdk2["completion_output"] = "done";
    sdk2["payment_hash"] = h1;
    sdk2["data_settlement_blob_id"] = "0xabcdef";
    add(sdk2);
}
