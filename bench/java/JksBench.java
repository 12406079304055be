// In-process timing of Java's own KeyStore on the benchmark inputs, with the same rules as
// bench/lib/harness.mjs: warmup (50 runs or 300 ms), then samples until 0.5 s (and 3 runs) or
// <runs> runs, or 10 s; median, p90. Before any timing, the JVM is warmed for 3 s on the small
// files (see prewarm()).
//
//   java --add-opens java.base/sun.security.provider=ALL-UNNAMED \
//        --add-opens java.base/sun.security.util=ALL-UNNAMED \
//        [-Dbench.type=PKCS12] [options] bench/java/JksBench.java <file> <password> <runs> [<more files...>]
//
// bench.type is the KeyStore type (default JKS; PKCS12 for the .p12 inputs, where `save` is reported
// as `save-java`: Java 17+ writes what keystorekit's "java" profile writes). Options (system
// properties; file lists are separated by File.pathSeparator):
//   bench.light=<files>        only load and save, no warmup, bench.lightRuns (default 3) runs each
//                              (the 50,000-entry stores, where one Java load takes seconds)
//   bench.parseDer=<files>     also parse-der on these files
//   bench.verify.store=<file>  also the verify ops (bench.verify.ops=a,b) on this file, each with
//                              bench.verify.<op>.chain and .anchor (PEM files) and bench.verify.at
//                              (epoch ms, the validation time)
//   bench.prewarmMs=<ms>       how long prewarm() runs (default 3000)
//   bench.mode=memory          instead of timing: per file, the memory one load takes (see memory())
//
// Prints one JSON object per line: {"file", "op", "medianMs", "p90Ms", "minMs", "runs"}, and first
// {"info": "x509-cache", "cleared": true|false, ...}.
// Ops: load (KeyStore.load with the password: digest/MAC verified, every certificate parsed),
// list (load + aliases + SHA-256 of every certificate), parse-certs (load + six fields of every
// certificate), save (store of a loaded KeyStore), decrypt-keys (getKey of every key entry of a
// loaded KeyStore; stores with keys only), parse-der (CertificateFactory on each certificate's DER,
// then the same six fields), verify-chain* (CertPathValidator "PKIX", revocation off, the chain
// parsed from DER in each run, the store's certificates plus the chain's anchor as trust anchors).
//
// X509Factory keeps a cache of the last 750 certificates it parsed, keyed by their DER, so a
// repeated load of the same small store would parse nothing from the second run on (cacerts: ~0.5
// instead of ~1.6 ms). The cache is emptied before every run (untimed, by reflection, hence the
// --add-opens), so each run parses as a first load in a fresh JVM does; within one run the cache
// works as usual (a CA certificate repeated in 100 key chains is parsed once).
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

public class JksBench {
    interface Setup { Object get() throws Exception; }
    interface Op { Object run(Object input) throws Exception; }

    static Object sink;

    /** sun.security.provider.X509Factory.certCache and its clear(), or null when not reachable. */
    static Object certCache;
    static Method clearCache;
    static String cacheProblem = "";

    static void findCertCache() {
        try {
            Field field = Class.forName("sun.security.provider.X509Factory").getDeclaredField("certCache");
            field.setAccessible(true);
            certCache = field.get(null);
            clearCache = certCache.getClass().getMethod("clear");
            clearCache.setAccessible(true);
            clearCache.invoke(certCache);
        } catch (Exception | LinkageError e) {
            certCache = null;
            cacheProblem = e.toString();
        }
    }

    static void clearCertCache() throws Exception {
        if (certCache != null) clearCache.invoke(certCache);
    }

    /** `setup` and the cache clearing run before each sample, untimed; `op` gets setup's value. */
    static double[] measure(Setup setup, Op op, boolean warmup, int maxRuns) throws Exception {
        long warmStart = System.nanoTime();
        for (int i = 0; warmup && i < 50; i++) {
            clearCertCache();
            sink = op.run(setup.get());
            if (System.nanoTime() - warmStart > 300_000_000L) break;
        }
        List<Double> samples = new ArrayList<>();
        long start = System.nanoTime();
        while (true) {
            clearCertCache();
            Object input = setup.get();
            long t0 = System.nanoTime();
            sink = op.run(input);
            samples.add((System.nanoTime() - t0) / 1e6);
            double elapsed = (System.nanoTime() - start) / 1e6;
            if (samples.size() >= maxRuns || elapsed >= 10_000) break;
            if (elapsed >= 500 && samples.size() >= 3) break;
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

    /** Every certificate of a store: trusted certificates and key chains, in alias order. */
    static List<Certificate> certificates(KeyStore store) throws Exception {
        List<Certificate> out = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias) : new Certificate[] { store.getCertificate(alias) };
            if (chain != null) out.addAll(Arrays.asList(chain));
        }
        return out;
    }

