// The local Neo4j of hls-graph: Neo4j 5.26 Community, embedded, with its Bolt connector on
// 127.0.0.1. Run as a single-file source program (java -cp <jars> Launcher.java ...), so the repo
// holds no build: graph/core/local_neo4j.py asks Maven for the class path and starts this.
//
// Arguments: <data dir> <bolt port> <page cache size, e.g. 256m>
// Prints "hls-graph: neo4j ready <version> <edition>" once Bolt listens; a shutdown hook stops the
// database cleanly on SIGTERM/SIGINT so the store is never left half-written.

import java.nio.file.Files;
import java.time.Duration;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;
import org.neo4j.io.ByteUnit;

public class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: Launcher <data dir> <bolt port> <page cache>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = ByteUnit.parse(args[2]);
        Files.createDirectories(home);

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                // Idle Bolt workers need not hold up a stop for the 5 s default.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("hls-graph: neo4j stopping");
            System.out.flush();
            service.shutdown();
            System.out.println("hls-graph: neo4j stopped");
            System.out.flush();
            stopped.countDown();
        }, "hls-graph-shutdown"));

        GraphDatabaseService db = service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        String[] version = db.executeTransactionally(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS v, edition AS e",
                java.util.Map.of(),
                result -> {
                    var row = result.next();
                    return new String[] {(String) row.get("v"), (String) row.get("e")};
                });
        System.out.println("hls-graph: neo4j ready " + version[0] + " " + version[1]
                + " bolt://127.0.0.1:" + port);
        System.out.flush();
        stopped.await();
    }
}
