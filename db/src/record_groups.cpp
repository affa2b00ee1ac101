// SPDX-License-Identifier: GPL-3.0-or-later
#include "record_groups.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "tlog.hpp"

namespace dimmguard::db::detail {
namespace {

constexpr std::int64_t leaf_mask = static_cast<std::int64_t>(max_group_leaf);

/// Value of each lower-case hex digit; -1 for every other byte.
constexpr std::array<std::int8_t, 256> hex_values = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - '0');
    for (int c = 'a'; c <= 'f'; ++c) t[static_cast<std::size_t>(c)] = static_cast<std::int8_t>(c - 'a' + 10);
    return t;
}();

/// 128 lower-case hex digits into 64 bytes; false (and `out` unspecified) for anything else.
bool decode_signature(std::string_view hex, std::array<char, 64>& out) {
    if (hex.size() != 128) return false;
    int bad = 0;
    for (std::size_t i = 0; i < 64; ++i) {
        const int hi = hex_values[static_cast<unsigned char>(hex[2 * i])];
        const int lo = hex_values[static_cast<unsigned char>(hex[2 * i + 1])];
        bad |= hi | lo;
        out[i] = static_cast<char>((hi << 4) | (lo & 15));
    }
    return bad >= 0;
}

std::string leaf_range(std::uint64_t from, std::uint64_t to) {
    return to == from + 1 ? "leaf " + std::to_string(from) : "leaves " + std::to_string(from) + " to " + std::to_string(to - 1);
}

/// Why the group at `leaf` does not follow the ones before it (which end at `next`).
std::string discontinuity(std::uint64_t next, std::uint64_t leaf) {
    if (leaf > next) return "the records at " + leaf_range(next, leaf) + " are missing (rows deleted)";
    return "the group at leaf " + std::to_string(leaf) + " overlaps the one before it (rows edited)";
}

}  // namespace

bool signature_hex_ok(std::string_view hex) {
    std::array<char, 64> bytes{};
    return decode_signature(hex, bytes);
}

bool split_group(std::string_view body, std::string_view signatures, std::string& hex, std::vector<std::pair<std::string_view, std::string_view>>& out) {
    static constexpr char digits[] = "0123456789abcdef";
    const auto lines = static_cast<std::size_t>(std::count(body.begin(), body.end(), '\n'));
    if (lines == 0 || body.back() != '\n' || signatures.size() != lines * 64) return false;
    hex.resize(lines * 128);
    for (std::size_t i = 0; i < signatures.size(); ++i) {
        const auto b = static_cast<unsigned char>(signatures[i]);
        hex[2 * i] = digits[b >> 4];
        hex[2 * i + 1] = digits[b & 15];
    }
    std::size_t pos = 0;
    for (std::size_t k = 0; k < lines; ++k) {
        const std::size_t lf = body.find('\n', pos);
        if (lf == pos) return false;
        out.emplace_back(body.substr(pos, lf - pos), std::string_view(hex).substr(k * 128, 128));
        pos = lf + 1;
    }
    return true;
}

Result<GroupWriter> GroupWriter::open(Connection& connection, std::int64_t bundle_id) {
    if (bundle_id < 0 || bundle_id > max_group_bundle) {
        return fail(Errc::db, "bundle id " + std::to_string(bundle_id) + " is beyond what record groups can file");
    }
    auto insert = connection.prepare("INSERT INTO record_groups(grp, first_key, body, signatures) VALUES(?, ?, ?, ?)");
    if (!insert) return tl::unexpected(insert.error());
    return GroupWriter(std::move(*insert), bundle_id);
}

Result<void> GroupWriter::add(std::uint64_t leaf, std::string_view key, std::string_view line, std::string_view signature) {
    if (leaf > max_group_leaf) return fail(Errc::bad_format, "more records than a bundle's log holds");
    if (open_ && leaf < next_leaf_) return fail(Errc::db, "records stored out of leaf order");
    std::array<char, 64> bytes{};
    if (!decode_signature(signature, bytes) || line.empty() || line.find('\n') != std::string_view::npos) {
        return fail(Errc::bad_format, "record at leaf " + std::to_string(leaf) + ": not one line with a 128-digit lower-case hex signature");
    }
    const std::size_t size = line.size() + 1 + 64;
    if (open_ && (leaf != next_leaf_ || body_.size() + signatures_.size() + size > group_body_limit)) {
        if (auto r = flush(); !r) return r;
    }
    if (!open_) {
        open_ = true;
        first_leaf_ = leaf;
        first_key_.assign(key);
    }
    body_.append(line).append(1, '\n');
    signatures_.append(bytes.data(), bytes.size());
    next_leaf_ = leaf + 1;
    return {};
}

