// In-process timing of Java's KeyPairGenerator for the key types keytool -genkeypair makes, with the
// rules of bench/lib/harness.mjs scaled for operations of 1 ms to 2 s: warmup (3 runs or 300 ms,
// at least one), then samples until <minTimeMs> (and <minRuns> runs) or <maxRuns> runs, or 10 s;
// median, p90. Before any timing, every key type is generated for bench.prewarmMs (default 1000)
// so the JIT has compiled the shared paths (BigInteger, the EC field arithmetic).
//
//   java bench/java/GenBench.java <minTimeMs> <minRuns> <maxRuns> <type>...   (type: RSA-2048, EC-P-256, Ed25519, …)
//
// Prints one JSON object per line: {"case", "op": "generate", "medianMs", "p90Ms", "minMs", "runs"}.
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

public class GenBench {
    static Object sink;

    static KeyPairGenerator generator(String type) throws Exception {
        if (type.startsWith("RSA-")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(Integer.parseInt(type.substring(4)));
            return generator;
        }
        if (type.startsWith("EC-")) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            String curve = switch (type) {
                case "EC-P-256" -> "secp256r1";
                case "EC-P-384" -> "secp384r1";
                case "EC-P-521" -> "secp521r1";
                default -> throw new IllegalArgumentException(type);
            };
            generator.initialize(new ECGenParameterSpec(curve));
            return generator;
        }
        return KeyPairGenerator.getInstance(type);
    }

    public static void main(String[] args) throws Exception {
        double minTimeMs = Double.parseDouble(args[0]);
        int minRuns = Integer.parseInt(args[1]);
        int maxRuns = Integer.parseInt(args[2]);
        List<String> types = List.of(args).subList(3, args.length);
        long prewarmEnd = System.nanoTime() + Long.parseLong(System.getProperty("bench.prewarmMs", "1000")) * 1_000_000L;
        while (System.nanoTime() < prewarmEnd) {
            // The small keys only: an RSA-4096 key takes up to seconds and would use the whole budget.
            for (String type : types) if (!type.equals("RSA-4096") && !type.equals("RSA-3072")) sink = generator(type).generateKeyPair();
        }
        for (String type : types) {
            KeyPairGenerator generator = generator(type);
            long warmStart = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                sink = generator.generateKeyPair();
                if (System.nanoTime() - warmStart > 300_000_000L) break;
            }
            List<Double> samples = new ArrayList<>();
            long start = System.nanoTime();
            while (true) {
                long t0 = System.nanoTime();
                sink = generator.generateKeyPair();
                samples.add((System.nanoTime() - t0) / 1e6);
                double elapsed = (System.nanoTime() - start) / 1e6;
                if (samples.size() >= maxRuns || elapsed >= 10_000) break;
                if (elapsed >= minTimeMs && samples.size() >= minRuns) break;
            }
            Collections.sort(samples);
            int n = samples.size();
            double median = n % 2 == 1 ? samples.get((n - 1) / 2) : (samples.get(n / 2 - 1) + samples.get(n / 2)) / 2;
            double p90 = samples.get(Math.min(n - 1, (int) Math.ceil(0.9 * n) - 1));
            System.out.println(String.format(Locale.ROOT, "{\"case\":\"%s\",\"op\":\"generate\",\"medianMs\":%.4f,\"p90Ms\":%.4f,\"minMs\":%.4f,\"runs\":%d}",
                type, median, p90, samples.get(0), n));
            System.out.flush();
        }
    }
}
