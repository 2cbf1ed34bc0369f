/** JSON-P without a provider lookup per call ({@link io.braid.json.JsonP}). Bottom layer: JDK and JSON-P only. */
package io.braid.json;
