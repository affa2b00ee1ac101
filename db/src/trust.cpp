// SPDX-License-Identifier: GPL-3.0-or-later
// Trust documents and the trust store: the chain from the pinned roots is re-verified on
// every read (cached by content hash, so an edited row never reuses an old verdict).
#include "db/trust.hpp"
#include "dimmguard/numbers.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>

#include "db/bundle.hpp"
#include "db/sqlite_registry.hpp"
#include "text.hpp"
#include "database_access.hpp"
#include "state_view.hpp"
#include "trusted_state.hpp"

namespace dimmguard::db {
namespace {

using detail::split;

Result<PublicKey> key_with_id(std::string_view id, std::string_view hex, const std::string& where) {
    auto key = PublicKey::from_hex(hex);
    if (!key || hex.size() != 64 || std::any_of(hex.begin(), hex.end(), [](char c) { return c >= 'A' && c <= 'F'; })) {
        return fail(Errc::bad_format, where + ": public key is not 64 lower-case hex digits of an Ed25519 key");
    }
    if (key->id() != id) return fail(Errc::bad_format, where + ": key id " + std::string(id) + " does not match the public key (" + key->id() + ")");
    return *key;
}

std::string fields_value(std::string_view field, std::string_view key, bool& ok) {
    if (field.size() <= key.size() || field.substr(0, key.size()) != key || field[key.size()] != '=') {
        ok = false;
        return {};
    }
    return std::string(field.substr(key.size() + 1));
}

// Verified chains by content hash (pinned roots, threshold and every document text).
std::mutex cache_mutex;
std::map<std::string, std::optional<TrustDocument>> verified_chains;

}  // namespace

bool TrustedPublisher::has_role(std::string_view role) const { return std::find(roles.begin(), roles.end(), role) != roles.end(); }

std::string TrustDocument::body() const {
    std::string s = std::string(trust_magic) + "\n";
    s += "trust\tversion=" + std::to_string(version) + "\tcreated=" + created + "\texpires=" + expires +
         "\tthreshold=" + std::to_string(threshold) + "\n";
    for (const auto& r : roots) s += "root\t" + r.key_id + "\t" + r.key.hex() + "\n";
    for (const auto& p : publishers) {
        std::string roles;
        for (std::size_t i = 0; i < p.roles.size(); ++i) roles += (i ? "," : "") + p.roles[i];
        s += "publisher\t" + p.key_id + "\t" + p.key.hex() + "\t" + roles + "\t" + p.expires + "\n";
    }
    return s;
}

std::string TrustDocument::text() const {
    std::string s = body();
    for (const auto& sig : signatures) s += "root-signature\t" + sig.key_id + "\t" + signature_hex(sig.signature) + "\n";
    return s;
}

const TrustedPublisher* TrustDocument::publisher(std::string_view key_id) const {
    for (const auto& p : publishers) {
        if (p.key_id == key_id) return &p;
    }
    return nullptr;
}

Result<TrustDocument> TrustDocument::parse(std::string_view text) {
    if (text.empty() || text.back() != '\n') return fail(Errc::bad_format, "trust document: truncated (no final line feed)");
    const auto lines = split(text.substr(0, text.size() - 1), '\n');
    if (lines[0] != trust_magic) return fail(Errc::bad_format, "trust document: line 1 must be '" + std::string(trust_magic) + "'");
    if (lines.size() < 2) return fail(Errc::bad_format, "trust document: no 'trust' line");
    TrustDocument d;
    {
        const auto f = split(lines[1], '\t');
        bool ok = f.size() == 5 && f[0] == "trust";
        std::string version, threshold;
        if (ok) {
            version = fields_value(f[1], "version", ok);
            d.created = fields_value(f[2], "created", ok);
            d.expires = fields_value(f[3], "expires", ok);
            threshold = fields_value(f[4], "threshold", ok);
        }
        if (!ok) return fail(Errc::bad_format, "trust document line 2: expected trust, version=, created=, expires=, threshold=");
        auto digits = [](const std::string& s) {
            return !s.empty() && s.size() <= 9 && s[0] != '0' && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        };
        if (!digits(version) || !digits(threshold)) return fail(Errc::bad_format, "trust document line 2: version and threshold must be positive integers");
        d.version = static_cast<std::int64_t>(parse_unsigned(version, 999'999'999).value_or(0));   // checked above
        d.threshold = parse_small(threshold, 999'999'999).value_or(0);
        if (!is_rfc3339_utc(d.created) || !is_rfc3339_utc(d.expires)) {
            return fail(Errc::bad_format, "trust document line 2: created and expires must be YYYY-MM-DDTHH:MM:SSZ");
        }
    }
    std::set<std::string> seen_roots, seen_publishers;
    std::size_t i = 2;
    for (; i < lines.size(); ++i) {
        const std::string where = "trust document line " + std::to_string(i + 1);
        const auto f = split(lines[i], '\t');
        if (f[0] == "root") {
            if (!d.publishers.empty()) return fail(Errc::bad_format, where + ": root lines come before publisher lines");
            if (f.size() != 3) return fail(Errc::bad_format, where + ": expected root, key id, public key");
            auto key = key_with_id(f[1], f[2], where);
            if (!key) return tl::unexpected(key.error());
            if (!seen_roots.insert(std::string(f[1])).second) return fail(Errc::bad_format, where + ": root " + std::string(f[1]) + " listed twice");
            d.roots.push_back({std::string(f[1]), *key});
        } else if (f[0] == "publisher") {
            if (f.size() != 5) return fail(Errc::bad_format, where + ": expected publisher, key id, public key, roles, expires");
            auto key = key_with_id(f[1], f[2], where);
            if (!key) return tl::unexpected(key.error());
            if (!seen_publishers.insert(std::string(f[1])).second) return fail(Errc::bad_format, where + ": publisher " + std::string(f[1]) + " listed twice");
            TrustedPublisher p{std::string(f[1]), *key, {}, std::string(f[4])};
            std::set<std::string_view> roles;
            for (auto r : split(f[3], ',')) {
                if (!is_trust_role(r)) return fail(Errc::bad_format, where + ": unknown role '" + std::string(r) + "'");
                if (!roles.insert(r).second) return fail(Errc::bad_format, where + ": role " + std::string(r) + " listed twice");
                p.roles.emplace_back(r);
            }
            if (!is_rfc3339_utc(p.expires)) return fail(Errc::bad_format, where + ": expires must be YYYY-MM-DDTHH:MM:SSZ");
            d.publishers.push_back(std::move(p));
        } else if (f[0] == "root-signature") {
            break;
        } else {
            return fail(Errc::bad_format, where + ": unknown line type '" + std::string(f[0].substr(0, 32)) + "'");
        }
    }
    for (; i < lines.size(); ++i) {
        const std::string where = "trust document line " + std::to_string(i + 1);
        const auto f = split(lines[i], '\t');
        if (f[0] != "root-signature" || f.size() != 3) return fail(Errc::bad_format, where + ": only root-signature lines may follow the first one");
        auto sig = signature_from_hex(f[2]);
        if (!sig || std::any_of(f[2].begin(), f[2].end(), [](char c) { return c >= 'A' && c <= 'F'; })) {
            return fail(Errc::bad_format, where + ": signature is not 128 lower-case hex digits");
        }
        d.signatures.push_back({std::string(f[1]), *sig});
    }
    if (d.roots.empty()) return fail(Errc::bad_format, "trust document: no root keys");
    if (d.threshold > static_cast<int>(d.roots.size())) {
        return fail(Errc::bad_format, "trust document: threshold " + std::to_string(d.threshold) + " is more than its " +
                                          std::to_string(d.roots.size()) + " root keys");
    }
    if (d.expires <= d.created) return fail(Errc::bad_format, "trust document: expires is not after created");
    if (d.text() != text) return fail(Errc::bad_format, "trust document: not in canonical form");
    return d;
}

int TrustDocument::valid_signatures(const std::vector<TrustRoot>& signers) const {
    const std::string message = std::string(trust_signing_prefix) + body();
    std::set<std::string> counted;
    for (const auto& sig : signatures) {
        if (counted.count(sig.key_id)) continue;
        for (const auto& root : signers) {
            if (root.key_id == sig.key_id && root.key.verify(message, sig.signature)) {
                counted.insert(sig.key_id);
                break;
            }
        }
    }
    return static_cast<int>(counted.size());
}

Result<std::string> sign_trust_document(TrustDocument document, const std::vector<KeyPair>& root_keys) {
    document.signatures.clear();
    const std::string message = std::string(trust_signing_prefix) + document.body();
    for (const auto& k : root_keys) {
        auto sig = k.sign(message);
        if (!sig) return tl::unexpected(sig.error());
        document.signatures.push_back({k.public_key().id(), *sig});
    }
    const std::string text = document.text();
    if (auto check = TrustDocument::parse(text); !check) return tl::unexpected(check.error());
    return text;
}

std::optional<std::string> publisher_untrusted_reason(const TrustDocument& d, std::string_view key_id, std::string_view role,
                                                      std::string_view now) {
    const std::string id(key_id);
    if (d.expires <= now) return "trust document v" + std::to_string(d.version) + " expired on " + d.expires;
    const TrustedPublisher* p = d.publisher(key_id);
    if (!p) return "publisher " + id + ": unknown key (not in trust document v" + std::to_string(d.version) + ")";
    if (!p->has_role(role)) {
        std::string roles;
        for (std::size_t i = 0; i < p->roles.size(); ++i) roles += (i ? "," : "") + p->roles[i];
        return "publisher " + id + ": not trusted for role " + std::string(role) + " (roles: " + roles + ")";
    }
    if (p->expires <= now) return "publisher " + id + ": key expired on " + p->expires;
    return std::nullopt;
}

Result<bool> TrustStore::initialised() {
    auto s = detail::connection_of(db_).prepare("SELECT COUNT(*) FROM trust_roots");
    if (!s) return tl::unexpected(s.error());
    auto row = s->step();
    if (!row) return tl::unexpected(row.error());
    return s->column_int64(0) > 0;
}

Result<void> TrustStore::init(const std::vector<PublicKey>& roots, int threshold, bool force) {
    if (roots.empty()) return fail(Errc::usage, "trust store: at least one root key is needed");
    if (threshold < 1 || threshold > static_cast<int>(roots.size())) {
        return fail(Errc::usage, "trust store: threshold " + std::to_string(threshold) + " must be between 1 and the " +
                                     std::to_string(roots.size()) + " root keys");
    }
    auto done = initialised();
    if (!done) return tl::unexpected(done.error());
    if (*done && !force) return fail(Errc::usage, "trust store: already initialised (use --force to replace the root keys and forget every trust document)");
    auto& c = detail::connection_of(db_);
    auto tx = Transaction::begin(c);
    if (!tx) return tl::unexpected(tx.error());
    if (auto r = c.exec("DELETE FROM trust_roots; DELETE FROM trust_documents;"); !r) return r;
    auto ins = c.prepare("INSERT OR IGNORE INTO trust_roots(key_id, public_key, added) VALUES(?, ?, ?)");
    if (!ins) return tl::unexpected(ins.error());
    const std::string now = utc_now();
    for (const auto& k : roots) {
        ins->reset();
        ins->bind(1, k.id()).bind(2, k.hex()).bind(3, now);
        if (auto r = ins->run(); !r) return r;
    }
    if (auto r = db_.set_meta("trust.threshold", std::to_string(threshold)); !r) return r;
    if (auto r = tx->commit(); !r) return r;
    return detail::edit_trusted_state(db_, [&](detail::TrustedState& st) -> Result<void> {
        st.threshold = threshold;
        st.roots.clear();
        for (const auto& k : roots) st.roots.emplace_back(k.id(), k.hex());
        std::sort(st.roots.begin(), st.roots.end());
        st.roots.erase(std::unique(st.roots.begin(), st.roots.end()), st.roots.end());
        st.trust_version = 0;
        st.trust_hash.clear();
        return {};
    });
}

namespace {

/// The answer remembered in the current state view (`slot`), else `read()` remembered there.
/// Inside a write transaction nothing is remembered: this connection may just have changed the
/// rows, and the view is only rebuilt once the file or the trusted state changes.
template <class T, class Read>
Result<T> memoized(Database& db, std::optional<T> detail::StateView::*slot, Read read) {
    const bool memo = !detail::connection_of(db).in_write_transaction();
    if (memo) {
        auto view = detail::state_view(db);
        if (!view) return tl::unexpected(view.error());
        if ((**view).*slot) return *((**view).*slot);
    }
    Result<T> value = read();
    if (value && memo) {
        if (auto view = detail::state_view(db)) (**view).*slot = *value;
    }
    return value;
}

}  // namespace

Result<TrustStore::Pinned> TrustStore::pinned() {
    return memoized<Pinned>(db_, &detail::StateView::pinned, [this] { return read_pinned(); });
}

Result<TrustStore::Pinned> TrustStore::read_pinned() {
    Pinned p;
    auto s = detail::connection_of(db_).cached("SELECT key_id, public_key FROM trust_roots ORDER BY key_id");
    if (!s) return tl::unexpected(s.error());
    for (;;) {
        auto row = (*s)->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const std::string id = (*s)->column_text(0);
        auto key = key_with_id(id, (*s)->column_text(1), "pinned root " + id);
        if (!key) return fail(Errc::untrusted_key, key.error().message + " (the database was edited)");
        p.roots.push_back({id, *key});
    }
    auto t = db_.meta("trust.threshold");
    if (!t) return tl::unexpected(t.error());
    const std::string th = t->value_or("1");
    if (th.empty() || th.size() > 3 || !std::all_of(th.begin(), th.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(th) < 1) {
        return fail(Errc::untrusted_key, "trust store: stored threshold '" + th + "' is invalid (the database was edited)");
    }
    p.threshold = std::stoi(th);
    // The pinned roots in the file must be the ones the trusted state pinned: an edited row
    // would otherwise pick who may sign the trust documents.
    auto view = detail::state_view(db_);
    if (!view) return tl::unexpected(view.error());
    if ((*view)->state) {
        const detail::TrustedState& st = *(*view)->state;
        std::vector<std::pair<std::string, std::string>> in_file;
        for (const auto& r : p.roots) in_file.emplace_back(r.key_id, r.key.hex());
        std::sort(in_file.begin(), in_file.end());
        if (in_file != st.roots || (st.threshold != 0 && st.threshold != p.threshold) || (st.threshold == 0 && !in_file.empty())) {
            return fail(Errc::untrusted_key, "trust store: the pinned root keys differ from the trusted state (the database was edited)");
        }
    }
    return p;
}

Result<std::optional<TrustDocument>> TrustStore::current() {
    return memoized<std::optional<TrustDocument>>(db_, &detail::StateView::current_trust, [this] { return read_current(); });
}

Result<std::optional<TrustDocument>> TrustStore::read_current() {
    auto pins = pinned();
    if (!pins) return tl::unexpected(pins.error());
    if (pins->roots.empty()) return std::optional<TrustDocument>{};
    std::vector<std::pair<std::int64_t, std::string>> docs;
    {
        auto s = detail::connection_of(db_).cached("SELECT version, text FROM trust_documents ORDER BY version");
        if (!s) return tl::unexpected(s.error());
        for (;;) {
            auto row = (*s)->step();
            if (!row) return tl::unexpected(row.error());
            if (!*row) break;
            docs.emplace_back((*s)->column_int64(0), (*s)->column_text(1));
        }
    }
    // The newest document must be the one the trusted state accepted: deleting it would fall
    // back to an older trust chain.
    {
        auto view = detail::state_view(db_);
        if (!view) return tl::unexpected(view.error());
        if ((*view)->state) {
            const detail::TrustedState& st = *(*view)->state;
            const std::int64_t newest = docs.empty() ? 0 : docs.back().first;
            if (newest < st.trust_version) {
                return fail(Errc::untrusted_key, "trust store: trust document v" + std::to_string(st.trust_version) +
                                                     " accepted earlier is missing (the database was rolled back or edited)");
            }
            if (newest > st.trust_version) {
                return fail(Errc::untrusted_key, "trust store: trust document v" + std::to_string(newest) + " was never accepted (the database was edited)");
            }
            if (newest > 0 && sha256_hex(docs.back().second) != st.trust_hash) {
                return fail(Errc::untrusted_key, "trust store: trust document v" + std::to_string(newest) + " differs from the one accepted (the database was edited)");
            }
        }
    }
    if (docs.empty()) return std::optional<TrustDocument>{};
    Sha256Stream h;
    for (const auto& r : pins->roots) h.update(r.key_id + ":" + r.key.hex() + "\n");
    h.update("threshold=" + std::to_string(pins->threshold) + "\n");
    for (const auto& [v, t] : docs) h.update(std::to_string(v) + ":" + std::to_string(t.size()) + ":" + t);
    const std::string cache_key = h.finish_hex();
    {
        std::lock_guard lock(cache_mutex);
        if (auto it = verified_chains.find(cache_key); it != verified_chains.end()) return it->second;
    }
    std::vector<TrustRoot> signers = pins->roots;
    int threshold = pins->threshold;
    std::int64_t previous = 0;
    std::optional<TrustDocument> cur;
    for (const auto& [v, t] : docs) {
        const std::string where = "stored trust document v" + std::to_string(v);
        auto d = TrustDocument::parse(t);
        if (!d) return fail(Errc::untrusted_key, where + ": " + d.error().message + " (the database was edited)");
        if (d->version != v || d->version <= previous) return fail(Errc::untrusted_key, where + ": version does not match its row (the database was edited)");
        const int valid = d->valid_signatures(signers);
        if (valid < threshold) {
            return fail(Errc::untrusted_key, where + ": signed by " + std::to_string(valid) + " of the " + std::to_string(threshold) +
                                                 " required root keys (the database was edited)");
        }
        previous = d->version;
        signers = d->roots;
        threshold = d->threshold;
        cur = std::move(*d);
    }
    std::lock_guard lock(cache_mutex);
    if (verified_chains.size() > 64) verified_chains.clear();
    verified_chains[cache_key] = cur;
    return cur;
}

Result<TrustDocument> TrustStore::accept_document(std::string_view text, std::string_view now) {
    auto doc = TrustDocument::parse(text);
    if (!doc) return tl::unexpected(doc.error());
    const std::string name = "trust document v" + std::to_string(doc->version);
    auto pins = pinned();
    if (!pins) return tl::unexpected(pins.error());
    if (pins->roots.empty()) return fail(Errc::untrusted_key, "trust store not initialised (run 'dimmguard registry init --root-key PUB')");
    auto cur = current();
    if (!cur) return tl::unexpected(cur.error());
    std::vector<TrustRoot> signers = *cur ? (*cur)->roots : pins->roots;
    const int threshold = *cur ? (*cur)->threshold : pins->threshold;
    if (*cur && doc->version <= (*cur)->version) {
        return fail(Errc::untrusted_key, name + ": version is not above the current v" + std::to_string((*cur)->version) + " (rollback refused)");
    }
    if (doc->expires <= now) return fail(Errc::untrusted_key, name + ": expired on " + doc->expires);
    const int valid = doc->valid_signatures(signers);
    if (valid < threshold) {
        return fail(Errc::signature_invalid, name + ": signed by " + std::to_string(valid) + " of the " + std::to_string(threshold) +
                                                 " required " + (*cur ? "current" : "pinned") + " root keys");
    }
    auto s = detail::connection_of(db_).prepare("INSERT INTO trust_documents(version, text, imported) VALUES(?, ?, ?)");
    if (!s) return tl::unexpected(s.error());
    s->bind(1, doc->version).bind(2, text).bind(3, now);
    if (auto r = s->run(); !r) return tl::unexpected(r.error());
    auto accepted = detail::edit_trusted_state(db_, [&](detail::TrustedState& st) -> Result<void> {
        st.trust_version = doc->version;
        st.trust_hash = sha256_hex(text);
        return {};
    });
    if (!accepted) return fail(accepted.error().code, name + ": stored, but the trusted state was not updated (" + accepted.error().message + ")");
    return *doc;
}

Result<PublicKey> TrustStore::publisher_trusted(std::string_view key_id, std::string_view role, std::string_view now) {
    auto cur = current();
    if (!cur) return tl::unexpected(cur.error());
    if (!*cur) return fail(Errc::untrusted_key, "publisher " + std::string(key_id) + ": no trust document accepted yet (run 'dimmguard registry trust FILE')");
    if (auto why = publisher_untrusted_reason(**cur, key_id, role, now)) return fail(Errc::untrusted_key, *why);
    const TrustedPublisher* p = (*cur)->publisher(key_id);
    if (p == nullptr) return fail(Errc::internal, "publisher " + std::string(key_id) + ": vanished from the trust document");
    return p->key;
}

}  // namespace dimmguard::db
