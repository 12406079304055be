// PasswdCheck.java: opens stores with the passwords given and prints the SHA-256 of each key "k"
// (test/cli/passwd.property.test.ts). Reads lines "FILE TAB TYPE TAB HEX(storepass UTF-8) TAB
// HEX(keypass UTF-8)" from stdin, so that any character survives (argv depends on the locale).
// Prints one line per case: the hash, or the exception.
import java.io.BufferedReader;
import java.io.FileInputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.HexFormat;

public class PasswdCheck {
  public static void main(String[] args) throws Exception {
    BufferedReader lines = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = lines.readLine()) != null && !line.isEmpty(); ) {
      String[] f = line.split("\t", -1);
      try {
        KeyStore store = KeyStore.getInstance(f[1]);
        try (FileInputStream in = new FileInputStream(f[0])) { store.load(in, text(f[2]).toCharArray()); }
        byte[] key = store.getKey("k", text(f[3]).toCharArray()).getEncoded();
        System.out.println(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key)));
      } catch (Exception e) {
        System.out.println("error " + e);
      }
    }
  }

  static String text(String hex) {
    return new String(HexFormat.of().parseHex(hex), StandardCharsets.UTF_8);
  }
}
