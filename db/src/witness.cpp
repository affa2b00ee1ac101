// SPDX-License-Identifier: GPL-3.0-or-later
// Witnessing station logs: held heads, stored (co)signatures, conflicts, checkpoint files.
#include "db/witness.hpp"

#include <algorithm>
#include <ctime>
#include <map>
#include <set>
#include <tuple>

#include "db/bundle.hpp"
#include "db/sqlite_registry.hpp"
#include "db/station_log.hpp"
#include "database_access.hpp"
#include "dimmguard/input_file.hpp"
#include "dimmguard/numbers.hpp"
#include "file_io.hpp"
#include "sighting_rows.hpp"
#include "state_view.hpp"
#include "tlog.hpp"

namespace dimmguard::db {
namespace {

constexpr std::string_view note_name_prefix = "dimmguard-station-";
/// A checkpoints file is small (a few notes per station); anything far bigger is not one.
constexpr std::uintmax_t max_checkpoints_file = 16ULL << 20;

std::uint64_t posix_seconds(const std::string& now) {
    if (now.empty() || !is_rfc3339_utc(now)) return static_cast<std::uint64_t>(std::time(nullptr));
    std::tm tm{};
    tm.tm_year = std::stoi(now.substr(0, 4)) - 1900;
    tm.tm_mon = std::stoi(now.substr(5, 2)) - 1;
    tm.tm_mday = std::stoi(now.substr(8, 2));
    tm.tm_hour = std::stoi(now.substr(11, 2));
    tm.tm_min = std::stoi(now.substr(14, 2));
    tm.tm_sec = std::stoi(now.substr(17, 2));
    const std::time_t t = timegm(&tm);
    return t < 0 ? 0 : static_cast<std::uint64_t>(t);
}

std::string short_root(const merkle::Hash& root) { return merkle::to_hex(root).substr(0, 16); }

note::Checkpoint checkpoint_of(const std::string& station, std::uint64_t size, const merkle::Hash& root) {
    return note::Checkpoint{station_note_name(station), size, root, {}};
}

/// The station id a note key name stands for, or "" when it is not a station's name.
std::string station_of_name(std::string_view name) {
    if (name.size() <= note_name_prefix.size() || name.substr(0, note_name_prefix.size()) != note_name_prefix) return {};
    return std::string(name.substr(note_name_prefix.size()));
}

std::string encode_signature(const note::Signature& s) {
    std::vector<std::uint8_t> bytes{static_cast<std::uint8_t>(s.key_hash >> 24), static_cast<std::uint8_t>(s.key_hash >> 16),
                                    static_cast<std::uint8_t>(s.key_hash >> 8), static_cast<std::uint8_t>(s.key_hash)};
    bytes.insert(bytes.end(), s.bytes.begin(), s.bytes.end());
    return merkle::base64_encode(bytes);
}

Result<note::Signature> decode_signature(const std::string& signer, const std::string& text) {
    auto bytes = merkle::base64_decode(text);
    if (!bytes || bytes->size() <= 4) return fail(Errc::bad_format, "stored signature of " + signer + " is malformed");
    note::Signature s;
    s.name = station_note_name(signer);
    s.key_hash = (std::uint32_t{(*bytes)[0]} << 24) | (std::uint32_t{(*bytes)[1]} << 16) | (std::uint32_t{(*bytes)[2]} << 8) | (*bytes)[3];
    s.bytes.assign(bytes->begin() + 4, bytes->end());
    return s;
}

/// Check one signature on a head of `sig.station`'s log by `key` (the signer's key): the
/// station's own Ed25519 signature, or a witness's cosignature. Sets `cosignature` and
/// `timestamp`. Errc::signature_invalid when it does not verify; Errc::untrusted_key when it is
/// neither kind (another key, or another station's plain signature).
Result<void> check_signature(CheckpointSignature& sig, const PublicKey& key) {
    const note::Checkpoint cp = checkpoint_of(sig.station, sig.size, sig.root);
    const std::string name = station_note_name(sig.signer);
    const std::string what = "the signature of " + sig.signer + " on the head of " + std::to_string(sig.size) + " sightings of station " + sig.station;
    if (sig.signature.name != name) return fail(Errc::untrusted_key, what + " carries another name");
    if (sig.signature.key_hash == note::key_hash(name, note::cosignature_v1_type, key)) {
        if (sig.signer == sig.station) return fail(Errc::untrusted_key, what + ": a station does not witness its own log");
        auto ts = note::verify_cosignature(cp, sig.signature, note::Verifier{name, key});
        if (!ts) return fail(ts.error().code == Errc::untrusted_key ? Errc::untrusted_key : Errc::signature_invalid, what + ": " + ts.error().message);
        sig.cosignature = true;
        sig.timestamp = *ts;
        return {};
    }
    if (sig.signature.key_hash == note::key_hash(name, note::ed25519_type, key)) {
        if (sig.signer != sig.station) return fail(Errc::untrusted_key, what + ": only the station itself signs its heads (others cosign)");
        const note::Verifier v{name, key};
        auto by = note::verified_by(note::Note{note::checkpoint_text(cp), {sig.signature}}, std::span<const note::Verifier>(&v, 1));
        if (!by || by->empty()) return fail(Errc::signature_invalid, what + " does not verify");
        sig.cosignature = false;
        sig.timestamp = 0;
        return {};
    }
    return fail(Errc::untrusted_key, what + " is by another key");
}

/// Stored signatures (of `station` only, when given), not yet checked.
Result<std::vector<CheckpointSignature>> load_signatures(Connection& c, const std::optional<std::string>& station) {
    auto s = c.cached(station ? "SELECT station, size, root, signer, signature FROM checkpoint_signatures WHERE station = ? ORDER BY size, signer"
                              : "SELECT station, size, root, signer, signature FROM checkpoint_signatures ORDER BY station, size, signer");
    if (!s) return tl::unexpected(s.error());
    if (station) (*s)->bind(1, *station);
    std::vector<CheckpointSignature> out;
    for (;;) {
        auto row = (*s)->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        CheckpointSignature sig;
        sig.station = (*s)->column_text(0);
        const std::int64_t size = (*s)->column_int64(1);
        auto root = merkle::hash_from_base64((*s)->column_text(2));
        sig.signer = (*s)->column_text(3);
        auto decoded = decode_signature(sig.signer, (*s)->column_text(4));
        if (size < 0 || !root || !decoded) {
            // kept with an empty signature: the check reports it
            sig.size = size < 0 ? 0 : static_cast<std::uint64_t>(size);
        } else {
            sig.size = static_cast<std::uint64_t>(size);
            sig.root = *root;
            sig.signature = *decoded;
        }
        out.push_back(std::move(sig));
    }
    return out;
}

/// Store a checked signature (inside the caller's transaction); true when it was new.
Result<bool> store_signature(Connection& c, const CheckpointSignature& sig) {
    auto s = c.cached("INSERT OR IGNORE INTO checkpoint_signatures(station, size, root, signer, kind, timestamp, signature) VALUES(?, ?, ?, ?, ?, ?, ?)");
    if (!s) return tl::unexpected(s.error());
    (*s)->bind(1, sig.station).bind(2, static_cast<std::int64_t>(sig.size)).bind(3, merkle::to_base64(sig.root)).bind(4, sig.signer);
    (*s)->bind(5, static_cast<std::int64_t>(sig.cosignature ? note::cosignature_v1_type : note::ed25519_type));
    (*s)->bind(6, static_cast<std::int64_t>(sig.timestamp)).bind(7, encode_signature(sig.signature));
    if (auto r = (*s)->run(); !r) return tl::unexpected(r.error());
    return c.changes() > 0;
}

/// Stored signatures that verify under keys trusted now; the others go to `problems`.
Result<std::vector<CheckpointSignature>> checked_signatures(Database& database, detail::StationKeys& keys, const std::optional<std::string>& station,
                                                            std::vector<std::string>* problems) {
    auto all = load_signatures(detail::connection_of(database), station);
    if (!all) return tl::unexpected(all.error());
    std::vector<CheckpointSignature> out;
    for (auto& sig : *all) {
        auto key = keys.key_of(sig.signer);
        Result<void> ok = key ? check_signature(sig, *key) : Result<void>(tl::unexpected(key.error()));
        if (!ok) {
            if (problems != nullptr) problems->push_back(ok.error().message + " (stored; the registry was edited or the key is no longer trusted)");
            continue;
        }
        out.push_back(std::move(sig));
    }
    return out;
}

std::string signers_of(const std::vector<const CheckpointSignature*>& sigs) {
    std::string out;
    for (const auto* s : sigs) out += (out.empty() ? "" : ", ") + s->signer;
    return out;
}

/// Conflicts of `station`'s log: two heads of one size among `sigs`, and signed heads that are
/// not the head of the log held here (for sizes held).
Result<std::vector<std::string>> conflicts_of(Database& database, const std::string& station, const std::vector<CheckpointSignature>& sigs) {
    std::vector<std::string> out;
    std::map<std::uint64_t, std::map<merkle::Hash, std::vector<const CheckpointSignature*>>> heads;
    for (const auto& s : sigs) {
        if (s.station == station) heads[s.size][s.root].push_back(&s);
    }
    auto held = held_log(database, station);
    if (!held) return tl::unexpected(held.error());
    const std::uint64_t held_size = *held ? (*held)->size : 0;
    for (const auto& [size, by_root] : heads) {
        if (by_root.size() > 1) {
            std::string what = "split view: station " + station + " has " + std::to_string(by_root.size()) + " different logs of " + std::to_string(size) + " sightings:";
            for (const auto& [root, signed_by] : by_root) what += " head " + short_root(root) + " signed by " + signers_of(signed_by) + ";";
            what.pop_back();
            out.push_back(what);
            continue;
        }
        if (size == 0 || size > held_size) continue;
        auto at = held_log(database, station, size);
        if (!at) return tl::unexpected(at.error());
        if (!*at) continue;
        const auto& [root, signed_by] = *by_root.begin();
        if ((*at)->root != root) {
            out.push_back("split view: the log of station " + station + " at " + std::to_string(size) + " sightings, as signed by " + signers_of(signed_by) +
                          " (head " + short_root(root) + "), is not the log held here (head " + short_root((*at)->root) + ")");
        }
    }
    return out;
}

}  // namespace

std::string station_note_name(std::string_view station) { return std::string(note_name_prefix) + std::string(station); }

namespace {

/// `station`'s log as the trusted state of `view` accepted it; nullptr when none was accepted.
/// Errc::signature_invalid when the view cannot vouch for the state.
Result<const detail::StateLog*> accepted_log(const detail::StateView& view, const std::string& station) {
    if (view.problem) return fail(Errc::signature_invalid, *view.problem);
    if (!view.state) return nullptr;
    const auto accepted = view.state->logs.find(station);
    return accepted == view.state->logs.end() ? nullptr : &accepted->second;
}

}  // namespace

Result<std::uint64_t> accepted_log_size(Database& database, const std::string& station) {
    auto view = detail::state_view(database);
    if (!view) return tl::unexpected(view.error());
    auto accepted = accepted_log(**view, station);
    if (!accepted) return tl::unexpected(accepted.error());
    return *accepted != nullptr ? (*accepted)->size : std::uint64_t{0};
}

namespace {

/// meta key: "<n>" when the leaves [0, n) of the station's accepted log were found stored as its
/// sightings 1..n in sequence order, by this or an earlier process.
std::string in_order_key(const std::string& station) { return "log-in-order:" + station; }

/// held_log() itself. `newly_in_order`: set to the size when this call found the log in order by
/// reading rows, so the caller can note it once the read snapshot is over.
Result<std::optional<HeldLog>> held_log_in(Database& database, const std::string& station, std::optional<std::uint64_t> at,
                                           std::optional<std::uint64_t>& newly_in_order);

}  // namespace

Result<std::optional<HeldLog>> held_log(Database& database, const std::string& station, std::optional<std::uint64_t> at) {
    std::optional<std::uint64_t> newly_in_order;
    auto held = held_log_in(database, station, at, newly_in_order);
    // Noted for the next process, outside any transaction (a write inside a caller's read
    // snapshot would not be ours to make). Only a cache: a read-only registry, or a busy one,
    // just checks again next time.
    if (held && newly_in_order && !detail::connection_of(database).in_transaction()) {
        (void)database.set_meta(in_order_key(station), std::to_string(*newly_in_order));
    }
    return held;
}

namespace {

Result<std::optional<HeldLog>> held_log_in(Database& database, const std::string& station, std::optional<std::uint64_t> at,
                                           std::optional<std::uint64_t>& newly_in_order) {
    auto view = detail::state_view(database);
    if (!view) return tl::unexpected(view.error());
    const auto none = [&]() -> std::optional<HeldLog> {
        if (at && *at > 0) return std::nullopt;
        return HeldLog{station, 0, merkle::empty_root()};
    };
    auto accepted = accepted_log(**view, station);
    if (!accepted) return tl::unexpected(accepted.error());
    if (*accepted == nullptr || (*accepted)->size == 0) return none();
    const std::uint64_t size = (*accepted)->size;
    const merkle::Hash& root = (*accepted)->root;
    const std::string what = "the log of station " + station;
    Connection& c = detail::connection_of(database);
    auto snapshot = ReadTransaction::begin_unless_open(c);
    if (!snapshot) return tl::unexpected(snapshot.error());

    // Usually the accepted log is the station's sightings 1..size in sequence order (each
    // import brought the next ones): its head is then the accepted head.
    bool sequential = false;
    if (auto known = (*view)->logs_in_order.find(station); known != (*view)->logs_in_order.end() && known->second == size) {
        sequential = true;
    } else {
        // Leaves an earlier process found in order are only counted as present (the
        // (station, leaf) index answers alone, so a deleted row still shows); the rows above
        // them are read and their ids checked. Checking every row again would read the whole
        // log at every sync round: minutes for millions of sightings.
        std::uint64_t from = 0;
        auto noted = database.meta(in_order_key(station));
        if (!noted) return tl::unexpected(noted.error());
        if (*noted) from = std::min(parse_unsigned(**noted).value_or(0), size);
        if (from > 0) {
            auto present = c.cached("SELECT COUNT(*) FROM sightings WHERE station = ? AND leaf >= 0 AND leaf < ?");
            if (!present) return tl::unexpected(present.error());
            (*present)->bind(1, station).bind(2, static_cast<std::int64_t>(from));
            auto counted = (*present)->step();
            if (!counted) return tl::unexpected(counted.error());
            if (static_cast<std::uint64_t>((*present)->column_int64(0)) != from) from = 0;  // rows gone: check every one
        }
        auto in_order = c.cached("SELECT COUNT(*) FROM sightings WHERE station = ?1 AND leaf >= ?3 AND leaf < ?2 AND id = ?1 || ':' || (leaf + 1)");
        if (!in_order) return tl::unexpected(in_order.error());
        (*in_order)->bind(1, station).bind(2, static_cast<std::int64_t>(size)).bind(3, static_cast<std::int64_t>(from));
        auto counted = (*in_order)->step();
        if (!counted) return tl::unexpected(counted.error());
        sequential = static_cast<std::uint64_t>((*in_order)->column_int64(0)) == size - from;
        if (sequential) {
            (*view)->logs_in_order[station] = size;
            if (size > from) newly_in_order = size;
        }
    }
    if (sequential) {
        if (!at || *at == size) return HeldLog{station, size, root};
        if (*at > size) return std::nullopt;
        if (*at == 0) return HeldLog{station, 0, merkle::empty_root()};
        // A prefix: its head from the stored nodes, proven consistent with the accepted head.
        auto log = detail::Tlog::open(c, detail::station_log_name(station), false);
        if (!log) return tl::unexpected(log.error());
        auto prefix = log->root(*at);
        auto proof = merkle::consistency_proof(log->source(), *at, size);
        if (!prefix || !proof || !merkle::verify_consistency(*at, size, *prefix, root, *proof)) {
            return fail(Errc::signature_invalid, what + " no longer extends from its first " + std::to_string(*at) + " sightings to its accepted head (edited)");
        }
        return HeldLog{station, *at, *prefix};
    }

    // Otherwise (sightings imported out of order, or with gaps): every accepted leaf is read and
    // checked against the accepted head, then the station's own order is rebuilt from the ids.
    auto rows = c.cached("SELECT id, line, signature, leaf FROM sightings WHERE station = ? AND leaf >= 0 AND leaf < ?");
    if (!rows) return tl::unexpected(rows.error());
    (*rows)->bind(1, station).bind(2, static_cast<std::int64_t>(size));
    std::vector<std::optional<merkle::Hash>> by_leaf(static_cast<std::size_t>(size));
    std::map<std::int64_t, merkle::Hash> by_sequence;
    for (;;) {
        auto row = (*rows)->step();
        if (!row) return tl::unexpected(row.error());
        if (!*row) break;
        const auto leaf = static_cast<std::size_t>((*rows)->column_int64(3));
        const merkle::Hash h = detail::record_leaf((*rows)->column_text(1), (*rows)->column_text(2));
        if (by_leaf[leaf]) return fail(Errc::signature_invalid, what + ": two rows claim leaf " + std::to_string(leaf) + " (edited)");
        by_leaf[leaf] = h;
        if (const std::int64_t n = detail::id_sequence((*rows)->column_text(0), station); n > 0) by_sequence.emplace(n, h);
    }
    merkle::Frontier stored;
    std::vector<merkle::Frontier::Node> unused;
    for (std::size_t i = 0; i < by_leaf.size(); ++i) {
        if (!by_leaf[i]) return fail(Errc::signature_invalid, what + ": leaf " + std::to_string(i) + " is missing (deleted)");
        unused.clear();
        stored.append(*by_leaf[i], unused);
    }
    if (stored.root() != root) return fail(Errc::signature_invalid, what + " is not its accepted head (edited)");
    std::uint64_t contiguous = 0;
    for (const auto& [n, h] : by_sequence) {
        if (static_cast<std::uint64_t>(n) != contiguous + 1) break;
        ++contiguous;
    }
    const std::uint64_t want = at.value_or(contiguous);
    if (want > contiguous) return std::nullopt;
    merkle::Frontier ordered;
    auto it = by_sequence.begin();
    for (std::uint64_t i = 0; i < want; ++i, ++it) {
        unused.clear();
        ordered.append(it->second, unused);
    }
    return HeldLog{station, want, ordered.root()};
}

}  // namespace

Result<WitnessReport> witness_report(Database& database, const std::string& now) {
    auto self = database.station();
    if (!self) return tl::unexpected(self.error());
    detail::StationKeys keys(database, *self, now);
    WitnessReport report;
    auto sigs = checked_signatures(database, keys, std::nullopt, &report.problems);
    if (!sigs) return tl::unexpected(sigs.error());
    std::set<std::string> stations;
    for (const auto& s : *sigs) stations.insert(s.station);
    for (const auto& station : stations) {
        auto conflicts = conflicts_of(database, station, *sigs);
        if (!conflicts) return tl::unexpected(conflicts.error());
        report.conflicts.insert(report.conflicts.end(), conflicts->begin(), conflicts->end());
    }
    report.signatures = std::move(*sigs);
    return report;
}

Result<WitnessOutcome> witness_station(Database& database, const std::string& station, const std::string& now) {
    auto self = database.station();
    if (!self) return tl::unexpected(self.error());
    WitnessOutcome outcome;
    if (station == self->id) return outcome;  // a station does not witness its own log
    detail::StationKeys keys(database, *self, now);
    auto sigs = checked_signatures(database, keys, station, nullptr);
    if (!sigs) return tl::unexpected(sigs.error());
    auto conflicts = conflicts_of(database, station, *sigs);
    if (!conflicts) return tl::unexpected(conflicts.error());
    if (!conflicts->empty()) {
        outcome.conflicts = std::move(*conflicts);
        return outcome;
    }
    auto held = held_log(database, station);
    if (!held) return tl::unexpected(held.error());
    if (!*held || (*held)->size == 0) return outcome;
    for (const auto& s : *sigs) {
        if (s.signer == self->id && s.cosignature && s.size == (*held)->size && s.root == (*held)->root) return outcome;  // already cosigned
    }
    CheckpointSignature sig;
    sig.station = station;
    sig.size = (*held)->size;
    sig.root = (*held)->root;
    sig.signer = self->id;
    sig.cosignature = true;
    sig.timestamp = posix_seconds(now);
    auto signature = note::cosign(checkpoint_of(station, sig.size, sig.root), sig.timestamp, station_note_name(self->id), self->key);
    if (!signature) return tl::unexpected(signature.error());
    sig.signature = *signature;
    Connection& c = detail::connection_of(database);
    auto tx = Transaction::begin(c);
    if (!tx) return tl::unexpected(tx.error());
    if (auto stored = store_signature(c, sig); !stored) return tl::unexpected(stored.error());
    if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
    outcome.cosigned = std::move(sig);
    return outcome;
}

Result<CheckpointExport> export_checkpoints(Database& database, const std::filesystem::path& path, const std::string& now) {
    auto made = checkpoints_text(database, now);
    if (!made) return tl::unexpected(made.error());
    if (auto w = detail::write_file_atomic(path, made->first, 0644, true); !w) return tl::unexpected(w.error());
    return made->second;
}

Result<std::pair<std::string, CheckpointExport>> checkpoints_text(Database& database, const std::string& now) {
    auto self = database.station();
    if (!self) return tl::unexpected(self.error());
    Connection& c = detail::connection_of(database);
    // This station's own head, signed (Ed25519 is deterministic: signing it again adds nothing).
    auto own = held_log(database, self->id);
    if (!own) return tl::unexpected(own.error());
    if (*own && (*own)->size > 0) {
        CheckpointSignature sig;
        sig.station = self->id;
        sig.size = (*own)->size;
        sig.root = (*own)->root;
        sig.signer = self->id;
        auto signature = note::sign_ed25519(note::checkpoint_text(checkpoint_of(self->id, sig.size, sig.root)), station_note_name(self->id), self->key);
        if (!signature) return tl::unexpected(signature.error());
        sig.signature = *signature;
        auto tx = Transaction::begin(c);
        if (!tx) return tl::unexpected(tx.error());
        if (auto stored = store_signature(c, sig); !stored) return tl::unexpected(stored.error());
        if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
    }
    detail::StationKeys keys(database, *self, now);
    // Only what verifies goes out: a receiver refuses a file with a bad signature by a trusted key.
    auto sigs = checked_signatures(database, keys, std::nullopt, nullptr);
    if (!sigs) return tl::unexpected(sigs.error());
    std::map<std::tuple<std::string, std::uint64_t, merkle::Hash>, std::vector<note::Signature>> notes;
    for (const auto& s : *sigs) notes[{s.station, s.size, s.root}].push_back(s.signature);
    std::string text = std::string(checkpoints_magic) + "\n";
    CheckpointExport summary;
    for (const auto& [head, signatures] : notes) {
        const auto& [station, size, root] = head;
        const note::Note n{note::checkpoint_text(checkpoint_of(station, size, root)), signatures};
        const std::string formatted = note::format(n);
        text += "note " + merkle::base64_encode(std::span<const std::uint8_t>(reinterpret_cast<const std::uint8_t*>(formatted.data()), formatted.size())) + "\n";
        ++summary.notes;
        summary.signatures += signatures.size();
    }
    return std::pair{std::move(text), summary};
}

Result<std::vector<CheckpointNote>> parse_checkpoints(std::string_view text, std::string_view name_in) {
    const std::string name(name_in);
    std::vector<CheckpointNote> out;
    std::size_t line_no = 0, start = 0;
    bool magic = false;
    while (start < text.size()) {
        const std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) return fail(Errc::bad_format, name + ": the last line has no newline (truncated?)");
        const std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_no;
        const std::string where = name + ": line " + std::to_string(line_no);
        if (!magic) {
            if (line != checkpoints_magic) return fail(Errc::bad_format, name + ": not a checkpoints file (the first line is not '" + std::string(checkpoints_magic) + "')");
            magic = true;
            continue;
        }
        if (line.substr(0, 5) != "note ") return fail(Errc::bad_format, where + ": expected 'note <base64>'");
        auto bytes = merkle::base64_decode(line.substr(5));
        if (!bytes) return fail(Errc::bad_format, where + ": " + bytes.error().message);
        auto n = note::parse(std::string_view(reinterpret_cast<const char*>(bytes->data()), bytes->size()));
        if (!n) return fail(Errc::bad_format, where + ": " + n.error().message);
        auto cp = note::parse_checkpoint(n->text);
        if (!cp) return fail(Errc::bad_format, where + ": " + cp.error().message);
        std::string station = station_of_name(cp->origin);
        if (station.empty() || !cp->extensions.empty()) return fail(Errc::bad_format, where + ": '" + cp->origin + "' is not the head of a station's log");
        out.push_back(CheckpointNote{std::move(station), std::move(*cp), std::move(*n)});
    }
    if (!magic) return fail(Errc::bad_format, name + ": empty file, not a checkpoints file");
    return out;
}

