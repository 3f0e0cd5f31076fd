// Starts a real Apache Solr 9 (embedded Jetty) on 127.0.0.1 for a solr home built by scripts/stack.sh.
// Usage: java -cp 'lib/*' SolrMain.java /absolute/solr/home PORT
// Prints "SOLR READY <base url>" once every core is loaded; SIGTERM stops it cleanly (stopAtShutdown).
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class SolrMain {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrMain SOLR_HOME PORT");
      System.exit(2);
    }
    // Solr 9 asserts that core instance dirs are absolute (the runner's own main passes ".").
    Path home = Paths.get(args[0]).toAbsolutePath().normalize();
    int port = Integer.parseInt(args[1]);
    System.setProperty("solr.solr.home", home.toString());
    JettyConfig config = JettyConfig.builder().setPort(port).stopAtShutdown(true).build();
    JettySolrRunner runner = new JettySolrRunner(home.toString(), new Properties(), config);
    runner.start();
    System.out.println("SOLR READY " + runner.getBaseUrl());
    System.out.flush();
    Thread.currentThread().join();
  }
}
