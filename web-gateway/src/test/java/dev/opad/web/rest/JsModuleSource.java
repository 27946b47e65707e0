package dev.opad.web.rest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an ES module's text says about its links: the modules it imports (with the names it takes
 * from each) and the names it exports. Read with patterns, not a JavaScript parser: enough for the
 * plain module syntax the front end is written in, and strict where it matters, since a named
 * import the target does not export stops the whole page from loading.
 */
record JsModuleSource(List<Import> imports, Set<String> exports, List<String> reExportsAllFrom) {

    /** One import or re-export: the specifier as written and the names taken ({@code *} for a namespace). */
    record Import(String specifier, Set<String> names) {
    }

    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$|(?<=[;{}),\\s])//[^\\n]*");
    /** The quoted module specifier; named groups, so the patterns around it keep their own numbering. */
    private static final String SPECIFIER = "\\s*(?<quote>['\"])(?<specifier>[^'\"\\n]+)\\k<quote>";

    private static final Pattern IMPORT_FROM = Pattern.compile("\\bimport\\s+([^'\"();]*?)\\s*from" + SPECIFIER);
    private static final Pattern IMPORT_BARE = Pattern.compile("\\bimport" + SPECIFIER);
    private static final Pattern IMPORT_DYNAMIC = Pattern.compile("\\bimport\\s*\\(" + SPECIFIER + "\\s*\\)");
    private static final Pattern EXPORT_FROM = Pattern.compile(
            "\\bexport\\s*(\\*(?:\\s+as\\s+([\\w$]+))?|\\{([^}]*)\\})\\s*from" + SPECIFIER);

    private static final Pattern EXPORT_DECLARATION = Pattern.compile(
            "\\bexport\\s+(?:async\\s+)?(?:function\\s*\\*?|class|const|let|var)\\s*([\\w$]+)");
    private static final Pattern EXPORT_DEFAULT = Pattern.compile("\\bexport\\s+default\\b");
    private static final Pattern EXPORT_LIST = Pattern.compile("\\bexport\\s*\\{([^}]*)\\}(?!\\s*from)");

    static JsModuleSource parse(String text) {
        String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(text).replaceAll(" ")).replaceAll(" ");
        List<Import> imports = new ArrayList<>();
        Set<String> exports = new LinkedHashSet<>();
        List<String> reExportsAll = new ArrayList<>();

        Matcher from = IMPORT_FROM.matcher(code);
        while (from.find()) {
            imports.add(new Import(from.group("specifier"), importedNames(from.group(1))));
        }
        Matcher bare = IMPORT_BARE.matcher(code);
        while (bare.find()) {
            imports.add(new Import(bare.group("specifier"), Set.of()));
        }
        Matcher dynamic = IMPORT_DYNAMIC.matcher(code);
        while (dynamic.find()) {
            imports.add(new Import(dynamic.group("specifier"), Set.of("*")));
        }
        Matcher reExport = EXPORT_FROM.matcher(code);
        while (reExport.find()) {
            String specifier = reExport.group("specifier");
            if (reExport.group(3) != null) {
                List<String[]> pairs = bindings(reExport.group(3));
                imports.add(new Import(specifier, pairs.stream().map(p -> p[0]).collect(LinkedHashSet::new, Set::add, Set::addAll)));
                pairs.forEach(p -> exports.add(p[1]));
            } else if (reExport.group(2) != null) {
                imports.add(new Import(specifier, Set.of("*")));
                exports.add(reExport.group(2));
            } else {
                imports.add(new Import(specifier, Set.of("*")));
                reExportsAll.add(specifier);
            }
        }

        Matcher declaration = EXPORT_DECLARATION.matcher(code);
        while (declaration.find()) {
            exports.add(declaration.group(1));
        }
        if (EXPORT_DEFAULT.matcher(code).find()) {
            exports.add("default");
        }
        Matcher list = EXPORT_LIST.matcher(code);
        while (list.find()) {
            bindings(list.group(1)).forEach(p -> exports.add(p[1]));
        }
        return new JsModuleSource(List.copyOf(imports), Set.copyOf(exports), List.copyOf(reExportsAll));
    }

    /** {@code a, { b, c as d }} or {@code * as ns}: the names the importing module asks for. */
    private static Set<String> importedNames(String clause) {
        Set<String> names = new LinkedHashSet<>();
        String rest = clause.trim();
        if (rest.startsWith("* as") || rest.contains(", * as")) {
            names.add("*");
        }
        int brace = rest.indexOf('{');
        String head = brace < 0 ? rest : rest.substring(0, brace);
        String defaultBinding = head.replace(",", " ").replaceAll("\\*\\s+as\\s+[\\w$]+", " ").trim();
        if (!defaultBinding.isEmpty()) {
            names.add("default");
        }
        if (brace >= 0) {
            bindings(rest.substring(brace + 1, rest.indexOf('}', brace))).forEach(p -> names.add(p[0]));
        }
        return names;
    }

    /** {@code a, b as c}: pairs of (name in the exporting module, name on this side). */
    private static List<String[]> bindings(String list) {
        List<String[]> pairs = new ArrayList<>();
        for (String part : list.split(",")) {
            String[] words = part.trim().split("\\s+as\\s+");
            if (!words[0].isEmpty()) {
                pairs.add(new String[] {words[0].trim(), words[words.length - 1].trim()});
            }
        }
        return pairs;
    }
}