Result<CheckpointImport> import_checkpoints(Database& database, const std::filesystem::path& path, const std::string& now) {
    auto text = read_input_file(path, max_checkpoints_file);
    if (!text) return tl::unexpected(text.error());
    return import_checkpoints_text(database, *text, path.string(), now);
}

Result<CheckpointImport> import_checkpoints_text(Database& database, std::string_view text, const std::string& name, const std::string& now) {
    if (text.size() > max_checkpoints_file) return fail(Errc::bad_format, name + ": larger than a checkpoints file may be");
    auto self = database.station();
    if (!self) return tl::unexpected(self.error());
    detail::StationKeys keys(database, *self, now);
    auto notes = parse_checkpoints(text, name);
    if (!notes) return tl::unexpected(notes.error());
    CheckpointImport summary;
    std::vector<CheckpointSignature> verified;
    for (std::size_t i = 0; i < notes->size(); ++i) {
        const CheckpointNote& n = (*notes)[i];
        const std::string where = name + ": note " + std::to_string(i + 1);
        ++summary.notes;
        for (const auto& signature : n.note.signatures) {
            CheckpointSignature sig;
            sig.station = n.station;
            sig.size = n.checkpoint.size;
            sig.root = n.checkpoint.root;
            sig.signer = station_of_name(signature.name);
            sig.signature = signature;
            auto key = sig.signer.empty() ? Result<PublicKey>(fail(Errc::untrusted_key, "not a station")) : keys.key_of(sig.signer);
            if (!key) {
                ++summary.ignored;  // the spec: signatures by unknown keys are ignored
                continue;
            }
            if (auto ok = check_signature(sig, *key); !ok) {
                if (ok.error().code == Errc::untrusted_key) {
                    ++summary.ignored;
                    continue;
                }
                return fail(Errc::signature_invalid, where + ": " + ok.error().message + " (nothing imported)");
            }
            verified.push_back(std::move(sig));
        }
    }
    Connection& c = detail::connection_of(database);
    {
        auto tx = Transaction::begin(c);
        if (!tx) return tl::unexpected(tx.error());
        for (const auto& sig : verified) {
            auto stored = store_signature(c, sig);
            if (!stored) return tl::unexpected(stored.error());
            if (*stored) ++summary.stored;
        }
        if (auto r = tx->commit(); !r) return tl::unexpected(r.error());
    }
    std::set<std::string> stations;
    for (const auto& sig : verified) stations.insert(sig.station);
    for (const auto& station : stations) {
        if (station == self->id) {
            // Heads of this station's own log that others hold: each must be a head of this log.
            auto sigs = checked_signatures(database, keys, station, nullptr);
            if (!sigs) return tl::unexpected(sigs.error());
            auto conflicts = conflicts_of(database, station, *sigs);
            if (!conflicts) return tl::unexpected(conflicts.error());
            summary.conflicts.insert(summary.conflicts.end(), conflicts->begin(), conflicts->end());
            continue;
        }
        auto outcome = witness_station(database, station, now);
        if (!outcome) return tl::unexpected(outcome.error());
        if (outcome->cosigned) summary.cosigned.push_back(*outcome->cosigned);
        summary.conflicts.insert(summary.conflicts.end(), outcome->conflicts.begin(), outcome->conflicts.end());
    }
    return summary;
}

}  // namespace dimmguard::db
