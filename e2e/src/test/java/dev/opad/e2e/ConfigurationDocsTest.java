package dev.opad.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * README's configuration tables against the code they describe: the services' {@code @ConfigMapping} interfaces
 * (where opad's own settings have their defaults) and application.properties (Quarkus's settings, and the few
 * opad ones that have no interface default). Every documented variable must exist, with the code's default, and
 * every variable the code names must be documented. It also holds each default to one place: no setting has a
 * default both in its interface and in a properties file, and the shell scripts and deploy files do not restate a
 * default (they set a variable only to change it).
 */
class ConfigurationDocsTest {

    static final Path ROOT = DeployManifestsTest.ROOT;
    static final Path README = ROOT.resolve("README.md");
    static final List<String> MODULES = List.of("common", "api", "worker", "web-gateway");

    /** {@code ${OPAD_X}} or {@code ${OPAD_X:default}} in a properties value or a {@code @WithDefault}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{(OPAD_[A-Z0-9_]+)(?::([^}]*))?}");
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("^\\$\\{(OPAD_[A-Z0-9_]+)(?::([^}]*))?}$");

    // ---- the checks ----

    @Test
    void everyDocumentedVariableIsReadByTheCode() {
        Map<String, Setting> code = codeSettings();
        List<String> unknown = new ArrayList<>();
        for (DocumentedVariable documented : readmeVariables()) {
            if (matching(documented, code).isEmpty()) {
                unknown.add(documented.name() + " (README line " + documented.line() + ")");
            }
        }
        assertEquals(List.of(), unknown,
                "README documents variables no service reads (neither an application.properties reference nor a"
                        + " @ConfigMapping setting's name)");
    }

    @Test
    void everyDocumentedDefaultIsTheCodesDefault() {
        Map<String, Setting> code = codeSettings();
        List<String> wrong = new ArrayList<>();
        for (DocumentedVariable documented : readmeVariables()) {
            for (Setting setting : matching(documented, code)) {
                if (!documented.defaultValue().agreesWith(setting.defaultValue())) {
                    wrong.add(setting.variable() + ": README (line " + documented.line() + ") says "
                            + documented.defaultValue() + ", " + setting.source() + " says " + setting.defaultValue());
                }
            }
        }
        assertEquals(List.of(), wrong, "README's defaults differ from the code's");
    }

    @Test
    void everyVariableTheCodeNamesIsDocumented() {
        Set<String> documented = new TreeSet<>();
        Map<String, Setting> code = codeSettings();
        for (DocumentedVariable variable : readmeVariables()) {
            matching(variable, code).forEach(setting -> documented.add(setting.variable()));
        }
        Set<String> usedElsewhere = variablesInDeployFilesAndScripts();
        List<String> undocumented = code.values().stream()
                .filter(setting -> setting.named() || usedElsewhere.contains(setting.variable()))
                .filter(setting -> !documented.contains(setting.variable()))
                .map(setting -> setting.variable() + " (" + setting.source() + ")")
                .toList();
        assertEquals(List.of(), undocumented,
                "variables the code names, or the deploy files and scripts set, but README's configuration tables do"
                        + " not document");
    }

    /** Every OPAD_* name in deploy/ and the shell scripts: what operators see, so README must explain it. */
    static Set<String> variablesInDeployFilesAndScripts() {
        List<Path> files = new ArrayList<>(shellScripts());
        try (Stream<Path> walk = Files.walk(ROOT.resolve("deploy"))) {
            walk.filter(Files::isRegularFile).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> names = new TreeSet<>();
        Pattern variable = Pattern.compile("\\bOPAD_[A-Z0-9_]*[A-Z0-9]\\b");
        for (Path file : files) {
            Matcher matcher = variable.matcher(readString(file));
            while (matcher.find()) {
                names.add(matcher.group());
            }
        }
        return names;
    }

    /** The typed interface holds an opad setting's default; a properties line would be a second copy that drifts. */
    @Test
    void noSettingHasItsDefaultInTwoPlaces() {
        Map<String, MappedProperty> mapped = mappedProperties();
        List<String> twice = new ArrayList<>();
        for (PropertyLine line : propertyLines()) {
            MappedProperty property = mapped.get(line.key());
            if (property != null && property.withDefault().isPresent()) {
                twice.add(line.key() + ": @WithDefault(\"" + property.withDefault().get() + "\") in "
                        + property.source() + " and " + line.value() + " in " + line.source());
            }
        }
        assertEquals(List.of(), twice, "defaults written twice; keep the one in the @ConfigMapping interface");
    }

    /** A Quarkus setting some services share (the listening address, the database) must agree between them. */
    @Test
    void servicesThatShareAVariableShareItsDefault() {
        Map<String, Set<String>> defaults = new TreeMap<>();
        for (PropertyLine line : propertyLines()) {
            Matcher reference = REFERENCE.matcher(line.value());
            while (reference.find()) {
                defaults.computeIfAbsent(reference.group(1), name -> new LinkedHashSet<>())
                        .add(String.valueOf(reference.group(2)));
            }
        }
        defaults.values().removeIf(values -> values.size() == 1);
        assertEquals(Map.of(), defaults, "the services' application.properties give these variables different defaults");
    }

    /**
     * ./opad (and any script it is split into) may choose its own value for a service's variable only where README
     * says what ./opad does differently; otherwise it must not restate the default differently.
     */
    @Test
    void scriptsRestateNoDefaultDifferently() {
        Map<String, Setting> code = codeSettings();
        Map<String, String> readmeRows = readmeRows();
        Pattern shellDefault = Pattern.compile("\\$\\{(OPAD_[A-Z0-9_]+):-([^}$]*)}");
        List<String> different = new ArrayList<>();
        for (Path script : shellScripts()) {
            List<String> lines = DeployManifestsTest.readLines(script);
            for (int i = 0; i < lines.size(); i++) {
                Matcher matcher = shellDefault.matcher(lines.get(i));
                while (matcher.find()) {
                    Setting setting = code.get(matcher.group(1));
                    String value = matcher.group(2);
                    // ${OPAD_X:-} is only set -u's way to read a variable that may be unset.
                    if (setting == null || value.isEmpty() || DefaultValue.literal(value).agreesWith(setting.defaultValue())) {
                        continue;
                    }
                    String row = readmeRows.getOrDefault(setting.variable(), "");
                    if (!(row.contains("./opad") && row.contains("`" + value + "`"))) {
                        different.add(ROOT.relativize(script) + ":" + (i + 1) + ": " + setting.variable() + " defaults to "
                                + value + ", the services to " + setting.defaultValue() + " (" + setting.source() + ")");
                    }
                }
            }
        }
        assertEquals(List.of(), different,
                "the scripts default these variables differently from the services, and README does not say so");
    }

    /** The deploy files set a variable to change it; setting one to its default pins a copy that drifts. */
    @Test
    void deployFilesDoNotPinDefaults() {
        Map<String, Setting> code = codeSettings();
        Map<String, Object> settings = new LinkedHashMap<>();
        DeployManifestsTest.configMapData().forEach((key, value) -> settings.put("configmap.yaml " + key, value));
        Map<String, Object> services = DeployManifestsTest.composeServices();
        for (String service : services.keySet()) {
            DeployManifestsTest.composeEnvironment(DeployManifestsTest.asMap(services.get(service), service))
                    .forEach((key, value) -> settings.put("docker-compose.yml " + service + " " + key, value));
        }
        Set<String> ports = new LinkedHashSet<>();
        for (DeployManifestsTest.OpadService service : DeployManifestsTest.SERVICES) {
            ports.add(service.portVariable());
            ports.add(service.managementPortVariable());
        }
        Pattern composeDefault = Pattern.compile("^\\$\\{(OPAD_[A-Z0-9_]+):-(.*)}$");
        List<String> pinned = new ArrayList<>();
        settings.forEach((where, raw) -> {
            String key = where.substring(where.lastIndexOf(' ') + 1);
            Setting setting = code.get(key);
            // The port variables are kept on purpose: DeployManifestsTest checks them against containerPort.
            if (setting == null || raw == null || ports.contains(key)) {
                return;
            }
            String value = String.valueOf(raw);
            Matcher interpolated = composeDefault.matcher(value);
            if (interpolated.matches()) {
                value = interpolated.group(2);
            }
            if (!value.isEmpty() && DefaultValue.literal(value).agreesWith(setting.defaultValue())) {
                pinned.add(where + ": " + raw + " is the default (" + setting.source() + ")");
            }
        });
        assertEquals(List.of(), pinned, "deploy files restate defaults; leave the variable out (or, in compose, "
                + "pass it through without a value)");
    }

    /** The parsers above must find something, or every check would pass on nothing. */
    @Test
    void theParsersFindTheSettings() {
        Map<String, Setting> code = codeSettings();
        assertTrue(code.containsKey("OPAD_WORKER_CONCURRENCY"), "no WorkerConfig.concurrency in " + code.keySet());
        assertTrue(code.containsKey("OPAD_LEASE_TTL"), "no ${OPAD_LEASE_TTL:...} default in " + code.keySet());
        assertTrue(code.containsKey("OPAD_API_PORT"), "no quarkus.http.port=${OPAD_API_PORT:...} in " + code.keySet());
        assertTrue(readmeVariables().size() > 40, "README's tables hold only " + readmeVariables());
        assertFalse(shellScripts().isEmpty(), "no ./opad script found");
    }

    // ---- the code's side ----

    /** A variable some service reads, its default ({@link DefaultValue#NONE}: none), and where that is written. */
    record Setting(String variable, DefaultValue defaultValue, String source, boolean named) {
    }

    /** A setting of a {@code @ConfigMapping} interface: its property and its {@code @WithDefault}, if any. */
    record MappedProperty(String property, Optional<String> withDefault, String source) {
    }

    /** One {@code key=value} line of a service's application.properties. */
    record PropertyLine(String key, String value, String source) {
    }

    /**
     * Every variable the services read, by name. Variables the code names (a {@code ${OPAD_X...}} reference) are
     * {@code named}; a mapping setting's derived name (opad.auth.register.global: OPAD_AUTH_REGISTER_GLOBAL) works
     * too, and may be documented, but need not be.
     */
    static Map<String, Setting> codeSettings() {
        Map<String, Setting> settings = new TreeMap<>();
        Set<String> referencedProperties = new LinkedHashSet<>();
        Map<String, String> literalProperties = new TreeMap<>();
        for (PropertyLine line : propertyLines()) {
            if (!line.value().contains("${")) {
                literalProperties.put(line.key(), line.value());
            }
            Matcher whole = WHOLE_REFERENCE.matcher(line.value());
            Matcher reference = REFERENCE.matcher(line.value());
            while (reference.find()) {
                DefaultValue value = whole.matches() ? DefaultValue.literal(whole.group(2)) : DefaultValue.NONE;
                settings.putIfAbsent(reference.group(1), new Setting(reference.group(1), value, line.source(), true));
                referencedProperties.add(line.key());
            }
        }
        for (MappedProperty property : mappedProperties().values()) {
            Optional<Matcher> alias = property.withDefault().map(WHOLE_REFERENCE::matcher).filter(Matcher::matches);
            if (alias.isPresent()) {
                String variable = alias.get().group(1);
                settings.put(variable, new Setting(variable, DefaultValue.literal(alias.get().group(2)), property.source(), true));
            }
            String derived = property.property().toUpperCase().replaceAll("[^A-Z0-9]", "_");
            if (!referencedProperties.contains(property.property())) {
                DefaultValue value = alias.isPresent()
                        ? DefaultValue.literal(alias.get().group(2))
                        : DefaultValue.literal(property.withDefault().orElse(literalProperties.get(property.property())));
                settings.putIfAbsent(derived, new Setting(derived, value, property.source(), false));
            }
        }
        return settings;
    }

    static List<PropertyLine> propertyLines() {
        List<PropertyLine> lines = new ArrayList<>();
        for (String module : MODULES) {
            Path file = ROOT.resolve(module).resolve("src/main/resources/application.properties");
            if (!Files.isRegularFile(file)) {
                continue;
            }
            List<String> text = DeployManifestsTest.readLines(file);
            for (int i = 0; i < text.size(); i++) {
                String line = text.get(i).strip();
                int equals = line.indexOf('=');
                if (line.isEmpty() || line.startsWith("#") || equals < 0) {
                    continue;
                }
                lines.add(new PropertyLine(line.substring(0, equals).strip(), line.substring(equals + 1).strip(),
                        module + "/src/main/resources/application.properties:" + (i + 1)));
            }
        }
        return lines;
    }

    /** Every leaf setting of every {@code @ConfigMapping} interface in the services' sources, by property name. */
    static Map<String, MappedProperty> mappedProperties() {
        Map<String, MappedProperty> properties = new TreeMap<>();
        for (String module : MODULES) {
            Path sources = ROOT.resolve(module).resolve("src/main/java");
            if (!Files.isDirectory(sources)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(sources)) {
                for (Path file : walk.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    String text = withoutComments(readString(file));
                    Matcher mapping = Pattern.compile("@ConfigMapping\\(\\s*prefix\\s*=\\s*\"([^\"]+)\"").matcher(text);
                    if (mapping.find()) {
                        String source = ROOT.relativize(file).toString();
                        JavaInterface top = JavaInterface.after(text, mapping.end());
                        top.collect(mapping.group(1), source, properties);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return properties;
    }

    /** An interface's body: its own methods, and the nested interfaces their return types may name. */
    record JavaInterface(String name, String body, Map<String, JavaInterface> nested) {

        private static final Pattern DECLARATION = Pattern.compile("\\binterface\\s+(\\w+)[^{]*\\{");
        private static final Pattern METHOD = Pattern.compile(
                "((?:@\\w+(?:\\((?:\"(?:[^\"\\\\]|\\\\.)*\"|[^)\"])*\\))?\\s*)*)([\\w.]+(?:<[^;()]*>)?)\\s+(\\w+)\\(\\s*\\)\\s*;");
        private static final Pattern WITH_DEFAULT = Pattern.compile("@WithDefault\\(\"((?:[^\"\\\\]|\\\\.)*)\"\\)");
        private static final Pattern WITH_NAME = Pattern.compile("@WithName\\(\"([^\"]*)\"\\)");

        /** The first interface declared at or after {@code from}, with everything nested in it. */
        static JavaInterface after(String text, int from) {
            Matcher declaration = DECLARATION.matcher(text);
            if (!declaration.find(from)) {
                fail("no interface after @ConfigMapping at " + from);
            }
            int open = declaration.end() - 1;
            int close = matchingBrace(text, open);
            String body = text.substring(open + 1, close);
            Map<String, JavaInterface> nested = new LinkedHashMap<>();
            StringBuilder own = new StringBuilder();
            int at = 0;
            Matcher inner = Pattern.compile("\\b(interface|enum|record|class)\\s+(\\w+)[^{;]*\\{").matcher(body);
            while (inner.find(at)) {
                own.append(body, at, inner.start());
                int innerClose = matchingBrace(body, inner.end() - 1);
                if (inner.group(1).equals("interface")) {
                    JavaInterface child = after(body, inner.start());
                    nested.put(child.name(), child);
                    nested.putAll(child.nested());
                }
                at = innerClose + 1;
            }
            own.append(body.substring(at));
            return new JavaInterface(declaration.group(1), own.toString(), nested);
        }

        void collect(String prefix, String source, Map<String, MappedProperty> into) {
            Matcher method = METHOD.matcher(body);
            while (method.find()) {
                String annotations = method.group(1);
                String type = method.group(2);
                Matcher name = WITH_NAME.matcher(annotations);
                String property = prefix + "." + (name.find() ? name.group(1) : kebab(method.group(3)));
                if (type.startsWith("Map<")) {
                    continue; // a map's entries are named where they are set, in application.properties
                }
                JavaInterface group = nested.get(type);
                if (group != null) {
                    group.collect(property, source, into);
                    continue;
                }
                Matcher withDefault = WITH_DEFAULT.matcher(annotations);
                Optional<String> value = withDefault.find() ? Optional.of(withDefault.group(1)) : Optional.empty();
                into.put(property, new MappedProperty(property, value, source));
            }
        }

        static String kebab(String methodName) {
            return methodName.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
        }

        static int matchingBrace(String text, int open) {
            int depth = 0;
            for (int i = open; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '"') {
                    i = text.indexOf('"', i + 1);
                    while (text.charAt(i - 1) == '\\') {
                        i = text.indexOf('"', i + 1);
                    }
                } else if (c == '{') {
                    depth++;
                } else if (c == '}' && --depth == 0) {
                    return i;
                }
            }
            return fail("unbalanced braces");
        }
    }

    /** Block and whole-line comments go; {@code //} inside a string (a URL in a default) stays. */
    static String withoutComments(String java) {
        return java.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("(?m)^\\s*//.*$", "");
    }

    /** Shell scripts: ./opad and whatever else in the repository starts with a shell's #!. */
    static List<Path> shellScripts() {
        Set<String> skipped = Set.of("target", "node_modules", ".git", ".opad", "data");
        try (Stream<Path> walk = Files.walk(ROOT, 4)) {
            return walk.filter(Files::isRegularFile)
                    .filter(p -> Stream.of(ROOT.relativize(p).toString().split("/")).noneMatch(skipped::contains))
                    .filter(ConfigurationDocsTest::isShellScript)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean isShellScript(Path file) {
        if (file.toString().endsWith(".sh")) {
            return true;
        }
        try (var reader = Files.newBufferedReader(file)) {
            String first = reader.readLine();
            return first != null && first.startsWith("#!") && first.matches(".*\\b(ba|da|z)?sh\\b.*");
        } catch (IOException | UncheckedIOException e) {
            return false; // not text
        }
    }

    // ---- README's side ----

    /**
     * A default as README or the code writes it: a literal value, or none (README: "empty", "–", or a sentence
     * such as "host name + random", which only says that no fixed value is configured).
     */
    record DefaultValue(Optional<String> value) {
        static final DefaultValue NONE = new DefaultValue(Optional.empty());

        static DefaultValue literal(String value) {
            return value == null || value.isEmpty() ? NONE : new DefaultValue(Optional.of(value));
        }

        boolean agreesWith(DefaultValue other) {
            return value.equals(other.value);
        }

        @Override
        public String toString() {
            return value.map(v -> "`" + v + "`").orElse("none");
        }
    }

    /** One variable of a README table row; its name may hold {@code <STAGE>} for a family of variables. */
    record DocumentedVariable(String name, DefaultValue defaultValue, int line) {

        Pattern pattern() {
            return Pattern.compile(Pattern.quote(name).replaceAll("<[A-Z]+>", "\\\\E[A-Z]+\\\\Q"));
        }
    }

    /**
     * The code's variables a documented name stands for: itself, or for a family such as
     * {@code OPAD_MODEL_<STAGE>_MODEL} the variables the code names that fit it (not a derived name that happens to).
     */
    static List<Setting> matching(DocumentedVariable documented, Map<String, Setting> code) {
        if (!documented.name().contains("<")) {
            return Optional.ofNullable(code.get(documented.name())).stream().toList();
        }
        Pattern pattern = documented.pattern();
        return code.values().stream()
                .filter(Setting::named)
                .filter(setting -> pattern.matcher(setting.variable()).matches())
                .toList();
    }

    /** The variables of every table under "## Configuration" that has a variable and a default column. */
    static List<DocumentedVariable> readmeVariables() {
        List<DocumentedVariable> variables = new ArrayList<>();
        for (TableRow row : configurationTableRows()) {
            List<String> names = backticked(row.variables()).stream().filter(name -> name.startsWith("OPAD_")).toList();
            if (names.isEmpty()) {
                continue;
            }
            List<String> defaults = names.size() == 1 ? List.of(row.defaults()) : List.of(row.defaults().split(" / "));
            if (defaults.size() != 1 && defaults.size() != names.size()) {
                fail("README line " + row.line() + ": " + names.size() + " variables but " + defaults.size()
                        + " defaults (write one default, or one per variable, separated by \" / \")");
            }
            for (int i = 0; i < names.size(); i++) {
                variables.add(new DocumentedVariable(names.get(i), documentedDefault(defaults.get(defaults.size() == 1 ? 0 : i)),
                        row.line()));
            }
        }
        return variables;
    }

    /** Each documented variable's whole table row, for what README says ./opad does differently. */
    static Map<String, String> readmeRows() {
        Map<String, String> rows = new TreeMap<>();
        Map<String, Setting> code = codeSettings();
        for (TableRow row : configurationTableRows()) {
            for (String name : backticked(row.variables())) {
                DocumentedVariable variable = new DocumentedVariable(name, DefaultValue.NONE, row.line());
                matching(variable, code).forEach(setting -> rows.merge(setting.variable(), row.text(), String::concat));
            }
        }
        return rows;
    }

    /** "`64`" (anything after the quoted value is a remark), "empty", "–" or a sentence meaning none. */
    static DefaultValue documentedDefault(String cell) {
        Matcher quoted = Pattern.compile("^`([^`]*)`").matcher(cell.strip());
        return quoted.find() ? DefaultValue.literal(quoted.group(1)) : DefaultValue.NONE;
    }

    record TableRow(String variables, String defaults, String text, int line) {
    }

    static List<TableRow> configurationTableRows() {
        List<String> lines = DeployManifestsTest.readLines(README);
        int start = lines.indexOf("## Configuration");
        assertTrue(start >= 0, "README.md has no \"## Configuration\" section");
        List<TableRow> rows = new ArrayList<>();
        List<String> header = null;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i).strip();
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = cells(line);
            if (header == null) {
                header = cells;
                continue;
            }
            // A table of something else (the prices) has no variable column.
            if (line.matches("^\\|[-| :]+\\|$") || !header.contains("variable") || !header.contains("default")) {
                continue;
            }
            rows.add(new TableRow(cells.get(header.indexOf("variable")), cells.get(header.indexOf("default")), line, i + 1));
        }
        return rows;
    }

    static List<String> cells(String row) {
        String inner = row.substring(1, row.endsWith("|") ? row.length() - 1 : row.length());
        return Stream.of(inner.split("\\|", -1)).map(String::strip).toList();
    }

    static List<String> backticked(String text) {
        List<String> quoted = new ArrayList<>();
        Matcher matcher = Pattern.compile("`([^`]+)`").matcher(text);
        while (matcher.find()) {
            quoted.add(matcher.group(1));
        }
        return quoted;
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
