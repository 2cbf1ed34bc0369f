/**
 * Braid's settings (MicroProfile Config: server.xml variables, system properties, environment variables), read
 * strictly: a value that does not fit stops the application when it starts, with the property's name and what it
 * expects. docs/operations.md lists them.
 */
package io.braid.config;
