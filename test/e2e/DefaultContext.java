/**
 * Builds JSSE's default SSLContext from the javax.net.ssl.* properties, as the first TLS connection
 * of an application does, and prints "ok" or the exception with its causes (one per line).
 */
public class DefaultContext {
    public static void main(String[] args) {
        try {
            javax.net.ssl.SSLContext.getDefault();
            System.out.println("ok");
        } catch (Exception e) {
            System.out.println(e.getMessage());
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) System.out.println("caused by: " + cause);
        }
    }
}
