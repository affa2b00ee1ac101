// SPDX-License-Identifier: GPL-3.0-or-later
// Publisher lookups of SqliteRegistry. The index columns only find candidate rows: every
// answer is parsed from the stored line after its signature, its bundle header and its
// publisher's current trust have been verified; anything else is reported as tampered.
#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "db/bundle.hpp"
#include "db/import.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"
#include "database_access.hpp"
#include "record_groups.hpp"
#include "state_view.hpp"
#include "tlog.hpp"

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

    /// The check of bundle `id` made earlier in this lookup, if any.
    [[nodiscard]] const BundleCheck* known(std::int64_t id) const {
        auto it = bundles_.find(id);
        return it == bundles_.end() ? nullptr : &it->second;
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

using detail::StoredRecord;

/// Check the records of `key` in an accepted bundle against its log in the trusted state: each
/// record (and its two neighbours in key order) is a proven leaf, and they are adjacent leaves, so
/// no record of `key` can be missing. Returns the problem, if any.
Result<std::optional<std::string>> prove_complete(Database& db, std::string_view role, std::int64_t bundle_id, const std::string& digest,
                                                  const detail::StateBundle& accepted, std::string_view key, std::vector<StoredRecord>& matches) {
    auto scan = detail::scan_key(detail::connection_of(db), role, bundle_id, key);
    if (!scan) return tl::unexpected(scan.error());
    if (scan->problem) return scan->problem;
    const std::string log = detail::bundle_log_name(digest);
    std::map<std::string, detail::Tlog> logs;  // opened once: the neighbours' proofs share its tiles
    const auto check = [&](const StoredRecord& r) -> Result<std::optional<std::string>> {
        auto ok = detail::proves(db, log, r.leaf, detail::record_leaf(r.line, r.signature), accepted.size, accepted.root, &logs);
        if (!ok) return tl::unexpected(ok.error());
        if (!*ok) return std::optional<std::string>("the record of " + r.key + " at leaf " + std::to_string(r.leaf) + " is not the one accepted (row edited; its signature is not checked again)");
        return std::optional<std::string>{};
    };
    std::vector<const StoredRecord*> all;
    if (scan->before) all.push_back(&*scan->before);
    for (const auto& r : scan->found) all.push_back(&r);
    if (scan->after) all.push_back(&*scan->after);
    for (const StoredRecord* r : all) {
        auto problem = check(*r);
        if (!problem) return tl::unexpected(problem.error());
        if (*problem) return problem;
    }
    // The scan reads consecutive leaves; without a neighbour after, they must run to the end of
    // the accepted log (a record of `key` at its end cannot have been cut off).
    if (!scan->after && scan->end != accepted.size) {
        return std::optional<std::string>("records of the bundle are missing around key " + std::string(key) + " (rows deleted)");
    }
    matches = std::move(scan->found);
    return std::optional<std::string>{};
}

/// Verify each stored record of `key` and decode it from the verified line; `matches` checks
/// the decoded record against the query. Records of accepted bundles are proven against the
/// trusted state (so a deleted one is noticed); those of a bundle the state does not know are
/// checked by signature and the missing proof is reported.
template <class T, class Decode, class Matches>
Result<verifier::Lookup<T>> lookup(Database& db, const std::string& now, std::string_view role, std::string_view what, std::string_view key,
                                   Decode decode, Matches matches) {
    // One snapshot for the whole lookup: its rows, proofs and headers agree, and the file is
    // locked once instead of once per statement.
    auto snapshot = ReadTransaction::begin_unless_open(detail::connection_of(db));
    if (!snapshot) return tl::unexpected(snapshot.error());
    auto view = detail::state_view(db);
    if (!view) return tl::unexpected(view.error());
    const detail::StateView& v = **view;
    verifier::Lookup<T> out;
    if (v.problem) out.tampered.push_back(*v.problem);
    if (auto it = v.rolled_back.find(std::string(role)); it != v.rolled_back.end()) {
        for (const auto& m : it->second) out.rolled_back.push_back(m);
    }
    RecordVerifier verifier(db, now);
    bool trust_loaded = false;
    const auto accept = [&](std::int64_t bundle_id, const StoredRecord& row, bool proven) -> Result<void> {
        if (!trust_loaded) {
            if (auto t = verifier.load_trust(); !t) return tl::unexpected(t.error());
            trust_loaded = true;
        }
        const std::string name = std::string(what) + " record " + std::string(key);
        const BundleCheck* checked = verifier.known(bundle_id);
        if (checked == nullptr) {
            auto hdr = detail::connection_of(db).cached("SELECT header, header_signature FROM bundles WHERE id = ?");
            if (!hdr) return tl::unexpected(hdr.error());
            (*hdr)->bind(1, bundle_id);
            auto step = (*hdr)->step();
            if (!step) return tl::unexpected(step.error());
            checked = &verifier.bundle(bundle_id, *step, *step ? (*hdr)->column_text(0) : "", *step ? (*hdr)->column_text(1) : "", role);
        }
        const BundleCheck& bundle = *checked;
        if (bundle.problem) {
            out.tampered.push_back(name + ": " + *bundle.problem);
            return {};
        }
        if (!proven) {
            auto sig = signature_from_hex(row.signature);
            if (!sig || !bundle.header.public_key.verify(record_signing_message(row.line), *sig)) {
                out.tampered.push_back(name + " from " + bundle.source + ": signature does not verify (the stored record was changed)");
                return {};
            }
        }
        auto record = decode(row.line);
        if (!record) {
            out.tampered.push_back(name + " from " + bundle.source + ": signed line does not decode (" + record.error().message + ")");
            return {};
        }
        if (!matches(*record)) {
            out.tampered.push_back(name + " from " + bundle.source + ": the signed record is for another key (index column was changed)");
            return {};
        }
        if (bundle.expired) out.stale = true;
        out.trusted.push_back(verifier::Signed<T>{std::move(*record), bundle.header.publisher, bundle.source});
        return {};
    };
    if (v.state) {
        for (const auto& [digest, accepted] : v.state->bundles) {
            if (accepted.role != role) continue;
            auto id = v.bundle_ids.find(digest);
            if (id == v.bundle_ids.end()) continue;  // reported in rolled_back
            std::vector<StoredRecord> rows;
            auto problem = prove_complete(db, role, id->second, digest, accepted, key, rows);
            if (!problem) return tl::unexpected(problem.error());
            const std::string source = accepted.publisher + "/" + accepted.role + "/v" + std::to_string(accepted.version);
            if (*problem) {
                out.tampered.push_back(std::string(what) + " records of bundle " + source + ": " + **problem);
                continue;
            }
            for (const auto& row : rows) {
                if (auto r = accept(id->second, row, true); !r) return tl::unexpected(r.error());
            }
        }
    }
    if (auto it = v.unlisted.find(std::string(role)); it != v.unlisted.end()) {
        for (std::int64_t id : it->second) {
            if (!v.problem) {
                out.tampered.push_back("bundle row " + std::to_string(id) + " was never accepted into the trusted state "
                                       "(an interrupted import: import the file again)");
            }
            auto rows = detail::scan_key(detail::connection_of(db), role, id, key);
            if (!rows) return tl::unexpected(rows.error());
            if (rows->problem) out.tampered.push_back("bundle row " + std::to_string(id) + ": " + *rows->problem);
            for (const auto& row : rows->found) {
                if (auto r = accept(id, row, false); !r) return tl::unexpected(r.error());
            }
        }
    }
    return out;
}

}  // namespace

