import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Starts DynamoDB Local (the AWS jar, which must be on the class path) listening on 127.0.0.1 only.
 * The jar binds Jetty to every interface and has no option to change it, so this builds its server
 * the way its own main does (ServerRunner.createServerFromCommandLineArgs, with the same
 * arguments) and sets the Jetty connectors' host before starting it. Everything is reached by
 * reflection, so this compiles without the jar: see build.sh beside this file.
 * Telemetry is never configured (its main does that; pass -disableTelemetry as well).
 */
public final class SluiceDynamoDbLocal {
    private SluiceDynamoDbLocal() {}

    public static void main(String[] args) throws Exception {
        String host = System.getProperty("sluice.dynamodb.host", "127.0.0.1");
        Class<?> runner = Class.forName("software.amazon.dynamodb.services.local.main.ServerRunner");
        Object proxy = runner.getMethod("createServerFromCommandLineArgs", String[].class).invoke(null, (Object) args);
        Field field = proxy.getClass().getDeclaredField("server");
        field.setAccessible(true);
        Object jetty = field.get(proxy);
        Object[] connectors = (Object[]) jetty.getClass().getMethod("getConnectors").invoke(jetty);
        if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local's Jetty server has no connector");
        for (Object connector : connectors) {
            Method setHost = connector.getClass().getMethod("setHost", String.class);
            setHost.invoke(connector, host);
        }
        jetty.getClass().getMethod("start").invoke(jetty);
        System.out.println("sluice: DynamoDB Local listening on " + host);
        jetty.getClass().getMethod("join").invoke(jetty);
    }
}
