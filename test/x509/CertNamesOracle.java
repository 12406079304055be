import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;

/**
 * What Java prints for a certificate's names: each input line is the hex of the hex of a DER certificate
 * (test/helpers/java-oracle.ts hex-encodes every input); each
 * output line is "<hex UTF-8 of getSubjectX500Principal().getName()> <SAN>…", one SAN per
 * getSubjectAlternativeNames() entry as "<type>:<hex UTF-8 of its String value>" ("-" when the
 * certificate has none), or "ERR <message>".
 */
public class CertNamesOracle {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        HexFormat hex = HexFormat.of();
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (String line; (line = in.readLine()) != null; ) {
            try {
                // askJava sends each input as hex of its UTF-8 text; the text is the certificate's DER in hex.
                byte[] der = hex.parseHex(new String(hex.parseHex(line), StandardCharsets.US_ASCII));
                X509Certificate certificate = (X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der));
                StringBuilder out = new StringBuilder(hex.formatHex(certificate.getSubjectX500Principal().getName().getBytes(StandardCharsets.UTF_8)));
                Collection<List<?>> names = certificate.getSubjectAlternativeNames();
                if (names == null) out.append(" -");
                else for (List<?> name : names) {
                    out.append(' ').append(name.get(0)).append(':').append(hex.formatHex(String.valueOf(name.get(1)).getBytes(StandardCharsets.UTF_8)));
                }
                System.out.println(out);
            } catch (Exception e) {
                System.out.println("ERR " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            }
        }
    }
}
