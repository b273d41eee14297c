package researchgraph;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilders;

/**
 * Starts an in-process Neo4j for tests: Bolt on 127.0.0.1 (port from argv[0], 0 = any free one),
 * auth off, HTTP off. Prints "BOLT_URI=bolt://..." once ready, then blocks until killed.
 *
 * The store files live in argv[1]/data, outside the harness's own random sub-folder (which it deletes
 * on close), so a restart on the same port and directory comes back with the same graph: the outage
 * test stops and restarts the server and expects its data to still be there.
 */
public final class TestServer {
    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        Path work = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("rg-neo4j");
        Neo4j server = Neo4jBuilders.newInProcessBuilder(work)
                .withDisabledServer()
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .withConfig(GraphDatabaseSettings.auth_enabled, false)
                .withConfig(GraphDatabaseSettings.data_directory, work.resolve("data").toAbsolutePath())
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        URI bolt = server.boltURI();
        System.out.println("BOLT_URI=" + bolt);
        System.out.flush();
        new CountDownLatch(1).await();
    }
}
