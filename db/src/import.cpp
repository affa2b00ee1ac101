// SPDX-License-Identifier: GPL-3.0-or-later
// Bundle import: verify the whole file without writing, then insert everything in one
// transaction while re-hashing, so a file changed between the passes is rolled back.
#include "db/import.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <set>
#include <vector>

#include "db/sqlite_registry.hpp"
#include "database_access.hpp"
#include "record_groups.hpp"
#include "tlog.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db {

std::uint64_t detail::import_bucket_bytes = 16u << 20;

namespace {

Result<std::int64_t> scalar(Connection& c, std::string_view sql, const std::vector<std::string>& args) {
    auto s = c.prepare(sql);
    if (!s) return tl::unexpected(s.error());
    for (std::size_t i = 0; i < args.size(); ++i) s->bind(static_cast<int>(i + 1), args[i]);
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return *row && !s->column_is_null(0) ? s->column_int64(0) : -1;
}

void report(const ImportProgressFn& progress, std::string_view phase, std::uint64_t done, std::uint64_t total) {
    if (progress) progress(ImportProgress{phase, done, total});
}

/// Remove a stored bundle with its rows, makers and log (inside the caller's transaction).
Result<void> delete_bundle(Connection& c, std::int64_t id, std::string_view digest) {
    const std::string log = detail::bundle_log_name(digest);
    for (const std::string& sql : {std::string("DELETE FROM record_groups WHERE ") + detail::groups_of_bundle_sql, std::string("DELETE FROM serial_makers WHERE bundle_id = ?1"),
                                   std::string("DELETE FROM bundles WHERE id = ?1")}) {
        auto s = c.prepare(sql);
        if (!s) return tl::unexpected(s.error());
        s->bind(1, id);
        if (auto r = s->run(); !r) return r;
    }
    auto stored = detail::Tlog::open(c, log, false);
    if (!stored) return tl::unexpected(stored.error());
    if (stored->id() >= 0) {
        auto tiles = c.prepare("DELETE FROM tlog_tiles WHERE " + std::string(detail::tiles_of_log_sql));
        if (!tiles) return tl::unexpected(tiles.error());
        tiles->bind(1, stored->id());
        if (auto r = tiles->run(); !r) return r;
    }
    auto s = c.prepare("DELETE FROM tlogs WHERE name = ?1");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, log);
    return s->run();
}

/// A record's key as its table stores it: the second field (parts: percent-decoded into
/// `scratch`). nullopt when the field does not decode.
std::optional<std::string_view> key_of_record(std::string_view role, std::string_view text, std::string& scratch) {
    const std::size_t a = text.find('\t');
    const std::size_t b = text.find('\t', a + 1);
    const std::string_view key = text.substr(a + 1, b == std::string_view::npos ? std::string_view::npos : b - a - 1);
    if (role != "parts") return key;
    auto pn = decode_field(key);
    if (!pn) return std::nullopt;
    scratch = std::move(*pn);
    return std::string_view(scratch);
}

/// Where each record goes in the bundle's log, which holds the records in key order (then
/// arrival order) so that a lookup can prove no record of a key is missing: leaf[i] for the
/// i-th record of the file; empty when the file is already in that order.
struct KeyOrder {
    std::string keys;                     ///< every key, back to back
    std::vector<std::uint32_t> ends;      ///< end of key i in `keys`
    std::vector<std::uint32_t> lengths;   ///< bytes of record i (line and signature)
    bool sorted = true;

