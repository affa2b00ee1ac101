// SPDX-License-Identifier: GPL-3.0-or-later
// `dimmguard registry init | trust | import | status`: the local signed registry.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dimmguard/input_file.hpp"
#include "command_list.hpp"
#include "commands.hpp"
#include "output.hpp"
#include "db/database.hpp"
#include "db/import.hpp"
#include "db/keys.hpp"
#include "db/sqlite_registry.hpp"
#include "db/trust.hpp"

namespace dimmguard::cli {
namespace {

struct Common {
    std::string data_dir;
    std::string now;
    [[nodiscard]] std::filesystem::path dir() const { return data_dir.empty() ? db::default_data_dir() : std::filesystem::path(data_dir); }
    [[nodiscard]] std::string time() const { return now.empty() ? db::utc_now() : now; }
};

void add_common(CLI::App* sub, Common& c) {
    sub->add_option("--data-dir", c.data_dir, "registry data directory (default: $DIMMGUARD_DATA_DIR or ~/.local/share/dimmguard)");
    sub->add_option("--now", c.now, "time for expiry checks, YYYY-MM-DDTHH:MM:SSZ (testing)")->group("");
}

struct InitOptions {
    Common common;
    std::vector<std::string> root_keys;
    int threshold = 1;
    bool force = false;
};

int run_init(const InitOptions& o) {
    std::vector<db::PublicKey> roots;
    for (const auto& path : o.root_keys) {
        auto key = public_key_argument(path);
        if (!key) return report_registry_error(key.error());
        roots.push_back(*key);
    }
    auto database = db::Database::open(o.common.dir());
    if (!database) return report_registry_error(database.error());
    db::TrustStore store(*database);
    if (auto r = store.init(roots, o.threshold, o.force); !r) return report_registry_error(r.error());
    std::cout << "registry " << o.common.dir().string() << ": pinned " << roots.size() << " root key" << (roots.size() == 1 ? "" : "s")
              << " (threshold " << o.threshold << ")";
    for (const auto& k : roots) std::cout << "\n  root " << k.id();
    std::cout << "\nnext: 'dimmguard registry trust DOC' with a trust document signed by the root key(s)\n";
    return exit_ok;
}

struct FileOptions {
    Common common;
    std::string file;
};

Result<std::string> read_text(const std::string& path) { return read_input_file(path, 4U << 20); }

int run_trust(const FileOptions& o) {
    auto text = read_text(o.file);
    if (!text) return report_registry_error(text.error());
    auto database = db::Database::open(o.common.dir());
    if (!database) return report_registry_error(database.error());
    db::TrustStore store(*database);
    auto doc = store.accept_document(*text, o.common.time());
    if (!doc) return report_registry_error(Error{doc.error().code, o.file + ": " + doc.error().message});
    std::cout << o.file << ": accepted trust document v" << doc->version << " (expires " << doc->expires << "), "
              << doc->publishers.size() << " publisher" << (doc->publishers.size() == 1 ? "" : "s") << '\n';
    for (const auto& p : doc->publishers) {
        std::string roles;
        for (std::size_t i = 0; i < p.roles.size(); ++i) roles += (i ? "," : "") + p.roles[i];
        std::cout << "  publisher " << p.key_id << "  " << roles << "  until " << p.expires << '\n';
    }
    return exit_ok;
}

int run_import(const FileOptions& o, bool quiet) {
    auto database = db::Database::open(o.common.dir());
    if (!database) return report_registry_error(database.error());
    auto progress = [quiet](const db::ImportProgress& p) {
        if (quiet) return;
        std::fprintf(stderr, "dimmguard: %s %llu/%llu records\n", std::string(p.phase).c_str(), static_cast<unsigned long long>(p.done),
                     static_cast<unsigned long long>(p.total));
    };
    auto r = db::import_bundle(*database, o.file, o.common.time(), progress);
    if (!r) return report_registry_error(r.error());
    const auto& h = r->header;
    if (r->already_imported) {
        std::cout << o.file << ": already imported (" << h.role << " v" << h.version << " from " << h.publisher << "); nothing changed\n";
    } else {
        std::cout << o.file << ": imported " << r->records << ' ' << h.role << " records, v" << h.version << " from " << h.publisher
                  << " (expires " << h.expires << ")\n";
    }
    return exit_ok;
}

std::string roles_of(const db::TrustedPublisher& p) {
    std::string roles;
    for (std::size_t i = 0; i < p.roles.size(); ++i) roles += (i ? "," : "") + p.roles[i];
    return roles;
}

int run_adopt(const Common& c) {
    auto database = db::Database::open_existing(c.dir());
    if (!database) return report_registry_error(database.error());
    auto r = db::adopt_registry(*database);
    if (!r) return report_registry_error(r.error());
    for (const auto& p : r->problems) std::cerr << "dimmguard: " << p << '\n';
    std::cout << "adopted " << r->bundles << " bundles (" << r->records << " records) and " << r->sightings
              << " sightings as the trusted state; " << r->problems.size() << " left out\n";
    return r->problems.empty() ? exit_ok : exit_registry;
}

int run_status(const Common& c, bool json) {
    const auto dir = c.dir();
    auto database = db::Database::open_read_only(dir);   // a look: never creates or writes a registry
    if (!database) return report_registry_error(database.error());
    const std::string now = c.time();
    auto st = db::registry_status(*database, now);
    if (!st) return report_registry_error(st.error());
    int status = exit_ok;
    if (!st->initialised || !st->trust || st->trust_problem || !st->integrity_problems.empty()) status = exit_registry;
    for (const auto& b : st->bundles) {
        if (b.problem) status = exit_registry;
    }
    if (json) {
        nlohmann::ordered_json doc;
        doc["schema_version"] = 1;
        doc["command"] = "registry status";
        doc["data_dir"] = dir.string();
        doc["now"] = now;
        doc["initialised"] = st->initialised;
        doc["threshold"] = st->pinned.threshold;
        doc["pinned_roots"] = nlohmann::ordered_json::array();
        for (const auto& r : st->pinned.roots) doc["pinned_roots"].push_back(r.key_id);
        if (st->trust) {
            nlohmann::ordered_json t;
            t["version"] = st->trust->version;
            t["created"] = st->trust->created;
            t["expires"] = st->trust->expires;
            t["expired"] = st->trust->expires <= now;
            t["threshold"] = st->trust->threshold;
            t["roots"] = nlohmann::ordered_json::array();
            for (const auto& r : st->trust->roots) t["roots"].push_back(r.key_id);
            t["publishers"] = nlohmann::ordered_json::array();
            for (const auto& p : st->trust->publishers) {
                t["publishers"].push_back({{"key_id", p.key_id}, {"roles", p.roles}, {"expires", p.expires}, {"expired", p.expires <= now}});
            }
            doc["trust_document"] = t;
        } else {
            doc["trust_document"] = nullptr;
        }
        doc["trust_problem"] = st->trust_problem ? nlohmann::ordered_json(*st->trust_problem) : nlohmann::ordered_json(nullptr);
        doc["bundles"] = nlohmann::ordered_json::array();
        for (const auto& b : st->bundles) {
            doc["bundles"].push_back({{"publisher", b.publisher}, {"role", b.role}, {"version", b.version}, {"created", b.created},
                                      {"expires", b.expires}, {"expired", b.expired}, {"records", b.records}, {"digest", b.digest},
                                      {"imported", b.imported},
                                      {"problem", b.problem ? nlohmann::ordered_json(*b.problem) : nlohmann::ordered_json(nullptr)}});
        }
        doc["records"] = {{"parts", st->parts}, {"serials", st->serials}, {"revocations", st->revocations}};
        doc["integrity_problems"] = st->integrity_problems;
        doc["exit_status"] = status;
        std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
        return status;
    }
    std::ostringstream out;
    out << "registry " << dir.string() << '\n';
    if (!st->initialised) {
        out << "trust: not initialised (run 'dimmguard registry init --root-key PUB')\n";
    } else {
        out << "pinned roots (threshold " << st->pinned.threshold << "):\n";
        for (const auto& r : st->pinned.roots) out << "  " << r.key_id << '\n';
    }
    if (st->trust) {
        const auto& t = *st->trust;
        out << "trust document v" << t.version << ", created " << t.created << ", expires " << t.expires
            << (t.expires <= now ? "  EXPIRED" : "") << '\n';
        out << "  roots for the next document (threshold " << t.threshold << "):\n";
        for (const auto& r : t.roots) out << "    " << r.key_id << '\n';
        out << "  publishers:\n";
        for (const auto& p : t.publishers) {
            out << "    " << p.key_id << "  " << roles_of(p) << "  until " << p.expires << (p.expires <= now ? "  EXPIRED" : "") << '\n';
        }
    } else if (st->initialised) {
        out << "trust document: none accepted yet (run 'dimmguard registry trust DOC')\n";
    }
    if (st->trust_problem) out << "trust problem: " << *st->trust_problem << '\n';
    out << "bundles:" << (st->bundles.empty() ? " none" : "") << '\n';
    for (const auto& b : st->bundles) {
        out << "  " << b.publisher << "  " << b.role << " v" << b.version << "  " << b.records << " records  expires " << b.expires
            << (b.expired ? "  EXPIRED" : "") << (b.problem ? "  UNTRUSTED: " + *b.problem : "") << '\n';
    }
    out << "records: " << st->parts << " parts, " << st->serials << " serials, " << st->revocations << " revocations\n";
    out << "integrity against the trusted state: " << (st->integrity_problems.empty() ? "ok" : "PROBLEMS") << '\n';
    for (const auto& p : st->integrity_problems) out << "  " << p << '\n';
    std::cout << out.str();
    return status;
}

}  // namespace

void register_registry(CLI::App& app, Runner& run) {
    CLI::App* cmd = app.add_subcommand("registry", command_description("registry"));
    cmd->require_subcommand(1);
    set_footer(cmd, "registry", "A registry or trust problem: a refused bundle or document, expired, tampered, not initialised.");
    {
        auto o = std::make_shared<InitOptions>();
        CLI::App* sub = cmd->add_subcommand("init", "Pin the root public keys that sign trust documents");
        sub->add_option("--root-key", o->root_keys, "root public key (PEM file or 64 hex digits)")->required();
        sub->add_option("--threshold", o->threshold, "root signatures the first trust document needs (default 1)");
        sub->add_flag("--force", o->force, "replace pinned roots and forget every accepted trust document");
        add_common(sub, o->common);
        sub->callback([o, &run] { run = [o] { return run_init(*o); }; });
    }
    {
        auto o = std::make_shared<FileOptions>();
        CLI::App* sub = cmd->add_subcommand("trust", "Accept a root-signed trust document (publisher keys, roles, expiry)");
        sub->add_option("file", o->file, "trust document from 'dimmguard bundle trust'")->required();
        add_common(sub, o->common);
        sub->callback([o, &run] { run = [o] { return run_trust(*o); }; });
    }
    {
        auto o = std::make_shared<FileOptions>();
        auto quiet = std::make_shared<bool>(false);
        CLI::App* sub = cmd->add_subcommand("import", "Verify a signed bundle, then import it in one transaction (all or nothing)");
        sub->add_option("file", o->file, "signed bundle")->required();
        sub->add_flag("--quiet,-q", *quiet, "no progress lines on stderr");
        add_common(sub, o->common);
        sub->callback([o, quiet, &run] { run = [o, quiet] { return run_import(*o, *quiet); }; });
    }
    {
        auto o = std::make_shared<Common>();
        auto json = std::make_shared<bool>(false);
        CLI::App* sub = cmd->add_subcommand("adopt", "Re-verify every signature in the registry and trust the result (after the trusted state was lost)");
        add_common(sub, *o);
        sub->callback([o, &run] { run = [o] { return run_adopt(*o); }; });
    }
    {
        auto o = std::make_shared<Common>();
        auto json = std::make_shared<bool>(false);
        CLI::App* sub = cmd->add_subcommand("status", "Show trust roots, publishers, bundles, versions, expiry and integrity");
        sub->add_flag("--json", *json, "print one JSON document");
        add_common(sub, *o);
        sub->callback([o, json, &run] { run = [o, json] { return run_status(*o, *json); }; });
    }
}

int report_registry_error(const Error& e) {
    std::cerr << "dimmguard: " << e.message << '\n';
    return engine::exit_status_of(e);   // the one rule: usage 1, unreadable input 2, registry 16
}

}  // namespace dimmguard::cli
