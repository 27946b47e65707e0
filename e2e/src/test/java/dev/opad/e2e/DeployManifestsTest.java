package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Checks the deploy files (Dockerfiles, Kubernetes manifests, docker-compose) against each other and
 * against the port each service really listens on, read from its application.properties. There is
 * no container engine on the build machines, so this reads the files instead of running them.
 */
class DeployManifestsTest {

    /** One opad service as the deploy files describe it. */
    record OpadService(
            String name, String moduleDir, String manifest, String dockerfile, String composeService, String portVariable,
            String managementPortVariable) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<OpadService> SERVICES = List.of(
            new OpadService("opad-api", "api", "api.yaml", "Dockerfile.api", "api", "OPAD_API_PORT",
                    "OPAD_API_MANAGEMENT_PORT"),
            new OpadService("opad-worker", "worker", "worker.yaml", "Dockerfile.worker", "worker", "OPAD_WORKER_PORT",
                    "OPAD_WORKER_MANAGEMENT_PORT"),
            new OpadService("opad-web", "web-gateway", "web.yaml", "Dockerfile.web", "web", "OPAD_WEB_PORT",
                    "OPAD_WEB_MANAGEMENT_PORT"));

    static final Path ROOT = Path.of(System.getProperty("opad.root", "..")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    static final Path KUBERNETES = DEPLOY.resolve("kubernetes");
    static final Path COMPOSE = DEPLOY.resolve("docker-compose.yml");

    static final String JWT_SECRET = "opad-jwt";
    static final List<String> JWT_KEY_VARIABLES = List.of("OPAD_JWT_PRIVATE_KEY", "OPAD_JWT_PUBLIC_KEY");
    /** Where ./opad up keeps the key pair; compose hands it to the api from there. */
    static final Path OPAD_KEYS = ROOT.resolve(".opad/keys");

    static final String LIVE = "/q/health/live";
    static final String READY = "/q/health/ready";

    private static final Pattern HTTP_PORT_LINE =
            Pattern.compile("^quarkus\\.http\\.port\\s*[=:]\\s*\\$\\{(\\w+):(\\d+)}\\s*$");
    private static final Pattern MANAGEMENT_PORT_LINE =
            Pattern.compile("^quarkus\\.management\\.port\\s*[=:]\\s*\\$\\{(\\w+):(\\d+)}\\s*$");

    static Stream<OpadService> services() {
        return SERVICES.stream();
    }

    // ---- every file parses ----

    @Test
    void everyYamlFileUnderDeployParses() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(DEPLOY)) {
            files = walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        }
        List<Path> expected = new ArrayList<>(List.of(COMPOSE, KUBERNETES.resolve("namespace.yaml")));
        SERVICES.forEach(service -> expected.add(KUBERNETES.resolve(service.manifest())));
        assertTrue(files.containsAll(expected), "expected " + expected + " among " + files);
        for (Path file : files) {
            List<Object> documents = loadAll(file);
            assertFalse(documents.isEmpty(), file + " holds no YAML document");
            for (Object document : documents) {
                assertInstanceOf(Map.class, document, file + ": every document should be a mapping, got " + document);
            }
        }
    }

    @Test
    void everyKubernetesObjectIsNamedAndLivesInTheOpadNamespace() throws IOException {
        try (Stream<Path> list = Files.list(KUBERNETES)) {
            for (Path file : list.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                for (Object document : loadAll(file)) {
                    Map<String, Object> object = asMap(document, file.toString());
                    String kind = (String) object.get("kind");
                    assertNotNull(kind, file + ": a document without kind");
                    assertNotNull(object.get("apiVersion"), file + ": " + kind + " without apiVersion");
                    if (kind.equals("Kustomization")) {
                        continue;
                    }
                    Map<String, Object> metadata = asMap(object.get("metadata"), file + ": " + kind + " metadata");
                    assertNotNull(metadata.get("name"), file + ": " + kind + " without metadata.name");
                    if (!kind.equals("Namespace")) {
                        assertEquals("opad", metadata.get("namespace"),
                                file + ": " + kind + " " + metadata.get("name") + " should be in namespace opad");
                    }
                }
            }
        }
    }

    // ---- Kubernetes ----

    @ParameterizedTest
    @MethodSource("services")
    void deploymentListensOnTheConfiguredPorts(OpadService service) {
        int port = configuredPort(service);
        int management = configuredManagementPort(service);
        List<Map<String, Object>> ports = list(container(service).get("ports"), service.name() + " container ports");
        List<Object> containerPorts = ports.stream().map(p -> p.get("containerPort")).toList();
        assertEquals(List.of(port, management), containerPorts,
                service.manifest() + ": the " + service.name() + " container should expose exactly the port "
                        + service.moduleDir() + " listens on and its management port");
    }

    /** With the management interface on (the prod profile), Quarkus serves /q/health there only. */
    @ParameterizedTest
    @MethodSource("services")
    void probesCheckLivenessAndReadinessOnTheManagementPort(OpadService service) {
        int port = configuredManagementPort(service);
        Map<String, Object> container = container(service);
        assertAll(
                () -> assertHttpProbe(service, container, "startupProbe", LIVE, port),
                () -> assertHttpProbe(service, container, "livenessProbe", LIVE, port),
                () -> assertHttpProbe(service, container, "readinessProbe", READY, port));
    }

    @ParameterizedTest
    @MethodSource("services")
    void prometheusScrapesTheManagementPort(OpadService service) {
        Map<String, Object> annotations = asMap(path(deployment(service), "spec", "template", "metadata", "annotations"),
                service.name() + " pod annotations");
        assertEquals(String.valueOf(configuredManagementPort(service)), annotations.get("prometheus.io/port"),
                service.manifest() + ": metrics are on the management port");
        assertEquals("/q/metrics", annotations.get("prometheus.io/path"), service.manifest() + ": metrics path");
    }

    @ParameterizedTest
    @MethodSource("services")
    void serviceTargetsTheConfiguredPortAndSelectsThePods(OpadService service) {
        int port = configuredPort(service);
        Map<String, Object> k8sService = kubernetesObject(service.manifest(), "Service", service.name());
        Map<String, Object> spec = asMap(k8sService.get("spec"), service.name() + " Service spec");
        Map<String, Object> container = container(service);
        for (Map<String, Object> servicePort : list(spec.get("ports"), service.name() + " Service ports")) {
            Object target = servicePort.getOrDefault("targetPort", servicePort.get("port"));
            assertEquals(port, resolvePort(target, container),
                    service.manifest() + ": Service " + service.name() + " should target port " + port);
        }
        Map<String, Object> selector = asMap(spec.get("selector"), service.name() + " Service selector");
        Map<String, Object> podLabels = asMap(
                path(deployment(service), "spec", "template", "metadata", "labels"), service.name() + " pod labels");
        assertTrue(podLabels.entrySet().containsAll(selector.entrySet()),
                service.manifest() + ": Service selector " + selector + " does not match the pod labels " + podLabels);
    }

    @ParameterizedTest
    @MethodSource("services")
    void configMapSetsThePortVariablesToTheConfiguredPorts(OpadService service) {
        Map<String, Object> data = configMapData();
        assertEquals(String.valueOf(configuredPort(service)), data.get(service.portVariable()),
                "configmap.yaml: " + service.portVariable() + " should match the default in "
                        + propertiesFile(service));
        assertEquals(String.valueOf(configuredManagementPort(service)), data.get(service.managementPortVariable()),
                "configmap.yaml: " + service.managementPortVariable() + " should match the default in "
                        + propertiesFile(service));
    }

    @Test
    void apiAndWorkerMountTheSameStorageVolumeAtTheStorageDir() {
        Object storageDir = configMapData().get("OPAD_STORAGE_DIR");
        assertNotNull(storageDir, "configmap.yaml should set OPAD_STORAGE_DIR");
        List<String> claims = new ArrayList<>();
        for (OpadService service : List.of(service("opad-api"), service("opad-worker"))) {
            Map<String, Object> podSpec = asMap(path(deployment(service), "spec", "template", "spec"), "pod spec");
            String volumeName = list(container(service).get("volumeMounts"), service.name() + " volumeMounts").stream()
                    .filter(mount -> storageDir.equals(mount.get("mountPath")))
                    .map(mount -> (String) mount.get("name"))
                    .findFirst()
                    .orElseGet(() -> fail(service.manifest() + ": nothing is mounted at OPAD_STORAGE_DIR " + storageDir));
            Map<String, Object> volume = list(podSpec.get("volumes"), service.name() + " volumes").stream()
                    .filter(v -> volumeName.equals(v.get("name")))
                    .findFirst()
                    .orElseGet(() -> fail(service.manifest() + ": no volume named " + volumeName));
            claims.add((String) path(volume, "persistentVolumeClaim", "claimName"));
        }
        assertNotNull(claims.get(0), "api.yaml: the storage volume should be a PersistentVolumeClaim");
        assertEquals(claims.get(0), claims.get(1), "api and worker should share one storage claim");
    }

    @Test
    void apiMountsTheJwtSecretReadOnlyAndReadsTheKeysFromThere() {
        OpadService api = service("opad-api");
        Map<String, Object> container = container(api);
        Map<String, Object> volume = podVolumes(api).stream()
                .filter(v -> JWT_SECRET.equals(path(v, "secret", "secretName")))
                .findFirst()
                .orElseGet(() -> fail("api.yaml: the api pod should have a volume from the Secret " + JWT_SECRET));
        Map<String, Object> mount = list(container.get("volumeMounts"), "opad-api volumeMounts").stream()
                .filter(m -> volume.get("name").equals(m.get("name")))
                .findFirst()
                .orElseGet(() -> fail("api.yaml: the api container should mount the volume " + volume.get("name")));
        String mountPath = (String) mount.get("mountPath");
        assertEquals(true, mount.get("readOnly"), "api.yaml: the JWT keys should be mounted readOnly: true");

        Object mode = path(volume, "secret", "defaultMode");
        String shownMode = mode instanceof Integer bits ? "0" + Integer.toOctalString(bits) : String.valueOf(mode);
        assertTrue(mode instanceof Integer bits && (bits & 0007) == 0,
                "api.yaml: set a defaultMode that keeps the JWT key files from others (e.g. 0440), not " + shownMode);

        Map<String, Object> secret = kubernetesObject("jwt-secret.yaml", "Secret", JWT_SECRET);
        List<String> files = secretVolumeFiles(volume, secret);
        Map<String, Object> env = containerEnv(container);
        for (String variable : JWT_KEY_VARIABLES) {
            Object value = env.get(variable);
            assertInstanceOf(String.class, value,
                    "api.yaml: the api container should set " + variable + " to a path (a plain value), got " + value);
            String file = (String) value;
            assertTrue(file.startsWith(mountPath + "/"),
                    "api.yaml: " + variable + "=" + file + " should be a file under the JWT mount " + mountPath);
            assertTrue(files.contains(file.substring(mountPath.length() + 1)),
                    "api.yaml: " + variable + "=" + file + " names no file of the Secret " + JWT_SECRET + ", which has " + files);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"opad-worker", "opad-web"})
    void onlyTheApiGetsTheJwtKeys(String name) {
        OpadService service = service(name);
        Map<String, Object> podSpec = asMap(path(deployment(service), "spec", "template", "spec"), name + " pod spec");
        assertFalse(mentions(podSpec, JWT_SECRET),
                service.manifest() + ": " + name + " must not mount or reference the Secret " + JWT_SECRET
                        + "; only the api signs and checks login tokens");
        for (String variable : JWT_KEY_VARIABLES) {
            assertFalse(mentions(podSpec, variable), service.manifest() + ": " + name + " must not set " + variable);
        }
    }

    @Test
    void configMapLeavesQuarkusProxySettingsToEachDeployment() {
        List<String> proxySettings = configMapData().keySet().stream()
                .filter(key -> key.startsWith("QUARKUS_HTTP_PROXY_"))
                .toList();
        assertEquals(List.of(), proxySettings,
                "configmap.yaml: every service reads the ConfigMap, so QUARKUS_HTTP_PROXY_* there would override the"
                        + " api's OPAD_TRUSTED_PROXIES; set them on the web Deployment instead");
    }

    // ---- docker-compose ----

    @Test
    void composeRunsTheFiveServicesAndPublishesTheWebPort() {
        Map<String, Object> services = composeServices();
        assertTrue(services.keySet().containsAll(List.of("redis", "postgres", "api", "worker", "web")),
                "docker-compose.yml should define redis, postgres, api, worker and web, has " + services.keySet());

        int webPort = configuredPort(service("opad-web"));
        Map<String, Object> web = asMap(services.get("web"), "compose service web");
        List<Object> published = web.get("ports") instanceof List<?> ports ? List.copyOf(ports) : List.of();
        assertTrue(published.stream().anyMatch(entry -> publishesContainerPort(entry, webPort)),
                "docker-compose.yml: web should publish container port " + webPort + ", ports are " + published);
    }

    @ParameterizedTest
    @MethodSource("services")
    void composeBuildsEachServiceFromItsDockerfileAtTheRoot(OpadService service) {
        Map<String, Object> composeService = asMap(composeServices().get(service.composeService()),
                "docker-compose.yml service " + service.composeService());
        Map<String, Object> build = asMap(composeService.get("build"), service.composeService() + " build");
        assertEquals(ROOT, DEPLOY.resolve((String) build.get("context")).normalize(),
                "docker-compose.yml: " + service.composeService() + " should build from the repository root");
        assertEquals(service.dockerfile(), build.get("dockerfile"),
                "docker-compose.yml: " + service.composeService() + " builds from the wrong Dockerfile");

        Object portSetting = composeEnvironment(composeService).get(service.portVariable());
        if (portSetting != null) {
            assertEquals(String.valueOf(configuredPort(service)), String.valueOf(portSetting),
                    "docker-compose.yml: " + service.composeService() + " sets " + service.portVariable()
                            + " to another port than " + propertiesFile(service));
        }
    }

    @Test
    void composeApiReadsTheKeyPairThatOpadUpGenerates() {
        Map<String, Object> services = composeServices();
        Map<String, Object> api = asMap(services.get("api"), "compose service api");
        Map<String, Object> env = composeEnvironment(api);
        List<ComposeMount> apiMounts = ComposeMount.of(api);

        for (String variable : JWT_KEY_VARIABLES) {
            Object value = env.get(variable);
            assertNotNull(value, "docker-compose.yml: api should set " + variable);
            ComposeMount mount = mountHolding(apiMounts, String.valueOf(value))
                    .orElseGet(() -> fail("docker-compose.yml: api sets " + variable + "=" + value
                            + ", but mounts nothing there; mounts are " + apiMounts));
            assertTrue(mount.readOnly(), "docker-compose.yml: api should mount the JWT keys read-only: " + mount);
            if (mount.isBind()) {
                assertEquals(OPAD_KEYS, mount.hostPath(),
                        "docker-compose.yml: api should take its JWT keys from .opad/keys, where ./opad up puts them");
                continue;
            }
            // A named volume: some one-shot service must fill it from .opad/keys before the api starts.
            String filler = services.entrySet().stream()
                    .filter(entry -> !entry.getKey().equals("api"))
                    .filter(entry -> {
                        List<ComposeMount> mounts = ComposeMount.of(asMap(entry.getValue(), "compose service " + entry.getKey()));
                        return mounts.stream().anyMatch(m -> !m.isBind() && m.source().equals(mount.source()))
                                && mounts.stream().anyMatch(m -> m.isBind() && OPAD_KEYS.equals(m.hostPath()) && m.readOnly());
                    })
                    .map(Map.Entry::getKey)
                    .findFirst()
                    .orElseGet(() -> fail("docker-compose.yml: api reads its JWT keys from the volume " + mount.source()
                            + ", but no service fills it from a read-only mount of ../.opad/keys"));
            assertEquals("service_completed_successfully", path(api, "depends_on", filler, "condition"),
                    "docker-compose.yml: api should wait for " + filler + " to copy the JWT keys"
                            + " (depends_on " + filler + ": condition: service_completed_successfully)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"worker", "web"})
    void composeGivesTheJwtKeysToNoOtherService(String name) {
        Map<String, Object> services = composeServices();
        Map<String, Object> composeService = asMap(services.get(name), "compose service " + name);
        Map<String, Object> env = composeEnvironment(composeService);
        for (String variable : JWT_KEY_VARIABLES) {
            assertFalse(env.containsKey(variable), "docker-compose.yml: " + name + " must not set " + variable);
        }
        Map<String, Object> api = asMap(services.get("api"), "compose service api");
        Map<String, Object> apiEnv = composeEnvironment(api);
        List<ComposeMount> apiKeyMounts = JWT_KEY_VARIABLES.stream()
                .filter(apiEnv::containsKey)
                .flatMap(variable -> mountHolding(ComposeMount.of(api), String.valueOf(apiEnv.get(variable))).stream())
                .toList();
        for (ComposeMount mount : ComposeMount.of(composeService)) {
            assertFalse(mount.isBind() && OPAD_KEYS.equals(mount.hostPath()),
                    "docker-compose.yml: " + name + " must not mount .opad/keys: " + mount);
            assertFalse(apiKeyMounts.stream().anyMatch(keys -> keys.source().equals(mount.source())),
                    "docker-compose.yml: " + name + " must not mount the api's JWT keys: " + mount);
        }
    }

    static Optional<ComposeMount> mountHolding(List<ComposeMount> mounts, String file) {
        return mounts.stream().filter(m -> file.startsWith(m.target() + "/")).findFirst();
    }

    /** A compose volume entry: short syntax "source:target[:ro]" or long syntax {type, source, target, read_only}. */
    record ComposeMount(String type, String source, String target, boolean readOnly) {

        static List<ComposeMount> of(Map<String, Object> composeService) {
            Object volumes = composeService.get("volumes");
            if (!(volumes instanceof List<?> entries)) {
                return List.of();
            }
            return entries.stream().map(ComposeMount::parse).toList();
        }

        static ComposeMount parse(Object entry) {
            if (entry instanceof Map<?, ?> longSyntax) {
                return new ComposeMount(String.valueOf(longSyntax.get("type")), String.valueOf(longSyntax.get("source")),
                        String.valueOf(longSyntax.get("target")), Boolean.TRUE.equals(longSyntax.get("read_only")));
            }
            String[] parts = String.valueOf(entry).split(":");
            assertTrue(parts.length >= 2, "docker-compose.yml: cannot read the volume entry " + entry);
            String source = parts[0];
            boolean path = source.startsWith(".") || source.startsWith("/") || source.startsWith("~");
            boolean readOnly = parts.length > 2 && List.of(parts[2].split(",")).contains("ro");
            return new ComposeMount(path ? "bind" : "volume", source, parts[1], readOnly);
        }

        boolean isBind() {
            return type.equals("bind");
        }

        /** Compose resolves relative bind sources against the compose file's directory. */
        Path hostPath() {
            return DEPLOY.resolve(source).normalize();
        }
    }

    // ---- Dockerfiles ----

    @ParameterizedTest
    @MethodSource("services")
    void dockerfileBuildsTheModuleAndRunsItsFastJarAsNonRoot(OpadService service) {
        int port = configuredPort(service);
        int management = configuredManagementPort(service);
        Path file = ROOT.resolve(service.dockerfile());
        List<Instruction> all = Instruction.parse(file);
        List<Instruction> runtime = Instruction.finalStage(all);
        String name = service.dockerfile();

        assertAll(
                () -> assertTrue(all.stream().anyMatch(i -> i.is("RUN")
                                && Pattern.compile("-pl\\s+" + Pattern.quote(service.moduleDir()) + "(\\s|$)")
                                        .matcher(i.arguments()).find()),
                        name + " should build the module with -pl " + service.moduleDir()),
                () -> assertTrue(runtime.stream().filter(i -> i.is("EXPOSE"))
                                .flatMap(i -> Stream.of(i.arguments().split("\\s+")))
                                .anyMatch(p -> p.replaceFirst("/tcp$", "").equals(String.valueOf(port))),
                        name + " should EXPOSE " + port + " in its final stage"),
                () -> assertTrue(runtime.stream().filter(i -> i.is("EXPOSE"))
                                .flatMap(i -> Stream.of(i.arguments().split("\\s+")))
                                .anyMatch(p -> p.replaceFirst("/tcp$", "").equals(String.valueOf(management))),
                        name + " should EXPOSE its management port " + management + " in its final stage"),
                () -> assertTrue(runtime.stream().anyMatch(i -> i.is("HEALTHCHECK")
                                && i.arguments().contains(service.managementPortVariable() + ":-" + management + "}" + READY)),
                        name + " should check readiness on the management port"),
                () -> {
                    String user = runtime.stream().filter(i -> i.is("USER")).reduce((first, last) -> last)
                            .map(i -> i.arguments().split(":")[0].trim())
                            .orElseGet(() -> fail(name + " should switch to a non-root USER in its final stage"));
                    assertFalse(user.equals("root") || user.equals("0"), name + " runs as root (USER " + user + ")");
                },
                () -> assertTrue(runtime.stream().anyMatch(i -> i.is("COPY") && i.arguments().contains("quarkus-app")),
                        name + " should copy the Quarkus fast-jar (target/quarkus-app) into the final stage"),
                () -> assertTrue(runtime.stream().anyMatch(i -> (i.is("ENTRYPOINT") || i.is("CMD"))
                                && i.arguments().contains("quarkus-run.jar")),
                        name + " should start quarkus-run.jar"));
    }

    /** The images run the services with the environment ./opad up gives them (lib/opad/services.sh, OPAD_SERVICE_ENV). */
    @ParameterizedTest
    @MethodSource("services")
    void dockerfileSetsTheServiceEnvironmentOfOpadUp(OpadService service) {
        List<Instruction> runtime = Instruction.finalStage(Instruction.parse(ROOT.resolve(service.dockerfile())));
        Map<String, String> env = ServiceProcess.opadServiceEnvironment();
        assertFalse(env.isEmpty(), "lib/opad/services.sh sets OPAD_SERVICE_ENV");
        env.forEach((name, value) -> assertTrue(runtime.stream().anyMatch(i -> i.is("ENV")
                        && i.arguments().matches("(.*\\s)?" + Pattern.quote(name) + "=" + Pattern.quote(value) + "(\\s.*)?")),
                service.dockerfile() + " should set ENV " + name + "=" + value + " in its final stage, as ./opad up does"));
    }

    /** One Dockerfile instruction, continuation lines joined and comments dropped. */
    record Instruction(String keyword, String arguments) {

        boolean is(String name) {
            return keyword.equals(name);
        }

        static List<Instruction> parse(Path dockerfile) {
            List<Instruction> instructions = new ArrayList<>();
            StringBuilder pending = new StringBuilder();
            for (String line : readLines(dockerfile)) {
                String trimmed = line.strip();
                if (trimmed.startsWith("#") || (trimmed.isEmpty() && pending.isEmpty())) {
                    continue;
                }
                if (trimmed.endsWith("\\")) {
                    pending.append(trimmed, 0, trimmed.length() - 1).append(' ');
                    continue;
                }
                pending.append(trimmed);
                String[] parts = pending.toString().strip().split("\\s+", 2);
                instructions.add(new Instruction(parts[0].toUpperCase(), parts.length > 1 ? parts[1] : ""));
                pending.setLength(0);
            }
            assertTrue(pending.isEmpty(), dockerfile + " ends inside a continued line");
            return instructions;
        }

        static List<Instruction> finalStage(List<Instruction> instructions) {
            int lastFrom = -1;
            for (int i = 0; i < instructions.size(); i++) {
                if (instructions.get(i).is("FROM")) {
                    lastFrom = i;
                }
            }
            assertTrue(lastFrom >= 0, "a Dockerfile without FROM");
            return instructions.subList(lastFrom, instructions.size());
        }
    }

    // ---- reading the sources of truth ----

    /** The default of {@code quarkus.http.port=${OPAD_X_PORT:NNNN}} in the service's application.properties. */
    static int configuredPort(OpadService service) {
        Path properties = propertiesFile(service);
        assertTrue(Files.isRegularFile(properties),
                properties + " is missing: the deploy files are checked against the port it configures");
        for (String line : readLines(properties)) {
            Matcher matcher = HTTP_PORT_LINE.matcher(line.strip());
            if (matcher.matches()) {
                assertEquals(service.portVariable(), matcher.group(1),
                        properties + ": the deploy files set the port through " + service.portVariable());
                return Integer.parseInt(matcher.group(2));
            }
        }
        return fail(properties + " should have a line quarkus.http.port=${" + service.portVariable() + ":NNNN}");
    }

    /** The default of {@code quarkus.management.port=${OPAD_X_MANAGEMENT_PORT:NNNN}}: probes and metrics. */
    static int configuredManagementPort(OpadService service) {
        Path properties = propertiesFile(service);
        for (String line : readLines(properties)) {
            Matcher matcher = MANAGEMENT_PORT_LINE.matcher(line.strip());
            if (matcher.matches()) {
                assertEquals(service.managementPortVariable(), matcher.group(1),
                        properties + ": the deploy files set the management port through " + service.managementPortVariable());
                return Integer.parseInt(matcher.group(2));
            }
        }
        return fail(properties + " should have a line quarkus.management.port=${" + service.managementPortVariable() + ":NNNN}");
    }

    static Path propertiesFile(OpadService service) {
        return ROOT.resolve(service.moduleDir()).resolve("src/main/resources/application.properties");
    }

    static OpadService service(String name) {
        return SERVICES.stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    static Map<String, Object> kubernetesObject(String file, String kind, String name) {
        return loadAll(KUBERNETES.resolve(file)).stream()
                .map(document -> asMap(document, file))
                .filter(object -> kind.equals(object.get("kind")))
                .filter(object -> object.get("metadata") instanceof Map<?, ?> metadata && name.equals(metadata.get("name")))
                .findFirst()
                .orElseGet(() -> fail("deploy/kubernetes/" + file + " should define a " + kind + " named " + name));
    }

    static Map<String, Object> deployment(OpadService service) {
        return kubernetesObject(service.manifest(), "Deployment", service.name());
    }

    static Map<String, Object> container(OpadService service) {
        List<Map<String, Object>> containers = list(
                path(deployment(service), "spec", "template", "spec", "containers"), service.name() + " containers");
        assertEquals(1, containers.size(), service.manifest() + ": expected one container in " + service.name());
        return containers.get(0);
    }

    static List<Map<String, Object>> podVolumes(OpadService service) {
        return list(path(deployment(service), "spec", "template", "spec", "volumes"), service.name() + " volumes");
    }

    /** A container's env entries by name: the plain value, or the valueFrom mapping. */
    static Map<String, Object> containerEnv(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        if (container.get("env") != null) {
            for (Map<String, Object> entry : list(container.get("env"), "container env")) {
                env.put((String) entry.get("name"), entry.containsKey("value") ? entry.get("value") : entry.get("valueFrom"));
            }
        }
        return env;
    }

    /** The files a Secret volume holds: its items' paths, or else every key of the Secret. */
    static List<String> secretVolumeFiles(Map<String, Object> volume, Map<String, Object> secret) {
        Object items = path(volume, "secret", "items");
        if (items != null) {
            return list(items, "secret volume items").stream().map(item -> (String) item.get("path")).toList();
        }
        List<String> keys = new ArrayList<>();
        for (String field : List.of("data", "stringData")) {
            if (secret.get(field) != null) {
                keys.addAll(asMap(secret.get(field), "Secret " + path(secret, "metadata", "name") + " " + field).keySet());
            }
        }
        return keys;
    }

    /** Whether the string occurs as a key or value anywhere in the YAML tree. */
    static boolean mentions(Object node, String text) {
        if (node instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> text.equals(e.getKey()) || mentions(e.getValue(), text));
        }
        if (node instanceof List<?> items) {
            return items.stream().anyMatch(item -> mentions(item, text));
        }
        return text.equals(node);
    }

    static Map<String, Object> configMapData() {
        return asMap(kubernetesObject("configmap.yaml", "ConfigMap", "opad-config").get("data"), "opad-config data");
    }

    static void assertHttpProbe(OpadService service, Map<String, Object> container, String probe, String path, int port) {
        Object httpGet = path(container, probe, "httpGet");
        assertNotNull(httpGet, service.manifest() + ": " + service.name() + " needs an httpGet " + probe);
        Map<String, Object> get = asMap(httpGet, probe + ".httpGet");
        assertEquals(path, get.get("path"), service.manifest() + ": " + probe + " path");
        assertEquals(port, resolvePort(get.get("port"), container), service.manifest() + ": " + probe + " port");
    }

    /** A Kubernetes port is a number or the name of one of the container's ports. */
    static int resolvePort(Object port, Map<String, Object> container) {
        if (port instanceof Integer number) {
            return number;
        }
        return list(container.get("ports"), "container ports").stream()
                .filter(p -> port != null && port.equals(p.get("name")))
                .map(p -> (Integer) p.get("containerPort"))
                .findFirst()
                .orElseGet(() -> fail("no container port named " + port));
    }

    static Map<String, Object> composeServices() {
        List<Object> documents = loadAll(COMPOSE);
        assertEquals(1, documents.size(), COMPOSE + " should hold one document");
        return asMap(asMap(documents.get(0), COMPOSE.toString()).get("services"), "docker-compose.yml services");
    }

    /** Compose environment in either form: a mapping, or a list of KEY=VALUE. */
    static Map<String, Object> composeEnvironment(Map<String, Object> composeService) {
        Object environment = composeService.get("environment");
        if (environment instanceof List<?> entries) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Object entry : entries) {
                String[] keyValue = String.valueOf(entry).split("=", 2);
                map.put(keyValue[0], keyValue.length > 1 ? keyValue[1] : null);
            }
            return map;
        }
        return environment == null ? Map.of() : asMap(environment, "compose environment");
    }

    /** Short syntax "[host_ip:]host:container[/proto]" or long syntax {target, published}. */
    static boolean publishesContainerPort(Object entry, int port) {
        if (entry instanceof Map<?, ?> longSyntax) {
            return String.valueOf(port).equals(String.valueOf(longSyntax.get("target")))
                    && longSyntax.get("published") != null;
        }
        String[] parts = String.valueOf(entry).replaceFirst("/(tcp|udp)$", "").split(":");
        return parts.length >= 2 && parts[parts.length - 1].equals(String.valueOf(port));
    }

    // ---- YAML plumbing ----

    static List<Object> loadAll(Path file) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new SafeConstructor(options));
        List<Object> documents = new ArrayList<>();
        try {
            yaml.loadAll(Files.readString(file)).forEach(documents::add);
        } catch (RuntimeException e) {
            fail(file + " is not valid YAML: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    /** Walks nested mappings; null when any step is missing. */
    static Object path(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value, String what) {
        assertInstanceOf(Map.class, value, what + " should be a mapping, got " + value);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object value, String what) {
        assertInstanceOf(List.class, value, what + " should be a list, got " + value);
        List<Object> items = (List<Object>) value;
        items.forEach(item -> assertInstanceOf(Map.class, item, what + ": every item should be a mapping"));
        return (List<Map<String, Object>>) (List<?>) items;
    }

    static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
