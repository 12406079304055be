import { describe, expect, it } from "vitest";
import { javaPropertiesFromEnv, javaTlsSettings, kafkaTlsSettings, parseJavaOptions, parseProperties, springTlsSettings } from "../../src/truststore/java-settings.js";

describe("JVM options", () => {
  it("reads -D properties with quotes, the last one of a name winning", () => {
    const props = parseJavaOptions(`-Xmx1g -Djavax.net.ssl.trustStore="/etc/my app/trust.jks" -Djavax.net.ssl.trustStorePassword='pa ss' -Djavax.net.ssl.trustStoreType=JKS -Dx=1 -Dx=2`);
    expect(props).toEqual({ "javax.net.ssl.trustStore": "/etc/my app/trust.jks", "javax.net.ssl.trustStorePassword": "pa ss", "javax.net.ssl.trustStoreType": "JKS", x: "2" });
    expect(javaTlsSettings(props).trustStore).toEqual({ path: "/etc/my app/trust.jks", password: "pa ss", type: "JKS" });
  });
  it("applies JAVA_TOOL_OPTIONS, then JDK_JAVA_OPTIONS, then JAVA_OPTS", () => {
    const props = javaPropertiesFromEnv({ JAVA_TOOL_OPTIONS: "-Da=tool -Db=tool", JDK_JAVA_OPTIONS: "-Db=jdk -Dc=jdk", JAVA_OPTS: "-Dc=opts" });
    expect(props).toEqual({ a: "tool", b: "jdk", c: "opts" });
  });
  it("a trustStore of NONE or empty is no file", () => {
    expect(javaTlsSettings({ "javax.net.ssl.keyStore": "NONE" }).keyStore).toBeUndefined();
  });
});

describe("properties files", () => {
  it("reads java.util.Properties syntax: separators, comments, continuations, escapes", () => {
    const text = "# comment\n! also\nssl.truststore.location = /a/b\\\n  /c.jks\nssl.truststore.password:pa\\u0073s\nkey\\ with\\ space value\n";
    expect(parseProperties(text)).toEqual({ "ssl.truststore.location": "/a/b/c.jks", "ssl.truststore.password": "pass", "key with space": "value" });
  });
  it("Kafka: truststore, keystore and ssl.key.password", () => {
    const settings = kafkaTlsSettings(parseProperties("ssl.truststore.location=t.jks\nssl.truststore.password=tp\nssl.keystore.location=k.p12\nssl.keystore.password=kp\nssl.keystore.type=PKCS12\nssl.key.password=keyp\n"));
    expect(settings.trustStore).toEqual({ path: "t.jks", password: "tp" });
    expect(settings.keyStore).toEqual({ path: "k.p12", password: "kp", type: "PKCS12", keyPassword: "keyp" });
  });
  it("Spring Boot: server.ssl.* and spring.ssl.bundle.jks.*, file: prefixes removed", () => {
    const server = springTlsSettings(parseProperties("server.ssl.key-store=file:/srv/k.p12\nserver.ssl.key-store-password=kp\nserver.ssl.key-alias=web\nserver.ssl.trust-store=/srv/t.jks\n"));
    expect(server.keyStore).toEqual({ path: "/srv/k.p12", password: "kp", alias: "web" });
    expect(server.trustStore).toEqual({ path: "/srv/t.jks" });
    const bundle = springTlsSettings(parseProperties("spring.ssl.bundle.jks.client.keystore.location=k.jks\nspring.ssl.bundle.jks.client.keystore.password=kp\nspring.ssl.bundle.jks.client.key.password=keyp\nspring.ssl.bundle.jks.client.truststore.location=t.jks\n"));
    expect(bundle.keyStore).toEqual({ path: "k.jks", password: "kp", keyPassword: "keyp" });
    expect(bundle.trustStore).toEqual({ path: "t.jks" });
  });
});
