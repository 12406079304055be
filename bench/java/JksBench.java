// In-process timing of Java's own KeyStore on the benchmark inputs, with the same rules as
// bench/lib/harness.mjs: warmup, then samples until 1 s (and 3 runs) or <runs> runs (50 warmup runs or 300 ms); median, p90.
//
//   java [-Dbench.type=PKCS12] bench/java/JksBench.java <file> <password> <runs> [<more files...>]
//
// bench.type is the KeyStore type (default JKS; PKCS12 for the .p12 inputs, where `save` is reported
// as `save-java`: Java 17+ writes what keystorekit's "java" profile writes).
//
// Prints one JSON object per line: {"file", "op", "medianMs", "p90Ms", "minMs", "runs"}.
// Ops: load (KeyStore.load with the password: digest verified, every certificate parsed),
// list (load + aliases + SHA-256 of every certificate), save (store of a loaded KeyStore),
// decrypt-keys (getKey of every key entry of a loaded KeyStore; stores with keys only).
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

public class JksBench {
    interface Op { Object run() throws Exception; }

    static Object sink;

    static double[] measure(Op op, int maxRuns) throws Exception {
        long warmStart = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            sink = op.run();
            if (System.nanoTime() - warmStart > 300_000_000L) break;
        }
        List<Double> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            long t0 = System.nanoTime();
            sink = op.run();
            samples.add((System.nanoTime() - t0) / 1e6);
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (samples.size() >= maxRuns || elapsed >= 10_000) break;
            if (elapsed >= 1000 && samples.size() >= 3) break;
        }
        Collections.sort(samples);
        int n = samples.size();
        double median = n % 2 == 1 ? samples.get((n - 1) / 2) : (samples.get(n / 2 - 1) + samples.get(n / 2)) / 2;
        double p90 = samples.get(Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1));
        return new double[] { median, p90, samples.get(0), n };
    }

    static final String TYPE = System.getProperty("bench.type", "JKS");
    static final String SAVE_OP = TYPE.equals("PKCS12") ? "save-java" : "save";

    static KeyStore load(byte[] bytes, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance(TYPE);
        store.load(new ByteArrayInputStream(bytes), password);
        return store;
    }

    static void report(String file, String op, double[] r) {
        System.out.println(String.format(Locale.ROOT,
            "{\"file\":\"%s\",\"op\":\"%s\",\"medianMs\":%.4f,\"p90Ms\":%.4f,\"minMs\":%.4f,\"runs\":%d}",
            file.replace("\\", "\\\\").replace("\"", "\\\""), op, r[0], r[1], r[2], (int) r[3]));
        System.out.flush();
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            System.err.println("usage: java JksBench.java <file> <password> <runs> [<file>...]");
            System.exit(2);
        }
        char[] password = args[1].toCharArray();
        int runs = Integer.parseInt(args[2]);
        List<String> files = new ArrayList<>();
        files.add(args[0]);
        files.addAll(Arrays.asList(args).subList(3, args.length));
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            report(file, "load", measure(() -> load(bytes, password), runs));
            report(file, "list", measure(() -> {
                KeyStore store = load(bytes, password);
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                List<Object> out = new ArrayList<>();
                for (String alias : Collections.list(store.aliases())) {
                    out.add(alias);
                    Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias)
                        : new Certificate[] { store.getCertificate(alias) };
                    if (chain != null) for (Certificate c : chain) out.add(sha256.digest(c.getEncoded()));
                }
                return out;
            }, runs));
            KeyStore loaded = load(bytes, password);
            report(file, SAVE_OP, measure(() -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
                loaded.store(out, password);
                return out;
            }, runs));
            boolean hasKeys = false;
            for (String alias : Collections.list(loaded.aliases())) hasKeys |= loaded.isKeyEntry(alias);
            if (hasKeys) {
                report(file, "decrypt-keys", measure(() -> {
                    List<Object> keys = new ArrayList<>();
                    for (String alias : Collections.list(loaded.aliases())) {
                        if (loaded.isKeyEntry(alias)) keys.add(loaded.getKey(alias, password));
                    }
                    return keys;
                }, runs));
            }
        }
    }
}