Result<verifier::Lookup<verifier::PartRecord>> SqliteRegistry::part(std::string_view part_number) {
    const std::string now = now_.empty() ? utc_now() : now_;
    return lookup<verifier::PartRecord>(db_, now, "parts", "part", part_number, decode_part,
                                        [&](const verifier::PartRecord& p) { return p.part_number == part_number; });
}

Result<verifier::Lookup<verifier::SerialRecord>> SqliteRegistry::issued_serial(const verifier::ModuleIdentity& identity) {
    const std::string now = now_.empty() ? utc_now() : now_;
    const std::string key = identity.key();
    return lookup<verifier::SerialRecord>(db_, now, "serials", "serial", key, decode_serial,
                                          [&](const verifier::SerialRecord& s) { return s.identity == identity; });
}

Result<verifier::Lookup<verifier::Revocation>> SqliteRegistry::revocations(const verifier::ModuleIdentity& identity) {
    const std::string now = now_.empty() ? utc_now() : now_;
    const std::string key = identity.key();
    return lookup<verifier::Revocation>(db_, now, "revocations", "revocation", key, decode_revocation,
                                        [&](const verifier::Revocation& r) { return r.identity == identity; });
}

Result<bool> SqliteRegistry::publishes_serials(std::string_view maker_hex) {
    const std::string now = now_.empty() ? utc_now() : now_;
    auto view = detail::state_view(db_);
    if (!view) return tl::unexpected(view.error());
    const detail::StateView& v = **view;
    // Which bundles cover a maker is answered from the trusted state, not from the file's
    // serial_makers rows (deleting one would silently switch the issued-serial check off).
    std::vector<std::int64_t> candidates;
    bool accepted_but_missing = false;
    if (v.state) {
        for (const auto& [digest, b] : v.state->bundles) {
            if (b.role != "serials" || std::find(b.makers.begin(), b.makers.end(), maker_hex) == b.makers.end()) continue;
            if (auto id = v.bundle_ids.find(digest); id != v.bundle_ids.end()) candidates.push_back(id->second);
            else accepted_but_missing = true;
        }
    }
    if (auto it = v.unlisted.find("serials"); it != v.unlisted.end()) {
        auto s = detail::connection_of(db_).prepare("SELECT 1 FROM serial_makers WHERE bundle_id = ? AND maker = ?");
        if (!s) return tl::unexpected(s.error());
        for (std::int64_t id : it->second) {
            s->reset();
            s->bind(1, id).bind(2, maker_hex);
            auto step = s->step();
            if (!step) return tl::unexpected(step.error());
            if (*step) candidates.push_back(id);
        }
    }
    if (candidates.empty()) return accepted_but_missing;
    RecordVerifier verifier(db_, now);
    if (auto t = verifier.load_trust(); !t) return tl::unexpected(t.error());
    auto s = detail::connection_of(db_).prepare("SELECT header, header_signature FROM bundles WHERE id = ?");
    if (!s) return tl::unexpected(s.error());
    for (std::int64_t id : candidates) {
        s->reset();
        s->bind(1, id);
        auto step = s->step();
        if (!step) return tl::unexpected(step.error());
        if (*step && !verifier.bundle(id, true, s->column_text(0), s->column_text(1), "serials").problem) return true;
    }
    return accepted_but_missing;
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
    // The whole file against the trusted state: every accepted log still has its head.
    auto view = detail::state_view(db);
    if (!view) return tl::unexpected(view.error());
    if ((*view)->problem) st.integrity_problems.push_back(*(*view)->problem);
    for (const auto& [role, missing] : (*view)->rolled_back) st.integrity_problems.insert(st.integrity_problems.end(), missing.begin(), missing.end());
    for (const auto& [role, ids] : (*view)->unlisted) {
        for (std::int64_t id : ids) {
            if (!(*view)->problem) st.integrity_problems.push_back("bundle row " + std::to_string(id) + " (" + role + ") was never accepted into the trusted state");
        }
    }
    // The records of every bundle row, accepted or not, counted once (a full read: status is the
    // place for it): by role for the totals, and against the accepted size below.
    std::map<std::int64_t, std::pair<std::string, detail::GroupCount>> counts;
    {
        auto bundles = c.prepare("SELECT id, role FROM bundles");
        if (!bundles) return tl::unexpected(bundles.error());
        std::vector<std::pair<std::int64_t, std::string>> ids;
        for (;;) {
            auto r = bundles->step();
            if (!r) return tl::unexpected(r.error());
            if (!*r) break;
            ids.emplace_back(bundles->column_int64(0), bundles->column_text(1));
        }
        // Accepted bundles are also hashed: the head of their stored records must be the accepted one.
        std::map<std::int64_t, std::uint64_t> accepted_size;
        if ((*view)->state) {
            for (const auto& [digest, b] : (*view)->state->bundles) {
                if (auto id = (*view)->bundle_ids.find(digest); id != (*view)->bundle_ids.end()) accepted_size[id->second] = b.size;
            }
        }
        for (auto& [id, role] : ids) {
            const auto size = accepted_size.find(id);
            auto n = detail::count_bundle_records(c, id, size == accepted_size.end() ? std::nullopt : std::optional<std::uint64_t>(size->second));
            if (!n) return tl::unexpected(n.error());
            counts.emplace(id, std::make_pair(std::move(role), std::move(*n)));
        }
    }
    if ((*view)->state) {
        for (const auto& [digest, b] : (*view)->state->bundles) {
            if ((*view)->bundle_ids.count(digest) == 0) continue;
            auto log = detail::Tlog::open(c, detail::bundle_log_name(digest), false);
            if (!log) return tl::unexpected(log.error());
            auto root = log->root(b.size);
            if (log->id() < 0 || log->size() != b.size || !root || *root != b.root) {
                st.integrity_problems.push_back("bundle " + b.publisher + "/" + b.role + "/v" + std::to_string(b.version) +
                                                ": its Merkle log no longer has the accepted head (the database was edited)");
            }
            // Every leaf still has its record, once.
            const auto counted = counts.find((*view)->bundle_ids.at(digest));
            if (counted == counts.end()) continue;  // imported after the count
            const detail::GroupCount* count = &counted->second.second;
            const std::string name = "bundle " + b.publisher + "/" + b.role + "/v" + std::to_string(b.version);
            if (count->records < b.size) {
                st.integrity_problems.push_back(name + ": " + std::to_string(b.size - count->records) + " of its " + std::to_string(b.size) +
                                                " accepted records are missing or out of place" + (count->problem ? " (" + *count->problem + ")" : std::string()));
            } else if (!count->head || *count->head != b.root) {
                st.integrity_problems.push_back(name + ": its stored records are not the ones accepted (records edited)");
            } else if (count->problem) {
                st.integrity_problems.push_back(name + ": after its accepted records, " + *count->problem);
            } else if (count->records != b.size) {
                st.integrity_problems.push_back(name + ": " + std::to_string(count->records - b.size) + " records beyond the " + std::to_string(b.size) +
                                                " accepted (rows added by hand)");
            }
        }
        for (const auto& [station, l] : (*view)->state->logs) {
            auto log = detail::Tlog::open(c, detail::station_log_name(station), false);
            if (!log) return tl::unexpected(log.error());
            auto root = log->root(l.size);
            if (log->size() < l.size || !root || *root != l.root) {
                st.integrity_problems.push_back("station " + station + ": its sightings log no longer has the accepted head of " +
                                                std::to_string(l.size) + " sightings (rolled back or edited)");
            }
        }
    }
    auto missing = detail::sighting_log_problems(db, **view);
    if (!missing) return tl::unexpected(missing.error());
    if (!(*view)->problem) st.integrity_problems.insert(st.integrity_problems.end(), missing->begin(), missing->end());
    for (const auto& [id, stored] : counts) {
        std::uint64_t* count = stored.first == "parts" ? &st.parts : stored.first == "serials" ? &st.serials : stored.first == "revocations" ? &st.revocations : nullptr;
        if (count != nullptr) *count += stored.second.records;
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
