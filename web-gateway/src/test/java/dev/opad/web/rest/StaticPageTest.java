package dev.opad.web.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

/**
 * The page as a browser would load it: everything {@code index.html} links to is served with a type
 * the browser accepts, every module import resolves to a served module exporting the imported names,
 * and every reference from one element to another names an element that exists. Written against that
 * general contract, not against particular elements, so it holds through a rewrite of the front end
 * and fails on what breaks a page: a renamed file, a renamed export, a label for a removed field.
 */
@QuarkusTest
class StaticPageTest {

    /** What a browser insists on, by the file's extension (a module served as text/plain is not run). */
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "js", "javascript",
            "mjs", "javascript",
            "css", "text/css",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "json",
            "webmanifest", "json",
            "woff2", "font/woff2",
            "html", "text/html");

    /** Attributes whose value is the id of another element of the page. */
    private static final List<String> ID_REFERENCES = List.of("for", "list", "form", "popovertarget", "commandfor");
    /** Attributes whose value is a space-separated list of ids. */
    private static final List<String> ID_LIST_REFERENCES = List.of(
            "aria-labelledby", "aria-describedby", "aria-controls", "aria-owns", "aria-details", "aria-errormessage",
            "aria-flowto", "aria-activedescendant");

    private static final Pattern CSS_URL = Pattern.compile("url\\(\\s*['\"]?([^'\")]+)['\"]?\\s*\\)|@import\\s+['\"]([^'\"]+)['\"]");
    private static final Pattern INLINE_HANDLER = Pattern.compile("on[a-z]+");

    @Test
    void thePageIsServedAsHtmlUnderTheStrictContentSecurityPolicy() {
        Response page = fetch("/");
        assertTrue(page.contentType().startsWith("text/html"), page.contentType());
        String policy = page.header("Content-Security-Policy");
        assertTrue(policy != null && policy.contains("script-src 'self'"), "CSP: " + policy);
    }

    @Test
    void everyAssetThePageLinksToIsServedWithItsType() {
        Document page = page();
        Set<String> assets = new LinkedHashSet<>();
        page.select("script[src], img[src], source[src], audio[src], video[src], link[href]")
                .forEach(element -> assets.add(element.hasAttr("src") ? element.attr("src") : element.attr("href")));
        assertFalse(page.select("script[type=module][src]").isEmpty(), "the page loads at least one module");
        assertFalse(page.select("link[rel=stylesheet][href]").isEmpty(), "the page loads at least one stylesheet");

        List<String> broken = new ArrayList<>();
        for (String asset : assets) {
            checkServed(URI.create("/").resolve(asset), "index.html", broken);
        }
        for (Element sheet : page.select("link[rel=stylesheet][href]")) {
            URI css = URI.create("/").resolve(sheet.attr("href"));
            Matcher url = CSS_URL.matcher(fetch(css.getPath()).asString());
            while (url.find()) {
                String target = url.group(1) != null ? url.group(1).trim() : url.group(2);
                if (!target.startsWith("data:") && !target.startsWith("#")) {
                    checkServed(css.resolve(target), css.getPath(), broken);
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyModuleImportResolvesToAServedModuleThatExportsTheImportedNames() {
        Deque<URI> pending = new ArrayDeque<>();
        page().select("script[type=module][src]").forEach(script -> pending.add(URI.create("/").resolve(script.attr("src"))));
        Map<URI, JsModuleSource> modules = new LinkedHashMap<>();
        List<String> broken = new ArrayList<>();
        while (!pending.isEmpty()) {
            URI module = pending.poll();
            if (modules.containsKey(module)) {
                continue;
            }
            Response served = fetch(module.getPath());
            if (served.statusCode() != 200 || !served.contentType().contains("javascript")) {
                broken.add(module + ": " + served.statusCode() + " " + served.contentType());
                modules.put(module, JsModuleSource.parse(""));
                continue;
            }
            JsModuleSource source = JsModuleSource.parse(served.asString());
            modules.put(module, source);
            for (JsModuleSource.Import anImport : source.imports()) {
                if (isBare(anImport.specifier())) {
                    broken.add(module + " imports '" + anImport.specifier() + "': a bare specifier, and the page has no import map");
                } else {
                    pending.add(module.resolve(anImport.specifier()));
                }
            }
        }
        assertTrue(modules.size() > 1, "the entry module imports others: " + modules.keySet());

        for (Map.Entry<URI, JsModuleSource> module : modules.entrySet()) {
            for (JsModuleSource.Import anImport : module.getValue().imports()) {
                if (isBare(anImport.specifier()) || anImport.names().contains("*")) {
                    continue;
                }
                URI target = module.getKey().resolve(anImport.specifier());
                Set<String> exported = exports(target, modules, new HashSet<>());
                for (String name : anImport.names()) {
                    if (!exported.contains(name)) {
                        broken.add(module.getKey() + " imports '" + name + "' from " + target + ", which exports " + exported);
                    }
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void everyReferenceToAnotherElementNamesOneThatExists() {
        Document page = page();
        Set<String> ids = new HashSet<>();
        List<String> broken = new ArrayList<>();
        for (Element element : page.select("[id]")) {
            // A <template>'s content is stamped out at run time, possibly more than once.
            boolean inTemplate = element.parents().stream().anyMatch(parent -> parent.tagName().equals("template"));
            if (!ids.add(element.id()) && !inTemplate) {
                broken.add("id '" + element.id() + "' is used twice");
            }
        }
        for (Element element : page.getAllElements()) {
            for (String attribute : ID_REFERENCES) {
                String target = element.attr(attribute);
                if (element.hasAttr(attribute) && !ids.contains(target)) {
                    broken.add(describe(element) + " " + attribute + "=\"" + target + "\" names no element");
                }
            }
            for (String attribute : ID_LIST_REFERENCES) {
                for (String target : element.attr(attribute).trim().split("\\s+")) {
                    if (!target.isEmpty() && !ids.contains(target)) {
                        broken.add(describe(element) + " " + attribute + " names '" + target + "', no such element");
                    }
                }
            }
            String href = element.attr("href");
            // "#/library" is a route of the page's router; "#main" is a jump to an element.
            if (element.tagName().equals("a") && href.startsWith("#") && !href.startsWith("#/") && href.length() > 1
                    && !ids.contains(href.substring(1))) {
                broken.add(describe(element) + " links to " + href + ", no such element");
            }
        }
        assertTrue(ids.size() > 0, "the page has elements with ids");
        assertEquals(List.of(), broken);
    }

    @Test
    void pageKeepsToTheStrictContentSecurityPolicy() {
        Document page = page();
        List<String> refused = new ArrayList<>();
        for (Element script : page.select("script")) {
            String type = script.attr("type").toLowerCase(Locale.ROOT);
            boolean runs = type.isEmpty() || type.equals("module") || type.contains("javascript");
            if (runs && !script.hasAttr("src")) {
                refused.add("inline script: " + script.outerHtml());
            }
        }
        page.select("style").forEach(style -> refused.add("inline style block"));
        for (Element element : page.getAllElements()) {
            element.attributes().forEach(attribute -> {
                if (INLINE_HANDLER.matcher(attribute.getKey()).matches()) {
                    refused.add(describe(element) + " has an inline handler " + attribute.getKey());
                }
                if (attribute.getKey().equals("style")) {
                    refused.add(describe(element) + " has an inline style");
                }
            });
            for (String attribute : List.of("src", "href", "action", "formaction")) {
                String value = element.attr(attribute).toLowerCase(Locale.ROOT);
                if (value.startsWith("javascript:") || value.startsWith("http:") || value.startsWith("https:")
                        || value.startsWith("//")) {
                    refused.add(describe(element) + " " + attribute + "=\"" + value + "\" leaves 'self'");
                }
            }
        }
        assertEquals(List.of(), refused);
    }

    private static void checkServed(URI asset, String referrer, List<String> broken) {
        if (asset.isAbsolute() || asset.getRawAuthority() != null) {
            broken.add(referrer + " links to " + asset + ", outside 'self'");
            return;
        }
        Response served = fetch(asset.getPath());
        String path = asset.getPath();
        String extension = path.substring(path.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        String expected = CONTENT_TYPES.get(extension);
        if (served.statusCode() != 200) {
            broken.add(referrer + " links to " + asset + ": " + served.statusCode());
        } else if (expected != null && !served.contentType().contains(expected)) {
            broken.add(referrer + " links to " + asset + ", served as " + served.contentType() + ", not " + expected);
        }
    }

    /** A module's exports, following {@code export * from} (cycles stop where they started). */
    private static Set<String> exports(URI module, Map<URI, JsModuleSource> modules, Set<URI> visiting) {
        JsModuleSource source = modules.get(module);
        if (source == null || !visiting.add(module)) {
            return Set.of();
        }
        Set<String> names = new HashSet<>(source.exports());
        for (String specifier : source.reExportsAllFrom()) {
            exports(module.resolve(specifier), modules, visiting).stream().filter(name -> !name.equals("default"))
                    .forEach(names::add);
        }
        return names;
    }

    private static boolean isBare(String specifier) {
        return !(specifier.startsWith("/") || specifier.startsWith("./") || specifier.startsWith("../"));
    }

    private static String describe(Element element) {
        return "<" + element.tagName() + (element.id().isEmpty() ? "" : " id=\"" + element.id() + "\"") + ">";
    }

    private static Document page() {
        Response page = fetch("/");
        assertEquals(200, page.statusCode());
        return Jsoup.parse(page.asString());
    }

    private static Response fetch(String path) {
        return given().when().get(path).andReturn();
    }
}
