import java.io.InputStream;
import java.net.Proxy;
import java.net.URI;
import javax.net.ssl.HttpsURLConnection;

/**
 * A minimal TLS client for the end-to-end test: fetches the URL given as the only argument with
 * Java's default SSLContext, so the trust store comes from the javax.net.ssl.trustStore* system
 * properties exactly as in an application. Prints "OK <status>" on success, otherwise
 * "FAIL <exception class>: <message>" (the causes follow, one per line), and exits 0 or 1.
 *
 * Run as a single-file source program (Java 11+):
 *   java -Djavax.net.ssl.trustStore=truststore.jks -Djavax.net.ssl.trustStorePassword=changeit \
 *        -Djavax.net.ssl.trustStoreType=JKS TlsClient.java https://localhost:8443/
 */
public class TlsClient {
    public static void main(String[] args) {
        if (args.length != 1) {
            System.out.println("usage: java TlsClient.java https://HOST:PORT/");
            System.exit(2);
        }
        try {
            HttpsURLConnection connection = (HttpsURLConnection) URI.create(args[0]).toURL().openConnection(Proxy.NO_PROXY);
            connection.setConnectTimeout(10_000);
            connection.setReadTimeout(10_000);
            int status = connection.getResponseCode();
            try (InputStream body = connection.getInputStream()) {
                body.readAllBytes();
            }
            System.out.println("OK " + status);
            System.exit(0);
        } catch (Exception e) {
            System.out.println("FAIL " + e.getClass().getName() + ": " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.out.println("  caused by " + cause.getClass().getName() + ": " + cause.getMessage());
            }
            System.exit(1);
        }
    }
}
