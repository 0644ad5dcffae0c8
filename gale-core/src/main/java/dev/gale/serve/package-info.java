/**
 * The built-in target: a small, fast Netty HTTP server with configurable delay, error rate, body size and
 * faults, for demos ({@code gale demo}) and tests.
 */
package dev.gale.serve;
