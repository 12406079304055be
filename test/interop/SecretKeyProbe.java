import java.io.FileInputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;

/**
 * What Java makes of one secret key: java SecretKeyProbe.java FILE TYPE STOREPASS ALIAS [KEYPASS]
 * prints "algorithm=<name> sha256=<hex of getEncoded> use=<ok|error: …>", where "use" initialises
 * the key's own cipher (or MAC) with it, as an application would.
 */
public class SecretKeyProbe {
    public static void main(String[] args) throws Exception {
        KeyStore store = KeyStore.getInstance(args[1]);
        char[] storePass = args[2].toCharArray();
        try (FileInputStream in = new FileInputStream(args[0])) {
            store.load(in, storePass);
        }
        char[] keyPass = args.length > 4 ? args[4].toCharArray() : storePass;
        Key key = store.getKey(args[3], keyPass);
        if (!(key instanceof SecretKey)) {
            System.out.println("not a secret key: " + key);
            return;
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : MessageDigest.getInstance("SHA-256").digest(key.getEncoded())) hex.append(String.format("%02x", b));
        String use;
        try {
            if (key.getAlgorithm().startsWith("Hmac")) Mac.getInstance(key.getAlgorithm()).init(key);
            else Cipher.getInstance(key.getAlgorithm()).init(Cipher.ENCRYPT_MODE, key);
            use = "ok";
        } catch (Exception e) {
            use = "error: " + e;
        }
        System.out.println("algorithm=" + key.getAlgorithm() + " sha256=" + hex + " use=" + use);
    }
}
