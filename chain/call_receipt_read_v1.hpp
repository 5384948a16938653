// SPDX-License-Identifier: Apache-2.0
#pragma once
// INTERNAL to chain/: the receipt v1 reader. The payment and settlement readers are shared with the
// OpenGradient envelope reader, which carries those objects in receipt v1 form.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chain/call_receipt.hpp"
#include "chain/call_receipt_json_fields.hpp"

namespace countersign::chain::call_receipt_json {

// The "missing" list of a v1 document (empty for the countersign envelope, which has none): decides whether an
// absent required field is acceptable and refuses fields that are both listed and present.
class MissingRule {
public:
    MissingRule() = default;
    explicit MissingRule(std::vector<bool> listed) : listed_{std::move(listed)} {}

    bool listed(std::string_view path) const;
    const json* take(const json& obj, std::string_view key, const std::string& path, bool required) const;
    std::vector<std::string> canonical() const;

private:
    std::vector<bool> listed_;
};

ReceiptPayment read_payment(const json& v, const MissingRule& rule);
ReceiptSettlement read_settlement(const json& v, const MissingRule& rule);

// A document with a "format" key; refuses any format but receipt v1.
CallReceipt read_v1(const json& doc);

}  // namespace countersign::chain::call_receipt_json
