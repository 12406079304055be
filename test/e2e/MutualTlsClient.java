import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal mutual-TLS client for the end-to-end test: connects to HOST:PORT with Java's default
 * SSLContext, so the key store and the trust store come from the javax.net.ssl.keyStore* and
 * javax.net.ssl.trustStore* system properties exactly as in an application. It sends one HTTP
 * request and reads the answer itself (HttpsURLConnection would hide a TLS 1.3 server's alert
 * behind "Error writing to server"). Prints "OK <status line>" on success, otherwise
 * "FAIL <exception class>: <message>" (the causes follow, one per line), and exits 0 or 1.
 *
 * Run as a single-file source program (Java 11+):
 *   java -Djavax.net.ssl.keyStore=client.p12 -Djavax.net.ssl.keyStorePassword=changeit \
 *        -Djavax.net.ssl.trustStore=client.p12 -Djavax.net.ssl.trustStorePassword=changeit \
 *        MutualTlsClient.java 127.0.0.1 8443
 */
public class MutualTlsClient {
    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.out.println("usage: java MutualTlsClient.java HOST PORT [greeting|http]");
            System.exit(2);
        }
        try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket(args[0], Integer.parseInt(args[1]))) {
            socket.startHandshake();
            // TLS 1.3: the server checks the client's certificate after the client's handshake is
            // done, so its alert comes after startHandshake. Read before writing: a write to a
            // server that already refused ends in "Broken pipe", which hides the alert.
            InputStream in = socket.getInputStream();
            boolean greets = args.length > 2 && args[2].equals("greeting");
            String status;
            if (greets) {
                socket.setSoTimeout(10_000);
                status = readLine(in);
            } else {
                socket.setSoTimeout(1_000);
                try {
                    int first = in.read();
                    throw new java.io.IOException("the server spoke first (" + first + ")");
                } catch (SocketTimeoutException quiet) {
                    // No alert: the server took the certificate. Ask for a page.
                }
                socket.setSoTimeout(10_000);
                OutputStream out = socket.getOutputStream();
                out.write(("GET / HTTP/1.0\r\nHost: " + args[0] + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                status = readLine(in);
            }
            if (status.isEmpty()) throw new java.io.IOException("the server closed the connection without an answer");
            System.out.println("OK " + status + " " + socket.getSession().getProtocol());
            System.exit(0);
        } catch (Exception e) {
            System.out.println("FAIL " + e.getClass().getName() + ": " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                System.out.println("  caused by " + cause.getClass().getName() + ": " + cause.getMessage());
            }
            System.exit(1);
        }
    }

    /** The first line the server sends (without its line break), or "" when it closes first. */
    private static String readLine(InputStream in) throws java.io.IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') line.append((char) c);
        }
        return line.toString();
    }
}