    /** The six fields every suite reads (the names are RFC 2253 strings, as keystorekit's). */
    static Object[] fields(X509Certificate c) {
        return new Object[] {
            c.getSubjectX500Principal().getName(), c.getIssuerX500Principal().getName(), c.getSerialNumber().toString(16),
            c.getNotBefore(), c.getNotAfter(), c.getPublicKey().getAlgorithm(),
        };
    }

    static List<X509Certificate> readPem(String file) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        for (Certificate c : factory.generateCertificates(new ByteArrayInputStream(Files.readAllBytes(Path.of(file))))) out.add((X509Certificate) c);
        return out;
    }

    static Set<String> fileList(String property) {
        String value = System.getProperty(property, "");
        return value.isEmpty() ? Set.of() : new HashSet<>(Arrays.asList(value.split(File.pathSeparator)));
    }

    static void report(String file, String op, double[] r) {
        System.out.println(String.format(Locale.ROOT,
            "{\"file\":\"%s\",\"op\":\"%s\",\"medianMs\":%.4f,\"p90Ms\":%.4f,\"minMs\":%.4f,\"runs\":%d}",
            json(file), op, r[0], r[1], r[2], (int) r[3]));
        System.out.flush();
    }

    static String json(String text) {
        return text.replace("\\", "\\\\").replace("\"", "\\\"");
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
        findCertCache();
        System.out.println("{\"info\":\"x509-cache\",\"cleared\":" + (certCache != null) + ",\"problem\":\"" + json(cacheProblem) + "\"}");
        if (System.getProperty("bench.mode", "").equals("memory")) {
            for (String file : files) memory(file, password);
            return;
        }
        Set<String> light = fileList("bench.light");
        Set<String> parseDer = fileList("bench.parseDer");
        int lightRuns = Integer.parseInt(System.getProperty("bench.lightRuns", "3"));
        prewarm(files, password);
        for (String file : files) {
            byte[] bytes = Files.readAllBytes(Path.of(file));
            boolean full = !light.contains(file);
            int maxRuns = full ? runs : lightRuns;
            Setup none = () -> null;
            report(file, "load", measure(none, (x) -> load(bytes, password), full, maxRuns));
            if (full) {
                report(file, "list", measure(none, (x) -> {
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
                }, true, maxRuns));
                // Java's load has already parsed every certificate: this adds the getters only.
                report(file, "parse-certs", measure(none, (x) -> {
                    List<Object[]> out = new ArrayList<>();
                    for (Certificate c : certificates(load(bytes, password))) out.add(fields((X509Certificate) c));
                    return out;
                }, true, maxRuns));
            }
            KeyStore loaded = load(bytes, password);
            report(file, SAVE_OP, measure(none, (x) -> {
                ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + 64);
                loaded.store(out, password);
                return out;
            }, full, maxRuns));
            boolean hasKeys = false;
            for (String alias : Collections.list(loaded.aliases())) hasKeys |= loaded.isKeyEntry(alias);
            if (hasKeys && full) {
                report(file, "decrypt-keys", measure(none, (x) -> {
                    List<Object> keys = new ArrayList<>();
                    for (String alias : Collections.list(loaded.aliases())) {
                        if (loaded.isKeyEntry(alias)) keys.add(loaded.getKey(alias, password));
                    }
                    return keys;
                }, true, maxRuns));
            }
            if (parseDer.contains(file)) {
                List<byte[]> ders = new ArrayList<>();
                for (Certificate c : certificates(loaded)) ders.add(c.getEncoded());
                CertificateFactory factory = CertificateFactory.getInstance("X.509");
                report(file, "parse-der", measure(none, (x) -> {
                    List<Object[]> out = new ArrayList<>();
                    for (byte[] der : ders) out.add(fields((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der))));
                    return out;
                }, true, maxRuns));
            }
            if (file.equals(System.getProperty("bench.verify.store"))) verify(file, loaded, maxRuns);
        }
    }

    /**
     * A fresh JVM interprets and then compiles: the first file's first ops would be timed half
     * interpreted (cacerts load: 100+ ms instead of ~1.5 ms), which the per-op warmup (300 ms) does
     * not cover now that every run parses. So every op's code path is run for 3 s first, on the
     * files under 2 MB (the large ones would take the whole budget in a few loads).
     */
    static void prewarm(List<String> files, char[] password) throws Exception {
        List<byte[]> small = new ArrayList<>();
        for (String file : files) if (Files.size(Path.of(file)) < 2_000_000) small.add(Files.readAllBytes(Path.of(file)));
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        long start = System.nanoTime();
        long budget = Long.parseLong(System.getProperty("bench.prewarmMs", "3000")) * 1_000_000L;
        while (!small.isEmpty() && System.nanoTime() - start < budget) {
            for (byte[] bytes : small) {
                clearCertCache();
                KeyStore store = load(bytes, password);
                for (Certificate c : certificates(store)) {
                    sink = fields((X509Certificate) c);
                    sink = sha256.digest(c.getEncoded());
                }
                store.store(new ByteArrayOutputStream(bytes.length + 64), password);
                for (String alias : Collections.list(store.aliases())) if (store.isKeyEntry(alias)) sink = store.getKey(alias, password);
            }
        }
    }

    /**
     * The verify ops: trust anchors (every certificate of the loaded store, plus the chain's anchor)
     * made once, as a TLS client holds them; each run parses the chain from DER, builds the
     * CertPath and PKIXParameters and validates at bench.verify.at, without revocation checking.
     */
    static void verify(String file, KeyStore loaded, int maxRuns) throws Exception {
        Date at = new Date(Long.parseLong(System.getProperty("bench.verify.at")));
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        CertPathValidator validator = CertPathValidator.getInstance("PKIX");
        for (String op : System.getProperty("bench.verify.ops", "").split(",")) {
            if (op.isEmpty()) continue;
            Set<TrustAnchor> anchors = new HashSet<>();
            for (Certificate c : certificates(loaded)) anchors.add(new TrustAnchor((X509Certificate) c, null));
            anchors.add(new TrustAnchor(readPem(System.getProperty("bench.verify." + op + ".anchor")).get(0), null));
            List<byte[]> chain = new ArrayList<>();
            for (X509Certificate c : readPem(System.getProperty("bench.verify." + op + ".chain"))) chain.add(c.getEncoded());
            report(file, op, measure(() -> null, (x) -> {
                List<Certificate> certs = new ArrayList<>();
                for (byte[] der : chain) certs.add(factory.generateCertificate(new ByteArrayInputStream(der)));
                CertPath path = factory.generateCertPath(certs);
                PKIXParameters parameters = new PKIXParameters(anchors);
                parameters.setRevocationEnabled(false);
                parameters.setDate(at);
                return validator.validate(path, parameters);
            }, true, maxRuns));
        }
    }

    /** A field of /proc/self/status in bytes (VmRSS, VmHWM), or -1 off Linux. */
    static long procStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        } catch (Exception e) {
            // not Linux
        }
        return -1;
    }

    static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) System.gc();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /**
     * Memory of one load, with the file's bytes already read: the peak resident set during the load
     * above the one before it (VmHWM, reset first through /proc/self/clear_refs), and the heap still
     * used after a full GC while the KeyStore is held. Prints {"file", "op": "memory", ...}.
     */
    static void memory(String file, char[] password) throws Exception {
        byte[] bytes = Files.readAllBytes(Path.of(file));
        long heapBefore = usedHeap();
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM to the current RSS
        } catch (Exception e) {
            // older kernel or not Linux: the peak then includes earlier files
        }
        long rssBefore = procStatus("VmRSS");
        long t0 = System.nanoTime();
        KeyStore store = load(bytes, password);
        double ms = (System.nanoTime() - t0) / 1e6;
        long rssPeak = procStatus("VmHWM");
        long heapAfter = usedHeap();
        System.out.println(String.format(Locale.ROOT,
            "{\"file\":\"%s\",\"op\":\"memory\",\"fileBytes\":%d,\"rssBefore\":%d,\"rssPeak\":%d,\"heapBefore\":%d,\"heapAfter\":%d,\"entries\":%d,\"loadMs\":%.1f}",
            json(file), bytes.length, rssBefore, rssPeak, heapBefore, heapAfter, store.size(), ms));
        System.out.flush();
    }
}