Result<void> GroupWriter::flush() {
    insert_.reset();
    insert_.bind(1, group_key(bundle_id_, first_leaf_)).bind(2, first_key_);
    insert_.bind_blob(3, std::span(reinterpret_cast<const std::uint8_t*>(body_.data()), body_.size()));
    insert_.bind_blob(4, std::span(reinterpret_cast<const std::uint8_t*>(signatures_.data()), signatures_.size()));
    if (auto r = insert_.run(); !r) return r;
    body_.clear();
    signatures_.clear();
    open_ = false;
    return {};
}

Result<void> GroupWriter::finish() {
    if (!open_) return {};
    return flush();
}

Result<KeyScan> scan_key(Connection& connection, std::string_view role, std::int64_t bundle_id, std::string_view key) {
    KeyScan out;
    std::int64_t from = group_key(bundle_id, 0);
    bool from_start = true;
    {
        auto start = connection.cached(
            "SELECT grp FROM record_groups WHERE bundle_id = ?1 AND first_key < ?2 ORDER BY first_key DESC, grp DESC LIMIT 1");
        if (!start) return tl::unexpected(start.error());
        (*start)->bind(1, bundle_id).bind(2, key);
        auto row = (*start)->step();
        if (!row) return tl::unexpected(row.error());
        if (*row) {
            from = (*start)->column_int64(0);
            from_start = false;
        }
    }
    if ((from >> 40) != bundle_id) {
        out.problem = "the group index points outside the bundle (rows edited)";
        return out;
    }
    auto scan = connection.cached("SELECT grp, body, signatures FROM record_groups WHERE grp >= ?1 AND grp < ?2 ORDER BY grp");
    if (!scan) return tl::unexpected(scan.error());
    (*scan)->bind(1, from).bind(2, group_key(bundle_id + 1, 0));
    std::optional<std::uint64_t> next;
    if (from_start) next = 0;
    bool first_record = true;
    bool done = false;
    std::vector<std::pair<std::string_view, std::string_view>> records;
    std::string hex;
    while (!done) {
        auto row = (*scan)->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const auto leaf0 = static_cast<std::uint64_t>((*scan)->column_int64(0) & leaf_mask);
        if (next && leaf0 != *next) {
            out.problem = discontinuity(*next, leaf0);
            return out;
        }
        records.clear();
        if (!split_group((*scan)->column_bytes(1), (*scan)->column_bytes(2), hex, records)) {
            out.problem = "the group at leaf " + std::to_string(leaf0) + " is damaged (rows edited)";
            return out;
        }
        // The last record below the key in this group: copied out once, after the group is read.
        std::optional<std::pair<std::size_t, std::string>> below;
        for (std::size_t j = 0; j < records.size() && !done; ++j) {
            const std::uint64_t leaf = leaf0 + j;
            auto k = record_key(role, records[j].first);
            if (!k) {
                out.problem = "the record at leaf " + std::to_string(leaf) + " has no key (rows edited)";
                return out;
            }
            if (first_record) {
                first_record = false;
                if (*k >= key && leaf != 0) {
                    out.problem = "the search for " + std::string(key) + " started after records of smaller keys (the group index was edited)";
                    return out;
                }
            }
            if (*k < key) {
                if (!out.found.empty()) {
                    out.problem = "the records at leaf " + std::to_string(leaf) + " are out of key order (rows edited)";
                    return out;
                }
                below.emplace(j, std::move(*k));
                continue;
            }
            StoredRecord record{leaf, std::string(records[j].first), std::string(records[j].second), std::move(*k)};
            if (record.key == key) {
                out.found.push_back(std::move(record));
            } else {
                out.after = std::move(record);
                done = true;
            }
        }
        if (below) {
            const auto& [j, k] = *below;
            out.before = StoredRecord{leaf0 + j, std::string(records[j].first), std::string(records[j].second), k};
        }
        next = leaf0 + records.size();
    }
    if (!done) out.end = next.value_or(0);
    return out;
}

