package dev.opad.web.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The module reader StaticPageTest relies on: if it misread modules, that test could pass on a broken page. */
class JsModuleSourceTest {

    @Test
    void readsEveryFormOfImport() {
        JsModuleSource module = JsModuleSource.parse("""
                import { a, b as c } from './one.js';
                import d, { e } from "../two.js";
                import * as ns from '/three.js';
                import {
                  f,
                  g,
                } from './four.js';
                import './side-effect.js';
                const page = await import('./pages/lazy.js');
                /** @param {import('./in-a-comment.js').Type} x */
                // import { h } from './commented-out.js';
                const url = import.meta.url;
                """);

        assertEquals(List.of(
                new JsModuleSource.Import("./one.js", Set.of("a", "b")),
                new JsModuleSource.Import("../two.js", Set.of("default", "e")),
                new JsModuleSource.Import("/three.js", Set.of("*")),
                new JsModuleSource.Import("./four.js", Set.of("f", "g")),
                new JsModuleSource.Import("./side-effect.js", Set.of()),
                new JsModuleSource.Import("./pages/lazy.js", Set.of("*"))), module.imports());
    }

    @Test
    void readsEveryFormOfExport() {
        JsModuleSource module = JsModuleSource.parse("""
                export function one() {}
                export async function two() {}
                export function* three() {}
                export class Four {}
                export const five = 5;
                export let six;
                const seven = 7, eight = 8;
                export { seven, eight as ocho };
                export { nine, ten as diez } from './numbers.js';
                export * as all from './all.js';
                export * from './rest.js';
                export default function () {}
                // export function commentedOut() {}
                """);

        assertEquals(Set.of("one", "two", "three", "Four", "five", "six", "seven", "ocho", "nine", "diez", "all", "default"),
                module.exports());
        assertEquals(List.of("./rest.js"), module.reExportsAllFrom());
        assertEquals(List.of(
                new JsModuleSource.Import("./numbers.js", Set.of("nine", "ten")),
                new JsModuleSource.Import("./all.js", Set.of("*")),
                new JsModuleSource.Import("./rest.js", Set.of("*"))), module.imports());
    }
}
