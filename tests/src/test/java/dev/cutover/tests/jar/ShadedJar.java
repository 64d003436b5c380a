package dev.cutover.tests.jar;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.sun.net.httpserver.HttpServer;

/**
 * A built shaded jar in a fresh class loader (only the JDK's platform classes beside it), to prove that what the
 * shade filters leave out is never loaded: classes are verified when first linked, so building a client loads
 * everything its methods name. Every call is reflective, on the jar's own copies of the classes.
 */
final class ShadedJar implements AutoCloseable {

    /** The SDK service clients AwsClients builds (the wiring's whole set), by factory method. */
    static final List<String> AWS_CLIENTS =
            List.of("codeDeploy", "ecs", "elbv2", "cloudWatch", "ssm", "secretsManager", "sfn", "sns", "dynamoDb");

    final URLClassLoader loader;

    ShadedJar(Path jar) throws IOException {
        this.loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
    }

    Class<?> type(String name) throws ClassNotFoundException {
        return Class.forName(name, true, loader);
    }

    Object call(Object target, String type, String method, Object... args) throws Exception {
        for (Method m : type(type).getMethods()) {
            if (m.getName().equals(method) && accepts(m, args)) {
                // service loaders (Powertools', the SDK's) look in the context class loader, as on Lambda
                Thread thread = Thread.currentThread();
                ClassLoader previous = thread.getContextClassLoader();
                thread.setContextClassLoader(loader);
                try {
                    return m.invoke(target, args);
                } finally {
                    thread.setContextClassLoader(previous);
                }
            }
        }
        throw new NoSuchMethodException(type + "." + method + " with " + args.length + " arguments");
    }

    /**
     * Whether {@code m} takes these arguments: same count and each assignable (a boxed value to its primitive). The
     * count alone is not enough: {@code SsmClient.getParameter} takes a request or a {@code Consumer} of its builder,
     * and {@code getMethods()} returns them in no particular order.
     */
    private static boolean accepts(Method m, Object[] args) {
        Class<?>[] types = m.getParameterTypes();
        if (types.length != args.length) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            if (args[i] != null && !types[i].isPrimitive() && !types[i].isInstance(args[i])) {
                return false;
            }
        }
        return true;
    }

    Object callStatic(String type, String method, Object... args) throws Exception {
        return call(null, type, method, args);
    }

    Object region() throws Exception {
        return callStatic("software.amazon.awssdk.regions.Region", "of", "us-east-1");
    }

    Object credentials() throws Exception {
        Object basic = callStatic(
                "software.amazon.awssdk.auth.credentials.AwsBasicCredentials", "create", "AKIDEXAMPLE", "secret");
        return callStatic("software.amazon.awssdk.auth.credentials.StaticCredentialsProvider", "create", basic);
    }

    /** The jar's AwsClients, every client pointed at {@code endpoint}, one attempt per call. */
    Object awsClients(URI endpoint) throws Exception {
        String builder = "dev.cutover.aws.AwsClients$Builder";
        Object b = callStatic("dev.cutover.aws.AwsClients", "builder");
        call(b, builder, "region", region());
        call(b, builder, "credentialsProvider", credentials());
        call(b, builder, "endpointOverride", endpoint);
        call(b, builder, "maxAttempts", 1);
        return call(b, builder, "build");
    }

    /**
     * The jar's AwsClients with every client in {@link #AWS_CLIENTS} built (each loads and verifies its client class
     * and everything that names), then SSM's GetParameter against {@code stub}.
     *
     * @return the name of the exception SSM's call ended in
     */
    String buildEveryWiringClientAndCallSsm(SsmStub stub) throws Exception {
        Object clients = awsClients(stub.endpoint());
        for (String client : AWS_CLIENTS) {
            if (call(clients, "dev.cutover.aws.AwsClients", client) == null) {
                throw new AssertionError("AwsClients." + client + "() gave null");
            }
        }
        try {
            return getParameterAgainstStub(this, call(clients, "dev.cutover.aws.AwsClients", "ssm"), stub.endpoint());
        } finally {
            call(clients, "dev.cutover.aws.AwsClients", "close");
        }
    }

    /** A service client made with its own builder ({@code software.amazon.awssdk.services.sfn.SfnClient}). */
    Object clientFromBuilder(String clientType, URI endpoint) throws Exception {
        Object b = callStatic(clientType, "builder");
        call(b, "software.amazon.awssdk.awscore.client.builder.AwsClientBuilder", "region", region());
        call(b, "software.amazon.awssdk.awscore.client.builder.AwsClientBuilder", "credentialsProvider", credentials());
        call(b, "software.amazon.awssdk.core.client.builder.SdkClientBuilder", "endpointOverride", endpoint);
        return call(b, "software.amazon.awssdk.utils.builder.SdkBuilder", "build");
    }

    /**
     * SSM's GetParameter through the jar's client against a stub that answers ParameterNotFound: the request is
     * marshalled and the modelled error unmarshalled by the jar's classes. Returns the exception's class name.
     */
    static String getParameterAgainstStub(ShadedJar jar, Object ssm, URI endpoint) throws Exception {
        Object request = jar.callStatic("software.amazon.awssdk.services.ssm.model.GetParameterRequest", "builder");
        jar.call(request, "software.amazon.awssdk.services.ssm.model.GetParameterRequest$Builder", "name", "/x");
        Object built = jar.call(request, "software.amazon.awssdk.utils.builder.SdkBuilder", "build");
        try {
            jar.call(ssm, "software.amazon.awssdk.services.ssm.SsmClient", "getParameter", built);
            return "no exception";
        } catch (java.lang.reflect.InvocationTargetException e) {
            return e.getCause().getClass().getName();
        }
    }

    /** A Lambda context, as the jar's own interface, for the logging path. */
    Object lambdaContext() throws ClassNotFoundException {
        Class<?> context = type("com.amazonaws.services.lambda.runtime.Context");
        return Proxy.newProxyInstance(
                loader, new Class<?>[] {context}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> 60_000;
                    case "getMemoryLimitInMB" -> 512;
                    case "getAwsRequestId" -> "req-1";
                    case "getFunctionName" -> "smoke";
                    case "getInvokedFunctionArn" -> "arn:aws:lambda:us-east-1:123456789012:function:smoke";
                    case "getFunctionVersion" -> "$LATEST";
                    case "toString" -> "smoke context";
                    case "hashCode" -> 1;
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }

    /** An HTTP server on 127.0.0.1 answering every request as SSM does for a missing parameter; counts requests. */
    static final class SsmStub implements AutoCloseable {
        final HttpServer server;
        final List<String> targets = new ArrayList<>();

        SsmStub() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", exchange -> {
                synchronized (targets) {
                    targets.add(String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target")));
                }
                byte[] body = "{\"__type\":\"ParameterNotFound\",\"message\":\"no such parameter\"}"
                        .getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
                exchange.sendResponseHeaders(400, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
