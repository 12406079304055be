import javax.security.auth.x500.X500Principal;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The reference for keystorekit's -dname parser: each input line is the hex of a UTF-8 -dname text;
 * each output line is "OK <hex DER of the Name> <hex UTF-8 of getName() of the Name read back from that DER>" or "ERR <message>",
 * as new X500Principal(String) (the parser keytool's -dname uses) answers.
 */
public class DnameOracle {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        HexFormat hex = HexFormat.of();
        for (String line; (line = in.readLine()) != null; ) {
            String text = new String(hex.parseHex(line), StandardCharsets.UTF_8);
            try {
                X500Principal principal = new X500Principal(text);
                System.out.println("OK " + hex.formatHex(principal.getEncoded()) + " "
                        + hex.formatHex(new X500Principal(principal.getEncoded()).getName().getBytes(StandardCharsets.UTF_8)));
            } catch (Exception e) {
                System.out.println("ERR " + String.valueOf(e.getMessage()).replaceAll("\\s+", " "));
            }
        }
    }
}
