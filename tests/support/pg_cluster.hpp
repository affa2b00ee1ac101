// SPDX-License-Identifier: GPL-3.0-or-later
// A throwaway PostgreSQL server for one test (issue #17): initdb in a temporary directory, then
// postgres on a unix socket in it and on a free 127.0.0.1 port, stopped (fast shutdown) and
// removed at scope exit. PostgreSQL refuses to run as root, so when the tests run as root (CI)
// the cluster belongs to `nobody` and its programs run through setpriv. The administrator role
// is `dimmguard_admin` (trust on the socket and on 127.0.0.1: the tests' own machine); station
// logins get passwords (SCRAM) so the tests also use ~/.pgpass the way stations do.
#pragma once

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "temp_dir.hpp"

namespace test_support {

inline constexpr const char* pg_bin = "/usr/lib/postgresql/15/bin";

/// True when PostgreSQL 15's server programs are installed (Debian's postgresql-15).
inline bool postgres_available() { return std::filesystem::exists(std::filesystem::path(pg_bin) / "initdb"); }

class PgCluster {
public:
    PgCluster() {
        if (!postgres_available()) FAIL("PostgreSQL 15 is not installed (" << pg_bin << "/initdb): apt-get install postgresql");
        root_ = geteuid() == 0;
        if (root_) {
            const passwd* nobody = getpwnam("nobody");
            if (nobody == nullptr) FAIL("no user 'nobody' to run PostgreSQL as");
            uid_ = nobody->pw_uid;
            gid_ = nobody->pw_gid;
            REQUIRE(::chown(dir_.path().c_str(), uid_, gid_) == 0);
        }
        port_ = free_port();
        run({std::string(pg_bin) + "/initdb", "-D", data().string(), "-U", "dimmguard_admin", "--auth-local=trust", "--auth-host=scram-sha-256",
             "--no-sync", "-E", "UTF8", "--locale=C.UTF-8"},
            "initdb");
        // 127.0.0.1 as the administrator: trust (before the scram line initdb wrote).
        {
            std::ifstream in(data() / "pg_hba.conf");
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::ofstream out(data() / "pg_hba.conf");
            out << "host all dimmguard_admin 127.0.0.1/32 trust\n" << text;
        }
        start();
    }
    /// A hot standby of `primary`: pg_basebackup of it (streaming its WAL, -R so it follows the
    /// primary), started on its own port and socket. It answers reads and refuses writes, as
    /// a read replica of a fleet server does.
    struct Standby {};
    PgCluster(const PgCluster& primary, Standby) {
        root_ = primary.root_;
        uid_ = primary.uid_;
        gid_ = primary.gid_;
        if (root_) REQUIRE(::chown(dir_.path().c_str(), uid_, gid_) == 0);
        port_ = free_port();
        run({std::string(pg_bin) + "/pg_basebackup", "-D", data().string(), "-R", "-X", "stream", "-c", "fast", "--no-sync", "-h",
             primary.dir().string(), "-p", std::to_string(primary.port()), "-U", "dimmguard_admin"},
            "pg_basebackup");
        start();
    }
    ~PgCluster() { stop(); }
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    void start() {
        run({std::string(pg_bin) + "/pg_ctl", "-D", data().string(), "-l", (dir_.path() / "server.log").string(), "-w", "-t", "60", "-o",
             "-k " + dir_.path().string() + " -c listen_addresses=127.0.0.1 -p " + std::to_string(port_) +
                 " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=50" +
                 (tls_ ? " -c ssl=on -c ssl_cert_file=server.crt -c ssl_key_file=server.key" : ""),
             "start"},
            "pg_ctl start");
        running_ = true;
    }

