// SPDX-License-Identifier: Apache-2.0
#include "chain/call_receipt_json.hpp"

namespace countersign::chain {

std::optional<std::uint64_t> parse_iso8601_utc(std::string_view s) noexcept {
    // YYYY-MM-DDTHH:MM:SS[.000…](Z|+00:00)
    const auto digits = [&](std::size_t pos, std::size_t n, unsigned& out) {
        if (pos + n > s.size()) return false;
        out = 0;
        for (std::size_t i = pos; i < pos + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + static_cast<unsigned>(s[i] - '0');
        }
        return true;
    };
    unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
    if (s.size() < 20 || !digits(0, 4, year) || s[4] != '-' || !digits(5, 2, month) || s[7] != '-' ||
        !digits(8, 2, day) || s[10] != 'T' || !digits(11, 2, hour) || s[13] != ':' || !digits(14, 2, minute) ||
        s[16] != ':' || !digits(17, 2, second))
        return std::nullopt;
    std::size_t pos = 19;
    if (s[pos] == '.') {
        // The TEE signs whole seconds; a non-zero fraction cannot be the signed value.
        const std::size_t start = ++pos;
        while (pos < s.size() && s[pos] == '0') ++pos;
        if (pos == start || pos - start > 9) return std::nullopt;
    }
    const std::string_view zone = s.substr(pos);
    if (zone != "Z" && zone != "+00:00") return std::nullopt;
    if (year < 1970 || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return std::nullopt;
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const unsigned month_days = kDays[month - 1] + (month == 2 && leap ? 1u : 0u);
    if (day < 1 || day > month_days) return std::nullopt;
    // Days from civil (Howard Hinnant's algorithm), shifted so that March is the first month.
    const int y = static_cast<int>(year) - (month <= 2 ? 1 : 0);
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int mp = (static_cast<int>(month) + 9) % 12;
    const int doy = (153 * mp + 2) / 5 + static_cast<int>(day) - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
    return static_cast<std::uint64_t>(days * 86400 + hour * 3600 + minute * 60 + second);
}

}  // namespace countersign::chain