    void add(std::string_view key, std::size_t length) {
        if (sorted && !ends.empty() && key < last()) sorted = false;
        keys.append(key);
        ends.push_back(static_cast<std::uint32_t>(keys.size()));
        lengths.push_back(static_cast<std::uint32_t>(length));
    }
    [[nodiscard]] std::string_view at(std::size_t i) const {
        const std::uint32_t begin = i == 0 ? 0 : ends[i - 1];
        return std::string_view(keys).substr(begin, ends[i] - begin);
    }
    [[nodiscard]] std::string_view last() const { return at(ends.size() - 1); }
    /// Leaf of each record (in memory: sorting rows inside SQLite and updating each row's leaf
    /// was two thirds of a 1 M-record import). Frees the keys.
    [[nodiscard]] std::vector<std::uint32_t> leaves() {
        std::vector<std::uint32_t> order;
        if (!sorted) {
            // (key, record) pairs sorted together: keys compare as SQLite's BINARY collation
            // does (bytes, then length), and ties keep the file's order.
            std::vector<std::pair<std::string_view, std::uint32_t>> keyed;
            keyed.reserve(ends.size());
            for (std::uint32_t i = 0; i < ends.size(); ++i) keyed.emplace_back(at(i), i);
            std::sort(keyed.begin(), keyed.end());
            // Invert: leaf[record] = its place.
            order.assign(keyed.size(), 0);
            for (std::uint32_t p = 0; p < keyed.size(); ++p) order[keyed[p].second] = p;
        }
        std::string().swap(keys);
        std::vector<std::uint32_t>().swap(ends);
        return order;
    }
};

/// The records of a bundle file that is not in key order, put back into key order on the way
/// to the record groups: pass 2 streams the file (re-hashing it) and appends each record to the
/// bucket of its leaf in an unlinked temporary file; then each bucket (at most 16 MiB, a range
/// of leaves) is read back and its records come out in leaf order. The file is private to this
/// process and its records are hashed into the log's leaves as they come out.
class Spool {
public:
    /// Buckets for `leaf_of` (leaf of each record of the file) and `length_of` (its bytes).
    static Result<Spool> create(const std::vector<std::uint32_t>& leaf_of, const std::vector<std::uint32_t>& length_of) {
        Spool s;
        s.dir_ = temp_dir();
        std::vector<std::uint32_t> size_of_leaf(leaf_of.size(), 0);
        for (std::size_t i = 0; i < leaf_of.size(); ++i) size_of_leaf[leaf_of[i]] = entry_header + length_of[i];
        std::uint64_t bucket = 0;
        s.first_leaf_.push_back(0);
        s.begin_.push_back(0);
        for (std::uint32_t leaf = 0; leaf < size_of_leaf.size(); ++leaf) {
            if (bucket > 0 && bucket + size_of_leaf[leaf] > detail::import_bucket_bytes) {
                s.first_leaf_.push_back(leaf);
                s.begin_.push_back(s.begin_.back() + bucket);
                bucket = 0;
            }
            bucket += size_of_leaf[leaf];
        }
        s.first_leaf_.push_back(static_cast<std::uint32_t>(size_of_leaf.size()));
        s.begin_.push_back(s.begin_.back() + bucket);
        const std::size_t buckets = s.first_leaf_.size() - 1;
        s.cursor_.assign(s.begin_.begin(), s.begin_.end() - 1);
        s.buffers_.resize(buckets);
        s.buffer_limit_ = std::clamp<std::size_t>((std::size_t{8} << 20) / std::max<std::size_t>(buckets, 1), 4096, 256 << 10);
#ifdef O_TMPFILE
        s.fd_ = ::open(s.dir_.c_str(), O_TMPFILE | O_RDWR | O_EXCL | O_CLOEXEC, 0600);
#endif
        if (s.fd_ < 0) {
            std::string path = (std::filesystem::path(s.dir_) / "dimmguard-import-XXXXXX").string();
            s.fd_ = ::mkostemp(path.data(), O_CLOEXEC);
            if (s.fd_ >= 0) ::unlink(path.c_str());
        }
        if (s.fd_ < 0) return fail(Errc::io, "cannot make the import's temporary file in " + s.dir_ + ": " + std::strerror(errno));
        return s;
    }
    Spool() = default;
    Spool(Spool&& o) noexcept { *this = std::move(o); }
    Spool& operator=(Spool&& o) noexcept {
        std::swap(fd_, o.fd_);
        dir_ = std::move(o.dir_);
        first_leaf_ = std::move(o.first_leaf_);
        begin_ = std::move(o.begin_);
        cursor_ = std::move(o.cursor_);
        buffers_ = std::move(o.buffers_);
        buffer_limit_ = o.buffer_limit_;
        return *this;
    }
    Spool(const Spool&) = delete;
    Spool& operator=(const Spool&) = delete;
    ~Spool() {
        if (fd_ >= 0) ::close(fd_);
    }

