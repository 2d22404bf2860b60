/**
 * An example of a third-party environment plugin: it depends on gfn-api only and registers itself through
 * {@code META-INF/services}, like any plugin jar.
 */
package com.example.gfn4j.tree;
