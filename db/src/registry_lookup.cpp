// SPDX-License-Identifier: GPL-3.0-or-later
// Publisher lookups of SqliteRegistry. The index columns only find candidate rows: every
// answer is parsed from the stored line after its signature, its bundle header and its
// publisher's current trust have been verified; anything else is reported as tampered.
#include <map>
#include <mutex>
#include <set>

#include "db/bundle.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"
#include "database_access.hpp"

namespace dimmguard::db {
namespace {

// Stored bundle headers whose signature verified, by their exact text and signature (the key
// is in the text). A header is checked on every lookup that uses one of its records; the
// check is a pure function of these bytes, so a changed row is never answered from here. Only
// the signature is remembered: the publisher's trust is judged afresh on every lookup.
std::mutex verified_headers_mutex;
std::set<std::string> verified_headers;

bool header_signature_verifies(const BundleHeader& header, const std::string& header_line, const std::string& header_sig,
                               const Signature& sig) {
    std::string key = header_line;
    key += '\n';
    key += header_sig;
    {
        std::lock_guard lock(verified_headers_mutex);
        if (verified_headers.count(key) != 0) return true;
    }
    if (!header.public_key.verify(std::string(header_signing_prefix) + header_line, sig)) return false;
    std::lock_guard lock(verified_headers_mutex);
    if (verified_headers.size() >= 1024) verified_headers.clear();
    verified_headers.insert(std::move(key));
    return true;
}

/// A bundle as re-verified from its stored header.
struct BundleCheck {
    std::optional<std::string> problem;
    BundleHeader header;
    bool expired = false;
    std::string source;
};

class RecordVerifier {
public:
    RecordVerifier(Database& db, std::string now) : db_(db), now_(std::move(now)) {}

    /// Current trust, loaded (and its chain verified) once per lookup.
    Result<void> load_trust() {
        TrustStore store(db_);
        auto cur = store.current();
        if (!cur) {
            if (cur.error().code != Errc::untrusted_key) return tl::unexpected(cur.error());
            trust_problem_ = cur.error().message;
            return {};
        }
        doc_ = std::move(*cur);
        if (!doc_) trust_problem_ = "no trust document accepted";
        return {};
    }