    /// The record at `leaf`, in file order. False when it does not fit the sizes pass 1 saw.
    [[nodiscard]] Result<bool> put(std::uint32_t leaf, std::string_view line, std::string_view signature) {
        if (leaf >= first_leaf_.back()) return false;
        const std::size_t b = static_cast<std::size_t>(std::upper_bound(first_leaf_.begin(), first_leaf_.end() - 1, leaf) - first_leaf_.begin()) - 1;
        std::string& buffer = buffers_[b];
        for (const std::uint32_t v : {leaf, static_cast<std::uint32_t>(line.size()), static_cast<std::uint32_t>(signature.size())}) {
            buffer.append(reinterpret_cast<const char*>(&v), sizeof v);
        }
        buffer.append(line).append(signature);
        if (buffer.size() >= buffer_limit_) return flush(b);
        return true;
    }

    /// Every record in leaf order: `each(leaf, line, signature)`. False when a leaf is missing
    /// or repeated (the records did not match what pass 1 saw).
    template <class Each>
    [[nodiscard]] Result<bool> drain(Each&& each) {
        for (std::size_t b = 0; b < buffers_.size(); ++b) {
            auto flushed = flush(b);
            if (!flushed) return flushed;
            if (!*flushed || cursor_[b] != begin_[b + 1]) return false;
        }
        std::string data;
        std::vector<std::uint32_t> at;
        for (std::size_t b = 0; b < buffers_.size(); ++b) {
            std::string().swap(buffers_[b]);
            data.resize(static_cast<std::size_t>(begin_[b + 1] - begin_[b]));
            if (auto r = read_at(data, begin_[b]); !r) return tl::unexpected(r.error());
            const std::uint32_t first = first_leaf_[b];
            at.assign(first_leaf_[b + 1] - first, std::numeric_limits<std::uint32_t>::max());
            for (std::size_t pos = 0; pos < data.size();) {
                if (data.size() - pos < entry_header) return false;
                std::uint32_t v[3];
                std::memcpy(v, data.data() + pos, sizeof v);
                if (v[0] < first || v[0] - first >= at.size() || at[v[0] - first] != std::numeric_limits<std::uint32_t>::max()) return false;
                if (data.size() - pos - entry_header < std::uint64_t{v[1]} + v[2]) return false;
                at[v[0] - first] = static_cast<std::uint32_t>(pos);
                pos += entry_header + v[1] + v[2];
            }
            for (std::size_t k = 0; k < at.size(); ++k) {
                if (at[k] == std::numeric_limits<std::uint32_t>::max()) return false;
                std::uint32_t v[3];
                std::memcpy(v, data.data() + at[k], sizeof v);
                const std::string_view line(data.data() + at[k] + entry_header, v[1]);
                const std::string_view signature(data.data() + at[k] + entry_header + v[1], v[2]);
                if (auto r = each(first + static_cast<std::uint32_t>(k), line, signature); !r) return tl::unexpected(r.error());
            }
        }
        return true;
    }

private:
    static constexpr std::uint32_t entry_header = 12;             // leaf, line bytes, signature bytes

