// Starts Neo4j Community embedded, with Bolt on 127.0.0.1:PORT and auth on, for pactmap's tests.
//
//   java <flags> -cp "lib/*" Launcher.java PORT HOME [USER PASSWORD]
//
// Prints "READY <port>" once the DBMS is built and the user's password is set. Exits cleanly on
// SIGTERM (shutdown hook) and when standard input closes, so it never outlives the process that
// started it. tests/neo4j/server.py drives this; see README.md there.

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.graphdb.QueryExecutionException;
import org.neo4j.logging.NullLogProvider;

public final class Launcher {
    private static final long PAGECACHE_BYTES = 256L * 1024 * 1024;
    private static final String DEFAULT_USER = "neo4j";
    private static final String DEFAULT_PASSWORD = "pactmap-neo4j";

    public static void main(String[] args) throws Exception {
        if (args.length != 2 && args.length != 4) {
            fail("usage: Launcher.java PORT HOME [USER PASSWORD]; got " + args.length + " arguments");
        }
        int port = parsePort(args[0]);
        Path home = Path.of(args[1]).toAbsolutePath();
        String user = args.length == 4 ? args[2] : DEFAULT_USER;
        String password = args.length == 4 ? args[3] : DEFAULT_PASSWORD;
        if (password.length() < 8) {
            fail("password for user '" + user + "' has " + password.length()
                    + " characters; Neo4j requires at least 8");
        }

        DatabaseManagementService dbms = build(home, port);
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));
        setPassword(dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME), user, password);
        System.out.println("READY " + port);
        System.out.flush();
        waitForStdinEof();
        System.exit(0);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        fail("PORT must be an integer in 1..65535, got '" + text + "'");
        return -1;
    }

    private static DatabaseManagementService build(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setUserLogProvider(NullLogProvider.getInstance())
                .setConfig(Map.of(
                        BoltConnector.enabled, true,
                        BoltConnector.listen_address, new SocketAddress("127.0.0.1", port),
                        BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED,
                        GraphDatabaseSettings.auth_enabled, true,
                        GraphDatabaseSettings.pagecache_memory, PAGECACHE_BYTES,
                        GraphDatabaseSettings.preallocate_logical_logs, false,
                        // no usage reports: tests must not send anything off this machine
                        GraphDatabaseSettings.udc_enabled, false))
                .build();
    }

    // Embedded transactions run with full privileges, so the system database accepts user
    // administration here even though auth is on for Bolt clients. The default user exists from
    // the first start (password "neo4j", change required); any other user is created once. On a
    // restart over the same HOME the password is already set, which Neo4j reports as an error.
    private static void setPassword(GraphDatabaseService system, String user, String password) {
        String statement = DEFAULT_USER.equals(user)
                ? "ALTER USER $user SET PASSWORD $password CHANGE NOT REQUIRED"
                : "CREATE USER $user IF NOT EXISTS SET PASSWORD $password CHANGE NOT REQUIRED";
        try {
            system.executeTransactionally(statement, Map.of("user", user, "password", password));
        } catch (QueryExecutionException e) {
            if (!String.valueOf(e.getMessage()).contains("cannot be the same")) {
                throw e;
            }
        }
    }

    private static void waitForStdinEof() throws IOException {
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // discard: standard input only signals that our parent is still alive
        }
    }

    private static void fail(String message) {
        System.err.println("Launcher: " + message);
        System.exit(2);
    }
}