    const BundleCheck& bundle(std::int64_t id, bool present, const std::string& header_line, const std::string& header_sig,
                              std::string_view expected_role) {
        auto it = bundles_.find(id);
        if (it != bundles_.end()) return it->second;
        BundleCheck check;
        check.source = "bundle " + std::to_string(id);
        auto header = BundleHeader::parse(header_line);
        auto sig = signature_from_hex(header_sig);
        if (!present) {
            check.problem = "its bundle row " + std::to_string(id) + " is missing";
        } else if (!header) {
            check.problem = "stored bundle header " + std::to_string(id) + " is malformed (" + header.error().message + ")";
        } else {
            check.header = *header;
            check.source = header->publisher + "/" + header->role + "/v" + std::to_string(header->version);
            if (!sig || !header_signature_verifies(*header, header_line, header_sig, *sig)) {
                check.problem = "bundle " + check.source + ": stored header signature does not verify";
            } else if (header->role != expected_role) {
                check.problem = "bundle " + check.source + " is a " + header->role + " bundle, not " + std::string(expected_role);
            } else if (!doc_) {
                check.problem = "publisher " + header->publisher + " cannot be trusted: " + trust_problem_.value_or("no trust document");
            } else if (auto why = publisher_untrusted_reason(*doc_, header->publisher, header->role, now_)) {
                check.problem = *why;
            } else if (const TrustedPublisher* p = doc_->publisher(header->publisher); p == nullptr || !(p->key == header->public_key)) {
                check.problem = "bundle " + check.source + ": key differs from the trusted key of publisher " + header->publisher;
            }
            check.expired = header->expires <= now_;
        }
        return bundles_.emplace(id, std::move(check)).first->second;
    }

private:
    Database& db_;
    std::string now_;
    std::optional<TrustDocument> doc_;
    std::optional<std::string> trust_problem_;
    std::map<std::int64_t, BundleCheck> bundles_;
};

struct Row {
    std::int64_t id = 0;
    std::string line;
    std::string signature;
    std::string key;
    std::int64_t bundle_id = 0;
    bool bundle_present = false;
    std::string header;
    std::string header_signature;
};

Result<std::vector<Row>> candidate_rows(Connection& c, std::string_view table, std::string_view key_column, std::string_view key) {
    const std::string sql = "SELECT r.id, r.line, r.signature, r." + std::string(key_column) +
                            ", r.bundle_id, b.id IS NOT NULL, b.header, b.header_signature FROM " + std::string(table) +
                            " r LEFT JOIN bundles b ON b.id = r.bundle_id WHERE r." + std::string(key_column) + " = ? ORDER BY r.id";
    auto s = c.prepare(sql);
    if (!s) return tl::unexpected(s.error());
    s->bind(1, key);
    std::vector<Row> rows;
    for (;;) {
        auto step = s->step();
        if (!step) return tl::unexpected(step.error());
        if (!*step) break;
        rows.push_back(Row{s->column_int64(0), s->column_text(1), s->column_text(2), s->column_text(3), s->column_int64(4),
                           s->column_int64(5) != 0, s->column_text(6), s->column_text(7)});
    }
    return rows;
}

/// Verify each candidate and decode it from the verified line; `matches` checks the decoded
/// record against the query.
template <class T, class Decode, class Matches>
Result<verifier::Lookup<T>> lookup(Database& db, const std::string& now, std::string_view table, std::string_view key_column,
                                   std::string_view role, std::string_view what, std::string_view key, Decode decode, Matches matches) {
    auto rows = candidate_rows(detail::connection_of(db), table, key_column, key);
    if (!rows) return tl::unexpected(rows.error());
    verifier::Lookup<T> out;
    if (rows->empty()) return out;
    RecordVerifier verifier(db, now);
    if (auto t = verifier.load_trust(); !t) return tl::unexpected(t.error());
    for (const auto& row : *rows) {
        const std::string name = std::string(what) + " record " + std::string(key) + " (row " + std::to_string(row.id) + ")";
        const BundleCheck& bundle = verifier.bundle(row.bundle_id, row.bundle_present, row.header, row.header_signature, role);
        if (bundle.problem) {
            out.tampered.push_back(name + ": " + *bundle.problem);
            continue;
        }
        auto sig = signature_from_hex(row.signature);
        if (!sig || !bundle.header.public_key.verify(record_signing_message(row.line), *sig)) {
            out.tampered.push_back(name + " from " + bundle.source + ": signature does not verify (the stored record was changed)");
            continue;
        }
        auto record = decode(row.line);
        if (!record) {
            out.tampered.push_back(name + " from " + bundle.source + ": signed line does not decode (" + record.error().message + ")");
            continue;
        }
        if (!matches(*record)) {
            out.tampered.push_back(name + " from " + bundle.source + ": the signed record is for another key (index column was changed)");
            continue;
        }
        if (bundle.expired) out.stale = true;
        out.trusted.push_back(verifier::Signed<T>{std::move(*record), bundle.header.publisher, bundle.source});
    }
    return out;
}

}  // namespace

Result<verifier::Lookup<verifier::PartRecord>> SqliteRegistry::part(std::string_view part_number) {
    const std::string now = now_.empty() ? utc_now() : now_;
    return lookup<verifier::PartRecord>(db_, now, "parts", "part_number", "parts", "part", part_number, decode_part,
                                        [&](const verifier::PartRecord& p) { return p.part_number == part_number; });
}

Result<verifier::Lookup<verifier::SerialRecord>> SqliteRegistry::issued_serial(const verifier::ModuleIdentity& identity) {
    const std::string now = now_.empty() ? utc_now() : now_;
    const std::string key = identity.key();
    return lookup<verifier::SerialRecord>(db_, now, "serials", "identity", "serials", "serial", key, decode_serial,
                                          [&](const verifier::SerialRecord& s) { return s.identity == identity; });
}

Result<verifier::Lookup<verifier::Revocation>> SqliteRegistry::revocations(const verifier::ModuleIdentity& identity) {
    const std::string now = now_.empty() ? utc_now() : now_;
    const std::string key = identity.key();
    return lookup<verifier::Revocation>(db_, now, "revocations", "identity", "revocations", "revocation", key, decode_revocation,
                                        [&](const verifier::Revocation& r) { return r.identity == identity; });
}

Result<bool> SqliteRegistry::publishes_serials(std::string_view maker_hex) {
    const std::string now = now_.empty() ? utc_now() : now_;
    auto s = detail::connection_of(db_).prepare(
        "SELECT b.id, b.header, b.header_signature FROM serial_makers m JOIN bundles b ON b.id = m.bundle_id WHERE m.maker = ?");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, maker_hex);
    std::vector<std::tuple<std::int64_t, std::string, std::string>> rows;
    for (;;) {
        auto step = s->step();
        if (!step) return tl::unexpected(step.error());
        if (!*step) break;
        rows.emplace_back(s->column_int64(0), s->column_text(1), s->column_text(2));
    }
    if (rows.empty()) return false;
    RecordVerifier verifier(db_, now);
    if (auto t = verifier.load_trust(); !t) return tl::unexpected(t.error());
    for (const auto& [id, header, sig] : rows) {
        if (!verifier.bundle(id, true, header, sig, "serials").problem) return true;
    }
    return false;
}

