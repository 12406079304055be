import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.HexFormat;

/**
 * What the JVM got: the javax.net.ssl store properties (hex of their UTF-8 bytes, so that any
 * character survives the trip to the test) and whether the store they name loads with them,
 * as the JSSE default context loads it. One JSON line on stdout. Argument: "trustStore" or "keyStore".
 */
public class PrintProps {
    public static void main(String[] args) throws Exception {
        String prefix = "javax.net.ssl." + (args.length > 0 ? args[0] : "trustStore");
        String path = System.getProperty(prefix);
        String password = System.getProperty(prefix + "Password");
        String type = System.getProperty(prefix + "Type");
        String load;
        int size = -1;
        try (FileInputStream in = new FileInputStream(path)) {
            KeyStore store = KeyStore.getInstance(type);
            store.load(in, password == null ? null : password.toCharArray());
            size = store.size();
            load = "ok";
        } catch (Exception e) {
            load = e.getClass().getName() + ": " + e.getMessage();
        }
        System.out.println("{\"path\":" + hex(path) + ",\"password\":" + hex(password) + ",\"type\":" + hex(type)
            + ",\"size\":" + size + ",\"load\":" + hex(load) + "}");
    }

    private static String hex(String value) {
        return value == null ? "null" : "\"" + HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8)) + "\"";
    }
}
