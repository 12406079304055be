import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A Java SSLServerSocket for the live TLS tests, on 127.0.0.1 and a port the system picks (printed
 * as "PORT n"). Serves the key store's key; with a trust store it requires client authentication
 * (setNeedClientAuth). Answers each connection with a short HTTP response naming the client
 * certificate's subject, and exits after 60 seconds.
 *
 *   java TlsServer.java KEYSTORE TYPE PASS [TRUSTSTORE TYPE PASS]
 */
public class TlsServer {
    public static void main(String[] args) throws Exception {
        KeyStore keys = KeyStore.getInstance(args[1]);
        try (InputStream in = new FileInputStream(args[0])) { keys.load(in, args[2].toCharArray()); }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, args[2].toCharArray());
        TrustManagerFactory tmf = null;
        if (args.length > 3) {
            KeyStore trust = KeyStore.getInstance(args[4]);
            try (InputStream in = new FileInputStream(args[3])) { trust.load(in, args[5].toCharArray()); }
            tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
        SSLServerSocket server = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
        server.setNeedClientAuth(tmf != null);
        Thread timer = new Thread(() -> { try { Thread.sleep(60_000); } catch (InterruptedException e) { } System.exit(0); });
        timer.setDaemon(true);
        timer.start();
        System.out.println("PORT " + server.getLocalPort());
        System.out.flush();
        while (true) {
            try (SSLSocket socket = (SSLSocket) server.accept()) {
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                String peer = tmf == null ? "-" : socket.getSession().getPeerPrincipal().getName();
                byte[] body = ("hello " + peer).getBytes(StandardCharsets.UTF_8);
                OutputStream out = socket.getOutputStream();
                out.write(("HTTP/1.0 200 OK\r\ncontent-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
            } catch (Exception e) {
                // A client that fails the handshake is part of the test.
            }
        }
    }
}
