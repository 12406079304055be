import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a Java HTTPS client says about a server, for the live TLS tests (127.0.0.1 only). For each
 * target PORT/NAME it opens a plain socket to 127.0.0.1:PORT, layers TLS over it with
 * SSLSocketFactory.createSocket(socket, NAME, PORT, true) (so NAME is the host Java checks and sends
 * as SNI), turns on HTTPS endpoint identification as HttpsURLConnection does, handshakes, sends an
 * HTTP request and reads the answer (so a TLS 1.3 client-certificate alert surfaces). One line per
 * target: "PORT/NAME OK" or "PORT/NAME FAIL <exception class>: <message>" with " | caused by …".
 *
 *   java TlsProbeClient.java TRUST(.pem | store) TYPE PASS KEYSTORE|- KTYPE KPASS PORT/NAME...
 *
 * A .pem trust argument is loaded as the only trusted certificates (TYPE and PASS are ignored).
 */
public class TlsProbeClient {
    public static void main(String[] args) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore(args[0], args[1], args[2]));
        KeyManagerFactory kmf = null;
        if (!args[3].equals("-")) {
            KeyStore keys = KeyStore.getInstance(args[4]);
            try (InputStream in = new FileInputStream(args[3])) { keys.load(in, args[5].toCharArray()); }
            kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, args[5].toCharArray());
        }
        context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        for (int i = 6; i < args.length; i++) {
            String target = args[i];
            int slash = target.indexOf('/');
            int port = Integer.parseInt(target.substring(0, slash));
            String name = target.substring(slash + 1);
            System.out.println(target + " " + attempt(context, port, name));
        }
    }

    static KeyStore trustStore(String path, String type, String password) throws Exception {
        if (path.endsWith(".pem")) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            try (InputStream in = new FileInputStream(path)) {
                int n = 0;
                for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    store.setCertificateEntry("ca" + n++, (X509Certificate) cert);
                }
            }
            return store;
        }
        KeyStore store = KeyStore.getInstance(type);
        try (InputStream in = new FileInputStream(path)) { store.load(in, password.toCharArray()); }
        return store;
    }

    static String attempt(SSLContext context, int port, String name) {
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            plain.setSoTimeout(5_000);
            try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(plain, name, port, true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                OutputStream out = socket.getOutputStream();
                out.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.getInputStream().read();
                return "OK " + socket.getSession().getProtocol();
            }
        } catch (Exception e) {
            StringBuilder line = new StringBuilder("FAIL " + e.getClass().getName() + ": " + e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                line.append(" | caused by ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
            }
            return line.toString().replace('\n', ' ');
        }
    }
}