namespace {

/// Every group of bundle `bundle_id` in key order, as long as each starts at the leaf after the
/// ones before it: `each(first leaf, its records as (line, signature hex))`. Returns how the walk
/// ended early (a gap, an overlap, a damaged group), if it did.
template <class Each>
Result<std::optional<std::string>> walk_groups(Connection& connection, std::int64_t bundle_id, Each&& each) {
    auto scan = connection.prepare(std::string("SELECT grp, body, signatures FROM record_groups WHERE ") + groups_of_bundle_sql + " ORDER BY grp");
    if (!scan) return tl::unexpected(scan.error());
    scan->bind(1, bundle_id);
    std::uint64_t next = 0;
    std::vector<std::pair<std::string_view, std::string_view>> records;
    std::string hex;
    for (;;) {
        auto row = scan->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) return std::optional<std::string>{};
        const auto leaf0 = static_cast<std::uint64_t>(scan->column_int64(0) & leaf_mask);
        if (leaf0 != next) return std::optional<std::string>(discontinuity(next, leaf0));
        records.clear();
        if (!split_group(scan->column_bytes(1), scan->column_bytes(2), hex, records)) {
            return std::optional<std::string>("the group at leaf " + std::to_string(leaf0) + " is damaged (rows edited)");
        }
        each(leaf0, records);
        next = leaf0 + records.size();
    }
}

}  // namespace

Result<BundleRecords> read_bundle_records(Connection& connection, std::string_view role, std::int64_t bundle_id) {
    BundleRecords out;
    auto walked = walk_groups(connection, bundle_id, [&](std::uint64_t leaf0, const std::vector<std::pair<std::string_view, std::string_view>>& records) {
        for (std::size_t j = 0; j < records.size(); ++j) {
            out.records.push_back(StoredRecord{leaf0 + j, std::string(records[j].first), std::string(records[j].second),
                                               record_key(role, records[j].first).value_or(std::string())});
        }
    });
    if (!walked) return tl::unexpected(walked.error());
    out.problem = std::move(*walked);
    return out;
}

Result<GroupCount> count_bundle_records(Connection& connection, std::int64_t bundle_id, std::optional<std::uint64_t> head_of) {
    GroupCount out;
    merkle::Frontier frontier;
    std::vector<merkle::Frontier::Node> completed;
    auto walked = walk_groups(connection, bundle_id, [&](std::uint64_t leaf0, const std::vector<std::pair<std::string_view, std::string_view>>& records) {
        out.records = leaf0 + records.size();
        for (const auto& [line, signature] : records) {
            if (!head_of || frontier.size() >= *head_of) break;
            completed.clear();
            frontier.append(record_leaf(line, signature), completed);
        }
    });
    if (!walked) return tl::unexpected(walked.error());
    out.problem = std::move(*walked);
    if (head_of && frontier.size() == *head_of) out.head = frontier.root();
    return out;
}

Result<void> move_records_to_groups(Connection& connection) {
    struct Table {
        const char* name;
        const char* key;
        const char* role;
    };
    for (const Table& t : {Table{"parts", "part_number", "parts"}, Table{"serials", "identity", "serials"}, Table{"revocations", "identity", "revocations"}}) {
        auto rows = connection.prepare(std::string("SELECT bundle_id, leaf, ") + t.key + ", line, signature FROM " + t.name +
                                       " ORDER BY bundle_id, leaf IS NULL, leaf, " + t.key + ", id");
        if (!rows) return tl::unexpected(rows.error());
        std::optional<GroupWriter> writer;
        std::int64_t bundle = -1;
        std::int64_t last_leaf = -1;
        for (;;) {
            auto row = rows->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            const std::int64_t b = rows->column_int64(0);
            // A schema 2 file has no leaves yet: its rows are numbered in key order here and
            // adoption (which follows the upgrade) numbers again what verifies. A row without a
            // leaf in a later file was edited by hand: it goes after the bundle's leaves, where no
            // proof can accept it.
            const std::int64_t leaf = rows->column_is_null(1) ? last_leaf + 1 : rows->column_int64(1);
            if (b != bundle || !writer) {
                if (writer) {
                    if (auto r = writer->finish(); !r) return r;
                }
                auto w = GroupWriter::open(connection, b);
                if (!w) return tl::unexpected(w.error());
                writer.emplace(std::move(*w));
                bundle = b;
                last_leaf = -1;
            }
            // A second row at one leaf, or one whose signature is not hex (edited by hand): cannot be placed.
            if (leaf <= last_leaf || static_cast<std::uint64_t>(leaf) > max_group_leaf || !signature_hex_ok(rows->column_text(4))) continue;
            last_leaf = leaf;
            const std::string line = rows->column_text(3);
            const std::string key = record_key(t.role, line).value_or(rows->column_text(2));
            if (auto r = writer->add(static_cast<std::uint64_t>(leaf), key, line, rows->column_text(4)); !r) return r;
        }
        if (writer) {
            if (auto r = writer->finish(); !r) return r;
        }
    }
    // Every statement on the old tables is finished above (SQLite refuses to drop a table that a
    // running statement reads).
    return connection.exec("DROP TABLE parts; DROP TABLE serials; DROP TABLE revocations;");
}

}  // namespace dimmguard::db::detail