    static std::string temp_dir() {
        std::error_code ec;
        auto dir = std::filesystem::temp_directory_path(ec);
        return ec ? std::string("/tmp") : dir.string();
    }
    Result<bool> flush(std::size_t b) {
        std::string& buffer = buffers_[b];
        if (buffer.empty()) return true;
        if (cursor_[b] + buffer.size() > begin_[b + 1]) return false;
        for (std::size_t done = 0; done < buffer.size();) {
            const ssize_t n = ::pwrite(fd_, buffer.data() + done, buffer.size() - done, static_cast<off_t>(cursor_[b] + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                return fail(Errc::io, "cannot write the import's temporary file in " + dir_ + " (" + std::to_string(begin_.back() >> 20) +
                                          " MiB needed): " + std::strerror(n < 0 ? errno : ENOSPC));
            }
            done += static_cast<std::size_t>(n);
        }
        cursor_[b] += buffer.size();
        buffer.clear();
        return true;
    }
    Result<void> read_at(std::string& data, std::uint64_t offset) {
        for (std::size_t done = 0; done < data.size();) {
            const ssize_t n = ::pread(fd_, data.data() + done, data.size() - done, static_cast<off_t>(offset + done));
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return fail(Errc::io, "cannot read back the import's temporary file in " + dir_ + ": " + std::strerror(n < 0 ? errno : EIO));
            done += static_cast<std::size_t>(n);
        }
        return {};
    }

    int fd_ = -1;
    std::string dir_;
    std::vector<std::uint32_t> first_leaf_;   ///< bucket b holds leaves [first_leaf_[b], first_leaf_[b + 1])
    std::vector<std::uint64_t> begin_;        ///< bucket b's bytes are [begin_[b], begin_[b + 1]) of the file
    std::vector<std::uint64_t> cursor_;       ///< where bucket b's next bytes go
    std::vector<std::string> buffers_;
    std::size_t buffer_limit_ = 0;
};

/// Pass 1: everything but the database. Returns the header; `order` gets every record's key.
Result<BundleHeader> check_pass(const std::filesystem::path& path, Database& db, std::string_view now, const ImportProgressFn& progress,
                                Signature& header_signature, KeyOrder& order) {
    auto reader = BundleReader::open(path);
    if (!reader) return tl::unexpected(reader.error());
    const BundleHeader header = reader->header();
    const std::string name = path.string();
    if (header.role == "station") {
        return fail(Errc::usage, name + ": a station bundle holds sightings; merge it with 'dimmguard log import'");
    }
    TrustStore trust(db);
    auto key = trust.publisher_trusted(header.publisher, header.role, now);
    if (!key) return fail(key.error().code, name + ": " + key.error().message);
    if (!(*key == header.public_key)) return fail(Errc::untrusted_key, name + ": publisher key differs from the trusted key " + header.publisher);
    if (header.expires <= now) return fail(Errc::untrusted_key, name + ": bundle expired on " + header.expires);
    header_signature = reader->header_signature();
    if (header.records > std::numeric_limits<std::uint32_t>::max() - 1) return fail(Errc::bad_format, name + ": more records than one import takes");
    order.ends.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(header.records, 1u << 24)));
    std::string scratch;
    for (;;) {
        auto r = reader->next_raw();
        if (!r) return tl::unexpected(r.error());
        if (!*r) break;
        auto record_key = key_of_record(header.role, (*r)->signed_text, scratch);
        if (!record_key) return fail(Errc::bad_format, name + ": record " + std::to_string(reader->records_read()) + ": its key does not decode");
        if (order.keys.size() + record_key->size() > std::numeric_limits<std::uint32_t>::max()) return fail(Errc::bad_format, name + ": keys too long for one import");
        const std::size_t length = (*r)->signed_text.size() + (*r)->signature_hex.size();
        if (length > std::numeric_limits<std::uint32_t>::max() / 2) return fail(Errc::bad_format, name + ": record " + std::to_string(reader->records_read()) + " is too long");
        order.add(*record_key, length);
        if (reader->records_read() % import_progress_interval == 0) report(progress, "checking", reader->records_read(), header.records);
    }
    if (auto f = reader->finish(); !f) return tl::unexpected(f.error());
    report(progress, "checking", reader->records_read(), header.records);
    return header;
}

}  // namespace