Result<RegistryStatus> registry_status(Database& db, std::string_view now_in) {
    const std::string now = now_in.empty() ? utc_now() : std::string(now_in);
    RegistryStatus st;
    TrustStore trust(db);
    auto pins = trust.pinned();
    if (!pins) {
        st.trust_problem = pins.error().message;
    } else {
        st.pinned = *pins;
        st.initialised = !pins->roots.empty();
    }
    auto cur = trust.current();
    if (!cur) {
        if (cur.error().code != Errc::untrusted_key) return tl::unexpected(cur.error());
        st.trust_problem = cur.error().message;
    } else {
        st.trust = *cur;
        if (st.trust && st.trust->expires <= now) st.trust_problem = "trust document v" + std::to_string(st.trust->version) + " expired on " + st.trust->expires;
    }
    auto& c = detail::connection_of(db);
    auto s = c.prepare("SELECT id, publisher, role, version, created, expires, record_count, digest, imported, header, header_signature "
                       "FROM bundles ORDER BY publisher, role, version");
    if (!s) return tl::unexpected(s.error());
    RecordVerifier verifier(db, now);
    if (auto t = verifier.load_trust(); !t) return tl::unexpected(t.error());
    for (;;) {
        auto row = s->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        BundleStatus b;
        b.publisher = s->column_text(1);
        b.role = s->column_text(2);
        b.version = s->column_int64(3);
        b.created = s->column_text(4);
        b.expires = s->column_text(5);
        b.records = static_cast<std::uint64_t>(s->column_int64(6));
        b.digest = s->column_text(7);
        b.imported = s->column_text(8);
        const BundleCheck& check = verifier.bundle(s->column_int64(0), true, s->column_text(9), s->column_text(10), b.role);
        b.problem = check.problem;
        if (!check.problem) {
            // the verified header is the truth; the columns only index
            const auto& h = check.header;
            if (h.publisher != b.publisher || h.version != b.version || h.expires != b.expires || h.records != b.records || h.digest != b.digest) {
                b.problem = "bundle row differs from its signed header (the database was edited)";
            }
            b.expires = h.expires;
        }
        b.expired = b.expires <= now;
        st.bundles.push_back(std::move(b));
    }
    for (auto [table, count] : {std::pair<const char*, std::uint64_t*>{"parts", &st.parts}, {"serials", &st.serials}, {"revocations", &st.revocations}}) {
        auto n = c.prepare(std::string("SELECT COUNT(*) FROM ") + table);
        if (!n) return tl::unexpected(n.error());
        auto r = n->step();
        if (!r) return tl::unexpected(r.error());
        *count = static_cast<std::uint64_t>(n->column_int64(0));
    }
    return st;
}

InspectionRegistry open_for_inspection(const std::filesystem::path& data_dir, const std::string& now, bool read_only) {
    InspectionRegistry out;
    // An inspection never creates a registry: a missing one is a problem to report.
    auto opened = read_only ? Database::open_read_only(data_dir) : Database::open_existing(data_dir);
    if (!opened) {
        out.problems.push_back(opened.error().code == Errc::not_found
                                   ? "no registry at " + data_dir.string() + ": run 'dimmguard registry init' and import bundles"
                                   : opened.error().message);
        return out;
    }
    out.database = std::make_unique<Database>(std::move(*opened));
    TrustStore trust(*out.database);
    auto initialised = trust.initialised();
    if (!initialised || !*initialised) {
        out.problems.push_back("registry at " + data_dir.string() + " has no trust root: run 'dimmguard registry init'");
    }
    auto station = out.database->station();
    if (!station) {
        out.problems.push_back(station.error().message);
        return out;
    }
    out.station = station->id;
    out.site = station->site;
    out.registry = std::make_unique<SqliteRegistry>(*out.database, now);
    return out;
}

}  // namespace dimmguard::db