    /// A throwaway certificate authority in `dir`: ca.crt and ca.key (openssl, P-256).
    static void make_ca(const std::filesystem::path& dir, const std::string& name) {
        std::filesystem::create_directories(dir);
        shell("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj '/CN=" + name + "' -keyout '" +
                  (dir / "ca.key").string() + "' -out '" + (dir / "ca.crt").string() + "'",
              "openssl: the test CA");
    }
    /// Serve TLS: a certificate for the name "localhost" only, signed by a throwaway CA, and
    /// TCP connections without TLS refused (hostnossl ... reject). Restarts the server. Returns
    /// the CA certificate a station names in sslrootcert.
    std::filesystem::path enable_tls() {
        const auto tls = dir_.path() / "tls";
        make_ca(tls, "dimmguard test CA");
        const std::string t = tls.string();
        {
            std::ofstream ext(tls / "server.ext");
            ext << "subjectAltName=DNS:localhost\n";
        }
        shell("openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=localhost -keyout '" + t + "/server.key' -out '" + t +
                  "/server.csr' && openssl x509 -req -days 2 -in '" + t + "/server.csr' -CA '" + t + "/ca.crt' -CAkey '" + t +
                  "/ca.key' -CAcreateserial -extfile '" + t + "/server.ext' -out '" + t + "/server.crt'",
              "openssl: the server certificate");
        for (const char* name : {"server.crt", "server.key"}) {
            std::filesystem::copy_file(tls / name, data() / name, std::filesystem::copy_options::overwrite_existing);
            if (root_) REQUIRE(::chown((data() / name).c_str(), uid_, gid_) == 0);
            REQUIRE(::chmod((data() / name).c_str(), 0600) == 0);
        }
        {
            std::ifstream in(data() / "pg_hba.conf");
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::ofstream out(data() / "pg_hba.conf");
            out << "hostnossl all all 127.0.0.1/32 reject\n" << text;
        }
        stop();
        tls_ = true;
        start();
        return tls / "ca.crt";
    }
    void stop() {
        if (!running_) return;
        running_ = false;
        // A fast (clean) shutdown: with synchronous_commit=off an immediate one can lose the last
        // commits (a login just created, its password), and a test that starts the server again
        // (enable_tls, a server stopped mid-run) would find them gone.
        (void)run_status({std::string(pg_bin) + "/pg_ctl", "-D", data().string(), "-m", "fast", "-w", "stop"});
    }
    [[nodiscard]] bool running() const { return running_; }

    [[nodiscard]] int port() const { return port_; }
    [[nodiscard]] const std::filesystem::path& dir() const { return dir_.path(); }
    /// The administrator's connection string (unix socket).
    [[nodiscard]] std::string admin() const { return "host=" + dir_.path().string() + " port=" + std::to_string(port_) + " user=dimmguard_admin dbname=postgres"; }
    /// A login's connection string over TCP to 127.0.0.1 (its password from PGPASSFILE or given).
    [[nodiscard]] std::string tcp(const std::string& user, const std::string& password = {}) const {
        return "host=127.0.0.1 port=" + std::to_string(port_) + " user=" + user + " dbname=postgres" + (password.empty() ? "" : " password=" + password);
    }
    /// Run SQL as the administrator through psql; true when psql exits 0.
    bool psql(const std::string& sql) const {
        return run_status({"/usr/bin/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", admin(), "-c", sql}, /*as_cluster_user=*/false) == 0;
    }
    /// Create login `name` with `password`.
    void create_login(const std::string& name, const std::string& password) const {
        REQUIRE(psql("CREATE ROLE " + name + " LOGIN PASSWORD '" + password + "'"));
    }

private:
    std::filesystem::path data() const { return dir_.path() / "data"; }

    static int free_port() {
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(s >= 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = 0;
        REQUIRE(::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        socklen_t len = sizeof a;
        REQUIRE(::getsockname(s, reinterpret_cast<sockaddr*>(&a), &len) == 0);
        ::close(s);
        return ntohs(a.sin_port);
    }

    int run_status(std::vector<std::string> argv, bool as_cluster_user = true) const {
        if (root_ && as_cluster_user) {
            argv.insert(argv.begin(), {"/usr/bin/setpriv", "--reuid=" + std::to_string(uid_), "--regid=" + std::to_string(gid_), "--clear-groups"});
        }
        const std::string log = (dir_.path() / "commands.log").string();
        const pid_t pid = ::fork();
        if (pid == 0) {
            std::vector<char*> args;
            for (auto& a : argv) args.push_back(a.data());
            args.push_back(nullptr);
            if (std::FILE* f = std::fopen(log.c_str(), "a")) {
                ::dup2(::fileno(f), 1);
                ::dup2(::fileno(f), 2);
            }
            ::chdir("/");
            ::execv(args[0], args.data());
            ::_exit(127);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    }
    void run(const std::vector<std::string>& argv, const char* what) const {
        if (run_status(argv) != 0) {
            std::ifstream in(dir_.path() / "commands.log");
            std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            std::ifstream server(dir_.path() / "server.log");
            std::string stext((std::istreambuf_iterator<char>(server)), std::istreambuf_iterator<char>());
            FAIL(what << " failed:\n" << text << "\n" << stext);
        }
    }

    static void shell(const std::string& command, const char* what) {
        const int status = std::system((command + " > /dev/null 2>&1").c_str());
        if (status != 0) FAIL(what << " failed: " << command);
    }

    TempDir dir_;
    bool tls_ = false;
    bool root_ = false;
    uid_t uid_ = 0;
    gid_t gid_ = 0;
    int port_ = 0;
    bool running_ = false;
};

}  // namespace test_support