Result<ImportResult> import_bundle(Database& db, const std::filesystem::path& path, std::string_view now_in, const ImportProgressFn& progress) {
    const std::string now = now_in.empty() ? utc_now() : std::string(now_in);
    const std::string name = path.string();
    Signature header_signature{};
    KeyOrder order;
    auto header = check_pass(path, db, now, progress, header_signature, order);
    if (!header) return tl::unexpected(header.error());
    std::vector<std::uint32_t> lengths = std::move(order.lengths);
    const std::vector<std::uint32_t> leaf_of = order.leaves();   // empty: the file is in key order

    ImportResult result;
    result.header = *header;
    auto& c = detail::connection_of(db);
    // Records go in key order (see the spool), so the groups and their index grow at their
    // right-hand edges and a modest page cache suffices.
    (void)c.exec("PRAGMA cache_size = -32768;");
    auto tx = Transaction::begin(c);
    if (!tx) return tl::unexpected(tx.error());

    // Decided inside the write transaction, so two concurrent imports cannot both pass.
    auto state = detail::read_trusted_state(db);
    if (!state) return tl::unexpected(state.error());
    const detail::TrustedState accepted = state->value_or(detail::TrustedState{});
    const auto listed = accepted.bundles.find(header->digest);
    auto existing = scalar(c, "SELECT id FROM bundles WHERE digest = ?", {header->digest});
    if (!existing) return tl::unexpected(existing.error());
    if (*existing >= 0) {
        if (listed != accepted.bundles.end()) {
            result.already_imported = true;
            return result;  // the transaction rolls back: nothing was written
        }
        // Stored but never entered in the trusted state (an import interrupted between its
        // commit and the state write, or rows inserted by hand): replace it with this verified copy.
        if (auto r = delete_bundle(c, *existing, header->digest); !r) return tl::unexpected(r.error());
    }
    auto last = scalar(c, "SELECT MAX(version) FROM bundles WHERE publisher = ? AND role = ?", {header->publisher, header->role});
    if (!last) return tl::unexpected(last.error());
    const std::int64_t last_accepted = std::max<std::int64_t>(*last, listed != accepted.bundles.end() ? 0 : accepted.latest_version(header->publisher, header->role));
    if (last_accepted >= header->version) {
        return fail(Errc::untrusted_key, name + ": version " + std::to_string(header->version) + " is not above v" + std::to_string(last_accepted) +
                                             " already imported from publisher " + header->publisher + " for " + header->role +
                                             " (rollback refused)");
    }

    auto bundle = c.prepare(
        "INSERT INTO bundles(publisher, role, version, created, expires, record_count, digest, header, header_signature, imported) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    if (!bundle) return tl::unexpected(bundle.error());
    bundle->bind(1, header->publisher).bind(2, header->role).bind(3, header->version).bind(4, header->created).bind(5, header->expires);
    bundle->bind(6, static_cast<std::int64_t>(header->records)).bind(7, header->digest).bind(8, header->line());
    bundle->bind(9, signature_hex(header_signature)).bind(10, now);
    if (auto r = bundle->run(); !r) return tl::unexpected(r.error());
    const std::int64_t bundle_id = c.last_insert_rowid();

    auto writer = detail::GroupWriter::open(c, bundle_id);
    if (!writer) return tl::unexpected(writer.error());

    // Pass 2: the same file again, re-hashed by the reader; finish() compares with the header
    // that pass 1 checked, and the header itself must be the one pass 1 saw.
    auto reader = BundleReader::open(path);
    if (!reader) return tl::unexpected(reader.error());
    if (reader->header().line() != header->line()) return fail(Errc::bad_format, name + ": the file changed during the import (nothing imported)");
    // Pass 1 validated these exact lines (same digest, compared by finish() before commit).
    reader->skip_record_checks();
    const auto changed = [&name]() { return fail(Errc::bad_format, name + ": the file changed during the import (nothing imported)"); };
    // Records are stored in key order, the log's leaf order: as they stream in when the file is
    // in that order, else through the spool (buckets by leaf in a temporary file).
    std::optional<Spool> spool;
    if (!leaf_of.empty()) {
        auto made = Spool::create(leaf_of, lengths);
        if (!made) return tl::unexpected(made.error());
        spool.emplace(std::move(*made));
    }
    std::vector<std::uint32_t>().swap(lengths);
    std::vector<merkle::Hash> leaves(static_cast<std::size_t>(header->records));
    std::string scratch;
    const auto store = [&](std::uint64_t leaf, std::string_view key, std::string_view text, std::string_view signature) -> Result<void> {
        leaves[leaf] = detail::record_leaf(text, signature);
        return writer->add(leaf, key, text, signature);
    };
    std::set<std::string> makers;
    std::string last_maker;
    for (;;) {
        auto r = reader->next_raw();
        if (!r) return fail(r.error().code, r.error().message + " (the file changed during the import; nothing imported)");
        if (!*r) break;
        const std::string_view text = (*r)->signed_text;
        const auto key = key_of_record(header->role, text, scratch);
        if (!key) return changed();
        if (header->role == "serials") {
            const std::string_view maker = key->substr(0, 4);
            if (maker != last_maker) {
                last_maker = std::string(maker);
                makers.insert(last_maker);
            }
        }
        const std::uint64_t i = reader->records_read() - 1;
        if (i >= leaves.size()) return changed();
        if (spool) {
            auto put = spool->put(leaf_of[i], text, (*r)->signature_hex);
            if (!put) return tl::unexpected(put.error());
            if (!*put) return changed();
        } else if (auto stored = store(i, *key, text, (*r)->signature_hex); !stored) {
            return tl::unexpected(stored.error());
        }
        if (reader->records_read() % import_progress_interval == 0) report(progress, "importing", reader->records_read(), header->records);
    }
    if (auto f = reader->finish(); !f) return fail(f.error().code, f.error().message + " (the file changed during the import; nothing imported)");
    result.records = reader->records_read();
    if (result.records != leaves.size()) return changed();
    if (spool) {
        auto drained = spool->drain([&](std::uint32_t leaf, std::string_view text, std::string_view signature) -> Result<void> {
            const auto key = key_of_record(header->role, text, scratch);
            if (!key) return fail(Errc::bad_format, name + ": the file changed during the import (nothing imported)");
            return store(leaf, *key, text, signature);
        });
        if (!drained) return tl::unexpected(drained.error());
        if (!*drained) return changed();
        spool.reset();
    }
    if (auto f = writer->finish(); !f) return tl::unexpected(f.error());
    auto log = detail::Tlog::open(c, detail::bundle_log_name(header->digest), true);
    if (!log) return tl::unexpected(log.error());
    if (auto r = log->append(leaves); !r) return tl::unexpected(r.error());
    auto root = log->root(log->size());
    if (!root) return tl::unexpected(root.error());
    if (listed != accepted.bundles.end() && (listed->second.root != *root || listed->second.size != log->size())) {
        return fail(Errc::signature_invalid, name + ": the records differ from the copy accepted on " + listed->second.accepted + " (nothing imported)");
    }
    if (!makers.empty()) {
        auto m = c.prepare("INSERT INTO serial_makers(bundle_id, maker) VALUES(?, ?)");
        if (!m) return tl::unexpected(m.error());
        for (const auto& maker : makers) {
            m->reset();
            m->bind(1, bundle_id).bind(2, maker);
            if (auto r = m->run(); !r) return tl::unexpected(r.error());
        }
    }
    detail::StateBundle entry;
    entry.role = header->role;
    entry.publisher = header->publisher;
    entry.version = header->version;
    entry.size = log->size();
    entry.root = *root;
    entry.makers.assign(makers.begin(), makers.end());
    entry.accepted = now;
    if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
    // After the commit: a crash here leaves the bundle stored but not accepted; lookups report
    // it, and importing the same file again replaces it and accepts it.
    auto accepted_now = detail::edit_trusted_state(db, [&](detail::TrustedState& st) -> Result<void> {
        st.bundles[header->digest] = entry;
        return {};
    });
    if (!accepted_now) {
        return fail(accepted_now.error().code, name + ": stored, but the trusted state could not be written (" + accepted_now.error().message +
                                                   "); import the file again once that is fixed");
    }
    report(progress, "importing", result.records, header->records);
    return result;
}

}  // namespace dimmguard::db
