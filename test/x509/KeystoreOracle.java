import java.io.FileInputStream;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;

/**
 * What Java reads from a keystorekit-written store: args are file, store type, password. One line per
 * entry: "KEY alias algorithm hex(getEncoded()) chainLength", "SECRET alias algorithm hex(getEncoded())"
 * or "CERT alias"; for a key entry with a chain longer than one, "PKIX alias OK" or "PKIX alias FAIL
 * message" from CertPathValidator with the chain's last certificate as the only trust anchor.
 */
public class KeystoreOracle {
    public static void main(String[] args) throws Exception {
        char[] password = args[2].toCharArray();
        KeyStore store = KeyStore.getInstance(args[1]);
        try (FileInputStream in = new FileInputStream(args[0])) {
            store.load(in, password);
        }
        HexFormat hex = HexFormat.of();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isCertificateEntry(alias)) {
                System.out.println("CERT " + alias);
                continue;
            }
            Key key = store.getKey(alias, password);
            if (key instanceof PrivateKey) {
                java.security.cert.Certificate[] chain = store.getCertificateChain(alias);
                System.out.println("KEY " + alias + " " + key.getAlgorithm() + " " + hex.formatHex(key.getEncoded()) + " " + chain.length);
                if (chain.length > 1) System.out.println("PKIX " + alias + " " + validate(chain));
            } else {
                System.out.println("SECRET " + alias + " " + key.getAlgorithm() + " " + hex.formatHex(key.getEncoded()));
            }
        }
    }

    static String validate(java.security.cert.Certificate[] chain) {
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<java.security.cert.Certificate> path = Arrays.asList(chain).subList(0, chain.length - 1);
            PKIXParameters parameters = new PKIXParameters(Collections.singleton(new TrustAnchor((X509Certificate) chain[chain.length - 1], null)));
            parameters.setRevocationEnabled(false);
            CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
            return "OK";
        } catch (Exception e) {
            return "FAIL " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ");
        }
    }
}
