/**
 * What every HTTP request to Braid's application passes: refusal of cross-site and form-shaped state changes, a
 * size limit on request bodies, and the browser security headers of the dashboard. The REST resources are in
 * {@code io.braid.api}.
 */
package io.braid.web;
